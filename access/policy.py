"""Need-to-know, decided in one place.

Every view, export and API endpoint asks this module what the viewer may see and do:
- `ROUTES` names, for every URL, the capability it needs; the route middleware enforces it
  and a test fails on any URL missing from the table;
- `visible_<noun>s(user)` scope querysets to the viewer;
- `get_<noun>_for_user(user, id, write=False)` fetches one record: one the viewer may not
  see is a 404, the same as one that does not exist; visible but not editable is a 403.
Nothing else in the code base decides who sees what.
"""

from typing import Any

import rules
from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from access.models import AccessGrant, Role, Team, User
from access.routes import (
    ALL_SEEING_ROLES,
    CAPABILITIES,
    NAMESPACES,
    ROUTES,
    Capability,
)
from appeals.models import Appeal
from cases.models import Case
from contractors.models import Job, active_job_conditions
from decisions.models import Decision, DecisionSettings
from flags.models import WarningFlag
from incidents.models import AffectedColleague, Evidence, Incident
from interventions.models import Disclosure, LegalAction, MediationReferral, PoliceReport
from letters.models import Letter, NonDisclosureDecision
from notifications.models import Notification
from people.models import Household, Person, Property
from restrictions.models import ContactRestriction
from reviews.models import Review
from support.models import SupportFollowUp


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
    if user.role == Role.APPEAL_REVIEWER:
        # Read-only (can_work_case stays false): the case behind an appeal they review.
        return Case.objects.filter(
            pk__in=Appeal.objects.filter(reviewer=user).values("decision__case_id")
        )
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


# --- decisions ----------------------------------------------------------------------------


def visible_decisions(user: User) -> QuerySet[Decision]:
    return Decision.objects.filter(case__in=visible_cases(user))


def get_decision_for_user(user: User, decision_id: int, *, write: bool = False) -> Decision:
    decision = (
        visible_decisions(user)
        .select_related("case__person", "case__team", "proposed_by", "approved_by", "decided_by")
        .filter(pk=decision_id)
        .first()
    )
    if decision is None:
        raise Http404
    if write and not can_work_case(user, decision.case):
        raise PermissionDenied
    return decision


def can_approve_decision(user: User, decision: Decision) -> bool:
    return (
        has_capability(user, Capability.APPROVE_DECISIONS)
        and decision.status == Decision.Status.AWAITING_APPROVAL
        and decision.proposed_by_id != user.pk
        and user.role in DecisionSettings.current().approver_roles
    )


# --- support ------------------------------------------------------------------------------


def _support_relation(user: User) -> Q:
    """The colleague themself, or their line manager (when reported, or now)."""
    return Q(colleague=user) | Q(line_manager=user) | Q(colleague__line_manager=user)


def visible_support(user: User) -> QuerySet[AffectedColleague]:
    """Affected colleagues whose support record (kept or yet to be kept) the user may see.

    Only the colleague, their line manager and the Head of Customer and Community Support:
    not the director, case officers, system administrators or contractors (need to know).
    """
    if not has_capability(user, Capability.SUPPORT_COLLEAGUES):
        return AffectedColleague.objects.none()
    if user.role == Role.HEAD_OF_SERVICE:
        return AffectedColleague.objects.all()
    return AffectedColleague.objects.filter(_support_relation(user))


def can_record_support(user: User, affected: AffectedColleague) -> bool:
    """The line manager or Head of Service records support; the colleague may only read."""
    if not has_capability(user, Capability.SUPPORT_COLLEAGUES) or affected.colleague_id == user.pk:
        return False
    if user.role == Role.HEAD_OF_SERVICE:
        return True
    return user.pk in (affected.line_manager_id, affected.colleague.line_manager_id)


def get_support_for_user(user: User, affected_id: int, *, write: bool = False) -> AffectedColleague:
    affected = (
        visible_support(user)
        .select_related("colleague", "line_manager", "incident", "support")
        .filter(pk=affected_id)
        .first()
    )
    if affected is None:
        raise Http404
    if write and not can_record_support(user, affected):
        raise PermissionDenied
    return affected


def visible_support_follow_ups(user: User) -> QuerySet[SupportFollowUp]:
    return SupportFollowUp.objects.filter(support__affected__in=visible_support(user))


def get_support_follow_up_for_user(
    user: User, follow_up_id: int, *, write: bool = False
) -> SupportFollowUp:
    follow_up = (
        visible_support_follow_ups(user)
        .select_related("support__affected__colleague")
        .filter(pk=follow_up_id)
        .first()
    )
    if follow_up is None:
        raise Http404
    if write and not can_record_support(user, follow_up.support.affected):
        raise PermissionDenied
    return follow_up


# --- interventions ------------------------------------------------------------------------
# Mediation, legal action, police reports and disclosures belong to a case: whoever may read
# the case may read them (the same rules as visible_cases), and writes need can_work_case.


def _within_visible_cases[RecordT: (MediationReferral, LegalAction, PoliceReport, Disclosure)](
    queryset: QuerySet[RecordT], user: User
) -> QuerySet[RecordT]:
    if not has_capability(user, Capability.VIEW_CASES):
        return queryset.none()
    if user.role in ALL_SEEING_ROLES:
        return queryset
    return queryset.filter(case__team_id__in=casework_team_ids(user))


def _case_record_for_user[RecordT: (MediationReferral, LegalAction, PoliceReport, Disclosure)](
    queryset: QuerySet[RecordT], user: User, record_id: int, *, write: bool
) -> RecordT:
    record = _within_visible_cases(queryset, user).select_related("case").filter(pk=record_id)
    found = record.first()
    if found is None:
        raise Http404
    if write and not can_work_case(user, found.case):
        raise PermissionDenied
    return found


def visible_mediation(user: User) -> QuerySet[MediationReferral]:
    return _within_visible_cases(MediationReferral.objects.all(), user)


def get_mediation_for_user(
    user: User, referral_id: int, *, write: bool = False
) -> MediationReferral:
    return _case_record_for_user(MediationReferral.objects.all(), user, referral_id, write=write)


def visible_legal_actions(user: User) -> QuerySet[LegalAction]:
    return _within_visible_cases(LegalAction.objects.all(), user)


def get_legal_action_for_user(
    user: User, legal_action_id: int, *, write: bool = False
) -> LegalAction:
    return _case_record_for_user(LegalAction.objects.all(), user, legal_action_id, write=write)


def visible_police_reports(user: User) -> QuerySet[PoliceReport]:
    return _within_visible_cases(PoliceReport.objects.all(), user)


def get_police_report_for_user(
    user: User, police_report_id: int, *, write: bool = False
) -> PoliceReport:
    return _case_record_for_user(PoliceReport.objects.all(), user, police_report_id, write=write)


def visible_disclosures(user: User) -> QuerySet[Disclosure]:
    return _within_visible_cases(Disclosure.objects.all(), user)


def get_disclosure_for_user(user: User, disclosure_id: int, *, write: bool = False) -> Disclosure:
    return _case_record_for_user(Disclosure.objects.all(), user, disclosure_id, write=write)


def sharing_log_for_user(user: User) -> QuerySet[Disclosure]:
    """The whole information-sharing log: police and s.115 material, for senior eyes only."""
    if not has_capability(user, Capability.SEE_INFORMATION_SHARING):
        return Disclosure.objects.none()
    return visible_disclosures(user)


def can_approve_disclosure(user: User, disclosure: Disclosure) -> bool:
    # Four eyes: the proposer never approves their own disclosure.
    return (
        user.is_authenticated
        and user.role in ALL_SEEING_ROLES
        and disclosure.proposed_by_id != user.pk
        and not disclosure.is_approved
    )


# --- appeals ---


def visible_appeals(user: User) -> QuerySet[Appeal]:
    """Head of Service and Director: all; case officers: their teams' cases; a reviewer: theirs."""
    if not has_capability(user, Capability.REVIEW_APPEALS):
        return Appeal.objects.none()
    if user.role in ALL_SEEING_ROLES:
        return Appeal.objects.all()
    return Appeal.objects.filter(
        Q(reviewer=user) | Q(decision__case__team_id__in=casework_team_ids(user))
    )


def get_appeal_for_user(user: User, appeal_id: int) -> Appeal:
    appeal = (
        visible_appeals(user)
        .select_related(
            "decision__case__person",
            "decision__case__team",
            "decision__proposed_by",
            "decision__approved_by",
            "decision__decided_by",
            "reviewer",
            "assigned_by",
            "lodged_by",
            "resulting_decision",
        )
        .filter(pk=appeal_id)
        .first()
    )
    if appeal is None:
        raise Http404
    return appeal


def can_assign_appeal_reviewer(user: User, appeal: Appeal) -> bool:
    # Operational management of the policy sits with the Head of Service (policy).
    return is_head_of_service(user) and appeal.is_open


def can_decide_appeal(user: User, appeal: Appeal) -> bool:
    return appeal.is_open and appeal.reviewer_id is not None and appeal.reviewer_id == user.pk


# --- letters ---


def visible_letters(user: User) -> QuerySet[Letter]:
    """Letters to the customer: whoever may read the case may read what we wrote."""
    return Letter.objects.filter(case__in=visible_cases(user))


def get_letter_for_user(user: User, letter_id: int, *, write: bool = False) -> Letter:
    letter = (
        visible_letters(user)
        .select_related(
            "case__person__household__property",
            "case__team",
            "decision",
            "created_by",
            "issued_by",
        )
        .filter(pk=letter_id)
        .first()
    )
    if letter is None:
        raise Http404
    if write and not can_work_case(user, letter.case):
        raise PermissionDenied
    return letter


def visible_non_disclosure_decisions(user: User) -> QuerySet[NonDisclosureDecision]:
    return NonDisclosureDecision.objects.filter(case__in=visible_cases(user))


# --- warning flags and contact restrictions -------------------------------------------------
# Every colleague who can find a person sees the handling instructions in force (what to do);
# only those who may read the case see the reasons (why), and that read is audited.


def visible_flags(user: User) -> QuerySet[WarningFlag]:
    if not has_capability(user, Capability.FIND_PEOPLE):
        return WarningFlag.objects.none()
    return WarningFlag.objects.all()


def get_flag_for_user(user: User, flag_id: int) -> WarningFlag:
    flag = (
        visible_flags(user)
        .select_related("decision", "case", "person", "household", "home", "lifted_by")
        .filter(pk=flag_id)
        .first()
    )
    if flag is None:
        raise Http404
    return flag


def visible_restrictions(user: User) -> QuerySet[ContactRestriction]:
    if not has_capability(user, Capability.FIND_PEOPLE):
        return ContactRestriction.objects.none()
    return ContactRestriction.objects.all()


def get_restriction_for_user(user: User, restriction_id: int) -> ContactRestriction:
    restriction = (
        visible_restrictions(user)
        .select_related("decision", "case", "person", "single_point_of_contact", "deputy")
        .filter(pk=restriction_id)
        .first()
    )
    if restriction is None:
        raise Http404
    return restriction


def can_see_reasons(user: User, case: Case) -> bool:
    """The reasons for a measure (decision basis, incidents, needs) are case detail."""
    return bool(can_read_case(user, case))


# --- contractors ---
# A contractor sees a home, and what to do there, only while their firm has an active job at
# it (need to know). A home without one is the same 404 as a home that does not exist.


def _contractor_firm_id(user: User) -> int | None:
    if not has_capability(user, Capability.CONTRACTOR_PORTAL):
        return None
    return user.contractor_organisation_id


def contractor_jobs(user: User) -> QuerySet[Job]:
    """The jobs of the user's firm that are active today; none for anyone else."""
    firm_id = _contractor_firm_id(user)
    if firm_id is None:
        return Job.objects.none()
    return Job.objects.filter(active_job_conditions(), contractor_id=firm_id)


def contractor_homes(user: User) -> QuerySet[Property]:
    """Homes where the user's firm has an active job today; none for anyone else."""
    if _contractor_firm_id(user) is None:
        return Property.objects.none()
    return Property.objects.filter(Exists(contractor_jobs(user).filter(home_id=OuterRef("pk"))))


def get_contractor_home(user: User, property_id: int) -> Property:
    home = contractor_homes(user).filter(pk=property_id).first()
    if home is None:
        raise Http404
    return home


def contractor_notices(user: User) -> QuerySet[Notification]:
    """Notices to this contractor that the arrangements at a home changed (never why)."""
    return visible_notifications(user).filter(kind=Notification.Kind.ARRANGEMENT_CHANGED)


def visible_jobs_for_case(user: User, case: Case) -> QuerySet[Job]:
    """Current and coming jobs at the case's homes: the person's home and any flagged home."""
    if not can_read_case(user, case):
        return Job.objects.none()
    homes = Q(home_id__in=WarningFlag.objects.filter(case=case, home__isnull=False).values("home"))
    if case.person.household_id:
        homes |= Q(
            home_id__in=Household.objects.filter(pk=case.person.household_id).values("property")
        )
    today = timezone.localdate()
    return Job.objects.filter(homes).filter(Q(ends_on__isnull=True) | Q(ends_on__gte=today))


def can_manage_jobs(user: User) -> bool:
    return has_capability(user, Capability.MANAGE_JOBS)


# --- reviews ---


def visible_reviews(user: User) -> QuerySet[Review]:
    """Reviews of measures: whoever may read the case may read how its measures were reviewed."""
    return Review.objects.filter(decision__case__in=visible_cases(user))


# Each app's selectors live beside this file and are re-exported here, so every view still
# asks this one module what a colleague may see.
from access.policy_api import *  # noqa: E402, F403
from access.policy_contacts import *  # noqa: E402, F403
from access.policy_governance import *  # noqa: E402, F403
from access.policy_privacy import *  # noqa: E402, F403
