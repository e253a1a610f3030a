"""The letter pages: write, preview, correct, issue and download, for those who need to."""

import hashlib
from collections.abc import Callable
from typing import Any

import pytest
from django.urls import reverse

from access.models import User
from audit.models import AuditEvent, Event
from cases.models import ChronologyEntry
from conftest import World
from decisions.models import Response
from letters.actions import issue_letter
from letters.models import Letter, LetterKind
from letters.tests.conftest import BEHAVIOUR, make_decision

pytestmark = pytest.mark.django_db


def test_an_officer_writes_a_draft_and_sees_the_letter_before_issuing_it(
    world: World, sign_in: Any
) -> None:
    client = sign_in("officer")
    url = reverse("letters:draft", args=[world.north_case.pk])
    assert client.get(url).status_code == 200
    response = client.post(
        url, {"kind": "informal_warning", "behaviour_found": BEHAVIOUR, "decision": ""}
    )
    letter = Letter.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("letters:detail", args=[letter.pk])
    page = client.get(response["Location"]).content.decode()
    assert BEHAVIOUR in page and "How to appeal" in page and "Housing Ombudsman" in page
    assert "Say how we expect the customer to behave in future." in page
    assert "Issue the letter" in page and "Change the letter" in page


def test_a_decision_pre_fills_the_kind_and_review_date(
    world: World, officer: User, head_of_service: User, sign_in: Any
) -> None:
    decision = make_decision(
        case=world.north_case,
        response=Response.CONTACT_RESTRICTION,
        officer=officer,
        approver=head_of_service,
    )
    assert decision.review_on is not None
    page = sign_in("officer").get(
        reverse("letters:draft", args=[world.north_case.pk]), {"decision": decision.pk}
    )
    form = page.context["form"]
    assert form.initial["kind"] == LetterKind.RESTRICTION_NOTICE
    assert form.initial["decision"] == decision.pk
    assert form.initial["review_on"] == decision.review_on
    assert decision.review_on.isoformat() in page.content.decode()


def test_a_refused_draft_keeps_what_was_typed_and_says_what_is_wrong(
    world: World, sign_in: Any
) -> None:
    response = sign_in("officer").post(
        reverse("letters:draft", args=[world.north_case.pk]),
        {"kind": "flag_notice", "behaviour_found": BEHAVIOUR},
    )
    assert response.status_code == 422
    page = response.content.decode()
    assert "Select the decision this warning flag notice tells them about." in page
    assert BEHAVIOUR in page
    assert not Letter.objects.exists()


def test_issuing_with_a_part_missing_shows_each_problem_and_changes_nothing(
    complete_letter: Callable[..., Letter], sign_in: Any
) -> None:
    letter = complete_letter(LetterKind.FORMAL_WARNING, consequences="")
    before = (ChronologyEntry.objects.count(), AuditEvent.objects.count())
    response = sign_in("officer").post(
        reverse("letters:issue", args=[letter.pk]), {"channel": "post"}
    )
    assert response.status_code == 422
    page = response.content.decode()
    assert "There is a problem" in page
    assert 'href="#id_consequences"' in page
    assert "Say what will happen if the behaviour continues." in page
    assert (ChronologyEntry.objects.count(), AuditEvent.objects.count()) == before
    assert Letter.objects.get(pk=letter.pk).status == Letter.Status.DRAFT


def test_issuing_without_a_channel_asks_for_one(
    complete_letter: Callable[..., Letter], sign_in: Any
) -> None:
    letter = complete_letter()
    response = sign_in("officer").post(reverse("letters:issue", args=[letter.pk]), {})
    assert response.status_code == 422
    assert "Select how the letter was sent." in response.content.decode()


def test_an_officer_corrects_then_issues_a_draft(
    complete_letter: Callable[..., Letter], sign_in: Any
) -> None:
    letter = complete_letter(LetterKind.FORMAL_WARNING, consequences="")
    client = sign_in("officer")
    data = {
        "behaviour_found": letter.behaviour_found,
        "expected_behaviour": letter.expected_behaviour,
        "consequences": "We may restrict how you contact us.",
        "measure_duration": "",
        "review_on": "",
        "body": "",
        "version": letter.version,
    }
    assert client.post(reverse("letters:update", args=[letter.pk]), data).status_code == 302
    response = client.post(reverse("letters:issue", args=[letter.pk]), {"channel": "email"})
    assert response.status_code == 302
    letter.refresh_from_db()
    assert letter.is_issued and letter.consequences == "We may restrict how you contact us."
    page = client.get(reverse("letters:detail", args=[letter.pk])).content.decode()
    assert "Issue the letter" not in page and "Change the letter" not in page
    assert letter.pdf_sha256 in page


def test_an_issued_letter_cannot_be_changed_through_the_page(
    complete_letter: Callable[..., Letter], officer: User, sign_in: Any
) -> None:
    letter = issue_letter(letter=complete_letter(), channel="post", by=officer)
    response = sign_in("officer").post(
        reverse("letters:update", args=[letter.pk]),
        {"behaviour_found": "Rewritten", "version": letter.version},
    )
    assert response.status_code == 422
    assert "and cannot be changed. An issued letter stays exactly as it was sent" in (
        response.content.decode()
    )
    assert Letter.objects.get(pk=letter.pk).behaviour_found == BEHAVIOUR
    again = sign_in("officer").post(reverse("letters:issue", args=[letter.pk]), {"channel": "post"})
    assert again.status_code == 422
    assert "cannot be issued again" in again.content.decode()


def test_the_downloaded_pdf_is_the_stored_letter_byte_for_byte(
    complete_letter: Callable[..., Letter], officer: User, sign_in: Any
) -> None:
    letter = issue_letter(letter=complete_letter(), channel="post", by=officer)
    client = sign_in("officer")
    response = client.get(reverse("letters:pdf", args=[letter.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'attachment; filename="{letter.reference}.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert hashlib.sha256(response.content).hexdigest() == letter.pdf_sha256
    large = client.get(reverse("letters:pdf", args=[letter.pk]), {"large": "1"})
    stored = Letter.objects.get(pk=letter.pk)
    assert large.content == stored.stored_pdf(large_print=True) != response.content
    reads = AuditEvent.objects.filter(kind=Event.LETTER_READ, object_id=str(letter.pk))
    assert [event.detail["large_print"] for event in reads.order_by("id")] == [False, True]


def test_a_draft_downloads_freshly_rendered_and_marked_draft(
    complete_letter: Callable[..., Letter], sign_in: Any
) -> None:
    letter = complete_letter()
    response = sign_in("officer").get(reverse("letters:pdf", args=[letter.pk]))
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    assert response["Content-Disposition"] == f'attachment; filename="{letter.reference}-DRAFT.pdf"'
    assert Letter.objects.get(pk=letter.pk).pdf is None


@pytest.mark.parametrize(
    ("persona", "read", "write"),
    [
        ("officer", 200, 302),
        ("head_of_service", 200, 302),
        ("director", 200, 403),
        ("other_officer", 404, 404),
        ("frontline", 403, 403),
        ("appeal_reviewer", 404, 403),
        ("contractor_a", 404, 404),
        ("contractor_b", 404, 404),
        ("admin", 403, 403),
    ],
)
def test_only_those_working_the_case_see_its_letters_and_only_they_issue_them(
    persona: str,
    read: int,
    write: int,
    complete_letter: Callable[..., Letter],
    sign_in: Any,
) -> None:
    letter = complete_letter()
    client = sign_in(persona)
    assert client.get(reverse("letters:detail", args=[letter.pk])).status_code == read
    assert client.get(reverse("letters:pdf", args=[letter.pk])).status_code == read
    before = (ChronologyEntry.objects.count(), AuditEvent.objects.count())
    issued = client.post(reverse("letters:issue", args=[letter.pk]), {"channel": "post"})
    assert issued.status_code == write
    if write != 302:
        assert (ChronologyEntry.objects.count(), AuditEvent.objects.count()) == before
        assert Letter.objects.get(pk=letter.pk).status == Letter.Status.DRAFT


def test_a_hidden_letter_and_a_missing_one_look_the_same(
    complete_letter: Callable[..., Letter], sign_in: Any
) -> None:
    letter = complete_letter()
    client = sign_in("other_officer")
    hidden = client.get(reverse("letters:pdf", args=[letter.pk]))
    missing = client.get(reverse("letters:pdf", args=[letter.pk + 1000]))
    assert hidden.status_code == missing.status_code == 404
    assert hidden.content == missing.content
    assert not AuditEvent.objects.filter(kind=Event.LETTER_READ).exists()


def test_the_wrong_method_is_refused(
    complete_letter: Callable[..., Letter], world: World, sign_in: Any
) -> None:
    letter = complete_letter()
    client = sign_in("officer")
    assert client.get(reverse("letters:issue", args=[letter.pk])).status_code == 405
    assert client.get(reverse("letters:update", args=[letter.pk])).status_code == 405
    assert client.post(reverse("letters:detail", args=[letter.pk])).status_code == 405
    assert client.post(reverse("letters:pdf", args=[letter.pk])).status_code == 405
