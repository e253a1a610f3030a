"""The reviews sections of the case page and of My work."""

from collections.abc import Callable
from datetime import timedelta

import pytest
from django.template.loader import render_to_string
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import timezone

from access.models import User
from conftest import World
from decisions.models import Decision
from flags.models import WarningFlag
from reviews.actions import record_review
from reviews.panels import case_panel, my_work_panel

pytestmark = pytest.mark.django_db

SignIn = Callable[[str], Client]


def request_for(user: User):  # type: ignore[no-untyped-def]
    request = RequestFactory().get("/")
    request.user = user
    return request


def test_my_work_lists_my_overdue_measure(flag: WarningFlag, officer: User) -> None:
    Decision.objects.filter(pk=flag.decision.pk).update(
        review_on=timezone.localdate() - timedelta(days=1)
    )

    context = my_work_panel(request_for(officer))

    panel = context["reviews"]
    assert [row["decision"].pk for row in panel["measures"]] == [flag.decision.pk]
    assert panel["overdue_count"] == 1
    html = render_to_string("reviews/_my_work_panel.html", context)
    assert "1 overdue" in html and reverse("reviews:record", args=[flag.decision.pk]) in html


def test_my_work_leaves_out_another_officers_measures(
    flag: WarningFlag, other_officer: User
) -> None:
    Decision.objects.filter(pk=flag.decision.pk).update(review_on=timezone.localdate())

    assert my_work_panel(request_for(other_officer))["reviews"]["measures"] == []


def test_my_work_leaves_out_a_measure_not_yet_due(flag: WarningFlag, officer: User) -> None:
    assert my_work_panel(request_for(officer))["reviews"]["measures"] == []


def test_the_case_panel_shows_the_measure_and_the_review_with_its_letter(
    flag: WarningFlag, officer: User, world: World
) -> None:
    review = record_review(
        decision=flag.decision,
        outcome="continue",
        reasons="Still needed.",
        next_review_on=timezone.localdate() + timedelta(days=120),
        by=officer,
    )

    context = case_panel(request_for(officer), world.north_case)

    html = render_to_string("reviews/_case_panel.html", context)
    assert flag.decision.reference in html
    assert review.letter is not None
    assert reverse("letters:detail", args=[review.letter.pk]) in html
    assert reverse("reviews:record", args=[flag.decision.pk]) in html
