"""Which measures and decisions not to tell the customer are due for review, and whose they
are. The daily sweep asks over every record; pages ask over what the viewer may see (the
querysets they pass in come from access/policy.py)."""

from datetime import date, timedelta

from django.db.models import Exists, OuterRef, Q, QuerySet

from access.models import Role, User
from cases.models import Case
from decisions.models import MEASURES, Decision
from flags.models import WarningFlag
from letters.models import Letter, NonDisclosureDecision
from restrictions.models import ContactRestriction

Measure = WarningFlag | ContactRestriction

# A measure in force that has not been lifted: the thing a review is about.
MEASURE_IN_FORCE = Q(
    status=Decision.Status.IN_FORCE, response__in=sorted(MEASURES), review_on__isnull=False
) & (
    Q(warning_flag__isnull=False, warning_flag__lifted_at__isnull=True)
    | Q(contact_restriction__isnull=False, contact_restriction__lifted_at__isnull=True)
)


def measures_in_force(decisions: QuerySet[Decision]) -> QuerySet[Decision]:
    return decisions.filter(MEASURE_IN_FORCE)


def due_measures(decisions: QuerySet[Decision], *, today: date, window_days: int) -> QuerySet:
    """Measures in force whose review falls within the window, or has passed (overdue)."""
    return (
        measures_in_force(decisions)
        .filter(review_on__lte=today + timedelta(days=window_days))
        .select_related(
            "case__person",
            "case__assigned_officer__line_manager",
            "warning_flag",
            "contact_restriction",
        )
        .order_by("review_on", "id")
    )


def current_non_disclosures(
    records: QuerySet[NonDisclosureDecision],
) -> QuerySet[NonDisclosureDecision]:
    """The latest decision not to tell the customer about each decision, unless a letter
    about that decision has since been issued (then the customer has been told)."""
    newer = NonDisclosureDecision.objects.filter(decision=OuterRef("decision")).filter(
        Q(recorded_at__gt=OuterRef("recorded_at"))
        | Q(recorded_at=OuterRef("recorded_at"), pk__gt=OuterRef("pk"))
    )
    told_since = Letter.objects.filter(
        decision=OuterRef("decision"),
        status=Letter.Status.ISSUED,
        issued_at__gt=OuterRef("recorded_at"),
    )
    return records.exclude(Exists(newer)).exclude(Exists(told_since))


def due_non_disclosures(
    records: QuerySet[NonDisclosureDecision], *, today: date, window_days: int
) -> QuerySet[NonDisclosureDecision]:
    return (
        current_non_disclosures(records)
        .filter(review_on__lte=today + timedelta(days=window_days))
        .select_related("case__person", "case__assigned_officer__line_manager", "decision")
        .order_by("review_on", "id")
    )


def non_disclosure_for(
    decision: Decision, records: QuerySet[NonDisclosureDecision]
) -> NonDisclosureDecision | None:
    """The decision not to tell the customer about this decision (or an earlier version of
    it) that still stands, if any: it must come up when the measure is reviewed."""
    chain = [version.pk for version in versions_of(decision)]
    return (
        current_non_disclosures(records.filter(decision_id__in=chain))
        .select_related("decision", "recorded_by")
        .order_by("-recorded_at", "-id")
        .first()
    )


def versions_of(decision: Decision) -> list[Decision]:
    """The decision and every earlier version it replaced (varied on appeal or review)."""
    versions = [decision]
    seen = {decision.pk}
    current = decision.replaces
    while current is not None and current.pk not in seen:
        versions.append(current)
        seen.add(current.pk)
        current = current.replaces
    return versions


def heads_of_service() -> list[User]:
    return list(User.objects.filter(role=Role.HEAD_OF_SERVICE, is_active=True).order_by("pk"))


def owners(case: Case, heads: list[User]) -> list[User]:
    """Who owns a case's reviews: its officer, or the Head of Service when nobody is assigned
    (or the officer has left)."""
    officer = case.assigned_officer
    if officer is not None and officer.is_active:
        return [officer]
    return list(heads)


def measure_of(decision: Decision) -> Measure | None:
    """The warning flag or contact restriction the decision imposes."""
    for name in ("warning_flag", "contact_restriction"):
        try:
            measure: Measure = getattr(decision, name)
        except (WarningFlag.DoesNotExist, ContactRestriction.DoesNotExist):
            continue
        return measure
    return None


def is_reviewable(decision: Decision) -> bool:
    measure = measure_of(decision)
    return (
        decision.status == Decision.Status.IN_FORCE
        and decision.response in MEASURES
        and decision.review_on is not None
        and measure is not None
        and measure.lifted_at is None
    )
