"""Reasons, incidents and needs never leave the case (policy: need to know)."""

from typing import Any

import pytest
from django.core import mail
from django.urls import reverse

from access.models import User
from conftest import World, simple_report
from contractors.tests.conftest import INSTRUCTION, GiveJob, raise_home_flag
from flags.actions import lift_flag
from incidents.actions import report_incident

pytestmark = pytest.mark.django_db

CANARY = "CANARY-7Q2X"


def contractor_pages(client: Any, home_id: int) -> str:
    urls = [
        reverse("contractors:portal"),
        reverse("contractors:home", args=[home_id]),
        reverse("notifications:list"),
    ]
    pages = []
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        pages.append(response.content.decode())
    return "\n".join(pages)


def test_no_reason_incident_or_need_reaches_any_contractor_page_or_notice(
    world: World,
    give_job: GiveJob,
    sign_in: Any,
    frontline: User,
    officer: User,
    head_of_service: User,
    django_capture_on_commit_callbacks: Any,
) -> None:
    incident = report_incident(
        report=simple_report(
            person=world.north_person,
            colleague=frontline,
            description=f"Waved a hammer at the engineer {CANARY} incident.",
            exact_words=f"{CANARY} words",
        ),
        by=frontline,
    )
    assert incident.case == world.north_case
    flag = raise_home_flag(
        world=world,
        officer=officer,
        head_of_service=head_of_service,
        basis=f"{CANARY} basis: threatened a gas engineer.",
        incidents=[incident],
        needs_note=f"{CANARY} needs: recently bereaved.",
    )
    give_job(firm="Severn Gas Services", home=world.north_home)
    client = sign_in("contractor_a")

    before = contractor_pages(client, world.north_home.pk)
    assert INSTRUCTION in before
    for secret in (CANARY, world.north_case.reference, flag.decision.reference, incident.reference):
        assert secret not in before

    with django_capture_on_commit_callbacks(execute=True):
        lift_flag(flag=flag, reason=f"{CANARY} lift: engaged with support.", by=officer)
    after = contractor_pages(client, world.north_home.pk)
    assert "handling instructions at" in after  # the notice is there
    assert CANARY not in after
    told = [m for m in mail.outbox if "contractor_a@" in m.to[0]]
    assert told, "the contractor is emailed the notice"
    assert all(CANARY not in f"{m.subject}\n{m.body}" for m in told)
