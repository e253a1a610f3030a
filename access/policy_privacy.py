"""Need-to-know for data-protection work (privacy app), re-exported by access/policy.py.

Subject access, rectification and retention are the data-protection officer's work, done by
the Head of Customer and Community Support and the Director (Capability.DATA_PROTECTION):
not frontline colleagues, not contractors, not system administrators.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404

from access.models import Role, User
from access.routes import Capability
from cases.models import Case
from decisions.models import Assessment, Decision
from incidents.models import Incident
from people.models import Person
from privacy.models import Correction, CustomerStatement, HeldBackItem, SubjectAccessRequest


def _may_protect_data(user: User) -> bool:
    from access.policy import has_capability

    return has_capability(user, Capability.DATA_PROTECTION)


def visible_subject_access_requests(user: User) -> QuerySet[SubjectAccessRequest]:
    if not _may_protect_data(user):
        return SubjectAccessRequest.objects.none()
    return SubjectAccessRequest.objects.all()


def get_subject_access_request_for_user(user: User, request_id: int) -> SubjectAccessRequest:
    found = (
        visible_subject_access_requests(user)
        .select_related("person", "requested_by")
        .defer("report_pdf", "data_json", "bundle_zip")
        .filter(pk=request_id)
        .first()
    )
    if found is None:
        raise Http404
    return found


def get_held_back_item_for_user(user: User, item_id: int) -> HeldBackItem:
    found = (
        HeldBackItem.objects.filter(pk=item_id, request__in=visible_subject_access_requests(user))
        .select_related("request")
        .first()
    )
    if found is None:
        raise Http404
    return found


def data_protection_people(user: User) -> QuerySet[Person]:
    if not _may_protect_data(user):
        return Person.objects.none()
    return Person.objects.all()


def get_person_for_data_protection(user: User, person_id: int) -> Person:
    person = (
        data_protection_people(user)
        .select_related("household__property")
        .filter(pk=person_id)
        .first()
    )
    if person is None:
        raise Http404
    return person


def get_incident_for_data_protection(user: User, incident_id: int) -> Incident:
    from access.policy import visible_incidents

    if not _may_protect_data(user):
        raise Http404
    incident = visible_incidents(user).select_related("case").filter(pk=incident_id).first()
    if incident is None:
        raise Http404
    return incident


def get_case_for_data_protection(user: User, case_id: int) -> Case:
    from access.policy import visible_cases

    if not _may_protect_data(user):
        raise Http404
    case = visible_cases(user).select_related("person").filter(pk=case_id).first()
    if case is None:
        raise Http404
    return case


def statement_opinions(user: User, case: Case) -> dict[str, QuerySet]:  # type: ignore[type-arg]
    """The opinions on a case a customer's statement can be attached to."""
    if not _may_protect_data(user):
        return {"assessment": Assessment.objects.none(), "decision": Decision.objects.none()}
    return {
        "assessment": Assessment.objects.filter(case=case).order_by("-assessed_at", "-id"),
        "decision": Decision.objects.filter(case=case).order_by("-proposed_at", "-id"),
        "incident": Incident.objects.filter(case=case).order_by("-occurred_at", "-id"),
    }


def visible_corrections(user: User) -> QuerySet[Correction]:
    if not _may_protect_data(user):
        return Correction.objects.none()
    return Correction.objects.all()


def visible_customer_statements(user: User) -> QuerySet[CustomerStatement]:
    if not _may_protect_data(user):
        return CustomerStatement.objects.none()
    return CustomerStatement.objects.all()


def can_change_retention(user: User) -> bool:
    # Policy: the Head of Customer and Community Support maintains accurate related data.
    return _may_protect_data(user) and user.role == Role.HEAD_OF_SERVICE


def require_retention_editor(user: User) -> None:
    if not can_change_retention(user):
        raise PermissionDenied
