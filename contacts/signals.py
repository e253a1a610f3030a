"""Demand signals from the per-person summaries: per person as contacts arrive, and in full.

Design (see `contacts/summaries.py` for the summary itself). Volume, percentile and
not-our-responsibility figures are read straight from each person's summary row. Whether a
person could qualify for concentration on one colleague or churn of one reference's subject
is decided from bounds kept on the same row; only those few candidates have their last 90
days of contacts read from the log's (person, occurred_at) index for the detailed checks. The
population percentile as a contact arrives comes from the cut-off and histogram the last
full recomputation stored (`SignalPopulation`), so one contact never re-counts everyone.

A signal is never a sanction: it is raised for an officer to look at, kept up to date while
raised, and once dismissed or acted on it stays quiet until the pattern grows past the
figures recorded then (by `SignalSettings.regrowth_percent`), or for at most 90 days, after
which every contact it was about has left every window. Churn counts the changes of subject
among a reference's contacts in the last 90 days (older ones have left every window).
"""

import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from access.models import Team, User
from cases.models import Case
from contacts import explain
from contacts.details import QUIET_DAYS, Detail, read_details, read_details_soon
from contacts.explain import Candidate, PersonFigures
from contacts.models import (
    DemandSignal,
    SignalPopulation,
    SignalSettings,
)
from contacts.rows import binary_cursor, one_of
from contacts.summaries import (
    BUCKETS,
    SUMMARY,
    SUMMARY_COLUMNS,
    Summary,
    roll_summaries,
    set_churn,
    summaries_for,
)
from people.models import Household, Person, Property


@dataclass
class RecomputeResult:
    people_contacting_30_days: int
    candidates: int
    raised: int
    updated: int


def settings_and_cutoff() -> tuple[SignalSettings, int | None]:
    """The thresholds in force and the stored 30-day percentile cut-off, in one query."""
    # Raw: asked on every contact's arrival, and the ORM's building of the query cost more
    # than the query.
    found = list(
        SignalSettings.objects.raw(
            f"SELECT s.*, (SELECT cutoff FROM {SignalPopulation._meta.db_table} "  # noqa: S608
            f"WHERE id = 1) AS stored_cutoff FROM {SignalSettings._meta.db_table} s "
            "ORDER BY s.id DESC LIMIT 1"
        )
    )
    if not found:
        return SignalSettings.current(), None
    return found[0], found[0].stored_cutoff  # type: ignore[attr-defined]


def stored_population() -> SignalPopulation | None:
    found = list(
        SignalPopulation.objects.raw(
            f"SELECT * FROM {SignalPopulation._meta.db_table} WHERE id = 1"  # noqa: S608
        )
    )
    return found[0] if found else None


def _on(threshold: int) -> int:
    """A threshold of 0 switches its test off (never reached)."""
    return threshold if threshold > 0 else 2**31


def covering_window(days: int) -> int:
    return next(w for w in (7, 30, 90) if w >= days)


def may_concentrate(row: Summary, settings: SignalSettings) -> bool:
    """Whether the bounds on the row leave concentration on one colleague possible."""
    return _may_concentrate_on(row, settings, row.asked_for_30) or may_be_handled_by_one(
        row, settings
    )


def may_be_handled_by_one(row: Summary, settings: SignalSettings) -> bool:
    """Whether the bounds leave possible that one colleague handled enough of the contacts."""
    handled = max(getattr(row, f"handled_30_{k}") for k in range(BUCKETS))
    return _may_concentrate_on(row, settings, handled)


def _may_concentrate_on(row: Summary, settings: SignalSettings, bound: int) -> bool:
    least = max(settings.concentration_minimum, 1)
    if settings.concentration_days != 30:
        # The bounds count 30 days; over another window only the total bounds anything.
        total = getattr(row, f"contacts_{covering_window(settings.concentration_days)}")
        return bool(total >= least)
    return bound >= least and 100 * bound >= settings.concentration_share * row.contacts_30


def needs_detail(row: Summary, settings: SignalSettings) -> bool:
    return may_concentrate(row, settings) or row.churn_90 >= max(settings.churn_changes, 1)


def wanted_details(
    rows: dict[int, Summary], detailed: set[int], settings: SignalSettings, recheck: set[int]
) -> dict[str, set[int]]:
    """What `read_details` must work out for each of `detailed`: who could be handled by one
    colleague, and whose churn could qualify or must be brought up to date (`recheck`)."""
    least = max(settings.churn_changes, 1)
    return {
        "handled": {p for p in detailed if may_be_handled_by_one(rows[p], settings)},
        "churn": {p for p in detailed if rows[p].churn_90 >= least} | recheck,
    }


def could_qualify(row: Summary, settings: SignalSettings, cutoff: int | None) -> bool:
    return (
        row.contacts_7 >= _on(settings.volume_7_days)
        or row.contacts_30 >= _on(settings.volume_30_days)
        or row.contacts_90 >= _on(settings.volume_90_days)
        or row.not_landlord_90 >= _on(settings.not_landlord_90_days)
        or bool(cutoff and row.contacts_30 >= max(cutoff, settings.percentile_minimum, 1))
        or needs_detail(row, settings)
    )


def refresh_people(
    person_ids: Iterable[int],
    *,
    with_references: Iterable[int] = (),
    rows: dict[int, Summary] | None = None,
    defer_detail: bool = True,
) -> int:
    """Bring the signals of these people up to date after new contacts; returns raised.

    `with_references`: those of them whose new contacts named a reference (their stored
    churn bound is brought up to date). `rows`: their summary rows, if already to hand.

    People whose bounds leave concentration on one colleague or churn possible need their
    last 90 days read from the log; for someone who contacts us constantly that is hundreds
    of contacts, more than a contact's arrival can wait for. With `defer_detail` their whole
    refresh goes to the background worker (`refresh_signals`, enqueued in this
    transaction, so it runs once the contacts are committed); everyone else's signals are
    brought up to date here, from the summary rows alone.
    """
    ids = set(person_ids)
    if not ids:
        return 0
    settings, cutoff = settings_and_cutoff()
    rows = rows if rows is not None else summaries_for(list(ids))
    referenced = {p for p in set(with_references) & ids if p in rows}
    # Churn needs two contacts naming a reference; fewer cannot change its subject.
    recheck = {p for p in referenced if rows[p].referenced_90 >= 2}
    candidates = {p for p, row in rows.items() if could_qualify(row, settings, cutoff)}
    if not candidates and not recheck:
        return 0
    as_of = timezone.localdate()
    detailed = {p for p in candidates if needs_detail(rows[p], settings)} | recheck
    if defer_detail and detailed:
        from contacts.tasks import refresh_signals

        refresh_signals.enqueue(sorted(detailed), sorted(recheck))
        candidates -= detailed
        detailed = recheck = set()
        if not candidates:
            return 0
    details = read_details(
        detailed, as_of, settings, **wanted_details(rows, detailed, settings, recheck)
    )
    set_churn({p: details[p].most_changes if p in details else 0 for p in recheck})
    population = stored_population()
    figures = _figures({p: rows[p] for p in candidates | recheck}, details, settings, population)
    return reconcile(figures, settings)[0]


def _figures(
    rows: dict[int, Summary],
    details: dict[int, Detail],
    settings: SignalSettings,
    population: SignalPopulation | None,
) -> list[PersonFigures]:
    names = _names(details.values())
    figures = []
    for person in sorted(rows):
        row, detail = rows[person], details.get(person)
        figures.append(
            PersonFigures(
                person_id=person,
                counts={7: row.contacts_7, 30: row.contacts_30, 90: row.contacts_90},
                not_landlord=row.not_landlord_90,
                concentration_contacts=detail.concentration_contacts if detail else 0,
                percentile=population.percentile(row.contacts_30) if population else 0.0,
                top_asked=_named(detail.top_asked, names) if detail else None,
                top_handled=_named(detail.top_handled, names) if detail else None,
                churn=detail.churn if detail else None,
            )
        )
    return figures


def _names(details: Iterable[Detail]) -> dict[int, str]:
    ids = {t[0] for d in details for t in (d.top_asked, d.top_handled) if t is not None}
    if not ids:
        return {}
    return {u.pk: u.display_name for u in User.objects.filter(pk__in=ids)}


def _named(top: tuple[int, int] | None, names: dict[int, str]) -> tuple[int, str, int] | None:
    if top is None:
        return None
    return top[0], names.get(top[0], "a colleague"), top[1]


# --- bringing the stored signals into line ---------------------------------------------


@dataclass(slots=True)
class Closed:
    """A signal dismissed or acted on lately: the figures it was closed at."""

    figures: dict[str, Any]
    closed_at: Any


@dataclass(slots=True)
class Refreshed:
    pk: int
    score: float
    explanation: str
    figures: str  # as JSON


def reconcile(figures: list[PersonFigures], settings: SignalSettings) -> tuple[int, int]:
    """Raise new signals and update raised ones; returns (raised, updated)."""
    candidates = [c for f in figures for c in explain.detect(f, settings)]
    if not candidates:
        return 0, 0
    now = timezone.now()
    as_of = timezone.localdate(now).isoformat()
    quiet_from = now - timedelta(days=QUIET_DAYS)
    people = {c.person_id for c in candidates}
    # Raised signals by key alone: the database compares their figures when it writes (on a
    # full recomputation thousands of them, whose stored figures took longer to decode than
    # to send back). Closed ones with the figures they were closed at.
    raised: dict[tuple[int, str], int] = {}
    closed: dict[tuple[int, str], Closed] = {}
    for pk, person, kind, status, stored, dismissed_at, acted_on_at in _signals_of(
        people, quiet_from
    ):
        key = (person, kind)
        if status == DemandSignal.Status.RAISED:
            raised[key] = pk
            continue
        if isinstance(stored, str):  # SQLite hands JSON back as text
            stored = json.loads(stored)
        signal = Closed(stored, dismissed_at or acted_on_at)
        if key not in closed or signal.closed_at > closed[key].closed_at:
            closed[key] = signal
    refreshed, to_create = [], []
    for candidate in candidates:
        key = (candidate.person_id, candidate.kind)
        if key in raised:
            refreshed.append(
                Refreshed(
                    raised[key],
                    candidate.score,
                    candidate.explanation,
                    json.dumps({**candidate.figures, "as_of": as_of}),
                )
            )
        elif key not in closed or explain.has_grown(
            candidate, closed[key].figures, settings.regrowth_percent
        ):
            to_create.append(candidate)
    if refreshed:
        _update_raised(refreshed, now)
    if to_create:
        _create(to_create, now)
    return len(to_create), len(refreshed)


# A plain statement, as in `settings_and_cutoff`: asked for every contact that may raise or
# update a signal. With the plain team look-up below, one contact's breach check and signal
# update went from a p99 of 4.9-7.9 ms to 3.5-4.6 ms (the bench, runs of 1,000 contacts).
SIGNALS_OF = f"""
SELECT id, person_id, kind, status, CASE WHEN status = %s THEN NULL ELSE figures END,
    dismissed_at, acted_on_at
FROM {DemandSignal._meta.db_table}
WHERE {{among}} AND (status = %s OR dismissed_at >= %s OR acted_on_at >= %s)
"""  # noqa: S608


def _signals_of(people: set[int], quiet_from: Any) -> list[tuple[Any, ...]]:
    """These people's raised signals, and those closed since `quiet_from`."""
    among, given = one_of("person_id", people)
    since = connection.ops.adapt_datetimefield_value(quiet_from)
    raised = DemandSignal.Status.RAISED
    with connection.cursor() as cursor:
        cursor.execute(SIGNALS_OF.format(among=among), [raised, *given, raised, since, since])
        return cursor.fetchall()


def _update_raised(signals: list[Refreshed], now: Any) -> None:
    """New figures for raised signals, written only where they changed: a full recomputation
    of an unchanged population writes nothing. One statement on PostgreSQL, however many."""
    if connection.vendor != "postgresql":
        when = connection.ops.adapt_datetimefield_value(now)
        with connection.cursor() as cursor:
            # The stored figures are the JSON text Django wrote (`json.dumps`, keys in the
            # order given); a difference only of key order costs one needless write.
            cursor.executemany(
                "UPDATE contacts_demandsignal SET score = %s, explanation = %s, figures = %s, "
                "updated_at = %s WHERE id = %s AND NOT (score = %s AND explanation = %s "
                "AND figures = %s)",
                [
                    (s.score, s.explanation, s.figures, when, s.pk)
                    + (s.score, s.explanation, s.figures)
                    for s in signals
                ],
            )
            return
    with binary_cursor() as cursor:
        cursor.execute(
            "UPDATE contacts_demandsignal AS s SET score = u.score, "
            "explanation = u.explanation, figures = u.figures, updated_at = %b "
            "FROM (SELECT id, score, explanation, figures::jsonb AS figures FROM "
            "unnest(%b::bigint[], %b::float8[], %b::text[], %b::text[]) "
            "AS v(id, score, explanation, figures)) AS u "
            "WHERE s.id = u.id AND (s.score, s.explanation, s.figures) "
            "IS DISTINCT FROM (u.score, u.explanation, u.figures)",
            [
                now,
                [s.pk for s in signals],
                [s.score for s in signals],
                [s.explanation for s in signals],
                [s.figures for s in signals],
            ],
        )


def _create(candidates: list[Candidate], now: Any) -> None:
    teams = teams_for({c.person_id for c in candidates})
    as_of = timezone.localdate(now).isoformat()
    DemandSignal.objects.bulk_create(
        [
            DemandSignal(
                person_id=c.person_id,
                kind=c.kind,
                team_id=teams.get(c.person_id),
                raised_at=now,
                updated_at=now,
                score=c.score,
                explanation=c.explanation,
                figures={**c.figures, "as_of": as_of},
            )
            for c in candidates
        ],
        batch_size=1000,
    )


# Each person's open case's team (one at most) and their home's postcode, in one statement:
# raising a signal as a contact arrives waited about 4 ms on the three queries this replaced,
# mostly building them.
CASE_TEAM_AND_POSTCODE = f"""
SELECT p.id, (
    SELECT c.team_id FROM {Case._meta.db_table} c WHERE c.person_id = p.id AND c.status = %s
), pr.postcode
FROM {Person._meta.db_table} p
LEFT JOIN {Household._meta.db_table} h ON h.id = p.household_id
LEFT JOIN {Property._meta.db_table} pr ON pr.id = h.property_id
WHERE {{among}}
"""  # noqa: S608


def teams_for(person_ids: set[int]) -> dict[int, int]:
    """Whose officers see a person's signals: their open case's team, else their patch's.

    The same rule as `cases.actions.casework_team_for`, batched.
    """
    found: dict[int, int] = {}
    postcodes: dict[int, str] = {}
    among, given = one_of("p.id", person_ids)
    with connection.cursor() as cursor:
        cursor.execute(CASE_TEAM_AND_POSTCODE.format(among=among), [Case.Status.OPEN, *given])
        for person, team, postcode in cursor.fetchall():
            if team is not None:
                found[person] = team
            else:
                postcodes[person] = postcode or ""
    if postcodes:
        teams = list(Team.objects.filter(handles_cases=True).order_by("id"))
        for person, postcode in postcodes.items():
            if teams:
                team = next((t for t in teams if t.covers_postcode(postcode)), teams[0])
                found[person] = team.pk
    return found


# --- the full recomputation --------------------------------------------------------------


FULL_COUNTS = """
WITH hist AS (
    SELECT contacts_30 AS c30, COUNT(*) AS people FROM {summary} WHERE contacts_30 > 0
    GROUP BY contacts_30
),
ranked AS (SELECT c30, SUM(people) OVER (ORDER BY c30 DESC) AS at_or_above FROM hist),
cutoff AS (
    SELECT COALESCE(MIN(c30), 0) AS c FROM ranked
    WHERE at_or_above * 100.0 <= %(people)s * (100 - %(percentile)s)
)
SELECT 0 AS part, {columns} FROM {summary}
WHERE contacts_7 >= %(t7)s OR contacts_30 >= %(t30)s OR contacts_90 >= %(t90)s
    OR not_landlord_90 >= %(tn)s OR churn_90 >= %(tchurn)s OR {concentration}
    OR (contacts_30 >= %(tp)s AND contacts_30 >= (SELECT c FROM cutoff)
        AND (SELECT c FROM cutoff) > 0)
UNION ALL
SELECT 1, c30, NULL, people, {zeros} FROM hist
"""


def _concentration_sql(settings: SignalSettings) -> str:
    """`may_concentrate` in SQL (the thresholds are whole numbers from the settings)."""
    least = max(settings.concentration_minimum, 1)
    if settings.concentration_days != 30:
        return f"contacts_{covering_window(settings.concentration_days)} >= {least}"
    share = int(settings.concentration_share)
    bounds = ["asked_for_30", *(f"handled_30_{k}" for k in range(BUCKETS))]
    return (
        "("
        + " OR ".join(f"({b} >= {least} AND 100 * {b} >= {share} * contacts_30)" for b in bounds)
        + ")"
    )


def _handled_sql(settings: SignalSettings) -> str:
    """`may_be_handled_by_one` in SQL."""
    least = max(settings.concentration_minimum, 1)
    if settings.concentration_days != 30:
        return f"contacts_{covering_window(settings.concentration_days)} >= {least}"
    greatest = "GREATEST" if connection.vendor == "postgresql" else "MAX"  # SQLite's scalar MAX
    most = f"{greatest}(" + ", ".join(f"handled_30_{k}" for k in range(BUCKETS)) + ")"
    return (
        f"({most} >= {least} AND 100 * {most} >= {int(settings.concentration_share)} * contacts_30)"
    )


def detail_choice(settings: SignalSettings) -> tuple[str, dict[str, Any]]:
    """The statement choosing from the summaries whom a full recomputation reads in detail,
    and what for: `needs_detail` and `wanted_details` (with nobody to recheck) in SQL, so
    the read can start before the summaries are read here (a test holds the two together)."""
    churn = "churn_90 >= %(least)s"
    return (
        f"SELECT person_id, {_handled_sql(settings)}, {churn} FROM {SUMMARY} "  # noqa: S608
        f"WHERE {_concentration_sql(settings)} OR {churn}",
        {"least": max(settings.churn_changes, 1)},
    )


def measure_everyone(
    settings: SignalSettings,
) -> tuple[dict[int, Summary], SignalPopulation]:
    """One pass over the summaries: candidates and the population's 30-day histogram."""
    people = Person.objects.count()
    params: dict[str, Any] = {
        "people": people,
        "percentile": float(settings.volume_percentile),
        "t7": _on(settings.volume_7_days),
        "t30": _on(settings.volume_30_days),
        "t90": _on(settings.volume_90_days),
        "tn": _on(settings.not_landlord_90_days),
        "tchurn": max(settings.churn_changes, 1),
        "tp": max(settings.percentile_minimum, 1),
    }
    sql = FULL_COUNTS.format(
        summary=SUMMARY,
        columns=", ".join(SUMMARY_COLUMNS),
        concentration=_concentration_sql(settings),
        zeros=", ".join(["0"] * (len(SUMMARY_COLUMNS) - 3)),
    )
    rows: dict[int, Summary] = {}
    histogram: dict[str, int] = {}
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        for part, *values in cursor.fetchall():
            if part == 0:
                rows[values[0]] = Summary(*values)
            else:
                histogram[str(values[0])] = values[2]  # the people with that 30-day count
    population = SignalPopulation(
        pk=1, computed_at=timezone.now(), people=people, histogram=histogram
    )
    population.cutoff = _cutoff(population, float(settings.volume_percentile))
    return rows, population


def _cutoff(population: SignalPopulation, percentile: float) -> int | None:
    """The fewest 30-day contacts that reach the percentile (None: nobody can)."""
    at_or_above = 0
    cutoff = None
    for count in sorted((int(c) for c in population.histogram), reverse=True):
        at_or_above += population.histogram[str(count)]
        if at_or_above * 100.0 > population.people * (100 - percentile):
            break
        cutoff = count
    return cutoff


def recompute_all() -> RecomputeResult:
    """Recompute every person's signals from the summaries (the daily sweep; by hand).

    Rolls the summaries to today first (a no-op if already rolled), then reads them once;
    only candidates for concentration or churn are read in detail from the log. When no
    transaction of the caller's could hold uncommitted contacts, that read runs on two
    connections of its own while the other candidates are reconciled on this one.
    """
    shared = not connection.in_atomic_block
    with transaction.atomic():
        return _recompute(shared=shared)


def _recompute(*, shared: bool) -> RecomputeResult:
    roll_summaries()
    settings = SignalSettings.current()
    as_of = timezone.localdate()
    reading = read_details_soon(detail_choice(settings), as_of, settings) if shared else None
    rows, population = measure_everyone(settings)
    population.save()
    candidates = len(rows)
    detailed = {p for p, row in rows.items() if needs_detail(row, settings)}
    raised = updated = 0
    wanted = wanted_details(rows, detailed, settings, set())
    if reading is None:
        details = read_details(detailed, as_of, settings, **wanted)
    else:
        # While other connections read the log, the candidates who need no detail are
        # reconciled here.
        plain = {p: row for p, row in rows.items() if p not in detailed}
        raised, updated = reconcile(_figures(plain, {}, settings, population), settings)
        rows = {p: rows[p] for p in detailed}
        chosen, details = reading.result()
        # Those connections chose from the summaries as committed a moment apart from this
        # reading of them (a contact may have come in between, or the roll just now): anyone
        # this reading needs and they did not read, or read for less, is read here.
        missed = (
            (detailed - chosen.people)
            | (wanted["handled"] - chosen.handled)
            | (wanted["churn"] - chosen.churn)
        )
        if missed:
            details.update(
                read_details(
                    missed,
                    as_of,
                    settings,
                    handled=wanted["handled"] & missed,
                    churn=wanted["churn"] & missed,
                )
            )
    # The stored churn bound becomes exact for those whose churn was just read (it only
    # ever falls).
    set_churn({p: details[p].most_changes if p in details else 0 for p in wanted["churn"]})
    more_raised, more_updated = reconcile(_figures(rows, details, settings, population), settings)
    return RecomputeResult(
        people_contacting_30_days=sum(population.histogram.values()),
        candidates=candidates,
        raised=raised + more_raised,
        updated=updated + more_updated,
    )
