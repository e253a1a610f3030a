"""The change log behind the changes feed and webhooks: when an arrangement starts, changes
or ends (`alerts.models.AlertChange`).

State-based, so idempotent: each call compares whether the measure is in force now with what
the log last said about it, and writes a row only for a real transition ("changed" only
when the caller says something visible changed while it stayed in force). Calling it twice
in one transaction, as lifting a flag does through `end_decision`, writes one row.

Called in the same transaction as the change by the actions that approve, vary, overturn,
end, lift and re-date measures, and by the daily sweep for measures whose start date has
arrived (and, defensively, for any the log has out of step, e.g. rows written in bulk).
"""

from django.db import connection, transaction
from django.db.models import Max

from alerts.models import AlertChange, Measure
from decisions.models import Decision
from flags.models import WarningFlag, active_flag_conditions
from restrictions.models import ContactRestriction, active_restriction_conditions

AnyMeasure = WarningFlag | ContactRestriction
OPEN = (AlertChange.Kind.STARTED, AlertChange.Kind.CHANGED)
# Any constant shared by every writer of the log: see _in_commit_order.
LOCK_KEY = 7_241_101


def _in_commit_order() -> None:
    """Feed readers page by id, so ids must become visible in order. Holding this lock until
    commit makes every writer of the log take its ids one transaction after another
    (changes of measures are human actions, so this never queues for long). SQLite already
    lets one writer in at a time."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [LOCK_KEY])


def _name(measure: AnyMeasure) -> str:
    if isinstance(measure, WarningFlag):
        return Measure.WARNING_FLAG
    return Measure.CONTACT_RESTRICTION


def _where(measure: AnyMeasure) -> tuple[int | None, int | None]:
    """(person id, home id) the arrangement is about."""
    if isinstance(measure, WarningFlag) and measure.home_id:
        return None, measure.home_id
    if isinstance(measure, WarningFlag) and measure.household_id:
        household = measure.household
        return None, household.property_id if household else None
    person = measure.person
    household = person.household if person and person.household_id else None
    return measure.person_id, household.property_id if household else None


def note_measure(*, measure: AnyMeasure, changed: bool = False) -> AlertChange | None:
    """Record this measure's transition, if it made one (see the module docstring)."""
    _in_commit_order()
    name = _name(measure)
    last = (
        AlertChange.objects.filter(measure=name, measure_id=measure.pk)
        .order_by("-id")
        .values_list("kind", flat=True)
        .first()
    )
    was_in_force, in_force = last in OPEN, measure.is_active
    if was_in_force and not in_force:
        kind = AlertChange.Kind.ENDED
    elif in_force and not was_in_force:
        kind = AlertChange.Kind.STARTED
    elif in_force and changed:
        kind = AlertChange.Kind.CHANGED
    else:
        return None
    person_id, home_id = _where(measure)
    return AlertChange.objects.create(
        kind=kind, person_id=person_id, home_id=home_id, measure=name, measure_id=measure.pk
    )


def measures_of(decision: Decision) -> list[AnyMeasure]:
    """The flag or restriction a decision imposes, read afresh (actions move them with
    queryset updates, so objects in memory may be out of date)."""
    flags = WarningFlag.objects.filter(decision_id=decision.pk).select_related(
        "decision", "person__household", "household"
    )
    restrictions = ContactRestriction.objects.filter(decision_id=decision.pk).select_related(
        "decision", "person__household"
    )
    return [*flags, *restrictions]


def note_decision(*, decision: Decision, changed: bool = False) -> None:
    """One-line hook for the decision, flag and restriction actions."""
    for measure in measures_of(decision):
        note_measure(measure=measure, changed=changed)


def _open_in_log(name: str) -> set[int]:
    latest = (
        AlertChange.objects.filter(measure=name)
        .values("measure_id")
        .annotate(last=Max("id"))
        .values_list("last", flat=True)
    )
    return set(
        AlertChange.objects.filter(id__in=latest, kind__in=OPEN).values_list(
            "measure_id", flat=True
        )
    )


def sweep_alert_changes() -> dict[str, int]:
    """Daily: start measures whose start date has arrived; end any the log still shows in
    force that no longer are. Safe to run again: a second run finds nothing to record."""
    written = {"started": 0, "ended": 0}
    with transaction.atomic():
        _in_commit_order()
        for model, conditions, name in (
            (WarningFlag, active_flag_conditions(), Measure.WARNING_FLAG),
            (ContactRestriction, active_restriction_conditions(), Measure.CONTACT_RESTRICTION),
        ):
            in_force = set(model.objects.filter(conditions).values_list("pk", flat=True))
            logged = _open_in_log(name)
            for measure in model.objects.filter(pk__in=in_force ^ logged).select_related(
                "decision", "person__household", *(["household"] if model is WarningFlag else [])
            ):
                row = note_measure(measure=measure)
                if row is not None:
                    written[row.kind] += 1
    return written
