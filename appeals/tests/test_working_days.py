from datetime import date, timedelta

import pytest

from appeals.actions import due_date
from appeals.working_days import BANK_HOLIDAYS, add_working_days, is_working_day
from decisions.models import DecisionSettings


def test_twenty_working_days_from_friday_18_december_2026_skip_christmas_and_new_year() -> None:
    # 25 and 28 December 2026 and 1 January 2027 are bank holidays, with the weekends between.
    assert add_working_days(date(2026, 12, 18), 20) == date(2027, 1, 20)


def test_a_weekend_is_skipped() -> None:
    friday = date(2026, 6, 5)
    assert add_working_days(friday, 1) == date(2026, 6, 8)


def test_easter_is_skipped() -> None:
    # Good Friday 3 April and Easter Monday 6 April 2026.
    assert add_working_days(date(2026, 4, 2), 1) == date(2026, 4, 7)


def test_an_appeal_received_at_the_weekend_counts_from_the_next_working_day() -> None:
    saturday = date(2026, 6, 6)
    assert add_working_days(saturday, 1) == date(2026, 6, 8)


def test_every_bank_holiday_in_the_table_falls_on_a_weekday() -> None:
    # Substitute days replace holidays that fall at a weekend.
    assert all(day.weekday() < 5 for day in BANK_HOLIDAYS)
    assert {day.year for day in BANK_HOLIDAYS} == {2025, 2026, 2027, 2028}
    assert all(len([d for d in BANK_HOLIDAYS if d.year == year]) == 8 for year in range(2025, 2029))


def test_working_days_exclude_bank_holidays() -> None:
    assert not is_working_day(date(2026, 12, 28))
    assert is_working_day(date(2026, 12, 29))


@pytest.mark.django_db
def test_the_number_of_working_days_comes_from_the_decision_settings() -> None:
    received = date(2026, 6, 1)
    assert due_date(received) == received + timedelta(days=28)
    rules = DecisionSettings.current()
    rules.appeal_due_working_days = 5
    rules.save()
    assert due_date(received) == date(2026, 6, 8)
