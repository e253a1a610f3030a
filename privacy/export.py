"""A subject access export as data: every section, who has viewed the records, in one dict.

The same dict is written as JSON (machine-readable, UK GDPR Art 15(3) and 20) and laid out
as the readable PDF, so the two always say the same thing.
"""

import json
from collections.abc import Callable
from typing import Any

from django.apps import apps
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Q
from django.utils import timezone

from audit.models import AuditEvent, Event
from incidents.models import Evidence
from letters.models import Letter
from privacy import sections
from privacy.models import SubjectAccessRequest
from privacy.redaction import role_of
from privacy.scope import Scope

# Section key → (title in the report, exporter). The registry names the models behind each.
SECTIONS: dict[str, tuple[str, Callable[[Scope], Any]]] = {
    "person": ("Your details", sections.person),
    "household": ("Your household", sections.household),
    "tenancies": ("Tenancies", sections.tenancies),
    "incidents": ("Incidents", sections.incidents),
    "cases": ("Cases and their chronology", sections.cases),
    "assessments": ("Assessments", sections.assessments),
    "needs_checks": ("Checks for contributing needs", sections.needs_checks),
    "decisions": ("Decisions and their basis", sections.decisions),
    "letters": ("Letters", sections.letters),
    "warning_flags": ("Warning flags and their reasons", sections.warning_flags),
    "contact_restrictions": (
        "Contact restrictions and their reasons",
        sections.contact_restrictions,
    ),
    "appeals": ("Appeals", sections.appeals),
    "reviews": ("Reviews", sections.reviews),
    "mediation": ("Mediation", sections.mediation),
    "legal_actions": ("Legal action", sections.legal_actions),
    "customer_statements": ("Your statements", sections.customer_statements),
    "corrections": ("Corrections to your records", sections.corrections),
    "released_material": ("Material released after review", sections.released_material),
}

# Reads that are logged (brief point 9) and so can be told back to the person.
READ_KINDS = [
    Event.CASE_READ,
    Event.INCIDENT_READ,
    Event.EVIDENCE_READ,
    Event.NEEDS_CHECK_READ,
    Event.LETTER_READ,
    Event.FLAG_REASONS_READ,
    Event.RESTRICTION_REASONS_READ,
    Event.DISCLOSURE_READ,
    Event.CONTACTS_READ,
    Event.SUBJECT_ACCESS_DOWNLOADED,
]

NOTES = [
    "This is the information SafeContact holds about you, as at the date shown.",
    "Colleagues are shown by their role, not their name. Other people (other customers, "
    "witnesses, members of your household) are shown as [another person]: their personal "
    "data is not yours to receive (UK GDPR Article 15(4)).",
    "Some material may be withheld where an exemption in the Data Protection Act 2018 "
    "applies, for example to avoid prejudicing the prevention or detection of crime.",
]

# Optional apps built beside this one: their person-keyed models are exported generically.
# label → (section key, title, how its rows lead to the person).
OPTIONAL_SECTIONS = {
    "contacts.contactevent": ("contact_events", "Contacts between you and us", "person"),
    "contacts.demandsignal": ("demand_signals", "Patterns of contact we noticed", "person"),
    "contacts.restrictionbreach": (
        "restriction_breaches",
        "Contacts that went against a contact restriction",
        "event__person",
    ),
    "governance.equalityprofile": (
        "equality_monitoring",
        "Equality monitoring details you gave us",
        "person",
    ),
}


def _viewed_subjects(scope: Scope, request: SubjectAccessRequest) -> Q:
    ids: dict[str, list[Any]] = {
        "cases.case": scope.case_ids,
        "incidents.incident": scope.incident_ids,
        "incidents.evidence": list(
            Evidence.objects.filter(incident_id__in=scope.incident_ids).values_list("pk", flat=True)
        ),
        "letters.letter": list(
            Letter.objects.filter(case_id__in=scope.case_ids).values_list("pk", flat=True)
        ),
        "decisions.needscheck": list(
            apps.get_model("decisions", "NeedsCheck")
            .objects.filter(case_id__in=scope.case_ids)
            .values_list("pk", flat=True)
        ),
        "flags.warningflag": list(
            apps.get_model("flags", "WarningFlag")
            .objects.filter(case_id__in=scope.case_ids)
            .values_list("pk", flat=True)
        ),
        "restrictions.contactrestriction": list(
            apps.get_model("restrictions", "ContactRestriction")
            .objects.filter(case_id__in=scope.case_ids)
            .values_list("pk", flat=True)
        ),
        "people.person": [scope.person.pk],
        "privacy.subjectaccessrequest": list(
            SubjectAccessRequest.objects.filter(person=scope.person).values_list("pk", flat=True)
        ),
    }
    condition = Q(pk__in=[])
    for object_type, pks in ids.items():
        if pks:
            condition |= Q(object_type=object_type, object_id__in=[str(pk) for pk in pks])
    return condition


def who_viewed(scope: Scope, request: SubjectAccessRequest) -> list[dict[str, Any]]:
    """Who read the records about the person: role and date, never a colleague's name."""
    events = (
        AuditEvent.objects.filter(kind__in=READ_KINDS, actor__isnull=False)
        .filter(_viewed_subjects(scope, request))
        .order_by("at", "id")
    )
    labels = dict(Event.choices)
    return [
        {
            "on": event.at.date(),
            "role": role_of(event.actor) if event.actor else event.actor_role,
            "what": labels.get(event.kind, event.kind),
        }
        for event in events.select_related("actor")
    ]


def optional_section(label: str, lookup: str, scope: Scope) -> list[dict[str, Any]] | None:
    """Rows of a model from an app built beside this one, if the app has it."""
    app_label, model_name = label.split(".")
    try:
        model = apps.get_model(app_label, model_name)
    except LookupError:
        return None
    plain = [f for f in model._meta.concrete_fields if not f.is_relation and f.name != "id"]
    rows = model._default_manager.filter(**{lookup: scope.person}).order_by("pk")
    return scope.redactor.value(  # type: ignore[no-any-return]
        [{f.name: f.value_from_object(row) for f in plain} for row in rows]
    )


def export_data(scope: Scope, request: SubjectAccessRequest) -> dict[str, Any]:
    data: dict[str, Any] = {
        "about_this_export": {
            "reference": request.reference,
            "received_on": request.received_on,
            "produced_at": timezone.now(),
            "notes": NOTES,
        }
    }
    for key, (_title, exporter) in SECTIONS.items():
        data[key] = exporter(scope)
    for label, (key, _title, lookup) in OPTIONAL_SECTIONS.items():
        rows = optional_section(label, lookup, scope)
        if rows is not None:
            data[key] = rows
    data["who_has_viewed_your_records"] = who_viewed(scope, request)
    return data


def section_titles() -> dict[str, str]:
    titles = {key: title for key, (title, _exporter) in SECTIONS.items()}
    titles.update({key: title for key, title, _lookup in OPTIONAL_SECTIONS.values()})
    titles["who_has_viewed_your_records"] = "Who has viewed your records"
    return titles


def as_json(data: dict[str, Any]) -> bytes:
    return json.dumps(data, cls=DjangoJSONEncoder, indent=2, ensure_ascii=False).encode()
