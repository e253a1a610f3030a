from datetime import timedelta
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from access.models import User
from appeals.actions import LEGAL_ACTION_REFUSAL, assign_reviewer
from appeals.models import Appeal
from appeals.tests.helpers import lodge, snapshot
from conftest import World
from decisions.models import Decision

pytestmark = pytest.mark.django_db


def detail_url(appeal: Appeal) -> str:
    return reverse("appeals:detail", args=[appeal.pk])


# --- recording an appeal -------------------------------------------------------------------


def test_the_officer_records_an_appeal_and_sees_it(warning: Decision, sign_in: Any) -> None:
    client = sign_in("officer")
    url = reverse("appeals:lodge", args=[warning.pk])
    assert "Record the appeal" in client.get(url).content.decode()
    response = client.post(
        url,
        {
            "received_on": timezone.localdate().isoformat(),
            "how_received": "through_advocate",
            "grounds": "My advocate says the calls were about my disability benefit.",
        },
    )
    appeal = Appeal.objects.get()
    assert response.status_code == 302 and response["Location"] == detail_url(appeal)
    assert appeal.how_received == Appeal.HowReceived.THROUGH_ADVOCATE
    page = client.get(detail_url(appeal)).content.decode()
    assert "disability benefit" in page and warning.basis in page


def test_a_form_with_mistakes_is_shown_again_with_what_was_typed(
    warning: Decision, sign_in: Any
) -> None:
    response = sign_in("officer").post(
        reverse("appeals:lodge", args=[warning.pk]),
        {"received_on": "", "how_received": "", "grounds": "He disputes the second call."},
    )
    page = response.content.decode()
    assert response.status_code == 422
    assert "Enter the date the appeal was received." in page
    assert "Select how the appeal was received." in page
    assert "He disputes the second call." in page
    assert not Appeal.objects.exists()


def test_legal_action_shows_why_it_cannot_be_appealed_and_a_post_writes_nothing(
    legal_action: Decision, sign_in: Any
) -> None:
    client = sign_in("officer")
    url = reverse("appeals:lodge", args=[legal_action.pk])
    page = client.get(url).content.decode()
    assert LEGAL_ACTION_REFUSAL.split(";")[0] in page and "Record the appeal" not in page
    before = snapshot()
    response = client.post(
        url,
        {
            "received_on": timezone.localdate().isoformat(),
            "how_received": "letter",
            "grounds": "I deny it.",
        },
    )
    assert response.status_code == 422
    assert snapshot() == before


def test_another_teams_officer_cannot_record_an_appeal(warning: Decision, sign_in: Any) -> None:
    url = reverse("appeals:lodge", args=[warning.pk])
    assert sign_in("other_officer").get(url).status_code == 404
    assert sign_in("director").get(url).status_code == 403


# --- who sees an appeal --------------------------------------------------------------------


def test_an_appeal_is_shown_only_to_those_who_need_to_know(
    officer: User, warning: Decision, sign_in: Any
) -> None:
    appeal = lodge(warning, officer)
    seen = {
        persona: sign_in(persona).get(detail_url(appeal)).status_code
        for persona in (
            "officer",
            "other_officer",
            "head_of_service",
            "director",
            "appeal_reviewer",
            "frontline",
            "contractor_a",
            "admin",
        )
    }
    assert seen == {
        "officer": 200,
        "other_officer": 404,
        "head_of_service": 200,
        "director": 200,
        "appeal_reviewer": 200,
        "frontline": 403,
        "contractor_a": 404,
        "admin": 403,
    }


def test_a_reviewer_no_longer_assigned_no_longer_sees_the_appeal_or_its_case(
    world: World,
    officer: User,
    head_of_service: User,
    director: User,
    warning: Decision,
    sign_in: Any,
) -> None:
    appeal = lodge(warning, officer)
    client = sign_in("appeal_reviewer")
    assert client.get(reverse("cases:detail", args=[world.north_case.pk])).status_code == 200
    assign_reviewer(appeal=appeal, reviewer=director, by=head_of_service)
    assert client.get(detail_url(appeal)).status_code == 404
    assert client.get(reverse("cases:detail", args=[world.north_case.pk])).status_code == 404


def test_the_reviewer_reads_the_case_but_cannot_work_it(
    world: World, officer: User, warning: Decision, sign_in: Any
) -> None:
    lodge(warning, officer)
    client = sign_in("appeal_reviewer")
    assert client.get(reverse("cases:detail", args=[world.north_case.pk])).status_code == 200
    assert client.get(reverse("cases:detail", args=[world.south_case.pk])).status_code == 404
    before = snapshot()
    response = client.post(
        reverse("cases:add_note", args=[world.north_case.pk]), {"text": "Reviewer's note"}
    )
    assert response.status_code == 403
    assert snapshot() == before


def test_the_reviewer_gets_the_outcome_form_and_the_manager_the_picker(
    officer: User, warning: Decision, sign_in: Any
) -> None:
    appeal = lodge(warning, officer)
    reviewer_page = sign_in("appeal_reviewer").get(detail_url(appeal)).content.decode()
    assert "Record the outcome" in reviewer_page and "Assign reviewer" not in reviewer_page
    response = sign_in("head_of_service").get(detail_url(appeal))
    manager_page = response.content.decode()
    assert "Assign reviewer" in manager_page and "Record the outcome" not in manager_page
    # The officer who decided is not offered in the picker.
    offered = [
        label for _, label in response.context["assign_form"].fields["reviewer"].widget.choices
    ]
    assert offered[0] == "Select a reviewer"
    assert any(label.startswith("Arthur Bell") for label in offered)
    assert not any(label.startswith("Owen Price") for label in offered)
    officer_page = sign_in("officer").get(detail_url(appeal)).content.decode()
    assert "Assign reviewer" not in officer_page and "Record the outcome" not in officer_page


# --- choosing the reviewer -----------------------------------------------------------------


def test_choosing_a_conflicted_reviewer_is_refused_with_the_reason(
    officer: User, restriction: Decision, sign_in: Any, head_of_service: User
) -> None:
    appeal = lodge(restriction, officer)
    before = snapshot()
    response = sign_in("head_of_service").post(
        reverse("appeals:assign", args=[appeal.pk]), {"reviewer": head_of_service.pk}
    )
    assert response.status_code == 422
    assert "proposed, approved or decided the decision" in response.content.decode()
    assert snapshot() == before


def test_the_head_of_service_chooses_a_reviewer(
    officer: User, warning: Decision, sign_in: Any, director: User
) -> None:
    appeal = lodge(warning, officer)
    response = sign_in("head_of_service").post(
        reverse("appeals:assign", args=[appeal.pk]), {"reviewer": director.pk}
    )
    assert response.status_code == 302
    appeal.refresh_from_db()
    assert appeal.reviewer == director


def test_a_case_officer_may_not_choose_the_reviewer(
    officer: User, warning: Decision, sign_in: Any, director: User
) -> None:
    appeal = lodge(warning, officer)
    before = snapshot()
    response = sign_in("officer").post(
        reverse("appeals:assign", args=[appeal.pk]), {"reviewer": director.pk}
    )
    assert response.status_code == 403
    assert snapshot() == before


# --- recording the outcome -----------------------------------------------------------------


def test_only_the_assigned_reviewer_may_record_the_outcome(
    officer: User, warning: Decision, sign_in: Any
) -> None:
    appeal = lodge(warning, officer)
    url = reverse("appeals:decide", args=[appeal.pk])
    before = snapshot()
    for persona, status in (("head_of_service", 403), ("other_officer", 404)):
        response = sign_in(persona).post(url, {"outcome": "overturned", "reasons": "No."})
        assert response.status_code == status
    assert sign_in("officer").post(url, {"outcome": "upheld", "reasons": "x"}).status_code == 403
    assert snapshot() == before


def test_an_outcome_without_reasons_is_shown_again_keeping_the_choice(
    officer: User, warning: Decision, sign_in: Any
) -> None:
    appeal = lodge(warning, officer)
    response = sign_in("appeal_reviewer").post(
        reverse("appeals:decide", args=[appeal.pk]), {"outcome": "overturned", "reasons": ""}
    )
    page = response.content.decode()
    assert response.status_code == 422
    assert "Give the reasons for the outcome of the appeal." in page
    assert 'value="overturned" checked' in page


def test_a_variation_the_decision_rules_refuse_is_shown_on_its_field(
    officer: User, restriction: Decision, sign_in: Any
) -> None:
    appeal = lodge(restriction, officer)
    too_soon = (timezone.localdate() + timedelta(days=10)).isoformat()
    response = sign_in("appeal_reviewer").post(
        reverse("appeals:decide", args=[appeal.pk]),
        {"outcome": "varied", "reasons": "Review it sooner.", "review_on": too_soon},
    )
    assert response.status_code == 422
    assert "policy: 3 to 12 months" in response.content.decode()
    restriction.refresh_from_db()
    assert restriction.status == Decision.Status.IN_FORCE


def test_the_reviewer_records_the_outcome(officer: User, warning: Decision, sign_in: Any) -> None:
    appeal = lodge(warning, officer)
    client = sign_in("appeal_reviewer")
    response = client.post(
        reverse("appeals:decide", args=[appeal.pk]),
        {
            "outcome": "varied",
            "reasons": "A conversation is enough.",
            "response": "informal_conversation",
        },
    )
    assert response.status_code == 302
    appeal.refresh_from_db()
    assert appeal.outcome == Appeal.Outcome.VARIED
    assert appeal.resulting_decision is not None
    page = client.get(detail_url(appeal)).content.decode()
    assert "The decision as varied on appeal" in page and "Record the outcome" not in page
    assert reverse("letters:detail", args=[appeal.outcome_letter_id]) in page
    assert reverse("decisions:detail", args=[appeal.decision_id]) in page
