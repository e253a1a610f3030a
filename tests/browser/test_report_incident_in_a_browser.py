"""A frontline colleague reports an incident in real Chromium; the line manager sees it.

Runs against Debian's chromium (/usr/bin/chromium). axe-core checks WCAG 2.2 AA on the
incident form (with its errors showing) and on the case page.
"""

import re
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from access.models import User
from conftest import World, current_code
from demo.personas import DEMO_PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WCAG = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]}
}


EXACT_WORDS = "The exact words used (optional)"


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


def assert_accessible(page: Page) -> None:
    results = Axe().run(page, options=WCAG)
    assert results.violations_count == 0, results.generate_report()


def test_frontline_reports_corrects_a_mistake_and_the_line_manager_is_told(
    live_server: Any, page: Page, world: World
) -> None:
    base = live_server.url
    page.set_viewport_size({"width": 390, "height": 844})  # a phone
    sign_in(page, base, "frontline")
    page.goto(f"{base}/incidents/report/")
    assert_accessible(page)

    page.get_by_label("Find the person responsible").fill("Archer")
    option = page.get_by_label("Dennis Archer")
    expect(option).to_be_visible()
    option.check()
    page.get_by_label("Phone", exact=True).check()
    page.get_by_label("Threats of violence or harm").check()
    page.locator("input[name=colleague_at_work][value=yes]").check()
    page.locator("input[name=injuries][value=no]").check()
    page.locator("input[name=police_attended][value=no]").check()
    page.get_by_label(EXACT_WORDS).fill("I know where you park.")
    page.get_by_role("button", name="Report incident").click()

    # Refused: no description. The error summary leads to the field; nothing typed is lost.
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_contain_text("Describe what happened.")
    expect(page.get_by_label(EXACT_WORDS)).to_have_value("I know where you park.")
    expect(page.get_by_label("Dennis Archer")).to_be_checked()
    expect(page.get_by_label("Threats of violence or harm")).to_be_checked()
    expect(page.get_by_label("Date it happened")).not_to_have_value("")
    expect(page.get_by_label("Time it happened")).not_to_have_value("")
    assert_accessible(page)

    summary.get_by_role("link", name="Describe what happened.").click()
    expect(page.get_by_label("What happened")).to_be_focused()
    page.get_by_label("What happened").fill("Waited by my car after the estate walkabout.")
    page.get_by_role("button", name="Report incident").click()

    expect(page.locator(".govuk-error-summary")).to_have_count(0)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Incident reported")
    expect(page.locator("main")).to_contain_text("Liam Marsh")
    reference = re.search(r"INC-\d{7}", page.locator("main").inner_text())
    assert reference is not None
    sign_out(page)

    sign_in(page, base, "line_manager")
    expect(page.locator("main")).to_contain_text(reference.group(0))
    expect(page.locator("main")).to_contain_text("Fatima Rahman was affected")


def test_the_case_page_is_accessible(live_server: Any, page: Page, world: World) -> None:
    sign_in(page, live_server.url, "officer")
    page.goto(f"{live_server.url}/cases/{world.north_case.pk}/")
    expect(page.get_by_role("heading", level=1)).to_contain_text(world.north_case.reference)
    assert_accessible(page)
