from datetime import date

from governance import periods


def test_quarters_follow_the_financial_year_from_april() -> None:
    first = periods.quarter_of(date(2026, 5, 14))
    assert (first.starts_on, first.ends_on) == (date(2026, 4, 1), date(2026, 6, 30))
    assert first.label == "Quarter 1 2026 to 2027"
    fourth = periods.quarter_of(date(2027, 2, 1))
    assert (fourth.starts_on, fourth.ends_on) == (date(2027, 1, 1), date(2027, 3, 31))
    assert fourth.label == "Quarter 4 2026 to 2027"


def test_a_year_runs_from_1_april_to_31_march() -> None:
    year = periods.financial_year_of(date(2026, 3, 31))
    assert (year.starts_on, year.ends_on) == (date(2025, 4, 1), date(2026, 3, 31))
    assert year.label == "Year 2025 to 2026"


def test_recent_quarters_go_back_without_gaps() -> None:
    found = periods.recent_quarters(date(2026, 11, 27), 5)
    for later, earlier in zip(found, found[1:], strict=False):
        assert (later.starts_on - earlier.ends_on).days == 1


def test_an_exact_quarter_is_named_and_any_other_period_is_described() -> None:
    assert periods.named(date(2026, 7, 1), date(2026, 9, 30)).label == "Quarter 2 2026 to 2027"
    assert periods.named(date(2026, 7, 1), date(2026, 7, 31)).label == "1 July 2026 to 31 July 2026"
