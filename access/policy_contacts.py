"""Need-to-know for the contact log and demand signals (re-exported by access/policy.py).

- The contact log of a person: colleagues who log contacts (they take the calls) see it, and
  each read is audited; system administrators and contractors do not.
- Demand signals: case officers see those of people in their team's patch or with a case in
  their team (or a team a live grant gives them); the Head of Service sees all.
- Contact imports: each colleague who may import sees the imports they started.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404

from access.models import Role, User
from access.policy import casework_team_ids, has_capability
from access.routes import Capability
from cases.models import Case
from contacts.models import ContactEvent, ContactImport, DemandSignal, RestrictionBreach

__all__ = [
    "can_change_signal_settings",
    "can_work_signal",
    "get_contact_import_for_user",
    "get_demand_signal_for_user",
    "visible_breaches",
    "visible_contact_events",
    "visible_contact_imports",
    "visible_demand_signals",
]


def visible_contact_events(user: User) -> QuerySet[ContactEvent]:
    if not has_capability(user, Capability.LOG_CONTACTS):
        return ContactEvent.objects.none()
    return ContactEvent.objects.all()


def visible_breaches(user: User) -> QuerySet[RestrictionBreach]:
    """Breaches are case evidence: whoever may read the case's signals sees them."""
    if not has_capability(user, Capability.VIEW_DEMAND_SIGNALS):
        return RestrictionBreach.objects.none()
    if user.role == Role.HEAD_OF_SERVICE:
        return RestrictionBreach.objects.all()
    return RestrictionBreach.objects.filter(restriction__case__team_id__in=casework_team_ids(user))


def visible_demand_signals(user: User) -> QuerySet[DemandSignal]:
    if not has_capability(user, Capability.VIEW_DEMAND_SIGNALS):
        return DemandSignal.objects.none()
    if user.role == Role.HEAD_OF_SERVICE:
        return DemandSignal.objects.all()
    teams = casework_team_ids(user)
    with_case = Exists(Case.objects.filter(person_id=OuterRef("person_id"), team_id__in=teams))
    return DemandSignal.objects.filter(Q(team_id__in=teams) | with_case)


def can_work_signal(user: User, signal: DemandSignal) -> bool:
    """Dismissing or acting on a signal is casework: case officers and Head of Service."""
    return has_capability(user, Capability.WORK_CASES) and (
        visible_demand_signals(user).filter(pk=signal.pk).exists()
    )


def get_demand_signal_for_user(user: User, signal_id: int, *, write: bool = False) -> DemandSignal:
    signal = (
        visible_demand_signals(user)
        .select_related("person__household__property", "team", "dismissed_by", "acted_on_by")
        .filter(pk=signal_id)
        .first()
    )
    if signal is None:
        raise Http404
    if write and not can_work_signal(user, signal):
        raise PermissionDenied
    return signal


def can_change_signal_settings(user: User) -> bool:
    # Operational management of the policy sits with the Head of Service (policy).
    return has_capability(user, Capability.VIEW_DEMAND_SIGNALS) and (
        user.role == Role.HEAD_OF_SERVICE
    )


def visible_contact_imports(user: User) -> QuerySet[ContactImport]:
    if not has_capability(user, Capability.IMPORT_CONTACTS):
        return ContactImport.objects.none()
    return ContactImport.objects.filter(started_by=user)


def get_contact_import_for_user(user: User, import_id: int) -> ContactImport:
    found = visible_contact_imports(user).filter(pk=import_id).first()
    if found is None:
        raise Http404
    return found
