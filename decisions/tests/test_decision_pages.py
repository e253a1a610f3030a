from datetime import date
from typing import Any

import pytest
from django.urls import reverse

from audit.models import AuditEvent, Event
from conftest import World
from decisions.models import Assessment, Decision, NeedsCheck

pytestmark = pytest.mark.django_db


def test_an_officer_assesses_checks_needs_and_proposes(world: World, sign_in: Any) -> None:
    client = sign_in("officer")
    case = world.north_case
    page = client.get(reverse("decisions:assess", args=[case.pk])).content.decode()
    assert "Threats of violence or harm" in page and "credible threat to life" in page
    response = client.post(
        reverse("decisions:assess", args=[case.pk]),
        {"behaviours": ["shouting"], "severity": "2", "notes": ""},
    )
    assert response.status_code == 302
    assert Assessment.objects.filter(case=case).count() == 1

    response = client.post(
        reverse("decisions:needs_check", args=[case.pk]),
        {
            "needs": ["mental_health"],
            "referral_offered": "yes",
            "consent": "agreed",
            "consent_date": date.today().isoformat(),
            "consent_how": "verbally",
            "referral_agency": "Community mental health team",
            "expectation_explained": "on",
        },
    )
    assert response.status_code == 302
    assert NeedsCheck.objects.get(case=case).referral_agency == "Community mental health team"

    page = client.get(reverse("decisions:propose", args=[case.pk])).content.decode()
    assert "Recommended: Informal conversation" in page
    response = client.post(
        reverse("decisions:propose", args=[case.pk]),
        {
            "response": "police_report",
            "basis": "He said he would burn the office down; reported as a threat.",
        },
    )
    decision = Decision.objects.get(case=case)
    assert response["Location"] == reverse("decisions:detail", args=[decision.pk])
    assert decision.recommended_response == "informal_conversation"
    assert decision.status == Decision.Status.AWAITING_APPROVAL


def test_a_refused_needs_check_keeps_what_was_typed(world: World, sign_in: Any) -> None:
    response = sign_in("officer").post(
        reverse("decisions:needs_check", args=[world.north_case.pk]),
        {
            "needs": ["other"],
            "other_need": "",
            "referral_offered": "yes",
            "consent": "agreed",
            "referral_agency": "Turning Point",
        },
    )
    page = response.content.decode()
    assert response.status_code == 422
    assert "Describe the other need." in page
    assert "Enter the date the customer agreed." in page
    assert "Confirm the customer was told the behaviour must stop" in page
    assert 'value="Turning Point"' in page
    assert NeedsCheck.objects.count() == 0


def test_reading_a_needs_check_is_audited(world: World, sign_in: Any) -> None:
    client = sign_in("officer")
    client.post(
        reverse("decisions:needs_check", args=[world.north_case.pk]),
        {
            "no_needs_found": "on",
            "referral_offered": "no",
            "consent": "not_offered",
            "expectation_explained": "on",
        },
    )
    client.get(reverse("decisions:needs_check", args=[world.north_case.pk]))
    assert AuditEvent.objects.filter(kind=Event.NEEDS_CHECK_READ).count() == 1


def test_the_head_of_service_approves_from_the_decision_page(world: World, sign_in: Any) -> None:
    officer = sign_in("officer")
    case = world.north_case
    officer.post(
        reverse("decisions:needs_check", args=[case.pk]),
        {
            "no_needs_found": "on",
            "referral_offered": "no",
            "consent": "not_offered",
            "expectation_explained": "on",
        },
    )
    officer.post(
        reverse("decisions:propose", args=[case.pk]),
        {
            "response": "police_report",
            "basis": "Threatened the gas engineer.",
        },
    )
    decision = Decision.objects.get(case=case)
    head = sign_in("head_of_service")
    assert decision.reference in head.get(reverse("decisions:approvals")).content.decode()
    page = head.get(reverse("decisions:detail", args=[decision.pk])).content.decode()
    assert "Approve" in page
    assert (
        "Approve"
        not in officer.get(reverse("decisions:detail", args=[decision.pk]))
        .content.decode()
        .split("<main")[1]
    )
    head.post(reverse("decisions:approve", args=[decision.pk]), {"note": ""})
    decision.refresh_from_db()
    assert decision.status == Decision.Status.IN_FORCE


def test_approving_your_own_decision_is_refused_with_a_message(world: World, sign_in: Any) -> None:
    head = sign_in("head_of_service")
    case = world.north_case
    head.post(
        reverse("decisions:needs_check", args=[case.pk]),
        {
            "no_needs_found": "on",
            "referral_offered": "no",
            "consent": "not_offered",
            "expectation_explained": "on",
        },
    )
    head.post(
        reverse("decisions:propose", args=[case.pk]),
        {"response": "police_report", "basis": "He pushed a colleague."},
    )
    decision = Decision.objects.get(case=case)
    response = head.post(reverse("decisions:approve", args=[decision.pk]), {"note": ""})
    assert response.status_code == 422
    assert "someone else must approve" in response.content.decode()
    decision.refresh_from_db()
    assert decision.status == Decision.Status.AWAITING_APPROVAL


def test_measures_are_proposed_on_their_own_pages(world: World, sign_in: Any) -> None:
    page = sign_in("officer").get(reverse("decisions:propose", args=[world.north_case.pk]))
    text = page.content.decode()
    assert 'value="contact_restriction"' not in text and 'value="warning_flag"' not in text
    assert reverse("restrictions:propose", args=[world.north_case.pk]) in text
    assert reverse("flags:propose", args=[world.north_case.pk]) in text
