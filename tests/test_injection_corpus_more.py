"""Hostile text typed into the rest of the real forms is stored as typed and shown escaped.

The same corpus as tests/test_injection_corpus.py, through mediation, legal action, police
reports, information sharing, colleague support, reviews, letters not sent, appeal outcomes
and the housing CSV import. A string at the field's maximum length is kept whole; one
character more is refused with a specific message, never a server error and never cut off.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import pytest
from django import forms
from django.db.models import Model
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from access.models import User
from appeals.actions import lodge_appeal
from appeals.forms import DecideAppealForm
from appeals.models import Appeal
from conftest import World
from decisions.actions import approve_decision, propose_decision, record_needs_check
from decisions.models import Decision, NeedsCheck, Response
from incidents.models import AffectedColleague
from interventions.actions import add_hearing, refer_to_mediation, start_legal_action
from interventions.forms import (
    DisclosureForm,
    DisclosureSharedForm,
    HearingForm,
    HearingResultForm,
    MediationReferralForm,
    MediationUpdateForm,
    PoliceReportForm,
    StartLegalActionForm,
    UpdateLegalActionForm,
)
from interventions.models import (
    Disclosure,
    LegalAction,
    LegalHearing,
    MediationReferral,
    PoliceReport,
)
from interventions.sharing import approve_disclosure, propose_disclosure
from letters.forms import DraftLetterForm, WithholdForm
from letters.models import Letter, NonDisclosureDecision
from restrictions.actions import propose_restriction
from reviews.forms import RecordReviewForm
from reviews.models import Review
from support.actions import add_follow_up, record_support
from support.forms import CompleteSupportForm, FollowUpDoneForm, FollowUpForm, SupportForm
from support.models import ColleagueSupport, SupportFollowUp, SupportOffer
from tests.test_injection_corpus import CORPUS, ESCAPED, LONG, SCRIPT

pytestmark = pytest.mark.django_db


@dataclass
class Scene:
    """The two-patch world, the personas, and what the field's setup made."""

    world: World
    people: dict[str, User]
    made: Any = None

    @property
    def case_id(self) -> int:
        return self.world.north_case.pk


def nothing(scene: Scene) -> Any:
    return None


@dataclass
class Field:
    """One free-text field of one real form: what it needs, where to post, where it is kept."""

    url: Callable[[Scene], str]
    form: type[forms.Form]
    field: str
    stored: Callable[[str], bool]
    pages: Callable[[Scene], list[str]]
    data: Callable[[Scene], dict[str, Any]] = lambda scene: {}
    setup: Callable[[Scene], Any] = nothing
    # The name the field is posted under, where the form has a prefix.
    key: Callable[[Scene], str] | None = None
    persona: str = "officer"
    readers: tuple[str, ...] = ("officer",)
    # False where no page shows the stored text back.
    shown: bool = True
    # Pages only one persona may see: (path prefix, that persona).
    page_readers: tuple[tuple[str, str], ...] = ()


def kept(model: type[Model], attribute: str) -> Callable[[str], bool]:
    return lambda value: model._default_manager.filter(**{attribute: value}).exists()


def today() -> str:
    return timezone.localdate().isoformat()


def in_days(days: int) -> str:
    return (timezone.localdate() + timedelta(days=days)).isoformat()


def case_page(scene: Scene) -> str:
    return reverse("cases:detail", args=[scene.case_id])


def for_case(name: str) -> Callable[[Scene], str]:
    return lambda scene: reverse(name, args=[scene.case_id])


# --- what each field needs first, made through the real actions ---------------------------


def mediation_referral(scene: Scene) -> MediationReferral:
    return refer_to_mediation(
        case=scene.world.north_case,
        service_name="Bristol Mediation",
        referred_on=timezone.localdate(),
        customer_agreed=True,
        by=scene.people["officer"],
    )


def legal_action(scene: Scene) -> LegalAction:
    return start_legal_action(
        case=scene.world.north_case,
        kind=LegalAction.Kind.CIVIL_INJUNCTION,
        by=scene.people["officer"],
    )


def hearing_held_today(scene: Scene) -> LegalHearing:
    return add_hearing(
        legal_action=legal_action(scene),
        on=timezone.localdate(),
        court="Bristol Civil Justice Centre",
        purpose="Return date hearing",
        by=scene.people["officer"],
    )


def approved_disclosure(scene: Scene) -> Disclosure:
    proposed = propose_disclosure(
        case=scene.world.north_case,
        shared_with_organisation="Avon and Somerset Constabulary",
        what_was_shared="Dates of the threats.",
        purpose="Investigation of the threats.",
        lawful_basis="s115",
        data_protection_condition="preventing_unlawful_acts",
        by=scene.people["officer"],
    )
    return approve_disclosure(disclosure=proposed, by=scene.people["head_of_service"])


def affected(scene: Scene) -> AffectedColleague:
    # The frontline colleague affected by the North incident; line manager: line_manager.
    return scene.world.north_incident.affected_colleagues.get()


def support_record(scene: Scene) -> ColleagueSupport:
    return record_support(
        affected=affected(scene),
        discussed_on=timezone.localdate(),
        needs_notes="Shaken after the call.",
        offered=[SupportOffer.TIME_OFF],
        offered_other="",
        accepted=[SupportOffer.TIME_OFF],
        by=scene.people["line_manager"],
    )


def follow_up(scene: Scene) -> SupportFollowUp:
    return add_follow_up(
        support=support_record(scene),
        due_on=timezone.localdate() + timedelta(days=7),
        notes="Check how the week away went.",
        by=scene.people["line_manager"],
    )


def approved_restriction(scene: Scene) -> Decision:
    """A single point of contact in force from today, reviewed in 100 days."""
    proposed = propose_restriction(
        case=scene.world.north_case,
        by=scene.people["officer"],
        kind="single_point_of_contact",
        single_point_of_contact=scene.people["officer"],
        starts_on=timezone.localdate(),
        review_on=timezone.localdate() + timedelta(days=100),
        basis="Forty calls a week to the contact centre, abusive on most.",
    )
    return approve_decision(decision=proposed.decision, by=scene.people["head_of_service"])


def appeal(scene: Scene) -> Appeal:
    warning = propose_decision(
        case=scene.world.north_case,
        response=Response.WARNING_LETTER,
        basis="Shouted at colleagues.",
        by=scene.people["officer"],
    )
    return lodge_appeal(
        decision=warning,
        received_on=timezone.localdate(),
        how_received=Appeal.HowReceived.EMAIL,
        grounds="The repair had been missed four times.",
        by=scene.people["officer"],
    )


# --- the fields ---------------------------------------------------------------------------


def mediation_pages(scene: Scene) -> list[str]:
    return [
        reverse("interventions:mediation", args=[scene.case_id]),
        reverse("interventions:mediation_update", args=[MediationReferral.objects.latest("pk").pk]),
        case_page(scene),
    ]


def legal_action_pages(scene: Scene) -> list[str]:
    return [
        reverse("interventions:legal_action", args=[scene.case_id]),
        reverse("interventions:legal_action_update", args=[LegalAction.objects.latest("pk").pk]),
        case_page(scene),
    ]


def police_pages(scene: Scene) -> list[str]:
    return [reverse("interventions:police_report", args=[scene.case_id]), case_page(scene)]


def disclosure_pages(scene: Scene) -> list[str]:
    return [
        reverse("interventions:disclosure", args=[scene.case_id]),
        reverse("interventions:sharing_log"),
        case_page(scene),
    ]


def legal_action_update_url(scene: Scene) -> str:
    return reverse("interventions:legal_action_update", args=[scene.made.pk])


def hearing_field(name: str) -> Field:
    return Field(
        url=legal_action_update_url,
        form=HearingForm,
        field=name,
        key=lambda scene: f"hearing-{name}",
        setup=legal_action,
        data=lambda scene: {
            "step": "hearing",
            "hearing-on": today(),
            "hearing-court": "Bristol Civil Justice Centre",
            "hearing-purpose": "Return date hearing",
            "hearing-result": "",
        },
        stored=kept(LegalHearing, name),
        pages=legal_action_pages,
    )


def disclosure_data(scene: Scene) -> dict[str, Any]:
    return {
        "shared_with_organisation": "Avon and Somerset Constabulary",
        "shared_with_person": "",
        "what_was_shared": "Dates of the threats.",
        "purpose": "Investigation of the threats.",
        "lawful_basis": "other",
        "other_legal_gateway": "Common law power to disclose",
        "data_protection_condition": "other",
        "other_condition": "Vital interests",
    }


def support_pages(scene: Scene) -> list[str]:
    return [reverse("support:record", args=[affected(scene).pk])]


def support_url(name: str) -> Callable[[Scene], str]:
    return lambda scene: reverse(name, args=[affected(scene).pk])


def version_of(record: Any, default: int = 1) -> str:
    return str(getattr(record, "version", default))


SUPPORT = {"persona": "line_manager", "readers": ("frontline", "line_manager")}

FIELDS: dict[str, Field] = {
    "mediation service name": Field(
        url=for_case("interventions:mediation"),
        form=MediationReferralForm,
        field="service_name",
        data=lambda scene: {"referred_on": today(), "customer_agreed": "no"},
        stored=kept(MediationReferral, "service_name"),
        pages=mediation_pages,
    ),
    "mediation outcome notes": Field(
        url=lambda scene: reverse("interventions:mediation_update", args=[scene.made.pk]),
        form=MediationUpdateForm,
        field="outcome_notes",
        setup=mediation_referral,
        data=lambda scene: {
            "customer_agreed": "yes",
            "outcome": "resolved",
            "ended_on": today(),
            "version": version_of(scene.made),
        },
        stored=kept(MediationReferral, "outcome_notes"),
        pages=mediation_pages,
    ),
    "legal action court name": Field(
        url=for_case("interventions:legal_action"),
        form=StartLegalActionForm,
        field="court_name",
        data=lambda scene: {"kind": "civil_injunction", "status": "considering"},
        stored=kept(LegalAction, "court_name"),
        pages=legal_action_pages,
    ),
    "legal action outcome": Field(
        url=legal_action_update_url,
        form=UpdateLegalActionForm,
        field="outcome",
        setup=legal_action,
        data=lambda scene: {
            "step": "update",
            "status": "withdrawn",
            "court_name": "",
            "version": version_of(scene.made),
        },
        stored=kept(LegalAction, "outcome"),
        pages=legal_action_pages,
    ),
    "hearing court": hearing_field("court"),
    "hearing purpose": hearing_field("purpose"),
    "hearing result": hearing_field("result"),
    "hearing result afterwards": Field(
        url=lambda scene: reverse(
            "interventions:legal_action_update", args=[scene.made.legal_action_id]
        ),
        form=HearingResultForm,
        field="result",
        key=lambda scene: "result-result",
        setup=hearing_held_today,
        data=lambda scene: {"step": "result", "result-hearing": str(scene.made.pk)},
        stored=kept(LegalHearing, "result"),
        pages=legal_action_pages,
    ),
    **{
        f"police report {name}": Field(
            url=for_case("interventions:police_report"),
            form=PoliceReportForm,
            field=name,
            data=lambda scene: {"force": "Avon and Somerset Constabulary", "reported_on": today()},
            stored=kept(PoliceReport, name),
            pages=police_pages,
            # The notes are kept for the record; no page lists them back.
            shown=name != "notes",
        )
        for name in ("force", "crime_reference", "officer_in_charge", "notes")
    },
    **{
        f"disclosure {name}": Field(
            url=for_case("interventions:disclosure"),
            form=DisclosureForm,
            field=name,
            data=disclosure_data,
            stored=kept(Disclosure, name),
            pages=disclosure_pages,
            page_readers=(("/disclosures/", "head_of_service"),),
        )
        for name in (
            "shared_with_organisation",
            "shared_with_person",
            "what_was_shared",
            "purpose",
            "other_legal_gateway",
            "other_condition",
        )
    },
    "disclosure method": Field(
        url=lambda scene: reverse("interventions:disclosure_shared", args=[scene.made.pk]),
        form=DisclosureSharedForm,
        field="method",
        key=lambda scene: f"shared-{scene.made.pk}-method",
        setup=approved_disclosure,
        data=lambda scene: {f"shared-{scene.made.pk}-shared_on": today()},
        stored=kept(Disclosure, "method"),
        pages=disclosure_pages,
        page_readers=(("/disclosures/", "head_of_service"),),
    ),
    **{
        f"support {name}": Field(
            url=support_url("support:record"),
            form=SupportForm,
            field=name,
            data=lambda scene: {
                "discussed_on": today(),
                "needs_notes": "Shaken after the call.",
                "offered": [SupportOffer.TIME_OFF, SupportOffer.OTHER],
                "offered_other": "Visits in pairs",
                "accepted": [SupportOffer.OTHER],
                "version": "0",
            },
            stored=kept(ColleagueSupport, name),
            pages=support_pages,
            **SUPPORT,  # type: ignore[arg-type]
        )
        for name in ("needs_notes", "offered_other")
    },
    "support follow-up notes": Field(
        url=support_url("support:add_follow_up"),
        form=FollowUpForm,
        field="notes",
        setup=support_record,
        data=lambda scene: {"due_on": in_days(7)},
        stored=kept(SupportFollowUp, "notes"),
        pages=support_pages,
        **SUPPORT,  # type: ignore[arg-type]
    ),
    "support follow-up outcome notes": Field(
        url=lambda scene: reverse("support:complete_follow_up", args=[scene.made.pk]),
        form=FollowUpDoneForm,
        field="outcome_notes",
        key=lambda scene: f"follow-up-{scene.made.pk}-outcome_notes",
        setup=follow_up,
        stored=kept(SupportFollowUp, "outcome_notes"),
        pages=support_pages,
        **SUPPORT,  # type: ignore[arg-type]
    ),
    "support completion summary": Field(
        url=support_url("support:complete"),
        form=CompleteSupportForm,
        field="summary",
        setup=support_record,
        data=lambda scene: {"version": version_of(scene.made)},
        stored=kept(ColleagueSupport, "summary"),
        pages=support_pages,
        **SUPPORT,  # type: ignore[arg-type]
    ),
    "review reasons": Field(
        url=lambda scene: reverse("reviews:record", args=[scene.made.pk]),
        form=RecordReviewForm,
        field="reasons",
        setup=approved_restriction,
        data=lambda scene: {"outcome": "continue", "next_review_on": in_days(180)},
        stored=kept(Review, "reasons"),
        pages=lambda scene: [
            reverse("reviews:record", args=[scene.made.pk]),
            reverse("letters:detail", args=[Letter.objects.latest("pk").pk]),
            case_page(scene),
        ],
    ),
    "customer not told reason": Field(
        url=for_case("letters:withhold"),
        form=WithholdForm,
        field="reason",
        setup=approved_restriction,
        data=lambda scene: {"decision": str(scene.made.pk), "review_on": in_days(90)},
        stored=kept(NonDisclosureDecision, "reason"),
        pages=lambda scene: [reverse("reviews:record", args=[scene.made.pk]), case_page(scene)],
    ),
    "letter measure duration": Field(
        url=for_case("letters:draft"),
        form=DraftLetterForm,
        field="measure_duration",
        setup=approved_restriction,
        data=lambda scene: {"kind": "restriction_notice", "decision": str(scene.made.pk)},
        stored=kept(Letter, "measure_duration"),
        pages=lambda scene: [
            reverse("letters:detail", args=[Letter.objects.latest("pk").pk]),
            case_page(scene),
        ],
    ),
    "appeal outcome reasons": Field(
        url=lambda scene: reverse("appeals:decide", args=[scene.made.pk]),
        form=DecideAppealForm,
        field="reasons",
        setup=appeal,
        data=lambda scene: {"outcome": "upheld"},
        stored=kept(Appeal, "outcome_reasons"),
        pages=lambda scene: [
            reverse("appeals:detail", args=[scene.made.pk]),
            reverse("letters:detail", args=[Letter.objects.latest("pk").pk]),
            case_page(scene),
        ],
        persona="appeal_reviewer",
        readers=("appeal_reviewer", "officer"),
    ),
}


@pytest.fixture
def scene(world: World, personas: dict[str, User]) -> Scene:
    """The North case with its needs checked, so any measure may be proposed."""
    record_needs_check(
        case=world.north_case,
        by=personas["officer"],
        referral_offered=False,
        consent=NeedsCheck.Consent.NOT_OFFERED,
        expectation_explained=True,
        no_needs_found=True,
    )
    return Scene(world=world, people=personas)


def max_length(spec: Field) -> int:
    length = getattr(spec.form.base_fields[spec.field], "max_length", None)
    return min(length or 20000, 20000)


def post(spec: Field, scene: Scene, client: Client, value: str) -> Any:
    key = spec.key(scene) if spec.key else spec.field
    return client.post(spec.url(scene), {**spec.data(scene), key: value})


def problems(response: Any) -> str:
    """The error summary of a refused form, to say why in a failure."""
    page = response.content.decode()
    start = page.find("govuk-error-summary")
    return page[start : start + 1500] if start >= 0 else page[-1500:]


def reader_for(spec: Field, page: str, persona: str) -> str:
    for start, only in spec.page_readers:
        if page.startswith(start):
            return only
    return persona


@pytest.mark.parametrize("which", sorted(FIELDS))
@pytest.mark.parametrize("sample", [*sorted(CORPUS), LONG])
def test_hostile_text_is_stored_as_typed_and_shown_escaped(
    scene: Scene, sign_in: Any, which: str, sample: str
) -> None:
    spec = FIELDS[which]
    scene.made = spec.setup(scene)
    value = "x" * max_length(spec) if sample == LONG else CORPUS[sample]
    response = post(spec, scene, sign_in(spec.persona), value)
    assert response.status_code == 302, problems(response)
    assert spec.stored(value)
    shown_escaped = []
    for persona in spec.readers:
        for page in spec.pages(scene):
            html = sign_in(reader_for(spec, page, persona)).get(page)
            assert html.status_code == 200, (persona, page)
            text = html.content.decode()
            assert SCRIPT not in text, page
            shown_escaped.append(ESCAPED in text)
    if sample == "script" and spec.shown:
        # At least one page shows what was typed; none shows it as markup.
        assert any(shown_escaped)


@pytest.mark.parametrize("which", sorted(FIELDS))
def test_text_over_the_maximum_is_refused_with_a_specific_message(
    scene: Scene, sign_in: Any, which: str
) -> None:
    spec = FIELDS[which]
    scene.made = spec.setup(scene)
    limit = getattr(spec.form.base_fields[spec.field], "max_length", None)
    assert limit is not None, "Every free-text field has a maximum length."
    response = post(spec, scene, sign_in(spec.persona), "x" * (limit + 1))
    assert response.status_code == 422
    page = response.content.decode()
    assert "govuk-error-summary" in page
    assert "This field is required" not in page
    assert f"{limit:,}" in page or str(limit) in page
    assert not spec.stored("x" * (limit + 1)) and not spec.stored("x" * limit)
