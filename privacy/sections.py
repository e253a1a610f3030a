"""Each part of a subject access export, as plain data (dates as ISO strings later).

Every function takes the Scope and returns the section's records, with other people taken
out by the scope's redactor. privacy/registry.py names which models each section covers.
"""

from typing import Any

from django.db.models import Q

from appeals.models import Appeal
from cases.models import Case, ChronologyEntry
from decisions.models import Assessment, CommunicationNeed, Decision, Need, NeedsCheck
from flags.models import WarningFlag
from incidents.models import Behaviour, Incident, IncidentPerson
from interventions.models import Disclosure, LegalAction, MediationReferral, PoliceReport
from letters.models import Letter, NonDisclosureDecision
from people.models import Tenancy
from privacy.models import Correction, CustomerStatement
from privacy.redaction import role_of
from privacy.scope import Scope
from restrictions.models import ContactRestriction
from reviews.models import Review


def _labels(choices: Any, values: list[str]) -> list[str]:
    return [choices(value).label for value in values if value in choices.values]


def person(scope: Scope) -> dict[str, Any]:
    p = scope.person
    return {
        "reference": p.external_reference or "",
        "kind": p.get_kind_display(),
        "first_name": p.first_name,
        "last_name": p.last_name,
        "date_of_birth": p.date_of_birth,
        "email": p.email,
        "phone": p.phone,
    }


def household(scope: Scope) -> dict[str, Any]:
    home = scope.person.household
    if home is None:
        return {}
    others = home.members.exclude(pk=scope.person.pk).count()
    return {
        "name": scope.redactor.text(home.name),
        "address": home.property.address if home.property else "",
        "other_members": f"{others} (their details are not part of your data)",
    }


def tenancies(scope: Scope) -> list[dict[str, Any]]:
    if not scope.person.household_id:
        return []
    rows = Tenancy.objects.filter(household_id=scope.person.household_id).select_related("property")
    return [
        {
            "kind": t.get_kind_display(),
            "address": t.property.address,
            "start_date": t.start_date,
            "end_date": t.end_date,
        }
        for t in rows.order_by("start_date", "id")
    ]


def _evidence(scope: Scope, incident: Incident) -> list[dict[str, Any]]:
    return [
        {
            "file": f"Evidence file {e.pk}",
            "type": e.content_type,
            "added": e.uploaded_at,
            "status": "released after review"
            if scope.is_released("incidents.evidence", e.pk)
            else "held back for review (it may show other people)",
        }
        for e in incident.evidence.all()
    ]


def _incident(scope: Scope, incident: Incident, roles: dict[int, str]) -> dict[str, Any]:
    return {
        "reference": incident.reference,
        "your_part": roles.get(incident.pk, "Person responsible"),
        "occurred_at": incident.occurred_at,
        "reported_at": incident.reported_at,
        "reported_by": role_of(incident.reported_by),
        "channel": incident.get_channel_display(),
        "location": incident.location,
        "home": incident.home.address if incident.home else "",
        "what_happened": incident.description,
        "exact_words": incident.exact_words,
        "behaviours": [b.get_behaviour_display() for b in incident.behaviours.all()],
        "discrimination_grounds": incident.discrimination_ground_labels,
        "injuries": incident.injuries,
        "injury_details": incident.injury_details,
        "colleague_at_work": incident.colleague_at_work,
        "police_attended": incident.police_attended,
        "colleagues_affected": [role_of(a.colleague) for a in incident.affected_colleagues.all()],
        "other_people_involved": sum(
            1
            for link in incident.people.all()
            if link.person_id is None or link.person_id != scope.person.pk
        ),
        "witnesses": len(incident.witnesses.all()),
        "evidence": _evidence(scope, incident),
    }


def incidents(scope: Scope) -> list[dict[str, Any]]:
    roles = {
        link.incident_id: link.get_role_display()
        for link in IncidentPerson.objects.filter(
            person=scope.person, incident_id__in=scope.incident_ids
        )
    }
    rows = (
        Incident.objects.filter(pk__in=scope.incident_ids)
        .select_related("reported_by", "home")
        .prefetch_related(
            "behaviours", "affected_colleagues__colleague", "people", "witnesses", "evidence"
        )
        .order_by("occurred_at", "id")
    )
    return [scope.redactor.record(_incident(scope, i, roles)) for i in rows]


def _withheld_references(scope: Scope) -> list[str]:
    return [f"DEC-{pk:06d}" for pk in scope.withheld_decision_ids]


def cases(scope: Scope) -> list[dict[str, Any]]:
    hidden = _withheld_references(scope)
    result = []
    for case in Case.objects.filter(pk__in=scope.case_ids).select_related(
        "team", "assigned_officer"
    ):
        entries = ChronologyEntry.objects.filter(case=case).select_related("by")
        # Police material is held back for review (DPA 2018 Sch 2 para 2).
        entries = entries.exclude(kind=ChronologyEntry.Kind.POLICE)
        chronology = [
            {
                "at": e.at,
                "kind": e.get_kind_display(),
                "summary": e.summary,
                "details": e.body,
                "by": role_of(e.by),
            }
            for e in entries.order_by("at", "id")
            if not any(reference in e.summary for reference in hidden)
        ]
        result.append(
            {
                "reference": case.reference,
                "status": case.get_status_display(),
                "opened_at": case.opened_at,
                "closed_at": case.closed_at,
                "closure_reason": case.closure_reason,
                "team": case.team.name,
                "case_officer": role_of(case.assigned_officer),
                "chronology": chronology,
            }
        )
    return scope.redactor.value(result)  # type: ignore[no-any-return]


def assessments(scope: Scope) -> list[dict[str, Any]]:
    rows = Assessment.objects.filter(case_id__in=scope.case_ids).select_related(
        "assessed_by", "case"
    )
    return scope.redactor.value(  # type: ignore[no-any-return]
        [
            {
                "case": a.case.reference,
                "assessed_at": a.assessed_at,
                "assessed_by": role_of(a.assessed_by),
                "behaviours": _labels(Behaviour, a.behaviours),
                "severity": a.get_severity_display(),
                "incidents_in_30_days": a.incidents_30_days,
                "incidents_in_90_days": a.incidents_90_days,
                "incidents_in_365_days": a.incidents_365_days,
                "recommended_response": a.get_recommended_response_display(),
                "reasons_for_recommendation": a.recommendation_reasons,
                "notes": a.notes,
            }
            for a in rows.order_by("assessed_at", "id")
        ]
    )


def needs_checks(scope: Scope) -> list[dict[str, Any]]:
    rows = NeedsCheck.objects.filter(case_id__in=scope.case_ids).select_related("case")
    return scope.redactor.value(  # type: ignore[no-any-return]
        [
            {
                "case": n.case.reference,
                "recorded_at": n.recorded_at,
                "needs": _labels(Need, n.needs),
                "other_need": n.other_need,
                "communication_needs": _labels(CommunicationNeed, n.communication_needs),
                "no_needs_found": n.no_needs_found,
                "referral_offered": n.referral_offered,
                "consent": n.get_consent_display(),
                "consent_date": n.consent_date,
                "referral_agency": n.referral_agency,
                "referral_made_on": n.referral_made_on,
                "referral_outcome": n.referral_outcome,
                "notes": n.notes,
            }
            for n in rows.order_by("recorded_at", "id")
        ]
    )


def _released_decisions(scope: Scope) -> Any:
    return Decision.objects.filter(pk__in=scope.decision_ids).exclude(
        pk__in=scope.withheld_decision_ids
    )


def decisions(scope: Scope) -> list[dict[str, Any]]:
    rows = _released_decisions(scope).select_related(
        "case", "proposed_by", "approved_by", "replaces"
    )
    return scope.redactor.value(  # type: ignore[no-any-return]
        [
            {
                "reference": d.reference,
                "case": d.case.reference,
                "response": d.get_response_display(),
                "status": d.get_status_display(),
                "basis": d.basis,
                "restriction": d.get_restriction_kind_display() if d.restriction_kind else "",
                "starts_on": d.starts_on,
                "review_on": d.review_on,
                "reasonable_adjustment": d.adjustment_rationale,
                "proposed_at": d.proposed_at,
                "proposed_by": role_of(d.proposed_by),
                "approved_at": d.approved_at,
                "approved_by": role_of(d.approved_by),
                "replaces": d.replaces.reference if d.replaces else "",
            }
            for d in rows.order_by("proposed_at", "id")
        ]
    )


def letters(scope: Scope) -> list[dict[str, Any]]:
    rows = (
        Letter.objects.filter(case_id__in=scope.case_ids)
        .exclude(decision_id__in=scope.withheld_decision_ids)
        .defer("pdf", "large_print_pdf")
        .order_by("created_at", "id")
    )
    return scope.redactor.value(  # type: ignore[no-any-return]
        [
            {
                "reference": letter.reference,
                "kind": letter.get_kind_display(),
                "status": letter.get_status_display(),
                "issued_at": letter.issued_at,
                "sent_by": letter.get_channel_display() if letter.channel else "",
                "behaviour_found": letter.behaviour_found,
                "expected_behaviour": letter.expected_behaviour,
                "consequences": letter.consequences,
                "measure_duration": letter.measure_duration,
                "review_on": letter.review_on,
                "more": letter.body,
                "copy_in_bundle": f"letters/{letter.reference}.pdf" if letter.is_issued else "",
            }
            for letter in rows
        ]
    )


def _measure_common(scope: Scope, measure: Any) -> dict[str, Any]:
    return {
        "reference": measure.reference,
        "in_force": measure.is_active,
        "reasons": measure.decision.basis,
        "decision": measure.decision.reference,
        "starts_on": measure.decision.starts_on,
        "review_on": measure.decision.review_on,
        "proposed_at": measure.proposed_at,
        "lifted_at": measure.lifted_at,
        "why_lifted": measure.lift_reason,
    }


def warning_flags(scope: Scope) -> list[dict[str, Any]]:
    on_person = Q(case_id__in=scope.case_ids) | Q(person=scope.person)
    if scope.person.household_id:
        on_person |= Q(household_id=scope.person.household_id)
    rows = (
        WarningFlag.objects.filter(on_person)
        .exclude(decision_id__in=scope.withheld_decision_ids)
        .select_related("decision", "person", "household", "home")
        .prefetch_related("incidents")
    )
    return scope.redactor.value(  # type: ignore[no-any-return]
        [
            {
                **_measure_common(scope, flag),
                "on": flag.subject_label,
                "risk_level": flag.get_risk_level_display(),
                "handling_instruction": flag.handling_instruction,
                "resting_on_incidents": [i.reference for i in flag.incidents.all()],
            }
            for flag in rows.order_by("proposed_at", "id")
        ]
    )


def contact_restrictions(scope: Scope) -> list[dict[str, Any]]:
    rows = (
        ContactRestriction.objects.filter(Q(case_id__in=scope.case_ids) | Q(person=scope.person))
        .exclude(decision_id__in=scope.withheld_decision_ids)
        .select_related("decision", "single_point_of_contact", "deputy")
    )
    return scope.redactor.value(  # type: ignore[no-any-return]
        [
            {
                **_measure_common(scope, r),
                "kind": r.get_kind_display(),
                "what_it_means": r.instruction,
            }
            for r in rows.order_by("proposed_at", "id")
        ]
    )


def appeals(scope: Scope) -> list[dict[str, Any]]:
    rows = Appeal.objects.filter(decision_id__in=_released_decisions(scope).values("pk"))
    return scope.redactor.value(  # type: ignore[no-any-return]
        [
            {
                "reference": a.reference,
                "against": a.decision.reference,
                "received_on": a.received_on,
                "how_received": a.get_how_received_display(),
                "grounds": a.grounds,
                "due_on": a.due_on,
                "reviewer": role_of(a.reviewer),
                "outcome": a.get_outcome_display() if a.outcome else "Not decided yet",
                "outcome_reasons": a.outcome_reasons,
                "decided_at": a.decided_at,
            }
            for a in rows.select_related("decision", "reviewer").order_by("received_on", "id")
        ]
    )


def reviews(scope: Scope) -> list[dict[str, Any]]:
    rows = Review.objects.filter(decision_id__in=_released_decisions(scope).values("pk"))
    return scope.redactor.value(  # type: ignore[no-any-return]
        [
            {
                "reference": r.reference,
                "of": r.decision.reference,
                "due_on": r.due_on,
                "outcome": r.get_outcome_display(),
                "reasons": r.reasons,
                "next_review_on": r.next_review_on,
                "reviewed_at": r.reviewed_at,
                "reviewed_by": role_of(r.reviewed_by),
            }
            for r in rows.select_related("decision", "reviewed_by").order_by("reviewed_at", "id")
        ]
    )


def mediation(scope: Scope) -> list[dict[str, Any]]:
    rows = MediationReferral.objects.filter(case_id__in=scope.case_ids)
    return scope.redactor.value(  # type: ignore[no-any-return]
        [
            {
                "service": m.service_name,
                "referred_on": m.referred_on,
                "you_agreed": m.customer_agreed,
                "first_session_on": m.first_session_on,
                "ended_on": m.ended_on,
                "outcome": m.get_outcome_display(),
                "notes": m.outcome_notes,
            }
            for m in rows.order_by("referred_on", "id")
        ]
    )


def legal_actions(scope: Scope) -> list[dict[str, Any]]:
    rows = LegalAction.objects.filter(case_id__in=scope.case_ids).prefetch_related("hearings")
    return scope.redactor.value(  # type: ignore[no-any-return]
        [
            {
                "kind": action.get_kind_display(),
                "status": action.get_status_display(),
                "court": action.court_name,
                "application_on": action.application_on,
                "outcome": action.outcome,
                "hearings": [
                    {"on": h.on, "court": h.court, "purpose": h.purpose, "result": h.result}
                    for h in action.hearings.all()
                ],
            }
            for action in rows.order_by("recorded_at", "id")
        ]
    )


def customer_statements(scope: Scope) -> list[dict[str, Any]]:
    rows = CustomerStatement.objects.filter(person=scope.person).select_related(
        "assessment", "decision", "incident"
    )
    return [
        {"about": s.opinion_label, "received_on": s.received_on, "your_statement": s.text}
        for s in rows.exclude(decision_id__in=scope.withheld_decision_ids)
    ]


def corrections(scope: Scope) -> list[dict[str, Any]]:
    rows = Correction.objects.filter(
        Q(person=scope.person) | Q(incident_id__in=scope.incident_ids)
    ).select_related("incident")
    return scope.redactor.value(  # type: ignore[no-any-return]
        [
            {
                "record": c.incident.reference if c.incident else "Your details",
                "field": c.field_label,
                "was": c.old_value,
                "now": c.new_value,
                "why": c.reason,
                "corrected_at": c.corrected_at,
            }
            for c in rows.order_by("corrected_at", "id")
        ]
    )


def released_material(scope: Scope) -> list[dict[str, Any]]:
    """Held-back material a reviewer released, with what it says."""
    released = {(i.object_type, i.object_id): i for i in scope.items if i.is_released}
    result: list[dict[str, Any]] = []
    for report in PoliceReport.objects.filter(case_id__in=scope.case_ids):
        if ("interventions.policereport", report.pk) in released:
            result.append(
                {
                    "kind": "Report to the police",
                    "force": report.force,
                    "reported_on": report.reported_on,
                    "crime_reference": report.crime_reference,
                    "notes": report.notes,
                }
            )
    for disclosure in Disclosure.objects.filter(case_id__in=scope.case_ids):
        if ("interventions.disclosure", disclosure.pk) in released:
            result.append(
                {
                    "kind": "Information shared",
                    "with": disclosure.shared_with_organisation,
                    "what": disclosure.what_was_shared,
                    "purpose": disclosure.purpose,
                    "lawful_basis": disclosure.lawful_basis_text,
                    "shared_on": disclosure.shared_on,
                }
            )
    for record in NonDisclosureDecision.objects.filter(case_id__in=scope.case_ids):
        if ("letters.nondisclosuredecision", record.pk) in released:
            result.append(
                {
                    "kind": "Decision not to tell you",
                    "about": record.decision.reference,
                    "why": record.reason,
                    "review_on": record.review_on,
                }
            )
    return scope.redactor.value(result)  # type: ignore[no-any-return]
