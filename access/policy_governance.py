"""Need-to-know for governance reporting (governance app), re-exported by access/policy.py.

The dashboard, equality monitoring, board packs and the policy's own governance are for the
Head of Customer and Community Support and the Director (Capability.GOVERNANCE): not
frontline colleagues, not contractors, not system administrators. They hold figures only.

A person's equality monitoring details are special category data (UK GDPR Art 9): recorded
and read only by the Head of Service and by case officers working a case about that person.
"""

from django.db.models import QuerySet
from django.http import Http404

from access.models import Role, User
from access.routes import Capability
from governance.models import BoardPack, PolicyMonitoring, PolicyVersion
from people.models import Person


def _may_govern(user: User) -> bool:
    from access.policy import has_capability

    return has_capability(user, Capability.GOVERNANCE)


def visible_board_packs(user: User) -> QuerySet[BoardPack]:
    """Every board pack, to those who answer for the policy; nobody else sees one exists."""
    if not _may_govern(user):
        return BoardPack.objects.none()
    return BoardPack.objects.all()


def get_board_pack_for_user(user: User, pack_id: int, *, with_files: bool = False) -> BoardPack:
    packs = visible_board_packs(user).select_related("requested_by")
    if not with_files:
        packs = packs.defer("pdf", "csv_zip")
    found = packs.filter(pk=pack_id).first()
    if found is None:
        raise Http404
    return found


def visible_policy_versions(user: User) -> QuerySet[PolicyVersion]:
    if not _may_govern(user):
        return PolicyVersion.objects.none()
    return PolicyVersion.objects.all()


def get_policy_version_for_user(user: User, version_id: int) -> PolicyVersion:
    found = visible_policy_versions(user).filter(pk=version_id).first()
    if found is None:
        raise Http404
    return found


def visible_policy_monitoring(user: User) -> QuerySet[PolicyMonitoring]:
    if not _may_govern(user):
        return PolicyMonitoring.objects.none()
    return PolicyMonitoring.objects.all()


def equality_people(user: User) -> QuerySet[Person]:
    """People whose equality monitoring details the user may record and read: anyone for the
    Head of Service; for a case officer, the people on cases their team works."""
    from access.policy import has_capability, visible_cases

    if not has_capability(user, Capability.WORK_CASES):
        return Person.objects.none()
    if user.role == Role.HEAD_OF_SERVICE:
        return Person.objects.all()
    return Person.objects.filter(pk__in=visible_cases(user).values("person_id"))


def get_person_for_equality(user: User, person_id: int) -> Person:
    """A person the user may not record equality details for is the same 404 as a missing
    one: whether someone has equality details is itself special category data."""
    found = (
        equality_people(user)
        .select_related("equality_profile", "household__property")
        .filter(pk=person_id)
        .first()
    )
    if found is None:
        raise Http404
    return found
