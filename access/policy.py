"""Need-to-know, decided in one place.

Every view, export and API endpoint asks this module what the viewer may see and do:
- `ROUTES` names, for every URL, the capability it needs; the route middleware enforces it
  and a test fails on any URL missing from the table;
- `visible_<noun>s(user)` scope querysets to the viewer;
- `get_<noun>_for_user(user, id, write=False)` fetches one record: one the viewer may not
  see is a 404, the same as one that does not exist; visible but not editable is a 403.
Nothing else in the code base decides who sees what.
"""

from enum import StrEnum
from typing import Any

import rules
from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from access.models import AccessGrant, Role, Team, User
from cases.models import Case
from incidents.models import AffectedColleague, Evidence, Incident
from notifications.models import Notification
from people.models import Household, Person, Property


class Capability(StrEnum):
    PUBLIC = "public"
    SIGNED_IN = "signed_in"
    REPORT_INCIDENT = "report_incident"
    FIND_PEOPLE = "find_people"
    VIEW_INCIDENTS = "view_incidents"
    VIEW_CASES = "view_cases"
    WORK_CASES = "work_cases"
    IMPORT_HOUSING_DATA = "import_housing_data"
    ADMINISTER_USERS = "administer_users"


STAFF_ROLES = frozenset(Role) - {Role.CONTRACTOR}
ALL_SEEING_ROLES = frozenset({Role.HEAD_OF_SERVICE, Role.DIRECTOR})

CAPABILITIES: dict[Capability, frozenset[str]] = {
    Capability.SIGNED_IN: frozenset(Role),
    Capability.REPORT_INCIDENT: STAFF_ROLES - {Role.SYSTEM_ADMINISTRATOR},
    Capability.FIND_PEOPLE: STAFF_ROLES - {Role.SYSTEM_ADMINISTRATOR},
    Capability.VIEW_INCIDENTS: STAFF_ROLES - {Role.SYSTEM_ADMINISTRATOR},
    Capability.VIEW_CASES: frozenset({Role.CASE_OFFICER, Role.HEAD_OF_SERVICE, Role.DIRECTOR}),
    Capability.WORK_CASES: frozenset({Role.CASE_OFFICER, Role.HEAD_OF_SERVICE}),
    Capability.IMPORT_HOUSING_DATA: frozenset({Role.SYSTEM_ADMINISTRATOR, Role.HEAD_OF_SERVICE}),
    Capability.ADMINISTER_USERS: frozenset({Role.SYSTEM_ADMINISTRATOR}),
}

# Every URL name and the capability it needs. A route missing here is refused (404) and
# fails the access-matrix test.
ROUTES: dict[str, Capability] = {
    "login": Capability.PUBLIC,
    "logout": Capability.SIGNED_IN,
    "health": Capability.PUBLIC,
    "home": Capability.SIGNED_IN,
    "notifications:list": Capability.SIGNED_IN,
    "notifications:read": Capability.SIGNED_IN,
    "people:search": Capability.FIND_PEOPLE,
    "people:person": Capability.FIND_PEOPLE,
    "people:property": Capability.FIND_PEOPLE,
    "people:import": Capability.IMPORT_HOUSING_DATA,
    "incidents:report": Capability.REPORT_INCIDENT,
    "incidents:person_options": Capability.REPORT_INCIDENT,
    "incidents:reported": Capability.REPORT_INCIDENT,
    "incidents:mine": Capability.VIEW_INCIDENTS,
    "incidents:detail": Capability.VIEW_INCIDENTS,
    "incidents:evidence": Capability.VIEW_INCIDENTS,
    "cases:my_work": Capability.WORK_CASES,
    "cases:list": Capability.VIEW_CASES,
    "cases:detail": Capability.VIEW_CASES,
    "cases:add_note": Capability.WORK_CASES,
    "cases:assign": Capability.WORK_CASES,
}
# Whole namespaces that share one capability (Django's admin site manages colleague accounts).
NAMESPACES: dict[str, Capability] = {
    "admin": Capability.ADMINISTER_USERS,
}


def route_capability(view_name: str | None, namespace: str | None) -> Capability | None:
    if view_name and view_name in ROUTES:
        return ROUTES[view_name]
    if namespace and namespace in NAMESPACES:
        return NAMESPACES[namespace]
    return None


def has_capability(user: Any, capability: Capability) -> bool:
    if capability == Capability.PUBLIC:
        return True
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return user.role in CAPABILITIES[capability]


def refuse(user: Any) -> None:
    """Refuse a route: contractors are told nothing exists; colleagues are told 'not allowed'."""
    if getattr(user, "role", None) == Role.CONTRACTOR:
        raise Http404
    raise PermissionDenied


# --- predicates ---------------------------------------------------------------------------


@rules.predicate
def sees_everything(user: User) -> bool:
    return user.is_authenticated and user.role in ALL_SEEING_ROLES


@rules.predicate
def is_head_of_service(user: User) -> bool:
    return user.is_authenticated and user.role == Role.HEAD_OF_SERVICE


@rules.predicate
def is_case_officer(user: User) -> bool:
    return user.is_authenticated and user.role == Role.CASE_OFFICER


@rules.predicate
def works_case_team(user: User, case: Case) -> bool:
    return case.team_id in casework_team_ids(user)


can_read_case = sees_everything | (is_case_officer & works_case_team)
can_work_case = is_head_of_service | (is_case_officer & works_case_team)


def casework_team_ids(user: User) -> set[int]:
    """The teams whose cases a case officer works: their own, plus any live grant."""
    cached: set[int] | None = getattr(user, "_casework_team_ids", None)
    if cached is not None:
        return cached
    ids: set[int] = set()
    if user.is_authenticated and user.role == Role.CASE_OFFICER:
        if user.team_id:
            ids.add(user.team_id)
        now = timezone.now()
        ids.update(
            AccessGrant.objects.filter(user=user, starts_at__lte=now, ends_at__gt=now).values_list(
                "team_id", flat=True
            )
        )
    user._casework_team_ids = ids  # type: ignore[attr-defined]
    return ids


# --- cases --------------------------------------------------------------------------------


def visible_cases(user: User) -> QuerySet[Case]:
    if not has_capability(user, Capability.VIEW_CASES):
        return Case.objects.none()
    if user.role in ALL_SEEING_ROLES:
        return Case.objects.all()
    return Case.objects.filter(team_id__in=casework_team_ids(user))


def get_case_for_user(user: User, case_id: int, *, write: bool = False) -> Case:
    case = (
        visible_cases(user)
        .select_related("person", "team", "assigned_officer")
        .filter(pk=case_id)
        .first()
    )
    if case is None:
        raise Http404
    if write and not can_work_case(user, case):
        raise PermissionDenied
    return case


def assignable_officers(user: User, case: Case) -> QuerySet[User]:
    return User.objects.filter(
        is_active=True, role=Role.CASE_OFFICER, team_id=case.team_id
    ).order_by("first_name", "last_name")


# --- incidents ----------------------------------------------------------------------------


def visible_incidents(user: User) -> QuerySet[Incident]:
    if not has_capability(user, Capability.VIEW_INCIDENTS):
        return Incident.objects.none()
    if user.role in ALL_SEEING_ROLES:
        return Incident.objects.all()
    own = Q(reported_by=user) | Exists(
        AffectedColleague.objects.filter(incident=OuterRef("pk"), colleague=user)
    )
    if user.role == Role.CASE_OFFICER:
        return Incident.objects.filter(own | Q(case__team_id__in=casework_team_ids(user)))
    if user.role == Role.LINE_MANAGER:
        team_affected = Exists(
            AffectedColleague.objects.filter(incident=OuterRef("pk")).filter(
                Q(line_manager=user) | Q(colleague__line_manager=user)
            )
        )
        return Incident.objects.filter(own | team_affected)
    return Incident.objects.filter(own)


def get_incident_for_user(user: User, incident_id: int) -> Incident:
    incident = (
        visible_incidents(user)
        .select_related("case", "reported_by", "home")
        .filter(pk=incident_id)
        .first()
    )
    if incident is None:
        raise Http404
    return incident


def get_evidence_for_user(user: User, evidence_id: int) -> Evidence:
    evidence = (
        Evidence.objects.filter(pk=evidence_id, incident__in=visible_incidents(user))
        .select_related("incident")
        .first()
    )
    if evidence is None:
        raise Http404
    return evidence


# --- people and homes ---------------------------------------------------------------------


def visible_people(user: User) -> QuerySet[Person]:
    # Names and homes are needed to report and to follow handling instructions; what
    # happened and why is not (that lives in incidents and cases, scoped above).
    if not has_capability(user, Capability.FIND_PEOPLE):
        return Person.objects.none()
    return Person.objects.all()


def visible_properties(user: User) -> QuerySet[Property]:
    if not has_capability(user, Capability.FIND_PEOPLE):
        return Property.objects.none()
    return Property.objects.all()


def visible_households(user: User) -> QuerySet[Household]:
    if not has_capability(user, Capability.FIND_PEOPLE):
        return Household.objects.none()
    return Household.objects.all()


def get_person_for_user(user: User, person_id: int) -> Person:
    person = visible_people(user).select_related("household__property").filter(pk=person_id).first()
    if person is None:
        raise Http404
    return person


def get_property_for_user(user: User, property_id: int) -> Property:
    home = visible_properties(user).filter(pk=property_id).first()
    if home is None:
        raise Http404
    return home


# --- notifications ------------------------------------------------------------------------


def visible_notifications(user: User) -> QuerySet[Notification]:
    if not user.is_authenticated:
        return Notification.objects.none()
    return Notification.objects.filter(recipient=user)


def get_notification_for_user(user: User, notification_id: int) -> Notification:
    notification = visible_notifications(user).filter(pk=notification_id).first()
    if notification is None:
        raise Http404
    return notification


def casework_teams() -> QuerySet[Team]:
    return Team.objects.filter(handles_cases=True).order_by("id")
