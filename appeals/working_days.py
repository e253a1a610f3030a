"""Working days for appeal due dates: Monday to Friday, less England and Wales bank holidays.

The table follows the published list (gov.uk/bank-holidays), with the substitute days when a
holiday falls at a weekend. Extend it before the last year runs out: a date past the table is
counted with weekends only, which would bring a due date forward.
"""

from datetime import date, timedelta

BANK_HOLIDAYS: frozenset[date] = frozenset(
    {
        # 2025
        date(2025, 1, 1),
        date(2025, 4, 18),
        date(2025, 4, 21),
        date(2025, 5, 5),
        date(2025, 5, 26),
        date(2025, 8, 25),
        date(2025, 12, 25),
        date(2025, 12, 26),
        # 2026: Boxing Day is a Saturday, so Monday 28 December is the substitute day.
        date(2026, 1, 1),
        date(2026, 4, 3),
        date(2026, 4, 6),
        date(2026, 5, 4),
        date(2026, 5, 25),
        date(2026, 8, 31),
        date(2026, 12, 25),
        date(2026, 12, 28),
        # 2027: Christmas Day and Boxing Day fall at the weekend (substitutes 27 and 28).
        date(2027, 1, 1),
        date(2027, 3, 26),
        date(2027, 3, 29),
        date(2027, 5, 3),
        date(2027, 5, 31),
        date(2027, 8, 30),
        date(2027, 12, 27),
        date(2027, 12, 28),
        # 2028: New Year's Day is a Saturday (substitute Monday 3 January).
        date(2028, 1, 3),
        date(2028, 4, 14),
        date(2028, 4, 17),
        date(2028, 5, 1),
        date(2028, 5, 29),
        date(2028, 8, 28),
        date(2028, 12, 25),
        date(2028, 12, 26),
    }
)
LAST_YEAR_COVERED = max(day.year for day in BANK_HOLIDAYS)


def is_working_day(day: date) -> bool:
    return day.weekday() < 5 and day not in BANK_HOLIDAYS


def add_working_days(start: date, days: int) -> date:
    """The date `days` working days after `start` (the day itself is not counted)."""
    day = start
    remaining = days
    while remaining > 0:
        day += timedelta(days=1)
        if is_working_day(day):
            remaining -= 1
    return day
