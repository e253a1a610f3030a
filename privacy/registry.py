"""Every model that refers to a person, and what a subject access export does with it.

`EXPORTED`: model → the export section that carries its rows (a key of the export's JSON).
`EXEMPT`: model → why its rows are not in the export.
privacy/tests/test_subject_access_completeness.py walks every installed model and fails when
one that refers to a person (directly, or through an incident, case or decision) is in
neither table, so a new model cannot be left out of subject access by accident.
"""

from django.apps import apps
from django.db import models

PERSON = "people.person"

EXPORTED: dict[str, str] = {
    "people.person": "person",
    "people.household": "household",
    "people.tenancy": "tenancies",
    "incidents.incident": "incidents",
    "incidents.incidentbehaviour": "incidents",
    # Other people on the incident are counted, never named (Art 15(4)).
    "incidents.incidentperson": "incidents",
    "incidents.affectedcolleague": "incidents",
    "incidents.witness": "incidents",
    "incidents.evidence": "incidents",
    "cases.case": "cases",
    "cases.chronologyentry": "cases",
    "decisions.assessment": "assessments",
    "decisions.needscheck": "needs_checks",
    "decisions.decision": "decisions",
    "letters.letter": "letters",
    "flags.warningflag": "warning_flags",
    "restrictions.contactrestriction": "contact_restrictions",
    "appeals.appeal": "appeals",
    "reviews.review": "reviews",
    "interventions.mediationreferral": "mediation",
    "interventions.legalaction": "legal_actions",
    "interventions.legalhearing": "legal_actions",
    # Police and s.115 material, and decisions not to tell: held back for a person to review
    # and exported only once released (DPA 2018 Sch 2 para 2).
    "interventions.policereport": "released_material",
    "interventions.disclosure": "released_material",
    "letters.nondisclosuredecision": "released_material",
    "privacy.customerstatement": "customer_statements",
    "privacy.correction": "corrections",
    # Built beside this app: exported by privacy.export.OPTIONAL_SECTIONS.
    "contacts.contactevent": "contact_events",
    "contacts.demandsignal": "demand_signals",
    "contacts.restrictionbreach": "restriction_breaches",
    "governance.equalityprofile": "equality_monitoring",
}

EXEMPT: dict[str, str] = {
    "support.colleaguesupport": "About the colleague who was affected, not the customer: the "
    "colleague is its data subject, and it is seen only by them and their managers.",
    "support.supportfollowup": "Follow-ups of a colleague's support: the colleague's data, "
    "not the customer's.",
    "reviews.reviewreminder": "An internal reminder that a review is due; the review itself "
    "and the decision it concerns are exported.",
    "privacy.subjectaccessrequest": "The export itself: the person receives it.",
    "privacy.heldbackitem": "A reviewer's worklist naming held-back material; the material is "
    "exported once released.",
    "contacts.personsummary": "Rolling counts derived from the person's contact events, which "
    "are exported in full; the signals they raise are exported too.",
    "alerts.alertchange": "A feed of ids telling partner systems an arrangement changed; the "
    "arrangements and their reasons are exported as warning flags and contact restrictions.",
}


def _refers_to(model: type[models.Model], targets: set[type[models.Model]]) -> bool:
    return any(
        field.is_relation and field.concrete and field.related_model in targets
        for field in model._meta.get_fields()
    )


def models_about_people() -> set[str]:
    """Models with a foreign key or many-to-many to a person, or to a model that has one
    (an incident, case, decision...), followed to the end."""
    person = apps.get_model(PERSON)
    found: set[type[models.Model]] = {person}
    growing = True
    while growing:
        growing = False
        for model in apps.get_models():
            if model not in found and _refers_to(model, found):
                found.add(model)
                growing = True
    return {model._meta.label_lower for model in found}


def unaccounted() -> list[str]:
    """Models about people that are neither exported nor exempt with a reason."""
    listed = set(EXPORTED) | {label for label, reason in EXEMPT.items() if reason.strip()}
    return sorted(models_about_people() - listed)
