"""A warning flag in real Chromium: proposed, approved by a manager, seen by a frontline
colleague in search and by the dispatched contractor (not another), lifted, and gone."""

from datetime import date, timedelta
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from access.models import User
from conftest import World, current_code
from contractors.actions import record_job
from decisions.actions import record_needs_check
from demo.personas import DEMO_PASSWORD
from flags.models import WarningFlag

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

INSTRUCTION = "Attend in pairs; do not enter the property; meet at the office."


def sign_in(page: Page, base: str, username: str) -> None:
    page.goto(f"{base}/sign-in/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_label("Code from your authenticator app").fill(
        current_code(User.objects.get(username=username))
    )
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()


def sign_out(page: Page) -> None:
    page.get_by_role("button", name="Sign out").click()


def test_a_flag_is_seen_by_those_who_need_it_and_gone_when_lifted(
    live_server: Any, page: Page, world: World, personas: dict[str, User]
) -> None:
    base, case, today = live_server.url, world.north_case, date.today()
    record_needs_check(
        case=case,
        by=personas["officer"],
        referral_offered=False,
        consent="not_offered",
        expectation_explained=True,
        no_needs_found=True,
    )
    record_job(
        external_reference="JOB-77",
        home=world.north_home,
        contractor_id=personas["contractor_a"].contractor_organisation_id,  # type: ignore[arg-type]
        starts_on=today - timedelta(days=1),
        by=None,
    )

    sign_in(page, base, "officer")
    page.goto(f"{base}/cases/{case.pk}/")
    page.get_by_role("link", name="Propose a warning flag").click()
    page.get_by_label("(the home)").check()
    page.get_by_label(world.north_incident.reference, exact=False).first.check()
    page.get_by_label("High", exact=True).check()
    page.get_by_label("Handling instruction").fill(INSTRUCTION)
    page.get_by_label("Starts on").fill(today.isoformat())
    page.get_by_label("Review on").fill((today + timedelta(days=180)).isoformat())
    page.get_by_label("Why a flag is needed").fill("Threatened a gas engineer with a hammer.")
    page.get_by_role("button", name="Propose the flag").click()
    expect(page.locator("main")).to_contain_text("Awaiting approval")
    flag = WarningFlag.objects.get()
    sign_out(page)

    sign_in(page, base, "head_of_service")
    page.goto(f"{base}/decisions/{flag.decision_id}/")
    page.get_by_role("button", name="Approve", exact=True).click()
    sign_out(page)

    sign_in(page, base, "frontline")
    page.goto(f"{base}/people/?q=Archer")
    expect(page.locator("#search-results")).to_contain_text(INSTRUCTION)
    expect(page.locator("#search-results")).not_to_contain_text("hammer")
    sign_out(page)

    sign_in(page, base, "contractor_a")
    expect(page.locator("main")).to_contain_text(INSTRUCTION)
    expect(page.locator("main")).not_to_contain_text("hammer")
    sign_out(page)

    sign_in(page, base, "contractor_b")
    expect(page.locator("main")).not_to_contain_text(INSTRUCTION)
    response = page.goto(f"{base}/contractor/homes/{world.north_home.pk}/")
    assert response is not None and response.status == 404
    page.goto(f"{base}/")
    sign_out(page)

    sign_in(page, base, "officer")
    page.goto(f"{base}/flags/{flag.pk}/")
    page.get_by_label("Why is it being lifted?").fill("No incidents for six months.")
    page.get_by_role("button", name="Lift the flag").click()
    expect(page.locator("main")).to_contain_text("Lifted")
    sign_out(page)

    sign_in(page, base, "contractor_a")
    expect(page.locator("main")).not_to_contain_text(INSTRUCTION)
