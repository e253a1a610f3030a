"""The board pack's files: one PDF (cover, summary, charts, tables, equality section) and a zip
of CSV files with the same tables, built from the same sections as the dashboard."""

import csv
import io
import logging
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone

from governance.charts import data_uri, render_svg
from governance.dashboard import build_sections, summary_facts
from governance.equality import equality_section
from governance.models import BoardPack
from governance.periods import Period
from governance.policy_dates import PolicyDates, policy_dates
from governance.tables import Section
from people.csv_safety import neutralise_formula

# WeasyPrint reports every layout step at INFO; keep its steps out of the log.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)

Progress = Callable[[int, str], None]


@dataclass
class PackContents:
    period: Period
    sections: list[Section]
    facts: list[tuple[str, Any]]
    dates: PolicyDates
    built_at: datetime
    today: date


def gather(period: Period, *, today: date, progress: Progress) -> PackContents:
    progress(10, "Counting incidents and actions")
    sections = build_sections(period, today=today)
    progress(45, "Comparing who is under a measure with all customers")
    sections.append(equality_section(today=today))
    return PackContents(
        period=period,
        sections=sections,
        facts=summary_facts(sections),
        dates=policy_dates(),
        built_at=timezone.now(),
        today=today,
    )


def render_pdf(pack: BoardPack, contents: PackContents, *, progress: Progress) -> bytes:
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    progress(60, "Drawing the charts")
    charts = {
        table.slug: data_uri(render_svg(table.chart))
        for section in contents.sections
        for table in section.tables
        if table.chart is not None
    }
    progress(75, "Laying out the PDF")
    html = render_to_string(
        "governance/pdf/board_pack.html",
        {
            "pack": pack,
            "period": contents.period,
            "sections": contents.sections,
            "facts": contents.facts,
            "dates": contents.dates,
            "approval_state": contents.dates.approval_state(contents.today),
            "monitoring_state": contents.dates.monitoring_state(contents.today),
            "charts": charts,
            "built_at": timezone.localtime(contents.built_at),
        },
    )
    # Self-contained: the charts are data: addresses and nothing else is ever fetched.
    fetch_charts_only = URLFetcher(allowed_protocols={"data"})
    document = HTML(string=html, base_url=None, url_fetcher=fetch_charts_only)
    pdf: bytes = document.write_pdf(pdf_tags=True)
    return pdf


def _csv(rows: list[list[Any]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for row in rows:
        # OWASP CSV injection: text a spreadsheet would run as a formula is made plain text.
        writer.writerow([neutralise_formula(str(cell)) for cell in row])
    # A byte-order mark, so a spreadsheet reads the file as UTF-8.
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def render_csv_zip(contents: PackContents) -> bytes:
    buffer = io.BytesIO()
    notes = [
        f"Board pack: {contents.period.label}, {contents.period.starts_on} to "
        f"{contents.period.ends_on}. Built {timezone.localtime(contents.built_at):%Y-%m-%d %H:%M}.",
        "Figures only. Groups of fewer than five people are shown as 'fewer than 5'.",
        "",
    ]
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as bundle:
        bundle.writestr(
            "00_summary.csv", _csv([["Measure", "Value"], *[list(fact) for fact in contents.facts]])
        )
        for number, section in enumerate(contents.sections, start=1):
            notes.append(f"{section.title}: {section.intro}")
            for table in section.tables:
                name = f"{number:02d}_{section.slug}_{table.slug}.csv"
                bundle.writestr(name, _csv([table.headers, *table.rows]))
                notes.append(f"  {name}: {table.caption}. {table.note}".rstrip())
        bundle.writestr("README.txt", "\n".join(notes) + "\n")
    return buffer.getvalue()


def build_files(pack: BoardPack, *, progress: Progress) -> tuple[bytes, bytes]:
    period = Period(pack.starts_on, pack.ends_on, pack.label)
    contents = gather(period, today=timezone.localdate(), progress=progress)
    pdf = render_pdf(pack, contents, progress=progress)
    progress(92, "Writing the CSV files")
    return pdf, render_csv_zip(contents)
