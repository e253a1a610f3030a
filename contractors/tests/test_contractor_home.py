from datetime import date, timedelta
from typing import Any

import pytest
from django.urls import reverse

from access.models import User
from audit.models import AuditEvent, Event
from conftest import World
from contractors.tests.conftest import INSTRUCTION, GiveJob
from flags.models import WarningFlag

pytestmark = pytest.mark.django_db

FIRM_A = "Severn Gas Services"


def home_url(property_id: int) -> str:
    return reverse("contractors:home", args=[property_id])


def test_contractor_with_an_active_job_sees_the_home_and_its_instruction(
    world: World, home_flag: WarningFlag, give_job: GiveJob, sign_in: Any, contractor_a: User
) -> None:
    give_job(firm=FIRM_A, home=world.north_home, reference="GAS-7")
    page = sign_in("contractor_a").get(home_url(world.north_home.pk))
    text = page.content.decode()
    assert page.status_code == 200
    assert INSTRUCTION in text and "GAS-7" in text and world.north_home.address in text
    assert home_flag.decision.review_on is not None
    assert home_flag.decision.review_on.strftime("%-d %b %Y") in text
    event = AuditEvent.objects.get(kind=Event.CONTRACTOR_VIEWED_HOME)
    assert (event.actor, event.object_id) == (contractor_a, str(world.north_home.pk))


def test_contractor_without_a_job_gets_the_same_404_as_a_missing_home(
    world: World, home_flag: WarningFlag, give_job: GiveJob, sign_in: Any
) -> None:
    give_job(firm=FIRM_A, home=world.north_home)
    client = sign_in("contractor_b")
    hidden = client.get(home_url(world.north_home.pk))
    missing = client.get(home_url(world.north_home.pk + 10_000))
    assert hidden.status_code == missing.status_code == 404
    assert hidden.content == missing.content
    assert not AuditEvent.objects.filter(kind=Event.CONTRACTOR_VIEWED_HOME).exists()


def test_a_job_that_ended_yesterday_makes_the_home_404(
    world: World, home_flag: WarningFlag, give_job: GiveJob, sign_in: Any
) -> None:
    client = sign_in("contractor_a")
    job = give_job(firm=FIRM_A, home=world.north_home, reference="GAS-8")
    assert client.get(home_url(world.north_home.pk)).status_code == 200
    give_job(
        firm=FIRM_A,
        home=world.north_home,
        reference="GAS-8",
        starts_on=job.starts_on,
        ends_on=date.today() - timedelta(days=1),
    )
    assert client.get(home_url(world.north_home.pk)).status_code == 404


def test_a_job_starting_tomorrow_makes_the_home_404(
    world: World, give_job: GiveJob, sign_in: Any
) -> None:
    give_job(firm=FIRM_A, home=world.north_home, starts_on=date.today() + timedelta(days=1))
    assert sign_in("contractor_a").get(home_url(world.north_home.pk)).status_code == 404


def test_colleagues_cannot_open_the_contractor_view_of_a_home(
    world: World, give_job: GiveJob, sign_in: Any
) -> None:
    give_job(firm=FIRM_A, home=world.north_home)
    for persona in ("officer", "head_of_service", "admin"):
        assert sign_in(persona).get(home_url(world.north_home.pk)).status_code == 403


def test_the_home_page_refuses_post(world: World, give_job: GiveJob, sign_in: Any) -> None:
    give_job(firm=FIRM_A, home=world.north_home)
    assert sign_in("contractor_a").post(home_url(world.north_home.pk)).status_code == 405
