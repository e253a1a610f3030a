"""Hostile text typed into the real forms is stored as typed and shown escaped, never run.

Each free-text field gets every string of the corpus: markup, SQL, spreadsheet formulas,
right-to-left override, emoji, control characters and a string at the field's maximum length
(one character more must be refused with a specific message, never a server error).
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from io import BytesIO
from typing import Any

import pytest
from django import forms
from django.db.models import Model
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from access.models import User
from appeals.forms import LodgeAppealForm
from appeals.models import Appeal
from cases.forms import CaseNoteForm
from cases.models import ChronologyEntry
from conftest import World
from decisions.actions import propose_decision, record_needs_check
from decisions.forms import AssessmentForm, DecisionForm, NeedsCheckForm
from decisions.models import Assessment, Decision, NeedsCheck, Response
from flags.forms import FlagForm
from flags.models import WarningFlag
from incidents.forms import IncidentForm
from incidents.models import Incident, IncidentPerson, Witness
from letters.forms import DraftLetterForm
from letters.models import Letter
from letters.rendering import render_letter_pdf
from restrictions.forms import RestrictionForm
from restrictions.models import ContactRestriction

pytestmark = pytest.mark.django_db

SCRIPT = "<script>alert(1)</script>"
CORPUS = {
    "script": SCRIPT,
    "sql": "' OR 1=1--",
    "hyperlink": '=HYPERLINK("http://x","y")',
    "sum": "+SUM(1,2)",
    "minus": "-1+1",
    "at": "@A1",
    "right_to_left": "abc\u202edef",
    "emoji": "🙂👍🏽",
    "control": "a\x01b\x07c\x1bd\x7fe",
}
LONG = "long"
ESCAPED = "&lt;script&gt;alert(1)&lt;/script&gt;"


@dataclass
class Field:
    """One free-text field of one real form: where to post it and where it is kept."""

    url: Callable[[World], str]
    form: type[forms.Form]
    field: str
    data: Callable[[World], dict[str, Any]]
    stored: Callable[[str], bool]
    pages: Callable[[World], list[str]]
    persona: str = "officer"
    # The longest value the record keeps, when shorter than the form field allows.
    longest: int | None = None
    # False where no page shows the stored text back (vulnerability data stays off pages).
    shown: bool = True


def kept(model: type[Model], attribute: str) -> Callable[[str], bool]:
    return lambda value: model._default_manager.filter(**{attribute: value}).exists()


def case_page(world: World) -> list[str]:
    return [reverse("cases:detail", args=[world.north_case.pk])]


def latest_decision_page(world: World) -> list[str]:
    return [*case_page(world), reverse("decisions:detail", args=[Decision.objects.latest("pk").pk])]


def incident_data(world: World) -> dict[str, Any]:
    when = timezone.localtime() - timedelta(hours=1)
    return {
        "responsible": [str(world.north_person.pk)],
        "unknown_person": "",
        "occurred_date": when.strftime("%Y-%m-%d"),
        "occurred_time": when.strftime("%H:%M"),
        "colleague_at_work": "yes",
        "channel": "phone",
        "location": "Contact centre",
        "unacceptable_behaviours": ["threats"],
        "unreasonable_demands": [],
        "description": "Said he would wait in the car park.",
        "exact_words": "",
        "directed_at_me": "on",
        "other_colleagues": "",
        "witnesses": "",
        "injuries": "no",
        "injury_details": "",
        "police_attended": "no",
        "crime_reference": "",
    }


def incident_pages(world: World) -> list[str]:
    incident = Incident.objects.latest("pk")
    return [
        reverse("incidents:detail", args=[incident.pk]),
        reverse("incidents:reported", args=[incident.pk]),
        *case_page(world),
    ]


def witness_kept(value: str) -> bool:
    witness = Witness.objects.latest("pk")
    typed = witness.name + ("," + witness.contact_details if witness.contact_details else "")
    return typed == value


def needs_data(world: World) -> dict[str, Any]:
    return {
        "needs": ["other"],
        "other_need": "Hoarding",
        "referral_offered": "yes",
        "consent": "agreed",
        "consent_date": timezone.localdate().isoformat(),
        "consent_how": "verbally",
        "referral_agency": "Mind",
        "referral_outcome": "",
        "expectation_explained": "on",
        "notes": "",
    }


def measure_dates() -> dict[str, str]:
    today = timezone.localdate()
    return {
        "starts_on": today.isoformat(),
        "review_on": (today + timedelta(days=180)).isoformat(),
    }


def restriction_data(name: str) -> Callable[[World], dict[str, Any]]:
    # The meeting place is shown only on a restriction of that kind.
    kind = "meetings_office_or_pairs" if name == "meeting_place" else "advocate_only"
    return lambda world: {
        "kind": kind,
        "advocate_name": "Citizens Advice",
        "basis": "Repeated abusive calls.",
        **measure_dates(),
    }


def url_for_case(name: str) -> Callable[[World], str]:
    return lambda world: reverse(name, args=[world.north_case.pk])


FIELDS: dict[str, Field] = {
    **{
        f"incident {name}": Field(
            url=lambda world: reverse("incidents:report"),
            form=IncidentForm,
            field=name,
            data=incident_data,
            stored=stored,
            pages=incident_pages,
            persona="frontline",
            longest=200 if name == "witnesses" else None,
        )
        for name, stored in {
            "description": kept(Incident, "description"),
            "exact_words": kept(Incident, "exact_words"),
            "location": kept(Incident, "location"),
            "unknown_person": kept(IncidentPerson, "unknown_description"),
            "witnesses": witness_kept,
        }.items()
    },
    "case note": Field(
        url=url_for_case("cases:add_note"),
        form=CaseNoteForm,
        field="text",
        data=lambda world: {},
        stored=kept(ChronologyEntry, "body"),
        pages=case_page,
    ),
    "assessment notes": Field(
        url=url_for_case("decisions:assess"),
        form=AssessmentForm,
        field="notes",
        data=lambda world: {"behaviours": ["threats"], "severity": "2"},
        stored=kept(Assessment, "notes"),
        pages=case_page,
    ),
    **{
        f"needs check {name}": Field(
            url=url_for_case("decisions:needs_check"),
            form=NeedsCheckForm,
            field=name,
            data=needs_data,
            stored=kept(NeedsCheck, name),
            shown=False,
            pages=lambda world: [
                reverse("decisions:needs_check", args=[world.north_case.pk]),
                *case_page(world),
            ],
        )
        for name in ("notes", "other_need", "referral_agency", "referral_outcome")
    },
    "decision basis": Field(
        url=url_for_case("decisions:propose"),
        form=DecisionForm,
        field="basis",
        data=lambda world: {"response": Response.WARNING_LETTER},
        stored=kept(Decision, "basis"),
        pages=latest_decision_page,
    ),
    **{
        f"flag {name}": Field(
            url=url_for_case("flags:propose"),
            form=FlagForm,
            field=name,
            data=lambda world: {
                "subject": "person",
                "incidents": [str(world.north_incident.pk)],
                "risk_level": "high",
                "handling_instruction": "Visit in pairs.",
                "basis": "Threats at the door.",
                **measure_dates(),
            },
            stored=stored,
            pages=lambda world: [
                *latest_decision_page(world),
                reverse("flags:detail", args=[WarningFlag.objects.latest("pk").pk]),
            ],
        )
        for name, stored in {
            "handling_instruction": kept(WarningFlag, "handling_instruction"),
            "basis": kept(Decision, "basis"),
        }.items()
    },
    **{
        f"restriction {name}": Field(
            url=url_for_case("restrictions:propose"),
            form=RestrictionForm,
            field=name,
            data=restriction_data(name),
            stored=stored,
            pages=lambda world: [
                *latest_decision_page(world),
                reverse("restrictions:detail", args=[ContactRestriction.objects.latest("pk").pk]),
            ],
        )
        for name, stored in {
            "advocate_name": kept(ContactRestriction, "advocate_name"),
            "advocate_contact": kept(ContactRestriction, "advocate_contact"),
            "meeting_place": kept(ContactRestriction, "meeting_place"),
            "basis": kept(Decision, "basis"),
            "adjustment_rationale": kept(Decision, "adjustment_rationale"),
        }.items()
    },
    "appeal grounds": Field(
        url=lambda world: reverse("appeals:lodge", args=[Decision.objects.earliest("pk").pk]),
        form=LodgeAppealForm,
        field="grounds",
        data=lambda world: {
            "received_on": timezone.localdate().isoformat(),
            "how_received": "email",
        },
        stored=kept(Appeal, "grounds"),
        pages=lambda world: [
            reverse(
                "appeals:detail",
                args=[Appeal.objects.latest("pk").pk],
            )
        ],
    ),
    **{
        f"letter {name}": Field(
            url=url_for_case("letters:draft"),
            form=DraftLetterForm,
            field=name,
            data=lambda world: {"kind": "informal_warning"},
            stored=kept(Letter, name),
            pages=lambda world: [
                reverse("letters:detail", args=[Letter.objects.latest("pk").pk]),
                *case_page(world),
            ],
        )
        for name in ("behaviour_found", "expected_behaviour", "consequences", "body")
    },
}


@pytest.fixture
def prepared(world: World, officer: User) -> World:
    """A needs check and a warning letter in force, so every form above can be used."""
    record_needs_check(
        case=world.north_case,
        by=officer,
        referral_offered=False,
        consent=NeedsCheck.Consent.NOT_OFFERED,
        expectation_explained=True,
        no_needs_found=True,
    )
    propose_decision(
        case=world.north_case,
        response=Response.WARNING_LETTER,
        basis="Shouted at colleagues.",
        by=officer,
    )
    return world


def max_length(spec: Field) -> int:
    length = getattr(spec.form.base_fields[spec.field], "max_length", None)
    return min(spec.longest or length or 20000, length or 20000, 20000)


def post(spec: Field, world: World, client: Client, value: str) -> Any:
    return client.post(spec.url(world), {**spec.data(world), spec.field: value})


@pytest.mark.parametrize("which", sorted(FIELDS))
@pytest.mark.parametrize("sample", [*sorted(CORPUS), LONG])
def test_hostile_text_is_stored_as_typed_and_shown_escaped(
    prepared: World, sign_in: Any, which: str, sample: str
) -> None:
    spec = FIELDS[which]
    value = "x" * max_length(spec) if sample == LONG else CORPUS[sample]
    client = sign_in(spec.persona)
    response = post(spec, prepared, client, value)
    assert response.status_code == 302, response.content.decode()[:3000]
    assert spec.stored(value)
    reader = sign_in("officer")
    shown_escaped = []
    for page in spec.pages(prepared):
        html = (client if "incidents" in page else reader).get(page)
        assert html.status_code == 200, page
        text = html.content.decode()
        assert SCRIPT not in text, page
        shown_escaped.append(ESCAPED in text)
    if sample == "script" and spec.shown:
        # At least one page shows what was typed; none shows it as markup.
        assert any(shown_escaped)


def _limited_fields() -> list[str]:
    """Fields with a maximum length (the others take any length, which the corpus covers)."""
    return sorted(
        name
        for name, spec in FIELDS.items()
        if getattr(spec.form.base_fields[spec.field], "max_length", None) is not None
    )


@pytest.mark.parametrize("which", _limited_fields())
def test_text_over_the_maximum_is_refused_with_a_specific_message(
    prepared: World, sign_in: Any, which: str
) -> None:
    spec = FIELDS[which]
    limit = spec.form.base_fields[spec.field].max_length  # type: ignore[attr-defined]
    response = post(spec, prepared, sign_in(spec.persona), "x" * (limit + 1))
    assert response.status_code == 422
    page = response.content.decode()
    assert "govuk-error-summary" in page
    assert "This field is required" not in page
    assert f"{limit:,}" in page or str(limit) in page


@pytest.mark.parametrize("sample", sorted(CORPUS))
def test_a_letter_pdf_shows_hostile_text_literally(
    prepared: World, sign_in: Any, sample: str
) -> None:
    value = CORPUS[sample]
    client = sign_in("officer")
    response = client.post(
        reverse("letters:draft", args=[prepared.north_case.pk]),
        {"kind": "informal_warning", "behaviour_found": value},
    )
    assert response.status_code == 302
    letter = Letter.objects.latest("pk")
    text = "".join(
        page.extract_text() for page in PdfReader(BytesIO(render_letter_pdf(letter))).pages
    )
    # The letter font has no emoji or control glyphs; those need only render without error.
    if sample in ("script", "sql", "hyperlink", "sum", "minus", "at"):
        assert value in text.replace("\n", "")
    pdf = client.get(reverse("letters:pdf", args=[letter.pk]))
    assert pdf.status_code == 200


def test_a_witness_name_too_long_to_keep_is_refused_not_cut_off(
    prepared: World, sign_in: Any
) -> None:
    spec = FIELDS["incident witnesses"]
    before = Incident.objects.count()
    response = post(spec, prepared, sign_in("frontline"), "x" * 201 + ", 0117 000 0000")
    assert response.status_code == 422
    assert "Each witness&#x27;s name must be 200 characters or fewer" in response.content.decode()
    assert Incident.objects.count() == before
