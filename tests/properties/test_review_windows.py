"""A measure's review date is accepted exactly inside the configured window, never outside."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from access.models import User
from conftest import World
from decisions.actions import (
    approve_decision,
    propose_decision,
    record_needs_check,
    set_next_review,
)
from decisions.models import Decision, DecisionSettings, NeedsCheck, Response, RestrictionKind
from flags.actions import propose_flag
from flags.models import RiskLevel
from restrictions.actions import propose_restriction
from tests.properties.helpers import rolled_back, snapshot

pytestmark = pytest.mark.django_db

EXAMPLES = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
start_dates = st.dates(min_value=date(2020, 1, 1), max_value=date(2035, 12, 31))
# Offsets either side of both ends of the window, and well beyond them.
offsets = st.one_of(
    st.integers(min_value=-400, max_value=800),
    st.sampled_from([-1, 0, 1, 89, 90, 91, 365, 366, 367]),
)
windows = st.tuples(
    st.integers(min_value=1, max_value=200), st.integers(min_value=0, max_value=300)
).map(lambda pair: (pair[0], pair[0] + pair[1]))


@pytest.fixture
def needs_checked(world: World, officer: User) -> NeedsCheck:
    return record_needs_check(
        case=world.north_case,
        by=officer,
        referral_offered=False,
        consent=NeedsCheck.Consent.NOT_OFFERED,
        expectation_explained=True,
        no_needs_found=True,
    )


def use_window(window: tuple[int, int] | None) -> DecisionSettings:
    rules = DecisionSettings.current()
    if window is not None:
        rules.review_min_days, rules.review_max_days = window
        rules.save(update_fields=["review_min_days", "review_max_days"])
    return rules


def inside(rules: DecisionSettings, start: date, review: date) -> bool:
    return rules.review_min_days <= (review - start).days <= rules.review_max_days


@EXAMPLES
@given(start=start_dates, offset=offsets, window=st.one_of(st.none(), windows))
def test_a_decision_is_accepted_exactly_when_its_review_is_inside_the_window(
    world: World,
    officer: User,
    needs_checked: NeedsCheck,
    start: date,
    offset: int,
    window: tuple[int, int] | None,
) -> None:
    with rolled_back():
        rules = use_window(window)
        review = start + timedelta(days=offset)
        before = snapshot()
        try:
            decision = propose_decision(
                case=world.north_case,
                response=Response.CONTACT_RESTRICTION,
                restriction_kind=RestrictionKind.WRITTEN_ONLY,
                basis="Abusive calls to the contact centre.",
                starts_on=start,
                review_on=review,
                by=officer,
            )
        except ValidationError as refused:
            assert not inside(rules, start, review)
            assert "review_on" in refused.message_dict
            assert snapshot() == before
        else:
            assert inside(rules, start, review)
            assert (decision.starts_on, decision.review_on) == (start, review)


@EXAMPLES
@given(start=start_dates, offset=offsets, window=st.one_of(st.none(), windows))
def test_a_warning_flag_is_accepted_exactly_when_its_review_is_inside_the_window(
    world: World,
    officer: User,
    needs_checked: NeedsCheck,
    start: date,
    offset: int,
    window: tuple[int, int] | None,
) -> None:
    with rolled_back():
        rules = use_window(window)
        review = start + timedelta(days=offset)
        before = snapshot()
        try:
            flag = propose_flag(
                case=world.north_case,
                by=officer,
                risk_level=RiskLevel.HIGH,
                handling_instruction="Visit in pairs.",
                incidents=[world.north_incident],
                starts_on=start,
                review_on=review,
                basis="Threats at the door.",
                person=world.north_person,
            )
        except ValidationError as refused:
            assert not inside(rules, start, review)
            assert "review_on" in refused.message_dict
            assert snapshot() == before
        else:
            assert inside(rules, start, review)
            assert flag.decision.review_on == review


@EXAMPLES
@given(start=start_dates, offset=offsets, window=st.one_of(st.none(), windows))
def test_a_contact_restriction_is_accepted_exactly_when_its_review_is_inside_the_window(
    world: World,
    officer: User,
    needs_checked: NeedsCheck,
    start: date,
    offset: int,
    window: tuple[int, int] | None,
) -> None:
    with rolled_back():
        rules = use_window(window)
        review = start + timedelta(days=offset)
        before = snapshot()
        try:
            restriction = propose_restriction(
                case=world.north_case,
                by=officer,
                kind=RestrictionKind.WRITTEN_ONLY,
                starts_on=start,
                review_on=review,
                basis="Repeated abusive calls.",
            )
        except ValidationError as refused:
            assert not inside(rules, start, review)
            assert "review_on" in refused.message_dict
            assert snapshot() == before
        else:
            assert inside(rules, start, review)
            assert restriction.decision.review_on == review


@pytest.fixture
def measure_in_force(
    world: World, officer: User, head_of_service: User, needs_checked: NeedsCheck
) -> Decision:
    today = timezone.localdate()
    proposed = propose_restriction(
        case=world.north_case,
        by=officer,
        kind=RestrictionKind.WRITTEN_ONLY,
        starts_on=today,
        review_on=today + timedelta(days=180),
        basis="Repeated abusive calls.",
    )
    return approve_decision(decision=proposed.decision, by=head_of_service)


@EXAMPLES
@given(offset=offsets, window=st.one_of(st.none(), windows))
def test_the_next_review_is_set_exactly_when_it_is_inside_the_window_from_today(
    measure_in_force: Decision, officer: User, offset: int, window: tuple[int, int] | None
) -> None:
    with rolled_back():
        rules = use_window(window)
        today = timezone.localdate()
        review = today + timedelta(days=offset)
        before = snapshot()
        try:
            decision = set_next_review(
                decision=measure_in_force, review_on=review, by=officer, reason="Reviewed."
            )
        except ValidationError as refused:
            assert not inside(rules, today, review)
            assert "review_on" in refused.message_dict
            assert snapshot() == before
        else:
            assert inside(rules, today, review)
            assert decision.review_on == review
