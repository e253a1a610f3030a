"""Every kind of letter, rendered to PDF and read back: it says what the policy requires."""

import io
from collections.abc import Callable
from datetime import timedelta

import pytest
from django.utils import timezone
from pypdf import PdfReader

from appeals.working_days import add_working_days
from conftest import World
from letters.content import APPEAL_WITHIN_WORKING_DAYS, missing_parts
from letters.models import APPEALABLE_KINDS, MEASURE_KINDS, Letter, LetterKind
from letters.rendering import render_letter_pdf
from letters.tests.conftest import BEHAVIOUR, CONSEQUENCES, DURATION, EXPECTED, EXTRA

pytestmark = pytest.mark.django_db


def pdf_text(pdf: bytes) -> str:
    """The text of every page, with line breaks and runs of spaces made single spaces."""
    reader = PdfReader(io.BytesIO(pdf))
    return " ".join(" ".join(page.extract_text().split()) for page in reader.pages)


def body_font_size(pdf: bytes) -> float:
    """The font size (points) that most of the first page's text is set in."""
    reader = PdfReader(io.BytesIO(pdf))
    weights: dict[float, int] = {}

    def visit(text: str, cm: list[float], tm: list[float], font: object, size: float) -> None:
        if text.strip():
            points = round(size * tm[0] * cm[0], 1)
            weights[points] = weights.get(points, 0) + len(text.strip())

    reader.pages[0].extract_text(visitor_text=visit)
    return max(weights, key=lambda points: weights[points])


@pytest.mark.parametrize("kind", LetterKind.values)
def test_every_kind_of_letter_states_the_parts_the_policy_requires(
    kind: str, complete_letter: Callable[..., Letter], world: World
) -> None:
    letter = complete_letter(kind)
    assert missing_parts(letter) == []
    text = pdf_text(render_letter_pdf(letter))

    assert "SafeContact Housing" in text
    assert world.north_case.reference in text and letter.reference in text
    assert "Dennis Archer" in text and "Mill Lane" in text and "BS2 9TG" in text
    assert "Page 1 of" in text
    for part in (BEHAVIOUR, EXPECTED, CONSEQUENCES, EXTRA):
        assert part in text, part
    for heading in (
        "What we found unacceptable",
        "What we expect from you",
        "What will happen if the behaviour continues",
    ):
        assert heading in text


@pytest.mark.parametrize("kind", sorted(MEASURE_KINDS))
def test_a_measure_states_how_long_it_lasts_and_when_it_is_reviewed(
    kind: str, complete_letter: Callable[..., Letter]
) -> None:
    letter = complete_letter(kind)
    assert letter.review_on is not None
    text = pdf_text(render_letter_pdf(letter))
    assert DURATION in text
    assert f"We will review this on {letter.review_on:%-d %B %Y}" in text


@pytest.mark.parametrize("kind", sorted(set(LetterKind.values) - MEASURE_KINDS))
def test_a_letter_that_is_not_a_measure_has_no_duration_or_review_section(
    kind: str, complete_letter: Callable[..., Letter]
) -> None:
    text = pdf_text(render_letter_pdf(complete_letter(kind)))
    assert "How long this will last" not in text
    assert "When we will review it" not in text


@pytest.mark.parametrize("kind", sorted(APPEALABLE_KINDS))
def test_every_letter_but_legal_action_says_how_to_appeal_and_names_the_ombudsman(
    kind: str, complete_letter: Callable[..., Letter]
) -> None:
    text = pdf_text(render_letter_pdf(complete_letter(kind)))
    deadline = add_working_days(timezone.localdate(), APPEAL_WITHIN_WORKING_DAYS)
    assert "How to appeal" in text
    # How, to whom, within what time, and the Ombudsman once our process is exhausted.
    assert "Head of Customer and Community Support" in text
    assert "customer.support@safecontact.example" in text
    assert f"within {APPEAL_WITHIN_WORKING_DAYS} working days of the date of this letter" in text
    assert f"by {deadline:%-d %B %Y}" in text
    assert "Housing Ombudsman" in text
    assert "0300 111 3000" in text


def test_a_legal_action_notice_gives_no_appeal_route_and_sends_them_to_legal_advice(
    complete_letter: Callable[..., Letter],
) -> None:
    letter = complete_letter(LetterKind.LEGAL_ACTION_NOTICE)
    assert missing_parts(letter) == []
    text = pdf_text(render_letter_pdf(letter))
    assert "How to appeal" not in text
    assert "Housing Ombudsman" not in text
    assert "working days of the date of this letter" not in text
    assert "The court process applies" in text
    assert "independent legal advice" in text


def test_missing_parts_names_each_part_a_measure_still_needs(
    complete_letter: Callable[..., Letter],
) -> None:
    letter = complete_letter(
        LetterKind.ACCEPTABLE_BEHAVIOUR_AGREEMENT,
        behaviour_found="",
        expected_behaviour=" ",
        consequences="",
        measure_duration="",
        review_on=None,
    )
    assert missing_parts(letter) == [
        "Say what behaviour we found unacceptable.",
        "Say how we expect the customer to behave in future.",
        "Say what will happen if the behaviour continues.",
        "Say how long the measure will last.",
        "Enter the date the measure will be reviewed.",
    ]


def test_a_warning_needs_no_duration_or_review_date(
    complete_letter: Callable[..., Letter],
) -> None:
    letter = complete_letter(LetterKind.FORMAL_WARNING, consequences="")
    assert missing_parts(letter) == ["Say what will happen if the behaviour continues."]


def test_large_print_sets_the_letter_in_18_point_type(
    complete_letter: Callable[..., Letter],
) -> None:
    letter = complete_letter(LetterKind.RESTRICTION_NOTICE)
    standard, large = render_letter_pdf(letter), render_letter_pdf(letter, large=True)
    assert body_font_size(standard) == 11
    assert body_font_size(large) == 18
    assert len(PdfReader(io.BytesIO(large)).pages) > len(PdfReader(io.BytesIO(standard)).pages)
    assert pdf_text(large).count(BEHAVIOUR) == 1


def test_a_draft_is_marked_as_a_draft_and_an_issued_letter_is_not(
    complete_letter: Callable[..., Letter],
) -> None:
    letter = complete_letter(LetterKind.FORMAL_WARNING)
    assert "DRAFT" in pdf_text(render_letter_pdf(letter, draft=True))
    assert "DRAFT" not in pdf_text(render_letter_pdf(letter))


def test_what_the_officer_writes_is_printed_as_text_not_markup(
    complete_letter: Callable[..., Letter],
) -> None:
    letter = complete_letter(
        LetterKind.FORMAL_WARNING,
        behaviour_found='<img src="file:///etc/passwd"> <b>shouted</b>',
    )
    text = pdf_text(render_letter_pdf(letter))
    assert '<img src="file:///etc/passwd"> <b>shouted</b>' in text


def test_the_appeal_deadline_counts_working_days_from_the_date_of_the_letter(
    complete_letter: Callable[..., Letter],
) -> None:
    letter = complete_letter(LetterKind.INFORMAL_WARNING)
    text = pdf_text(render_letter_pdf(letter))
    today = timezone.localdate()
    deadline = add_working_days(today, APPEAL_WITHIN_WORKING_DAYS)
    assert deadline - today >= timedelta(days=APPEAL_WITHIN_WORKING_DAYS)
    assert f"Date: {today:%-d %B %Y}" in text
