"""Records made through the real actions, with sensible details, for the tests to start from."""

from datetime import timedelta
from typing import Any

from django.utils import timezone

from access.models import User
from cases.models import Case
from interventions import actions, sharing
from interventions.models import Disclosure, LegalAction, MediationReferral, PoliceReport


def today():  # type: ignore[no-untyped-def]
    return timezone.localdate()


def days_ago(days: int):  # type: ignore[no-untyped-def]
    return today() - timedelta(days=days)


def referral(case: Case, by: User, **changes: Any) -> MediationReferral:
    values: dict[str, Any] = {
        "service_name": "West of England Mediation",
        "referred_on": days_ago(10),
        "customer_agreed": True,
        "first_session_on": None,
    }
    values.update(changes)
    return actions.refer_to_mediation(case=case, by=by, **values)


def legal_action(case: Case, by: User, **changes: Any) -> LegalAction:
    values: dict[str, Any] = {"kind": LegalAction.Kind.WITHOUT_NOTICE_INJUNCTION}
    values.update(changes)
    return actions.start_legal_action(case=case, by=by, **values)


def police_report(case: Case, by: User, **changes: Any) -> PoliceReport:
    values: dict[str, Any] = {
        "force": "Avon and Somerset Constabulary",
        "reported_on": days_ago(1),
        "crime_reference": "AS-2026-0412",
    }
    values.update(changes)
    return actions.record_police_report(case=case, by=by, **values)


def disclosure(case: Case, by: User, **changes: Any) -> Disclosure:
    values: dict[str, Any] = {
        "shared_with_organisation": "Avon and Somerset Constabulary",
        "shared_with_person": "PC Jo Hale",
        "what_was_shared": "Dates and summaries of the three incidents at the Taunton office.",
        "purpose": "To support the police investigation of threats made to a colleague.",
        "lawful_basis": "s115",
        "data_protection_condition": "preventing_unlawful_acts",
    }
    values.update(changes)
    return sharing.propose_disclosure(case=case, by=by, **values)
