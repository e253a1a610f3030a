"""The letters section of the case page: letters sent, decisions not to tell, what to do."""

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from django.db import connection
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from access.models import User
from conftest import World
from letters.actions import issue_letter, record_customer_not_told
from letters.models import Letter, LetterKind
from letters.panels import case_panel

pytestmark = pytest.mark.django_db


def panel_html(user: User, world: World) -> str:
    request: Any = RequestFactory().get("/")
    request.user = user
    with CaptureQueriesContext(connection) as queries:
        context = case_panel(request, world.north_case)
    assert len(queries) <= 4
    return render_to_string("letters/_case_panel.html", {**context, "case": world.north_case})


def test_the_panel_lists_letters_and_decisions_not_to_tell_with_their_links(
    complete_letter: Callable[..., Letter], officer: User, world: World
) -> None:
    sent = issue_letter(letter=complete_letter(), channel="post", by=officer)
    draft = complete_letter(LetterKind.INFORMAL_WARNING)
    assert sent.decision is not None
    record_customer_not_told(
        case=world.north_case,
        decision=sent.decision,
        reason="Risk to the officer.",
        review_on=timezone.localdate() + timedelta(days=30),
        by=officer,
    )
    html = panel_html(officer, world)
    assert reverse("letters:detail", args=[sent.pk]) in html
    assert reverse("letters:pdf", args=[draft.pk]) in html
    assert f"{reverse('letters:pdf', args=[sent.pk])}?large=1" in html
    assert "by post" in html and "Not sent" in html
    assert "Decisions not to tell the customer" in html and sent.decision.reference in html
    assert "Risk to the officer." not in html
    assert reverse("letters:draft", args=[world.north_case.pk]) in html
    assert reverse("letters:withhold", args=[world.north_case.pk]) in html


def test_a_reader_who_cannot_work_the_case_gets_no_links_to_write(
    complete_letter: Callable[..., Letter], director: User, world: World
) -> None:
    complete_letter()
    html = panel_html(director, world)
    assert "Write a letter" not in html and "will not be told" not in html
    assert "Formal warning" in html


def test_someone_who_cannot_see_the_case_sees_no_letters(
    complete_letter: Callable[..., Letter], other_officer: User, world: World
) -> None:
    complete_letter()
    assert "Formal warning" not in panel_html(other_officer, world)
