"""Reading rows of a CSV from another system: what each importer shares.

A bad row is reported with its line number and the rest still imports (each importer runs
each row in its own transaction).
"""

from collections import Counter
from dataclasses import dataclass, field
from datetime import date


class RowError(ValueError):
    """A row that cannot be imported; the message names the column and the problem."""


@dataclass
class ImportResult:
    kind: str = ""
    counts: Counter[str] = field(default_factory=Counter)
    errors: list[tuple[int, str]] = field(default_factory=list)

    @property
    def rows_read(self) -> int:
        return sum(self.counts.values()) + len(self.errors)


def required(row: dict[str, str], name: str) -> str:
    value = (row.get(name) or "").strip()
    if not value:
        raise RowError(f"{name} is missing")
    return value


def optional(row: dict[str, str], name: str) -> str:
    return (row.get(name) or "").strip()


def iso_date(row: dict[str, str], name: str, *, required_value: bool = False) -> date | None:
    value = required(row, name) if required_value else optional(row, name)
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise RowError(f"{name} '{value}' is not a date in the form YYYY-MM-DD") from None
