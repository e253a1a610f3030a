"""What the log says about a few people's last 90 days: concentration on one colleague and
churn of one reference's subject, which the summary rows can only bound (`contacts.signals`
reads these for the people whose bounds leave them possible)."""

from collections import Counter, defaultdict
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import connection, connections, transaction

from contacts.models import ContactEvent, Direction, SignalSettings
from contacts.summaries import window_start

QUIET_DAYS = 90
# How many successive subjects of one reference are kept for the explanation.
SUBJECTS_KEPT = 12
# For the detailed statement only (until its transaction ends).
WORK_MEMORY = "64MB"
# From this many people `read_details_soon` reads on two connections of its own.
SHARED_FROM = 100


@dataclass
class Detail:
    """What the log says about one person's last 90 days, for the detailed checks."""

    concentration_contacts: int
    top_asked: tuple[int, int] | None  # colleague id, contacts
    top_handled: tuple[int, int] | None
    churn: dict[str, Any] | None
    most_changes: int


def read_details(
    person_ids: set[int],
    as_of: date,
    settings: SignalSettings,
    *,
    handled: set[int],
    churn: set[int],
) -> dict[int, Detail]:
    """Concentration and churn for a few people, from the log's (person, occurred_at) index.

    Only what each person's summary bounds leave possible is worked out: the colleague who
    handled most only for `handled`, the churn of references only for `churn` (for the rest
    `top_handled` is None, `churn` None and `most_changes` 0). The colleague asked for most
    is read for everyone: a volume signal names them."""
    if not person_ids:
        return {}
    since = window_start(as_of, settings.concentration_days)
    least = max(settings.churn_changes, 1)
    if connection.vendor == "postgresql":
        return _details_in_sql(person_ids, as_of, since, least, handled, churn)
    rows = (
        ContactEvent.objects.filter(
            person_id__in=person_ids,
            direction=Direction.INBOUND,
            occurred_at__gte=window_start(as_of, QUIET_DAYS),
        )
        .order_by("person_id", "occurred_at", "id")
        .values_list(
            "person_id", "occurred_at", "asked_for_id", "handled_by_id", "reference", "subject"
        )
    )
    grouped: dict[int, list[tuple[Any, ...]]] = defaultdict(list)
    for row in rows.iterator(chunk_size=10_000):
        grouped[row[0]].append(row)
    found = {}
    for person, events in grouped.items():
        detail = _detail(events, since, least)
        if person not in handled:
            detail.top_handled = None
        if person not in churn:
            detail.churn, detail.most_changes = None, 0
        found[person] = detail
    return found


DETAILS = """
WITH ev AS MATERIALIZED (
    SELECT id, person_id, occurred_at, asked_for_id, reference, subject
    FROM contacts_contactevent
    WHERE person_id = ANY(%(ids)s) AND direction = 'inbound' AND occurred_at >= %(s90)s
        -- older than the concentration window, only a reference's contacts count (churn)
        AND (occurred_at >= %(since)s OR reference <> '')
),
-- One pass over the window gives both each person's total and the colleague asked for most.
per_asked AS (
    SELECT person_id, asked_for_id, COUNT(*) AS n FROM ev WHERE occurred_at >= %(since)s
    GROUP BY person_id, asked_for_id
),
total AS (SELECT person_id, SUM(n)::bigint AS n FROM per_asked GROUP BY person_id),
asked AS (
    SELECT DISTINCT ON (person_id) person_id, asked_for_id AS colleague, n
    FROM per_asked WHERE asked_for_id IS NOT NULL
    ORDER BY person_id, n DESC, asked_for_id
),
-- Read apart, from the index, for the few whose bounds leave it possible (scanning the
-- window's rows for them cost more).
handled AS (
    SELECT DISTINCT ON (person_id) person_id, handled_by_id AS colleague, COUNT(*) AS n
    FROM contacts_contactevent
    WHERE person_id = ANY(%(handled)s) AND direction = 'inbound' AND occurred_at >= %(since)s
        AND handled_by_id IS NOT NULL
    GROUP BY person_id, handled_by_id
    ORDER BY person_id, n DESC, handled_by_id
),
ordered AS (
    SELECT person_id, reference, subject, occurred_at, id,
        LAG(subject) OVER (PARTITION BY person_id, reference ORDER BY occurred_at, id) AS prev
    -- IN (SELECT unnest): hashed; as = ANY(array) the array was searched for each row, and
    -- as a join the planner sorted all the rows by person first.
    FROM ev WHERE reference <> '' AND person_id IN (SELECT unnest(%(churn)s::bigint[]))
),
refs AS (
    SELECT person_id, reference, COUNT(*) AS contacts,
        COUNT(*) FILTER (WHERE prev <> subject) AS changes,
        array_agg(subject ORDER BY occurred_at, id) FILTER (
            WHERE prev IS NULL OR prev <> subject) AS subjects,
        MAX(occurred_at) AS last_at
    FROM ordered GROUP BY person_id, reference
),
churn AS (
    -- Only the reference whose subject changed most (latest last on a tie) comes back, with
    -- how many others changed enough: sending every reference cost more to decode than the
    -- statement took.
    SELECT DISTINCT ON (person_id) person_id,
        MAX(changes) OVER (PARTITION BY person_id) AS most,
        COUNT(*) FILTER (WHERE changes >= %(least)s) OVER (PARTITION BY person_id) AS churned,
        reference, contacts, changes, subjects
    FROM refs ORDER BY person_id, changes DESC, last_at DESC, reference DESC
)
SELECT people.person_id, COALESCE(total.n, 0), asked.colleague, asked.n, handled.colleague,
    handled.n, COALESCE(churn.most, 0), COALESCE(churn.churned, 0), churn.reference,
    churn.contacts, churn.changes, churn.subjects
-- Everyone asked about comes back (zeros where the window holds nothing, as no detail).
FROM unnest(%(ids)s::bigint[]) AS people(person_id)
LEFT JOIN total ON total.person_id = people.person_id
LEFT JOIN asked ON asked.person_id = people.person_id
LEFT JOIN handled ON handled.person_id = people.person_id
LEFT JOIN churn ON churn.person_id = people.person_id
"""


def _details_in_sql(
    person_ids: set[int],
    as_of: date,
    since: Any,
    least: int,
    handled: set[int],
    churn: set[int],
) -> dict[int, Detail]:
    """The same as `_detail`, aggregated by PostgreSQL: only a row per person comes back."""
    params = {
        "ids": list(person_ids),
        "handled": list(handled & person_ids),
        "churn": list(churn & person_ids),
        "s90": window_start(as_of, QUIET_DAYS),
        "since": since,
        "least": least,
    }
    found = {}
    with transaction.atomic(), connection.cursor() as cursor:
        # A few thousand people's 90 days are a few hundred thousand rows: with the default
        # 4 MB the CTE and the sorts spilled to disk (the bench: 0.56 s for 790 people).
        cursor.execute("SELECT set_config('work_mem', %s, true)", [WORK_MEMORY])
        cursor.execute(DETAILS, params)
        for person, total, asked, asked_n, handler, handler_n, most, churned, *worst in cursor:
            found[person] = Detail(
                concentration_contacts=total,
                top_asked=(asked, asked_n) if asked is not None else None,
                top_handled=(handler, handler_n) if handler is not None else None,
                churn=_worst(churned, *worst) if churned else None,
                most_changes=most,
            )
    return found


@dataclass
class Chosen:
    """Whose log is read in detail, and what for: `handled`, who could be handled by one
    colleague; `churn`, whose churn of a reference's subject could qualify."""

    people: set[int]
    handled: set[int]
    churn: set[int]


@dataclass
class Reading:
    """Details being read in the background; `result()` waits for them."""

    started: Future[tuple[Chosen, dict[int, Detail]]]

    def result(self) -> tuple[Chosen, dict[int, Detail]]:
        return self.started.result()


def read_details_soon(
    choose: tuple[str, dict[str, Any]], as_of: date, settings: SignalSettings
) -> Reading | None:
    """`read_details` for everyone the statement `choose` picks from the summaries (person,
    could be handled by one, churn could qualify), started on connections of its own while
    the caller goes on; None on SQLite. From `SHARED_FROM` people on, half of them are read
    on a second connection at the same time. Those connections see only committed contacts
    and summaries: only for a caller with nothing uncommitted in the log, and one that
    checks the choice against its own reading of the summaries.

    The statement is one backend's work on one core, and a full recomputation reads the
    heaviest contacters' whole 90 days (the bench: 798 people, 148,000 contacts, 0.17 s on
    one connection). Choosing here, not from the caller's reading of the summaries, lets
    the read start at once (on the bench the halves had begun 0.1 s in, after the
    summaries were read), while the caller reads the summaries and reconciles the
    candidates who need no detail."""
    if connection.vendor != "postgresql":
        return None
    since = window_start(as_of, settings.concentration_days)
    least = max(settings.churn_changes, 1)
    pool = ThreadPoolExecutor(max_workers=2)

    def read(people: list[int], chosen: Chosen) -> dict[int, Detail]:
        try:
            return _details_in_sql(set(people), as_of, since, least, chosen.handled, chosen.churn)
        finally:
            connections.close_all()  # this thread's own connection

    def choose_and_read() -> tuple[Chosen, dict[int, Detail]]:
        try:
            with connection.cursor() as cursor:
                cursor.execute(*choose)
                rows = cursor.fetchall()
            chosen = Chosen(
                people={p for p, _h, _c in rows},
                handled={p for p, h, _c in rows if h},
                churn={p for p, _h, c in rows if c},
            )
            ordered = sorted(chosen.people)
            middle = len(ordered) // 2 if len(ordered) >= SHARED_FROM else 0
            other = pool.submit(read, ordered[middle:], chosen) if ordered else None
            found = read(ordered[:middle], chosen) if middle else {}
            if other is not None:
                found.update(other.result())
            return chosen, found
        finally:
            pool.shutdown(wait=False)  # its threads end once their people are read
            connections.close_all()

    return Reading(pool.submit(choose_and_read))


def _worst(
    churned: int, reference: str, contacts: int, changes: int, subjects: list[str]
) -> dict[str, Any]:
    """The churn figures of the reference that changed most, as `_detail` gives them."""
    worst: dict[str, Any] = {
        "reference": reference,
        "changes": changes,
        "contacts": contacts,
        "subjects": subjects[-SUBJECTS_KEPT:],
    }
    if churned > 1:
        worst["other_references"] = churned - 1
    return worst


def _detail(rows: list[tuple[Any, ...]], since: Any, least: int) -> Detail:
    asked: Counter[int] = Counter()
    handled: Counter[int] = Counter()
    total = 0
    references: dict[str, dict[str, Any]] = {}
    for _person, at, asked_for, handled_by, reference, subject in rows:
        if at >= since:
            total += 1
            if asked_for is not None:
                asked[asked_for] += 1
            if handled_by is not None:
                handled[handled_by] += 1
        if reference:
            _follow(references, reference, subject, at)
    ranked = sorted(references.items(), key=lambda item: (item[1]["changes"], item[1]["last_at"]))
    churned = [(r, t) for r, t in ranked if t["changes"] >= least]
    churn = None
    if churned:
        reference, worst = churned[-1]
        churn = {
            "reference": reference,
            "changes": worst["changes"],
            "contacts": worst["contacts"],
            "subjects": worst["subjects"],
        }
        if len(churned) > 1:
            churn["other_references"] = len(churned) - 1
    return Detail(
        concentration_contacts=total,
        top_asked=_top(asked),
        top_handled=_top(handled),
        churn=churn,
        most_changes=ranked[-1][1]["changes"] if ranked else 0,
    )


def _top(counts: Counter[int]) -> tuple[int, int] | None:
    if not counts:
        return None
    return min(counts.items(), key=lambda item: (-item[1], item[0]))


def _follow(references: dict[str, dict[str, Any]], reference: str, subject: str, at: Any) -> None:
    """Count one contact in time order; a different subject from the last is one change."""
    tally = references.get(reference)
    if tally is None:
        references[reference] = {"contacts": 1, "changes": 0, "subjects": [subject], "last_at": at}
        return
    tally["contacts"] += 1
    tally["last_at"] = at
    if subject != tally["subjects"][-1]:
        tally["changes"] += 1
        tally["subjects"] = [*tally["subjects"], subject][-SUBJECTS_KEPT:]
