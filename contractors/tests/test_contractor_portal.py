from datetime import date, timedelta
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from access.models import User
from audit.models import AuditEvent, Event
from conftest import World, make_person
from contractors.tests.conftest import INSTRUCTION, GiveJob
from flags.models import WarningFlag
from notifications.actions import notify
from notifications.models import Notification

pytestmark = pytest.mark.django_db

PORTAL = reverse("contractors:portal")
FIRM_A = "Severn Gas Services"


def test_contractor_with_an_active_job_sees_the_instruction_at_the_home(
    world: World, home_flag: WarningFlag, give_job: GiveJob, sign_in: Any
) -> None:
    give_job(firm=FIRM_A, home=world.north_home, reference="GAS-1")
    page = sign_in("contractor_a").get(PORTAL)
    text = page.content.decode()
    assert page.status_code == 200
    assert world.north_home.address in text
    assert "GAS-1" in text
    assert INSTRUCTION in text
    assert "High" in text
    assert "no-store" in page["Cache-Control"]


def test_contractor_whose_firm_has_no_job_sees_no_homes(
    world: World, home_flag: WarningFlag, give_job: GiveJob, sign_in: Any
) -> None:
    give_job(firm=FIRM_A, home=world.north_home)
    text = sign_in("contractor_b").get(PORTAL).content.decode()
    assert world.north_home.address not in text
    assert INSTRUCTION not in text
    assert "no active jobs" in text


@pytest.mark.parametrize(
    ("starts", "ends"),
    [(-10, -1), (1, 10), (1, None)],
    ids=["ended yesterday", "starts tomorrow", "open but not started"],
)
def test_a_job_outside_today_hides_the_home(
    starts: int,
    ends: int | None,
    world: World,
    home_flag: WarningFlag,
    give_job: GiveJob,
    sign_in: Any,
) -> None:
    today = date.today()
    give_job(
        firm=FIRM_A,
        home=world.north_home,
        starts_on=today + timedelta(days=starts),
        ends_on=today + timedelta(days=ends) if ends is not None else None,
    )
    text = sign_in("contractor_a").get(PORTAL).content.decode()
    assert world.north_home.address not in text
    assert INSTRUCTION not in text


def test_a_job_ending_today_still_shows_the_home(
    world: World, home_flag: WarningFlag, give_job: GiveJob, sign_in: Any
) -> None:
    give_job(firm=FIRM_A, home=world.north_home, ends_on=date.today())
    assert INSTRUCTION in sign_in("contractor_a").get(PORTAL).content.decode()


def test_viewing_the_portal_is_audited(
    world: World, give_job: GiveJob, sign_in: Any, contractor_a: User
) -> None:
    give_job(firm=FIRM_A, home=world.north_home)
    sign_in("contractor_a").get(PORTAL)
    event = AuditEvent.objects.get(kind=Event.CONTRACTOR_VIEWED_HOME)
    assert event.actor == contractor_a
    assert event.detail == {"homes": [world.north_home.pk]}


def test_portal_lists_the_latest_ten_arrangement_notices_newest_first(
    contractor_a: User, contractor_b: User, sign_in: Any
) -> None:
    for number in range(12):
        notify(
            recipient=contractor_a,
            kind=Notification.Kind.ARRANGEMENT_CHANGED,
            message=f"Notice number {number:02d}.",
        )
    notify(recipient=contractor_b, kind=Notification.Kind.ARRANGEMENT_CHANGED, message="Not A's.")
    text = sign_in("contractor_a").get(PORTAL).content.decode()
    shown = [n for n in range(12) if f"Notice number {n:02d}." in text]
    assert shown == list(range(2, 12))
    assert text.index("Notice number 11.") < text.index("Notice number 02.")
    assert "Not A's." not in text


def test_a_contractor_signing_in_lands_on_the_portal(sign_in: Any) -> None:
    response = sign_in("contractor_a").get(reverse("home"))
    assert response.status_code == 302
    assert response["Location"] == PORTAL


def test_colleagues_still_land_on_the_home_page(sign_in: Any) -> None:
    assert sign_in("officer").get(reverse("home")).status_code == 200


def count_queries(client: Any) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(PORTAL).status_code == 200
    return len(captured)


def test_portal_query_count_does_not_grow_with_the_number_of_jobs(
    world: World, home_flag: WarningFlag, give_job: GiveJob, sign_in: Any, admin: User
) -> None:
    client = sign_in("contractor_a")
    give_job(firm=FIRM_A, home=world.north_home)
    small = count_queries(client)
    for number in range(15):
        person = make_person(
            by=admin, reference=f"J{number}", first="Jo", last=f"Tenant{number}", postcode="BS2 1AA"
        )
        assert person.household is not None and person.household.property is not None
        give_job(firm=FIRM_A, home=person.household.property)
        give_job(firm=FIRM_A, home=person.household.property)
    give_job(firm=FIRM_A, home=world.north_home)
    assert count_queries(client) == small
