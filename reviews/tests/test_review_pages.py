"""The reviews-due list and the page where a review is recorded."""

from collections.abc import Callable
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from access.models import User
from conftest import World
from decisions.models import Decision
from flags.models import WarningFlag
from letters.actions import record_customer_not_told
from reviews.models import Review

pytestmark = pytest.mark.django_db

SignIn = Callable[[str], Client]


def review_url(decision: Decision) -> str:
    return reverse("reviews:record", args=[decision.pk])


def test_the_list_shows_an_overdue_measure_with_a_red_tag(
    flag: WarningFlag, sign_in: SignIn
) -> None:
    Decision.objects.filter(pk=flag.decision.pk).update(
        review_on=timezone.localdate() - timedelta(days=2)
    )

    page = sign_in("officer").get(reverse("reviews:overdue"))

    assert page.status_code == 200
    html = page.content.decode()
    assert flag.decision.reference in html
    assert 'govuk-tag--red">Overdue' in html
    assert review_url(flag.decision) in html


def test_the_list_shows_a_measure_due_within_the_window_but_not_one_further_off(
    flag: WarningFlag, sign_in: SignIn
) -> None:
    client = sign_in("officer")
    assert flag.decision.reference not in client.get(reverse("reviews:overdue")).content.decode()

    Decision.objects.filter(pk=flag.decision.pk).update(
        review_on=timezone.localdate() + timedelta(days=14)
    )
    html = client.get(reverse("reviews:overdue")).content.decode()

    assert flag.decision.reference in html and "Due soon" in html


def test_the_list_shows_only_what_the_viewer_may_see(flag: WarningFlag, sign_in: SignIn) -> None:
    Decision.objects.filter(pk=flag.decision.pk).update(review_on=timezone.localdate())

    assert (
        flag.decision.reference
        in sign_in("head_of_service").get(reverse("reviews:overdue")).content.decode()
    )
    assert (
        flag.decision.reference
        not in sign_in("other_officer").get(reverse("reviews:overdue")).content.decode()
    )


def test_the_review_page_shows_the_measure_and_its_handling_instruction(
    flag: WarningFlag, sign_in: SignIn
) -> None:
    page = sign_in("officer").get(review_url(flag.decision))

    assert page.status_code == 200
    html = page.content.decode()
    assert flag.reference in html
    assert flag.handling_instruction in html
    assert "Record the review" in html


def test_a_decision_not_to_tell_the_customer_comes_up_on_the_review_page(
    flag: WarningFlag, officer: User, world: World, sign_in: SignIn
) -> None:
    reason = "Telling him would identify the colleague who reported the threat."
    record_customer_not_told(
        case=world.north_case,
        decision=flag.decision,
        reason=reason,
        review_on=timezone.localdate() + timedelta(days=60),
        by=officer,
    )

    html = sign_in("officer").get(review_url(flag.decision)).content.decode()

    assert "Decision not to tell the customer" in html
    assert reason in html
    assert 'name="non_disclosure_considered"' in html


def test_recording_a_review_shows_the_outcome_letter_link(
    flag: WarningFlag, sign_in: SignIn
) -> None:
    client = sign_in("officer")
    next_review = timezone.localdate() + timedelta(days=180)

    response = client.post(
        review_url(flag.decision),
        {
            "outcome": "continue",
            "reasons": "No incidents; still visit in pairs.",
            "next_review_on": next_review.isoformat(),
        },
    )

    assert response.status_code == 302 and response["Location"] == review_url(flag.decision)
    review = Review.objects.get()
    assert review.letter is not None
    html = client.get(review_url(flag.decision)).content.decode()
    assert reverse("letters:detail", args=[review.letter.pk]) in html
    assert "Draft to check and issue" in html


def test_varying_on_the_page_leads_to_the_varied_measure(
    flag: WarningFlag, sign_in: SignIn
) -> None:
    response = sign_in("officer").post(
        review_url(flag.decision),
        {
            "outcome": "vary",
            "reasons": "Fewer visits needed; the basis is narrower now.",
            "next_review_on": (timezone.localdate() + timedelta(days=120)).isoformat(),
            "basis": "Threatened an officer once, eight months ago; no incidents since.",
        },
    )

    varied = Review.objects.get().resulting_decision
    assert varied is not None
    assert response.status_code == 302 and response["Location"] == review_url(varied)


def test_an_invalid_review_is_shown_again_with_specific_messages(
    flag: WarningFlag, sign_in: SignIn
) -> None:
    response = sign_in("officer").post(
        review_url(flag.decision),
        {"outcome": "continue", "reasons": "", "next_review_on": ""},
    )

    assert response.status_code == 422
    html = response.content.decode()
    assert "Give the reasons for the outcome of the review." in html
    assert Review.objects.count() == 0


def test_a_next_review_outside_the_bounds_is_refused_on_the_page(
    flag: WarningFlag, sign_in: SignIn
) -> None:
    too_soon = timezone.localdate() + timedelta(days=20)

    response = sign_in("officer").post(
        review_url(flag.decision),
        {"outcome": "continue", "reasons": "Still needed.", "next_review_on": too_soon.isoformat()},
    )

    assert response.status_code == 422
    html = response.content.decode()
    assert "The next review must be between 90 and 366 days from today" in html
    assert too_soon.isoformat() in html  # the input is kept
    assert Review.objects.count() == 0


def test_another_teams_officer_gets_not_found(flag: WarningFlag, sign_in: SignIn) -> None:
    client = sign_in("other_officer")
    assert client.get(review_url(flag.decision)).status_code == 404
    assert client.post(review_url(flag.decision), {"outcome": "lift"}).status_code == 404
    assert Review.objects.count() == 0


def test_a_frontline_colleague_is_refused(flag: WarningFlag, sign_in: SignIn) -> None:
    client = sign_in("frontline")
    assert client.get(review_url(flag.decision)).status_code == 403
    assert client.post(review_url(flag.decision), {"outcome": "lift"}).status_code == 403


def test_a_contractor_is_told_nothing_exists(flag: WarningFlag, sign_in: SignIn) -> None:
    client = sign_in("contractor_a")
    assert client.get(review_url(flag.decision)).status_code == 404
    assert client.get(reverse("reviews:overdue")).status_code == 404


def test_a_lifted_measure_has_no_form(flag: WarningFlag, sign_in: SignIn) -> None:
    client = sign_in("officer")
    client.post(review_url(flag.decision), {"outcome": "lift", "reasons": "Risk has passed."})

    page = client.get(review_url(flag.decision))

    html = page.content.decode()
    assert "nothing to review" in html
    assert "Notice that a measure is lifted" in html
    again = client.post(review_url(flag.decision), {"outcome": "lift", "reasons": "Again."})
    assert again.status_code == 422 and Review.objects.count() == 1
