"""A case walked end to end in real Chromium: incident, assessment, needs check, an approved
contact restriction, the issued letter, an appeal and its varied outcome."""

import re
from datetime import date, timedelta
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from access.models import User
from appeals.models import Appeal
from conftest import World, current_code
from decisions.models import Decision
from demo.personas import DEMO_PASSWORD
from letters.models import Letter

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


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


WCAG = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]}
}


def assert_accessible(page: Page) -> None:
    results = Axe().run(page, options=WCAG)
    assert results.violations_count == 0, results.generate_report()


def menu(page: Page, name: str) -> None:
    page.get_by_role("navigation", name="Menu").get_by_role("link", name=name).click()


def sign_out(page: Page) -> None:
    page.get_by_role("button", name="Sign out").click()


def test_a_case_from_incident_to_a_varied_appeal_outcome(
    live_server: Any, page: Page, world: World
) -> None:
    base, case = live_server.url, world.north_case
    today = date.today()

    # The case officer assesses the case the frontline colleague's report opened.
    sign_in(page, base, "officer")
    menu(page, "My work")
    page.get_by_role("link", name=case.reference).first.click()
    assert_accessible(page)
    page.get_by_role("link", name="Assess the case").click()
    assert_accessible(page)
    expect(page.get_by_label("Shouting or abusive language")).to_be_checked()
    page.get_by_label("2 – Moderate").check()
    page.get_by_role("button", name="Record the assessment").click()
    expect(page.get_by_role("heading", name=re.compile("Recommended:"))).to_be_visible()

    # Contributing needs: he cannot read or write, and agreed to a referral.
    page.get_by_role("link", name="Record the check").click()
    assert_accessible(page)
    page.get_by_label("Learning difficulty").check()
    page.get_by_label("Cannot read or write (or finds it very hard)").check()
    page.locator("input[name=referral_offered][value=yes]").check()
    page.get_by_label("Agreed to a referral").check()
    page.get_by_label("Date they agreed").fill(today.isoformat())
    page.get_by_label("Verbally (recorded by the officer)").check()
    page.get_by_label("Agency referred to").fill("Community learning disability team")
    page.get_by_label("The customer was told the behaviour must stop").check()
    page.get_by_role("button", name="Record the check").click()

    # Written-only contact clashes with that need: refused until an adjustment is recorded.
    page.get_by_role("link", name="propose a contact restriction").click()
    page.get_by_label("Written contact only (letter or email)").check()
    page.get_by_label("Why a restriction is needed").fill(
        "Daily calls about the same repair have stopped the team helping other residents."
    )
    page.get_by_label("Starts on").fill(today.isoformat())
    page.get_by_label("Review on").fill((today + timedelta(days=180)).isoformat())
    page.get_by_role("button", name="Propose the restriction").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("clashes with a recorded need")
    assert_accessible(page)
    page.get_by_label("Reasonable adjustment").fill(
        "His support worker reads our letters to him and writes his replies."
    )
    page.get_by_role("button", name="Propose the restriction").click()
    expect(page.locator("main")).to_contain_text("Awaiting approval")
    expect(page.locator("main")).to_contain_text("a safety issue or a complaint")
    assert_accessible(page)
    decision = Decision.objects.get(case=case)
    sign_out(page)

    # Head of Customer and Community Support approves.
    sign_in(page, base, "head_of_service")
    menu(page, "Approvals")
    page.get_by_role("link", name=re.compile(decision.reference)).click()
    page.get_by_role("button", name="Approve", exact=True).click()
    expect(page.locator("main")).to_contain_text("Decided")
    sign_out(page)

    # The officer writes and issues the restriction notice.
    sign_in(page, base, "officer")
    page.goto(f"{base}/cases/{case.pk}/")
    page.get_by_role("link", name="Write a letter").click()
    page.get_by_label("Contact restriction notice").check()
    page.get_by_label("Which decision does it tell them about?").select_option(str(decision.pk))
    page.get_by_label("What behaviour did we find unacceptable?").fill(
        "Calling the office many times a day and shouting at colleagues."
    )
    page.get_by_label("How do we expect them to behave in future?").fill(
        "Write to us about your repair; we will reply within five working days."
    )
    page.get_by_label("What will happen if the behaviour continues?").fill(
        "We may ask the court for an injunction."
    )
    page.get_by_label("How long will the measure last?").fill("Six months")
    if not page.get_by_label("Review date").input_value():
        page.get_by_label("Review date").fill((today + timedelta(days=180)).isoformat())
    page.get_by_role("button", name="Save draft").click()
    page.get_by_label("Post").check()
    page.get_by_role("button", name="Issue the letter").click()
    expect(page.get_by_role("heading", name="The letter as sent")).to_be_visible()
    assert Letter.objects.get(case=case).status == Letter.Status.ISSUED

    # The customer appeals; the appeal goes to a reviewer who took no part.
    page.goto(f"{base}/cases/{case.pk}/")
    page.get_by_role("link", name=f"Record an appeal against {decision.reference}").click()
    page.get_by_label("Date the appeal was received").fill(today.isoformat())
    page.get_by_label("By letter").check()
    page.get_by_label("Grounds of the appeal").fill("My support worker cannot visit every week.")
    page.get_by_role("button", name="Record the appeal").click()
    appeal = Appeal.objects.get(decision=decision)
    assert appeal.reviewer is not None and appeal.reviewer.username == "appeal_reviewer"
    sign_out(page)

    # The reviewer varies it: a shorter period before review.
    sign_in(page, base, "appeal_reviewer")
    menu(page, "Appeals")
    page.get_by_role("link", name=appeal.reference).click()
    page.get_by_label("Decision varied").check()
    page.get_by_label("Reasons for the outcome").fill(
        "Review after three months, when the support worker's hours are known."
    )
    page.get_by_text("If you vary the decision: what changes").click()
    page.get_by_label("Varied review date (if varied)").fill(
        (today + timedelta(days=92)).isoformat()
    )
    page.get_by_role("button", name="Record the outcome").click()
    expect(page.locator("main")).to_contain_text("Decision varied")
    assert_accessible(page)

    decision.refresh_from_db()
    assert decision.status == Decision.Status.VARIED
    varied = decision.replaced_by
    assert varied.status == Decision.Status.IN_FORCE
    assert varied.review_on == today + timedelta(days=92)
