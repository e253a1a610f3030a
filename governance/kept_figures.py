"""Counts by day, kept ready so the dashboard answers a year of a million incidents quickly.

Every figure is the kept counts (incidents up to the watermark, as at the last rebuild) plus
a live count of incidents reported since (ids above the watermark). The rebuild runs in full
each night in the daily sweep, so a correction or erasure made to an older incident shows
from the next morning; a new incident shows at once.
"""

import heapq
import time
from collections import defaultdict
from collections.abc import Iterable
from datetime import date, datetime, timedelta
from typing import Any

from django.db import transaction
from django.db.models import (
    Case,
    Count,
    DurationField,
    ExpressionWrapper,
    F,
    IntegerField,
    Max,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce, TruncDate, TruncMonth
from django.utils import timezone

from cases.models import ChronologyEntry
from decisions.models import Assessment
from governance.models import (
    ActionDelay,
    AffectedColleagueDay,
    BehaviourDay,
    FiguresState,
    IncidentDay,
)
from incidents.models import AffectedColleague, Incident, IncidentBehaviour

BATCH = 5000

# "First action" on an incident: the first of these recorded on its case at or after the
# incident was reported. Opening, assigning, closing and notes are paperwork, not a response.
ACTION_KINDS = [
    ChronologyEntry.Kind.ASSESSMENT,
    ChronologyEntry.Kind.NEEDS_CHECK,
    ChronologyEntry.Kind.DECISION,
    ChronologyEntry.Kind.LETTER,
    ChronologyEntry.Kind.MEDIATION,
    ChronologyEntry.Kind.LEGAL_ACTION,
    ChronologyEntry.Kind.POLICE,
]


def state() -> FiguresState:
    found, _ = FiguresState.objects.get_or_create(pk=1)
    return found


def with_severity(incidents: QuerySet[Incident]) -> QuerySet[Incident]:
    """Severity is judged when a case is assessed: an incident takes the severity of the first
    assessment of its case made after it was reported (0: not yet assessed)."""
    weighed_by = (
        Assessment.objects.filter(
            case_id=OuterRef("case_id"), assessed_at__gte=OuterRef("reported_at")
        )
        .order_by("assessed_at", "id")
        .values("severity")[:1]
    )
    assessed_cases = Assessment.objects.values("case_id")
    return incidents.annotate(
        severity=Case(
            When(
                case_id__in=assessed_cases,
                then=Coalesce(Subquery(weighed_by), Value(0)),
            ),
            default=Value(0),
            output_field=IntegerField(),
        )
    )


def with_first_action(incidents: QuerySet[Incident]) -> QuerySet[Incident]:
    """Incidents acted on, each with `delay` from its report to the first action on its case."""
    first = (
        ChronologyEntry.objects.filter(
            case_id=OuterRef("case_id"), kind__in=ACTION_KINDS, at__gte=OuterRef("reported_at")
        )
        .order_by("at")
        .values("at")[:1]
    )
    acted_on_cases = ChronologyEntry.objects.filter(kind__in=ACTION_KINDS).values("case_id")
    return (
        incidents.filter(case_id__in=acted_on_cases)
        .annotate(first_action_at=Subquery(first))
        .filter(first_action_at__isnull=False)
        .annotate(
            delay=ExpressionWrapper(
                F("first_action_at") - F("reported_at"), output_field=DurationField()
            )
        )
    )


def day_counts(incidents: QuerySet[Incident]) -> Iterable[tuple[Any, ...]]:
    """(day, channel, severity, incidents, on a case) for the incidents given."""
    return (
        with_severity(incidents)
        .annotate(day=TruncDate("occurred_at"))
        .values_list("day", "channel", "severity")
        .annotate(n=Count("id"), on_case=Count("case_id"))
        .order_by()
    )


def behaviour_counts(incidents: QuerySet[Incident]) -> Iterable[tuple[Any, ...]]:
    return (
        IncidentBehaviour.objects.filter(incident__in=incidents.values("id"))
        .annotate(day=TruncDate("incident__occurred_at"))
        .values_list("day", "behaviour")
        .annotate(n=Count("id"))
        .order_by()
    )


def colleague_counts(incidents: QuerySet[Incident]) -> Iterable[tuple[Any, ...]]:
    return (
        AffectedColleague.objects.filter(incident__in=incidents.values("id"))
        .annotate(day=TruncDate("incident__occurred_at"))
        .values_list("day", "colleague_id")
        .annotate(n=Count("id"), told=Count("line_manager_notified_at"))
        .order_by()
    )


def action_delays(incidents: QuerySet[Incident]) -> Iterable[tuple[Any, ...]]:
    return (
        with_first_action(incidents)
        .annotate(day=TruncDate("occurred_at"))
        .values_list("id", "day", "delay")
        .order_by()
    )


def _write(model: Any, rows: Iterable[Any]) -> None:
    batch = []
    for row in rows:
        batch.append(row)
        if len(batch) >= BATCH:
            model.objects.bulk_create(batch)
            batch = []
    if batch:
        model.objects.bulk_create(batch)


@transaction.atomic
def rebuild_kept_figures() -> FiguresState:
    """Count every incident afresh, by day. Readers keep seeing the old counts until this
    commits. Runs in the daily sweep; seconds for a million incidents."""
    started = time.perf_counter()
    kept = FiguresState.objects.select_for_update().get_or_create(pk=1)[0]
    watermark = Incident.objects.aggregate(top=Max("id"))["top"] or 0
    counted = Incident.objects.filter(id__lte=watermark)
    for model in (IncidentDay, BehaviourDay, AffectedColleagueDay, ActionDelay):
        model.objects.all().delete()
    _write(
        IncidentDay,
        (
            IncidentDay(day=d, channel=c, severity=s, incidents=n, on_case=k)
            for d, c, s, n, k in day_counts(counted)
        ),
    )
    _write(
        BehaviourDay,
        (BehaviourDay(day=d, behaviour=b, incidents=n) for d, b, n in behaviour_counts(counted)),
    )
    _write(
        AffectedColleagueDay,
        (
            AffectedColleagueDay(day=d, colleague_id=c, times=n, manager_told=t)
            for d, c, n, t in colleague_counts(counted)
        ),
    )
    _write(
        ActionDelay,
        (ActionDelay(incident_id=i, day=d, delay=x) for i, d, x in action_delays(counted)),
    )
    kept.watermark, kept.rebuilt_at = watermark, timezone.now()
    kept.rebuild_seconds = time.perf_counter() - started
    kept.save()
    return kept


# --- reading: kept counts plus live counts of what came since ---------------------------------


def _days(starts_on: date, ends_on: date) -> Q:
    return Q(day__gte=starts_on, day__lte=ends_on)


def _since(watermark: int, starts_on: date, ends_on: date) -> QuerySet[Incident]:
    from governance.periods import Period

    start, end = Period(starts_on, ends_on, "").bounds()
    return Incident.objects.filter(id__gt=watermark, occurred_at__gte=start, occurred_at__lt=end)


def incident_totals(
    starts_on: date, ends_on: date, watermark: int, *, by: str
) -> dict[tuple[Any, ...], tuple[int, int]]:
    """(incidents, on a case) grouped by `by`: "month_channel" or "severity"."""
    keys = ("month", "channel") if by == "month_channel" else ("severity",)
    kept = (
        IncidentDay.objects.filter(_days(starts_on, ends_on))
        .annotate(month=TruncMonth("day"))
        .values_list(*keys)
        .annotate(n=Sum("incidents"), k=Sum("on_case"))
        .order_by()
    )
    since = _since(watermark, starts_on, ends_on)
    live = (
        (with_severity(since) if by == "severity" else since)
        .annotate(month=TruncMonth("occurred_at"))
        .values_list(*keys)
        .annotate(n=Count("id"), k=Count("case_id"))
        .order_by()
    )
    found: dict[tuple[Any, ...], tuple[int, int]] = {}
    for *key, n, k in [*kept, *live]:
        clean = tuple(_as_date(part) for part in key)
        before = found.get(clean, (0, 0))
        found[clean] = (before[0] + n, before[1] + k)
    return found


def _as_date(value: Any) -> Any:
    """Months come back as dates from kept days and as local datetimes from live incidents."""
    if isinstance(value, datetime):
        return timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return value


def behaviour_totals(starts_on: date, ends_on: date, watermark: int) -> dict[str, int]:
    found: dict[str, int] = defaultdict(int)
    kept = (
        BehaviourDay.objects.filter(_days(starts_on, ends_on))
        .values_list("behaviour")
        .annotate(n=Sum("incidents"))
        .order_by()
    )
    for behaviour, n in kept:
        found[behaviour] += n
    for _, behaviour, n in behaviour_counts(_since(watermark, starts_on, ends_on)):
        found[behaviour] += n
    return dict(found)


def colleague_totals(starts_on: date, ends_on: date, watermark: int) -> dict[str, int]:
    kept = AffectedColleagueDay.objects.filter(_days(starts_on, ends_on))
    totals = kept.aggregate(times=Sum("times"), told=Sum("manager_told"))
    colleagues = set(kept.values_list("colleague_id", flat=True).distinct())
    times, told = totals["times"] or 0, totals["told"] or 0
    for _, colleague, n, t in colleague_counts(_since(watermark, starts_on, ends_on)):
        colleagues.add(colleague)
        times, told = times + n, told + t
    return {"affected": times, "colleagues": len(colleagues), "manager_told": told}


def sorted_delays(starts_on: date, ends_on: date, watermark: int) -> list[timedelta]:
    """Every delay in the period, shortest first: sorted by the database, merged with the few
    incidents acted on since the last rebuild."""
    kept = list(
        ActionDelay.objects.filter(_days(starts_on, ends_on))
        .order_by("delay")
        .values_list("delay", flat=True)
    )
    live = [x for _, _, x in action_delays(_since(watermark, starts_on, ends_on))]
    return list(heapq.merge(kept, sorted(live)))
