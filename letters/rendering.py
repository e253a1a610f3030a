"""A letter as HTML (the preview) and as PDF (what the customer gets), from one template."""

import logging
from typing import Any

from django.template.loader import render_to_string

from letters.content import LETTERHEAD, appeal_route, letter_date, recipient_for
from letters.models import Letter

# WeasyPrint reports every layout step at INFO; the settings log INFO, so keep its steps out.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)


def letter_context(
    letter: Letter, *, large: bool = False, draft: bool = False, in_page: bool = False
) -> dict[str, Any]:
    """What the letter templates need. `in_page`: shown inside a page (under its h2), not as
    a document of its own."""
    if letter.is_issued:
        name, lines = letter.recipient_name, letter.recipient_address.splitlines()
    else:
        name, lines = recipient_for(letter.case)
    return {
        "letter": letter,
        "case": letter.case,
        "decision": letter.decision,
        "letterhead": LETTERHEAD,
        "dated": letter_date(letter),
        "recipient_name": name,
        "recipient_lines": lines,
        "appeal": appeal_route(letter),
        "signed_by": letter.issued_by or letter.created_by,
        "kind_template": f"letters/pdf/kinds/{letter.kind}.html",
        "large": large,
        "draft": draft,
        "subject_tag": "h3" if in_page else "h1",
        "part_tag": "h4" if in_page else "h2",
    }


def render_letter_html(letter: Letter, *, large: bool = False, draft: bool = False) -> str:
    """The whole letter as an HTML document, as WeasyPrint lays it out."""
    return render_to_string(
        "letters/pdf/letter.html", letter_context(letter, large=large, draft=draft)
    )


def render_letter_pdf(letter: Letter, *, large: bool = False, draft: bool = False) -> bytes:
    # Imported when a letter is rendered: loading WeasyPrint parses its stylesheets, which
    # every other request and management command can do without.
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    class FetchNothing(URLFetcher):  # type: ignore[misc]
        """A letter is self-contained: nothing in it makes the renderer fetch a URL or file."""

        def fetch(self, url: str, headers: Any = None) -> Any:
            raise ValueError(f"Letters load no outside resources ({url[:40]}).")

    html = render_letter_html(letter, large=large, draft=draft)
    document = HTML(string=html, base_url=None, url_fetcher=FetchNothing())
    # Tagged, so a screen reader reads the headings and paragraphs in order.
    pdf: bytes = document.write_pdf(pdf_tags=True)
    return pdf
