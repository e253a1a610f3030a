"""The information-sharing log: disclosures to the police and partners, approved by a second
senior colleague before anything is shared (Crime and Disorder Act 1998 s.115)."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from access.models import Role, User
from audit.actions import record_event
from audit.models import Event
from cases.actions import add_chronology_entry
from cases.models import Case, ChronologyEntry
from interventions import checks
from interventions.models import (
    DataProtectionCondition,
    Disclosure,
    LawfulBasis,
)
from notifications.actions import notify
from notifications.models import Notification

# Policy: the Head of Customer and Community Support and the Director of Customer Operations
# are accountable for the policy; they approve what is shared with the police and partners.
DISCLOSURE_APPROVER_ROLES = frozenset({Role.HEAD_OF_SERVICE, Role.DIRECTOR})
SELF_APPROVAL_REFUSED = (
    "You proposed this disclosure, so you cannot approve it. Another senior colleague "
    "must approve it."
)


# --- information sharing ------------------------------------------------------------------


def _check_sharing_basis(
    lawful_basis: str, other_legal_gateway: str, condition: str, other_condition: str
) -> dict[str, str]:
    errors: dict[str, str] = {}
    if lawful_basis not in LawfulBasis.values:
        errors["lawful_basis"] = "Select the legal gateway for sharing."
    elif lawful_basis == LawfulBasis.OTHER and not other_legal_gateway.strip():
        errors["other_legal_gateway"] = "Enter the other legal gateway for sharing."
    if condition not in DataProtectionCondition.values:
        errors["data_protection_condition"] = "Select the data protection condition."
    elif condition == DataProtectionCondition.OTHER and not other_condition.strip():
        errors["other_condition"] = "Enter the other data protection condition."
    return errors


def _tell_approvers(*, case: Case, by: User) -> None:
    # Anyone but the proposer: nobody approves their own disclosure.
    approvers = User.objects.filter(is_active=True, role__in=DISCLOSURE_APPROVER_ROLES).exclude(
        pk=by.pk
    )
    for approver in approvers:
        notify(
            recipient=approver,
            kind=Notification.Kind.DISCLOSURE_APPROVAL_NEEDED,
            message=f"A disclosure on case {case.reference} needs your approval.",
            url=reverse("interventions:sharing_log") + "?state=awaiting_approval",
        )


@transaction.atomic
def propose_disclosure(
    *,
    case: Case,
    shared_with_organisation: str,
    shared_with_person: str = "",
    what_was_shared: str,
    purpose: str,
    lawful_basis: str,
    other_legal_gateway: str = "",
    data_protection_condition: str,
    other_condition: str = "",
    by: User,
) -> Disclosure:
    errors = checks.required(
        shared_with_organisation,
        "shared_with_organisation",
        "Enter the organisation the information would be shared with.",
    )
    errors |= checks.required(
        what_was_shared, "what_was_shared", "Describe the information to share."
    )
    errors |= checks.required(purpose, "purpose", "Enter why the information needs to be shared.")
    errors |= _check_sharing_basis(
        lawful_basis, other_legal_gateway, data_protection_condition, other_condition
    )
    checks.raise_if(errors)
    disclosure = Disclosure.objects.create(
        case=case,
        shared_with_organisation=shared_with_organisation.strip(),
        shared_with_person=shared_with_person.strip(),
        what_was_shared=what_was_shared.strip(),
        purpose=purpose.strip(),
        lawful_basis=lawful_basis,
        other_legal_gateway=other_legal_gateway.strip() if lawful_basis == "other" else "",
        data_protection_condition=data_protection_condition,
        other_condition=other_condition.strip() if data_protection_condition == "other" else "",
        proposed_by=by,
        proposed_at=timezone.now(),
    )
    add_chronology_entry(
        case=case,
        kind=ChronologyEntry.Kind.POLICE,
        summary=f"Disclosure to {disclosure.shared_with_organisation} proposed for approval",
        by=by,
    )
    record_event(
        subject=disclosure,
        by=by,
        kind=Event.DISCLOSURE_PROPOSED,
        detail={"case": case.pk, "lawful_basis": lawful_basis},
    )
    _tell_approvers(case=case, by=by)
    return disclosure


@transaction.atomic
def approve_disclosure(*, disclosure: Disclosure, by: User) -> Disclosure:
    # Lock the row so two approvers at once cannot both approve it.
    disclosure = Disclosure.objects.select_for_update().get(pk=disclosure.pk)
    if by.role not in DISCLOSURE_APPROVER_ROLES:
        raise ValidationError(
            "Only the Head of Customer and Community Support or the Director of Customer "
            "Operations can approve a disclosure."
        )
    if disclosure.proposed_by_id == by.pk:
        raise ValidationError(SELF_APPROVAL_REFUSED)
    if disclosure.is_approved:
        raise ValidationError("This disclosure has already been approved.")
    disclosure.approved_by = by
    disclosure.approved_at = timezone.now()
    disclosure.save(update_fields=["approved_by", "approved_at"])
    add_chronology_entry(
        case=disclosure.case,
        kind=ChronologyEntry.Kind.POLICE,
        summary=f"Disclosure to {disclosure.shared_with_organisation} approved",
        by=by,
    )
    record_event(
        subject=disclosure,
        by=by,
        kind=Event.DISCLOSURE_APPROVED,
        detail={"case": disclosure.case_id, "proposed_by": disclosure.proposed_by_id},
    )
    return disclosure


@transaction.atomic
def record_disclosure_shared(
    *, disclosure: Disclosure, shared_on: date, method: str, by: User
) -> Disclosure:
    disclosure = Disclosure.objects.select_for_update().get(pk=disclosure.pk)
    if not disclosure.is_approved:
        raise ValidationError(
            {"shared_on": "This disclosure has not been approved: do not share it yet."}
        )
    if disclosure.is_shared:
        raise ValidationError({"shared_on": "This disclosure has already been recorded as shared."})
    assert disclosure.approved_at is not None
    errors = checks.required(method, "method", "Enter how the information was shared.")
    errors |= checks.not_in_future(
        shared_on, "shared_on", "The date shared must be today or in the past."
    )
    if shared_on < timezone.localdate(disclosure.approved_at):
        errors["shared_on"] = "The date shared must be on or after the date it was approved."
    checks.raise_if(errors)
    disclosure.shared_on = shared_on
    disclosure.method = method.strip()
    disclosure.shared_recorded_by = by
    disclosure.save(update_fields=["shared_on", "method", "shared_recorded_by"])
    add_chronology_entry(
        case=disclosure.case,
        kind=ChronologyEntry.Kind.POLICE,
        summary=f"Information shared with {disclosure.shared_with_organisation}",
        by=by,
        at=checks.when(shared_on),
    )
    # The audit log has no separate kind for this step: it is the approved disclosure's
    # completion, recorded against the same row with the step named.
    record_event(
        subject=disclosure,
        by=by,
        kind=Event.DISCLOSURE_SHARED,
        detail={"case": disclosure.case_id, "step": "shared", "shared_on": shared_on.isoformat()},
    )
    return disclosure
