from typing import Any

import pytest
from django.utils import timezone

from audit.models import AuditEvent, Event
from cases.models import ChronologyEntry
from letters.actions import draft_letter
from letters.models import LetterKind
from letters.rendering import render_letter_html
from privacy.actions import add_customer_statement
from privacy.models import CustomerStatement
from privacy.tests.conftest import Constructed, build

pytestmark = pytest.mark.django_db

STATEMENT = "I never raised my fist; I was pointing at the broken gutter."


def _on_decision(constructed: Constructed, personas: Any) -> None:
    add_customer_statement(
        opinion=constructed.flag.decision,
        text=STATEMENT,
        received_on=timezone.localdate(),
        by=personas["head_of_service"],
    )


def test_statement_is_audited_and_on_the_chronology(
    constructed: Constructed, personas: Any
) -> None:
    _on_decision(constructed, personas)
    assert ChronologyEntry.objects.filter(
        case=constructed.case, kind=ChronologyEntry.Kind.STATEMENT
    ).exists()
    assert AuditEvent.objects.filter(kind=Event.STATEMENT_ADDED).exists()


def test_statement_shows_on_the_decision_page_and_the_case_page(
    constructed: Constructed, personas: Any, sign_in: Any
) -> None:
    _on_decision(constructed, personas)
    client = sign_in("officer")
    decision_page = client.get(f"/decisions/{constructed.flag.decision.pk}/")
    case_page = client.get(f"/cases/{constructed.case.pk}/")
    assert STATEMENT.encode() in decision_page.content
    assert STATEMENT.encode() in case_page.content


def test_statement_on_an_assessment_and_an_incident_shows_where_they_do(
    constructed: Constructed, personas: Any, sign_in: Any
) -> None:
    head = personas["head_of_service"]
    add_customer_statement(
        opinion=constructed.assessment,
        text="Not escalating at all.",
        received_on=timezone.localdate(),
        by=head,
    )
    add_customer_statement(
        opinion=constructed.incident,
        text="That is not what I said.",
        received_on=timezone.localdate(),
        by=head,
    )
    client = sign_in("officer")
    assert b"Not escalating at all." in client.get(f"/cases/{constructed.case.pk}/").content
    incident_page = client.get(f"/incidents/{constructed.incident.pk}/")
    assert b"That is not what I said." in incident_page.content


def test_a_letter_quoting_the_decision_carries_the_statement(
    constructed: Constructed, personas: Any
) -> None:
    _on_decision(constructed, personas)
    letter = draft_letter(
        case=constructed.case,
        kind=LetterKind.REVIEW_OUTCOME,
        decision=constructed.flag.decision,
        by=personas["officer"],
    )
    assert "pointing at the broken gutter" in render_letter_html(letter)


def test_statement_is_in_the_subject_access_export(
    constructed: Constructed, personas: Any, django_capture_on_commit_callbacks: Any
) -> None:
    _on_decision(constructed, personas)
    request = build(
        constructed.person, personas["head_of_service"], django_capture_on_commit_callbacks
    )
    assert STATEMENT in bytes(request.data_json or b"").decode()


def test_statement_form_adds_to_the_chosen_opinion(constructed: Constructed, sign_in: Any) -> None:
    response = sign_in("head_of_service").post(
        f"/privacy/cases/{constructed.case.pk}/statement/",
        {
            "opinion": f"decision:{constructed.flag.decision.pk}",
            "text": STATEMENT,
            "received_on": timezone.localdate().isoformat(),
        },
    )
    assert response.status_code == 302
    assert CustomerStatement.objects.get(decision=constructed.flag.decision).text == STATEMENT


def test_statement_form_says_what_is_missing(constructed: Constructed, sign_in: Any) -> None:
    response = sign_in("head_of_service").post(
        f"/privacy/cases/{constructed.case.pk}/statement/",
        {"opinion": "", "text": "", "received_on": ""},
    )
    assert response.status_code == 422
    assert b"Choose the opinion the customer disputes." in response.content
    assert b"Enter the customer&#x27;s statement." in response.content
