"""An officer writes, previews, corrects and issues a letter in real Chromium.

axe-core checks WCAG 2.2 AA on the letter form (with its errors showing) and the letter page.
"""

from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from access.models import User
from conftest import World, current_code
from demo.personas import DEMO_PASSWORD
from letters.models import Letter
from letters.tests.conftest import BEHAVIOUR, CONSEQUENCES, EXPECTED

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WCAG = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]}
}


def assert_accessible(page: Page) -> None:
    results = Axe().run(page, options=WCAG)
    assert results.violations_count == 0, results.generate_report()


def test_an_officer_writes_previews_corrects_and_issues_a_warning(
    live_server: Any, page: Page, world: World
) -> None:
    base = live_server.url
    page.goto(f"{base}/sign-in/")
    page.get_by_label("Username").fill("officer")
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_label("Code from your authenticator app").fill(
        current_code(User.objects.get(username="officer"))
    )
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()

    page.goto(f"{base}/cases/{world.north_case.pk}/letters/new/")
    page.get_by_role("button", name="Save draft").click()
    expect(page.get_by_text("There is a problem")).to_be_visible()
    assert_accessible(page)

    page.get_by_label("Informal warning").check()
    page.get_by_label("What behaviour did we find unacceptable?").fill(BEHAVIOUR)
    page.get_by_label("How do we expect them to behave in future?").fill(EXPECTED)
    page.get_by_role("button", name="Save draft").click()
    expect(page.get_by_role("heading", name="Preview")).to_be_visible()
    expect(page.get_by_text("Say what will happen if the behaviour continues.")).to_be_visible()
    assert_accessible(page)

    page.get_by_label("Post").check()
    page.get_by_role("button", name="Issue the letter").click()
    expect(page.get_by_text("There is a problem")).to_be_visible()
    page.get_by_label("What will happen if the behaviour continues?").fill(CONSEQUENCES)
    page.get_by_role("button", name="Save changes").click()
    page.get_by_label("Post").check()
    page.get_by_role("button", name="Issue the letter").click()
    expect(page.get_by_role("heading", name="The letter as sent")).to_be_visible()
    assert_accessible(page)

    letter = Letter.objects.get()
    assert letter.is_issued and letter.channel == "post"
    with page.expect_download() as download:
        page.get_by_role("link", name="Download in large print").click()
    assert download.value.suggested_filename == f"{letter.reference}-large-print.pdf"
