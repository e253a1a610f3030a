"""The governance dashboard's figures for a period, each one aggregate query (GROUP BY in the
database), never a loop over rows. Incident counts come from the counts kept by day
(governance/kept_figures.py): a year holds hundreds of thousands of incidents.

Brief point 14: reports of incidents and actions by category, severity, outcome, time to act,
reviews overdue, appeals. Everything here counts records; nothing names a person.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Count, Q, TextField
from django.db.models.functions import Cast
from django.utils import timezone

from appeals.models import Appeal
from decisions.models import Decision, DecisionSettings, NeedsCheck, Severity
from flags.models import RiskLevel, WarningFlag, active_flag_conditions
from governance import kept_figures
from governance.periods import Period
from incidents.models import Behaviour, Channel
from interventions.models import Disclosure, LegalAction, MediationReferral, PoliceReport
from restrictions.models import ContactRestriction, active_restriction_conditions
from reviews.models import Review
from reviews.selectors import due_measures
from support.models import ColleagueSupport, SupportOffer

FIRST_ACTION_EXPLAINED = (
    "Time to first action runs from when an incident was reported to the first assessment, "
    "contributing-needs check, decision, letter, mediation referral, legal action or police "
    "report recorded on its case after that. Opening or assigning a case and case notes do not "
    "count. Incidents with nobody identified as responsible have no case and are left out."
)
SEVERITY_EXPLAINED = (
    "Severity is judged when a case is assessed: an incident counts at the severity of the "
    "first assessment of its case made after it was reported."
)
KEPT_EXPLAINED = (
    "Counts include every incident reported up to now. A correction or erasure made to an "
    "older incident shows once the figures are rebuilt, every night."
)


@dataclass(frozen=True)
class TimeToAction:
    actioned: int
    waiting: int
    median: timedelta | None
    p90: timedelta | None


def _watermark() -> int:
    return kept_figures.state().watermark


def _between(field: str, period: Period) -> Q:
    """A datetime field within the period's local days."""
    start, end = period.bounds()
    return Q(**{f"{field}__gte": start, f"{field}__lt": end})


def _on_dates(field: str, period: Period) -> Q:
    return Q(**{f"{field}__gte": period.starts_on, f"{field}__lte": period.ends_on})


def incidents_by_month_and_channel(period: Period) -> dict[tuple[date, str], int]:
    found = kept_figures.incident_totals(
        period.starts_on, period.ends_on, _watermark(), by="month_channel"
    )
    return {(month, channel): n for (month, channel), (n, _) in found.items()}


def incidents_by_behaviour(period: Period) -> dict[str, int]:
    return kept_figures.behaviour_totals(period.starts_on, period.ends_on, _watermark())


def incidents_by_severity(period: Period) -> dict[int, int]:
    """Incidents by assessed severity; 0 counts those not yet assessed."""
    found = kept_figures.incident_totals(
        period.starts_on, period.ends_on, _watermark(), by="severity"
    )
    return {severity: n for (severity,), (n, _) in found.items()}


def _rank(count: int, numerator: int, denominator: int) -> int:
    """Nearest rank: the smallest value with at least that share of values at or below it."""
    return max(0, -(-count * numerator // denominator) - 1)


def time_to_first_action(period: Period) -> TimeToAction:
    watermark = _watermark()
    on_case = sum(
        k
        for _, k in kept_figures.incident_totals(
            period.starts_on, period.ends_on, watermark, by="severity"
        ).values()
    )
    delays = kept_figures.sorted_delays(period.starts_on, period.ends_on, watermark)
    count = len(delays)
    return TimeToAction(
        actioned=count,
        waiting=on_case - count,
        median=delays[_rank(count, 1, 2)] if count else None,
        p90=delays[_rank(count, 9, 10)] if count else None,
    )


def colleague_support(period: Period) -> dict[str, int]:
    totals = kept_figures.colleague_totals(period.starts_on, period.ends_on, _watermark())
    # Support records are few (one per colleague supported): read them from their side.
    support = ColleagueSupport.objects.filter(
        _between("affected__incident__occurred_at", period)
    ).annotate(
        offered_text=Cast("offered", TextField()), accepted_text=Cast("accepted", TextField())
    )
    offers = {
        f"{kind}_{offer.value}": Count(
            "id", filter=Q(**{f"{kind}_text__contains": f'"{offer.value}"'})
        )
        for offer in SupportOffer
        for kind in ("offered", "accepted")
    }
    counts = support.aggregate(recorded=Count("id"), completed=Count("completed_at"), **offers)
    return {**totals, **counts}


def measures(period: Period) -> dict[str, dict[str, int]]:
    flags = WarningFlag.objects.filter(active_flag_conditions())
    restrictions = ContactRestriction.objects.filter(active_restriction_conditions())
    return {
        "flags_by_risk": dict(flags.values_list("risk_level").annotate(n=Count("id")).order_by()),
        "restrictions_by_kind": dict(
            restrictions.values_list("kind").annotate(n=Count("id")).order_by()
        ),
        "started": dict(
            Decision.objects.filter(
                _on_dates("starts_on", period),
                status__in=[
                    Decision.Status.IN_FORCE,
                    Decision.Status.VARIED,
                    Decision.Status.ENDED,
                    Decision.Status.OVERTURNED,
                ],
                response__in=["warning_flag", "contact_restriction"],
            )
            .values_list("response")
            .annotate(n=Count("id"))
            .order_by()
        ),
        "lifted": {
            "warning_flag": WarningFlag.objects.filter(_between("lifted_at", period)).count(),
            "contact_restriction": ContactRestriction.objects.filter(
                _between("lifted_at", period)
            ).count(),
        },
    }


def reviews(period: Period, *, today: date) -> dict[str, int]:
    window = DecisionSettings.current().review_reminder_days
    due = due_measures(Decision.objects.all(), today=today, window_days=window).order_by()
    counts = due.aggregate(
        overdue=Count("id", filter=Q(review_on__lt=today)),
        due_soon=Count("id", filter=Q(review_on__gte=today)),
    )
    done = dict(
        Review.objects.filter(_between("reviewed_at", period))
        .values_list("outcome")
        .annotate(n=Count("id"))
        .order_by()
    )
    return {**counts, "window": window, **{f"recorded_{k}": v for k, v in done.items()}}


def appeals(period: Period, *, today: date) -> dict[str, int]:
    lodged = Appeal.objects.filter(_on_dates("received_on", period))
    by_outcome = dict(lodged.values_list("outcome").annotate(n=Count("id")).order_by())
    open_overdue = Appeal.objects.filter(outcome="", due_on__lt=today).count()
    return {**{k or "open": v for k, v in by_outcome.items()}, "open_overdue_now": open_overdue}


def referrals(period: Period) -> dict[str, int]:
    return NeedsCheck.objects.filter(_between("recorded_at", period)).aggregate(
        checks=Count("id"),
        needs_found=Count("id", filter=Q(no_needs_found=False)),
        offered=Count("id", filter=Q(referral_offered=True)),
        agreed=Count("id", filter=Q(consent=NeedsCheck.Consent.AGREED)),
        declined=Count("id", filter=Q(consent=NeedsCheck.Consent.DECLINED)),
        made=Count("referral_made_on"),
    )


def interventions(period: Period) -> dict[str, dict[str, int]]:
    mediation = MediationReferral.objects.filter(_on_dates("referred_on", period))
    legal = LegalAction.objects.filter(_between("recorded_at", period))
    disclosures = Disclosure.objects.filter(_between("proposed_at", period))
    return {
        "mediation": dict(mediation.values_list("outcome").annotate(n=Count("id")).order_by()),
        "mediation_agreed": {"agreed": mediation.filter(customer_agreed=True).count()},
        "legal": dict(legal.values_list("kind").annotate(n=Count("id")).order_by()),
        "legal_status": dict(legal.values_list("status").annotate(n=Count("id")).order_by()),
        "police": {
            "reports": PoliceReport.objects.filter(_on_dates("reported_on", period)).count()
        },
        "disclosures": disclosures.aggregate(
            proposed=Count("id"), approved=Count("approved_at"), shared=Count("shared_on")
        ),
    }


def today() -> date:
    return timezone.localdate()


# Labels the tables use, kept here so the page, PDF and CSV agree.
BEHAVIOUR_LABELS = dict(Behaviour.choices)
CHANNEL_LABELS = dict(Channel.choices)
SEVERITY_LABELS = dict(Severity.choices)
RISK_LABELS = dict(RiskLevel.choices)
