from typing import Any

import pytest
from django.urls import reverse

from access.models import User
from conftest import World
from contractors.tests.conftest import INSTRUCTION, GiveJob
from flags.actions import lift_flag
from flags.models import WarningFlag
from notifications.models import Notification

pytestmark = pytest.mark.django_db

FIRM_A = "Severn Gas Services"
REASON = "No further incidents for six months; the customer engaged with support."


def test_lifting_the_flag_removes_it_from_the_portal_on_the_next_request(
    world: World, home_flag: WarningFlag, give_job: GiveJob, sign_in: Any, officer: User
) -> None:
    give_job(firm=FIRM_A, home=world.north_home)
    client = sign_in("contractor_a")
    assert INSTRUCTION in client.get(reverse("contractors:portal")).content.decode()
    lift_flag(flag=home_flag, reason=REASON, by=officer)
    for url in (
        reverse("contractors:portal"),
        reverse("contractors:home", args=[home_flag.home_id]),
    ):
        text = client.get(url).content.decode()
        assert INSTRUCTION not in text
        assert "No handling instructions are in force" in text


def test_lifting_the_flag_tells_the_contractor_without_the_reason(
    world: World,
    home_flag: WarningFlag,
    give_job: GiveJob,
    sign_in: Any,
    officer: User,
    contractor_a: User,
    contractor_b: User,
) -> None:
    give_job(firm=FIRM_A, home=world.north_home)
    lift_flag(flag=home_flag, reason=REASON, by=officer)
    notice = Notification.objects.get(recipient=contractor_a)
    assert notice.kind == Notification.Kind.ARRANGEMENT_CHANGED
    assert world.north_home.address in notice.message
    assert REASON not in notice.message and "six months" not in notice.message
    assert notice.url == reverse("contractors:home", args=[world.north_home.pk])
    assert not Notification.objects.filter(recipient=contractor_b).exists()
    assert (
        notice.message
        in sign_in("contractor_a").get(reverse("contractors:portal")).content.decode()
    )
