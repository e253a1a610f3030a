"""Reporting periods. Quarters and years are the financial year, 1 April to 31 March, as a
housing association reports to its board."""

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings

FIRST_MONTH = 4  # April


@dataclass(frozen=True)
class Period:
    starts_on: date
    ends_on: date  # inclusive
    label: str

    @property
    def key(self) -> str:
        return f"{self.starts_on.isoformat()}_{self.ends_on.isoformat()}"

    @property
    def days(self) -> int:
        return (self.ends_on - self.starts_on).days + 1

    def bounds(self) -> tuple[datetime, datetime]:
        """The first moment of the first day and the first moment after the last, local time,
        so a range filter uses the index on the datetime column."""
        zone = ZoneInfo(settings.TIME_ZONE)
        start = datetime.combine(self.starts_on, time.min, tzinfo=zone)
        end = datetime.combine(self.ends_on + timedelta(days=1), time.min, tzinfo=zone)
        return start.astimezone(UTC), end.astimezone(UTC)

    def months(self) -> list[date]:
        """The first day of each calendar month the period touches."""
        first = self.starts_on.replace(day=1)
        found = []
        while first <= self.ends_on:
            found.append(first)
            first = (first + timedelta(days=32)).replace(day=1)
        return found


def financial_year_starting(year: int) -> Period:
    return Period(date(year, 4, 1), date(year + 1, 3, 31), f"Year {year} to {year + 1}")


def financial_year_of(day: date) -> Period:
    return financial_year_starting(day.year if day.month >= FIRST_MONTH else day.year - 1)


def financial_quarter(year: int, number: int) -> Period:
    """Quarter 1 is April to June of the financial year starting in `year`."""
    month = FIRST_MONTH + 3 * (number - 1)
    start = date(year + (month - 1) // 12, (month - 1) % 12 + 1, 1)
    after = (start + timedelta(days=95)).replace(day=1)
    return Period(start, after - timedelta(days=1), f"Quarter {number} {year} to {year + 1}")


def quarter_of(day: date) -> Period:
    year = financial_year_of(day).starts_on.year
    number = ((day.month - FIRST_MONTH) % 12) // 3 + 1
    return financial_quarter(year, number)


def recent_quarters(today: date, count: int = 6) -> list[Period]:
    """This quarter and the ones before it, most recent first."""
    found = [quarter_of(today)]
    while len(found) < count:
        found.append(quarter_of(found[-1].starts_on - timedelta(days=1)))
    return found


def recent_years(today: date, count: int = 3) -> list[Period]:
    found = [financial_year_of(today)]
    while len(found) < count:
        found.append(financial_year_of(found[-1].starts_on - timedelta(days=1)))
    return found


def shortcuts(today: date) -> list[Period]:
    """The periods offered as one-click choices: recent quarters, then recent years."""
    return recent_quarters(today, 4) + recent_years(today, 2)


def named(starts_on: date, ends_on: date) -> Period:
    """The period, called by its quarter or year when it is exactly one."""
    for candidate in (quarter_of(starts_on), financial_year_of(starts_on)):
        if (candidate.starts_on, candidate.ends_on) == (starts_on, ends_on):
            return candidate
    return Period(starts_on, ends_on, f"{starts_on:%-d %B %Y} to {ends_on:%-d %B %Y}")


def from_key(key: str, today: date) -> Period | None:
    """A board-pack choice ('2026-04-01_2026-06-30') back to one of the offered periods."""
    offered = recent_quarters(today, 8) + recent_years(today, 3)
    return next((period for period in offered if period.key == key), None)
