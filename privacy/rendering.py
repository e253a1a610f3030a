"""A subject access export laid out for reading (PDF) and bundled with the letters (ZIP)."""

import io
import zipfile
from datetime import date, datetime
from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.formats import date_format

from letters.content import LETTERHEAD
from letters.models import Letter

EMPTY = "–"


def _label(key: str) -> str:
    return key.replace("_", " ").capitalize()


def _scalar(value: Any) -> str:
    if value is None or value == "":
        return EMPTY
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, datetime):
        return date_format(timezone.localtime(value), "j F Y H:i")
    if isinstance(value, date):
        return date_format(value, "j F Y")
    return str(value)


def display(value: Any) -> dict[str, Any]:
    """A value as the report template shows it: text, a record, or a list of records."""
    if isinstance(value, dict):
        return {"record": [(_label(k), display(v)) for k, v in value.items()]}
    if isinstance(value, list):
        if value and all(isinstance(item, dict) for item in value):
            return {"records": [display(item)["record"] for item in value]}
        return {"text": "; ".join(_scalar(item) for item in value) or EMPTY}
    return {"text": _scalar(value)}


def report_context(data: dict[str, Any], titles: dict[str, str]) -> dict[str, Any]:
    about = data["about_this_export"]
    parts = []
    for key, value in data.items():
        if key == "about_this_export":
            continue
        shown = display(value)
        parts.append({"title": titles.get(key, _label(key)), "key": key, **shown})
    return {
        "about": about,
        "parts": parts,
        "letterhead": LETTERHEAD,
        "produced": _scalar(about["produced_at"]),
    }


def render_report_html(data: dict[str, Any], titles: dict[str, str]) -> str:
    return render_to_string("privacy/pdf/report.html", report_context(data, titles))


def render_report_pdf(data: dict[str, Any], titles: dict[str, str]) -> bytes:
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    class FetchNothing(URLFetcher):  # type: ignore[misc]
        """The report is self-contained: it loads no outside resource."""

        def fetch(self, url: str, headers: Any = None) -> Any:
            raise ValueError(f"Reports load no outside resources ({url[:40]}).")

    html = render_report_html(data, titles)
    pdf: bytes = HTML(string=html, base_url=None, url_fetcher=FetchNothing()).write_pdf(
        pdf_tags=True
    )
    return pdf


def bundle(
    *,
    reference: str,
    pdf: bytes,
    json_bytes: bytes,
    letters: list[Letter],
    files: list[tuple[str, bytes]],
) -> bytes:
    """The report, the data and a copy of every letter issued, as sent (byte for byte)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(f"{reference}/report.pdf", pdf)
        archive.writestr(f"{reference}/data.json", json_bytes)
        for letter in letters:
            archive.writestr(f"{reference}/letters/{letter.reference}.pdf", letter.stored_pdf())
        for name, content in files:
            archive.writestr(f"{reference}/evidence/{name}", content)
    return buffer.getvalue()
