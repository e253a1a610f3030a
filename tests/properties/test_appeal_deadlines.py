"""An appeal's due date: N working days after it was received, never a weekend or holiday."""

from datetime import date, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from appeals.actions import due_date
from appeals.working_days import BANK_HOLIDAYS, LAST_YEAR_COVERED, add_working_days, is_working_day
from decisions.models import DecisionSettings

received_dates = st.dates(min_value=date(2025, 1, 1), max_value=date(LAST_YEAR_COVERED, 11, 30))
holidays = st.sampled_from(sorted(BANK_HOLIDAYS))


def working_days_between(after: date, up_to: date) -> list[date]:
    """The working days in (after, up_to], counted the slow and obvious way."""
    days = (after + timedelta(days=n) for n in range(1, (up_to - after).days + 1))
    return [d for d in days if d.weekday() < 5 and d not in BANK_HOLIDAYS]


@settings(max_examples=200, deadline=None)
@given(
    received=st.one_of(received_dates, holidays, holidays.map(lambda d: d - timedelta(days=1))),
    days=st.integers(min_value=1, max_value=60),
)
def test_the_due_date_is_exactly_n_working_days_after_it_was_received(
    received: date, days: int
) -> None:
    due = add_working_days(received, days)
    assert due > received
    assert is_working_day(due)
    assert due.weekday() < 5 and due not in BANK_HOLIDAYS
    assert len(working_days_between(received, due)) == days


@pytest.mark.django_db
@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(received=received_dates, days=st.integers(min_value=1, max_value=40))
def test_the_appeal_due_date_uses_the_configured_number_of_working_days(
    received: date, days: int
) -> None:
    rules = DecisionSettings.current()
    rules.appeal_due_working_days = days
    rules.save(update_fields=["appeal_due_working_days"])
    due = due_date(received)
    assert due > received and is_working_day(due)
    assert len(working_days_between(received, due)) == days


def test_no_bank_holiday_in_the_table_is_a_working_day() -> None:
    assert not any(is_working_day(day) for day in BANK_HOLIDAYS)
