"""Not telling the customer: only with a reason, and always with a review within 12 months."""

from datetime import date, timedelta
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from access.models import User
from audit.models import AuditEvent, Event
from cases.models import ChronologyEntry
from conftest import World
from decisions.models import Response
from letters.actions import latest_review_date, record_customer_not_told
from letters.models import NonDisclosureDecision
from letters.tests.conftest import make_decision

pytestmark = pytest.mark.django_db
REASON = "He has said he will find out where the officer lives."


def test_the_decision_not_to_tell_is_recorded_in_the_chronology_and_audited(
    world: World, officer: User, head_of_service: User
) -> None:
    decision = make_decision(
        case=world.north_case,
        response=Response.WARNING_FLAG,
        officer=officer,
        approver=head_of_service,
    )
    review_on = timezone.localdate() + timedelta(days=90)
    record = record_customer_not_told(
        case=world.north_case, decision=decision, reason=REASON, review_on=review_on, by=officer
    )
    assert (record.decision, record.review_on, record.recorded_by) == (decision, review_on, officer)
    entry = world.north_case.chronology.get(kind=ChronologyEntry.Kind.NOT_TOLD)
    assert decision.reference in entry.summary and entry.body == REASON
    event = AuditEvent.objects.get(kind=Event.CUSTOMER_NOT_TOLD)
    assert event.detail == {
        "case": world.north_case.pk,
        "decision": decision.pk,
        "review_on": review_on.isoformat(),
    }


@pytest.mark.parametrize(
    ("days", "message"),
    [
        (None, "Enter the date this will be reviewed."),
        (0, "The review date must be in the future."),
        (-3, "The review date must be in the future."),
        (367, "The review date must be within 12 months."),
    ],
)
def test_the_review_date_is_required_and_within_12_months(
    days: int | None, message: str, world: World, officer: User
) -> None:
    decision = make_decision(
        case=world.north_case, response=Response.WARNING_LETTER, officer=officer
    )
    review_on = None if days is None else timezone.localdate() + timedelta(days=days)
    before = (ChronologyEntry.objects.count(), AuditEvent.objects.count())
    with pytest.raises(ValidationError) as refused:
        record_customer_not_told(
            case=world.north_case, decision=decision, reason=REASON, review_on=review_on, by=officer
        )
    assert refused.value.message_dict["review_on"] == [message]
    assert (ChronologyEntry.objects.count(), AuditEvent.objects.count()) == before
    assert not NonDisclosureDecision.objects.exists()


def test_twelve_months_ahead_is_the_latest_review_date(world: World, officer: User) -> None:
    decision = make_decision(
        case=world.north_case, response=Response.WARNING_LETTER, officer=officer
    )
    latest = latest_review_date(timezone.localdate())
    record_customer_not_told(
        case=world.north_case, decision=decision, reason=REASON, review_on=latest, by=officer
    )
    assert latest_review_date(date(2028, 2, 29)) == date(2029, 2, 28)


def test_a_reason_and_a_decision_on_this_case_are_required(
    world: World, officer: User, other_officer: User
) -> None:
    south = make_decision(
        case=world.south_case, response=Response.WARNING_LETTER, officer=other_officer
    )
    with pytest.raises(ValidationError) as refused:
        record_customer_not_told(
            case=world.north_case,
            decision=south,
            reason="  ",
            review_on=timezone.localdate() + timedelta(days=30),
            by=officer,
        )
    assert refused.value.message_dict == {
        "decision": [f"{south.reference} is a decision on another case."],
        "reason": ["Say why telling the customer would put a colleague at risk."],
    }


def test_an_officer_records_it_on_the_page(world: World, officer: User, sign_in: Any) -> None:
    decision = make_decision(
        case=world.north_case, response=Response.WARNING_LETTER, officer=officer
    )
    client = sign_in("officer")
    url = reverse("letters:withhold", args=[world.north_case.pk])
    assert decision.reference in client.get(url).content.decode()
    review_on = timezone.localdate() + timedelta(days=60)
    response = client.post(
        url, {"decision": decision.pk, "reason": REASON, "review_on": review_on.isoformat()}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("cases:detail", args=[world.north_case.pk])
    assert NonDisclosureDecision.objects.get().review_on == review_on


def test_a_refused_record_shows_each_problem_and_keeps_the_reason(
    world: World, officer: User, sign_in: Any
) -> None:
    make_decision(case=world.north_case, response=Response.WARNING_LETTER, officer=officer)
    response = sign_in("officer").post(
        reverse("letters:withhold", args=[world.north_case.pk]),
        {"decision": "", "reason": REASON, "review_on": ""},
    )
    assert response.status_code == 422
    page = response.content.decode()
    assert "Select the decision the customer will not be told about." in page
    assert "Enter the date this will be reviewed." in page
    assert REASON in page


@pytest.mark.parametrize(
    ("persona", "status"),
    [("other_officer", 404), ("frontline", 403), ("director", 403), ("contractor_a", 404)],
)
def test_only_those_working_the_case_may_record_it(
    persona: str, status: int, world: World, officer: User, sign_in: Any
) -> None:
    decision = make_decision(
        case=world.north_case, response=Response.WARNING_LETTER, officer=officer
    )
    response = sign_in(persona).post(
        reverse("letters:withhold", args=[world.north_case.pk]),
        {
            "decision": decision.pk,
            "reason": REASON,
            "review_on": (timezone.localdate() + timedelta(days=30)).isoformat(),
        },
    )
    assert response.status_code == status
    assert not NonDisclosureDecision.objects.exists()
