"""The shape every figure takes: a table (what screen readers, print and CSV read) and, for
some, a chart drawn from the same rows. The page, the PDF and the CSV bundle all render these."""

from dataclasses import dataclass, field
from typing import Any


@dataclass
class Chart:
    slug: str
    title: str
    x_label: str
    y_label: str
    labels: list[str]
    values: list[float]
    horizontal: bool = False


@dataclass
class Table:
    slug: str
    caption: str
    headers: list[str]
    rows: list[list[Any]]
    note: str = ""
    # Row indexes to draw attention to (equality: a group over-represented among measures).
    highlighted: set[int] = field(default_factory=set)
    chart: Chart | None = None
    # Columns from this one on hold figures (right-aligned, GOV.UK numeric cells).
    numeric_from: int = 1

    def marked_rows(self) -> list[tuple[list[Any], bool]]:
        return [(row, index in self.highlighted) for index, row in enumerate(self.rows)]


@dataclass
class Section:
    slug: str
    title: str
    intro: str
    tables: list[Table]
    facts: list[tuple[str, Any]] = field(default_factory=list)


def counted(
    slug: str,
    caption: str,
    label_header: str,
    pairs: list[tuple[str, int]],
    *,
    note: str = "",
) -> Table:
    return Table(slug, caption, [label_header, "Number"], [[label, n] for label, n in pairs], note)


def percentage(part: int, whole: int) -> str:
    if not whole:
        return "–"
    return f"{100 * part / whole:.1f}%"
