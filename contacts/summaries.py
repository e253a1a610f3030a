"""The per-person rolling summary kept beside the contact log, and its daily roll.

Why one row per person, not per person per day. Ten million contacts over two years is the
scale to serve. A per-day table still meant millions of rows to sum for a full recomputation
and scattered index writes on every batch (one row per person, day and colleague). Here each
person who contacted us in the last 90 local days has one `PersonSummary` row holding their
inbound counts for the 7, 30 and 90-day windows ending on `as_of`, so:
- as contacts arrive, a batch adds its new rows (only those the insert actually stored, so a
  repeated event adds nothing) to its persons' rows in one set-based upsert, in the same
  transaction; a contact older than 90 days counts in no window;
- once a day the roll subtracts the contacts on the days that have just left each window,
  read from the log's own time index (one day's contacts per window), and moves `as_of` on;
  the singleton `SummaryState` records the day last rolled to, so rolling again is a no-op;
- a full recomputation reads only these rows (a few hundred thousand at most).
Concentration on one colleague and churn of one reference's subject need the contacts
themselves; the row keeps upper bounds for them (`asked_for_30`, four buckets of colleagues
for `handled_30_*`, `churn_90`) so that only the few people who could qualify are read from
the log's (person, occurred_at) index.

Window edges are local days (Europe/London): a window of `w` days ending on day `d` starts
at local midnight of `d - (w - 1)`. Nothing else counts days, so the summary and a count from
the log agree exactly (the benchmark checks this for every person).
"""

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db import connection
from django.utils import timezone

from contacts.models import Direction, PersonSummary, Subject, SummaryState
from contacts.rows import LOCAL_TIME, any_of

WINDOWS = (7, 30, 90)
BUCKETS = 4
# The columns a contact adds to, with the window each belongs to.
COLUMNS = {
    "contacts_7": 7,
    "contacts_30": 30,
    "contacts_90": 90,
    "not_landlord_90": 90,
    "asked_for_30": 30,
    **{f"handled_30_{k}": 30 for k in range(BUCKETS)},
    "referenced_90": 90,
}
SUMMARY = PersonSummary._meta.db_table
STATE = SummaryState._meta.db_table
EVENTS = "contacts_contactevent"


@dataclass(slots=True)
class StoredContact:
    """A contact just written to the log, as the summaries and detectors need it."""

    id: int
    person_id: int
    occurred_at: datetime
    day: date
    channel: str
    direction: str
    handled_by_id: int | None
    asked_for_id: int | None
    subject: str
    reference: str
    safety_issue: bool

    @property
    def inbound(self) -> bool:
        return self.direction == Direction.INBOUND


@dataclass(slots=True)
class Summary:
    """A `PersonSummary` row as plain values, in the table's column order.

    What the signals read: a full recomputation reads hundreds of thousands of rows, and
    building a model for each took longer than the query that found them."""

    person_id: int
    as_of: date
    contacts_7: int
    contacts_30: int
    contacts_90: int
    not_landlord_90: int
    asked_for_30: int
    handled_30_0: int
    handled_30_1: int
    handled_30_2: int
    handled_30_3: int
    referenced_90: int
    churn_90: int


# The table's columns, in the order `Summary` takes them (a test holds the two together).
SUMMARY_COLUMNS = [str(f.column) for f in PersonSummary._meta.concrete_fields]


def window_start(as_of: date, days: int) -> datetime:
    """Local midnight on the first day of a `days`-day window ending on `as_of`."""
    return datetime.combine(as_of - timedelta(days=days - 1), time(), tzinfo=LOCAL_TIME)


def _instant(moment: datetime) -> Any:
    return connection.ops.adapt_datetimefield_value(moment)


def _day(day: date) -> Any:
    return connection.ops.adapt_datefield_value(day)


# SQL for one contact's contribution to each column, given the window starts s7, s30, s90.
CONTRIBUTIONS = {
    "contacts_7": "occurred_at >= {s7}",
    "contacts_30": "occurred_at >= {s30}",
    "contacts_90": "occurred_at >= {s90}",
    "not_landlord_90": "occurred_at >= {s90} AND subject = 'not_landlord'",
    "asked_for_30": "occurred_at >= {s30} AND asked_for_id IS NOT NULL",
    **{
        # No % operator: it would clash with the query parameters' placeholders.
        f"handled_30_{k}": f"occurred_at >= {{s30}} AND handled_by_id - "
        f"(handled_by_id / {BUCKETS}) * {BUCKETS} = {k}"
        for k in range(BUCKETS)
    },
    "referenced_90": "occurred_at >= {s90} AND reference <> ''",
}


def contribution_sums(**starts: str) -> str:
    return ", ".join(
        f"SUM(CASE WHEN {CONTRIBUTIONS[c].format(**starts)} THEN 1 ELSE 0 END) AS {c}"
        for c in COLUMNS
    )


def adding_on_conflict() -> str:
    sets = ", ".join(f"{c} = {SUMMARY}.{c} + EXCLUDED.{c}" for c in COLUMNS)
    return f"ON CONFLICT (person_id) DO UPDATE SET {sets}"


# --- the day the windows end, and the daily roll ----------------------------------------


def summary_day() -> date:
    """The day the summaries' windows end, rolled to today first if need be.

    Takes a shared lock on the state row: the roll (which takes it exclusively) waits for
    transactions adding contacts, so none is counted against the wrong day.
    """
    today = timezone.localdate()
    with connection.cursor() as cursor:
        share = " FOR SHARE" if connection.vendor == "postgresql" else ""
        cursor.execute(f"SELECT rolled_to FROM {STATE} WHERE id = 1{share}")  # noqa: S608
        row = cursor.fetchone()
    rolled_to = _as_date(row[0]) if row else None
    if rolled_to != today:
        roll_summaries(today)
    return today


def _as_date(value: Any) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value))


def roll_summaries(today: date | None = None) -> int:
    """Move every summary's windows on to `today` (default: today); returns days rolled.

    Idempotent: rolling to the day already rolled to changes nothing. Call in a transaction.
    """
    today = today or timezone.localdate()
    state = SummaryState.objects.select_for_update().filter(pk=1).first()
    if state is None:
        rebuild_summaries(today)
        return 0
    rolled_to = state.rolled_to
    if rolled_to == today:
        return 0
    if today < rolled_to or (today - rolled_to).days >= 90:
        rebuild_summaries(today)
        return abs((today - rolled_to).days)
    _subtract_leaving(rolled_to, today)
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {SUMMARY} SET as_of = %s WHERE as_of <> %s", [_day(today)] * 2)  # noqa: S608
        cursor.execute(f"DELETE FROM {SUMMARY} WHERE contacts_90 <= 0")  # noqa: S608
    state.rolled_to = today
    state.save(update_fields=["rolled_to"])
    return (today - rolled_to).days


def _subtract_leaving(old: date, new: date) -> None:
    """Subtract the contacts on the days that left each window between `old` and `new`.

    For a window of w days those are the local days from old-(w-1) to new-w: a time range
    the log's time index serves directly (one day's contacts per window for a daily roll).
    """
    ranges = {w: (window_start(old, w), window_start(new, w)) for w in WINDOWS}
    params: dict[str, Any] = {}
    for w, (start, end) in ranges.items():
        params[f"a{w}"], params[f"b{w}"] = _instant(start), _instant(end)
    sums = ", ".join(
        f"SUM(CASE WHEN occurred_at >= %(a{w})s AND occurred_at < %(b{w})s "
        f"{_extra(c)}THEN 1 ELSE 0 END) AS {c}"
        for c, w in COLUMNS.items()
    )
    anywhere = " OR ".join(f"(occurred_at >= %(a{w})s AND occurred_at < %(b{w})s)" for w in WINDOWS)
    sets = ", ".join(f"{c} = {SUMMARY}.{c} - leaving.{c}" for c in COLUMNS)
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {SUMMARY} SET {sets} FROM (SELECT person_id, {sums} FROM {EVENTS} "  # noqa: S608
            f"WHERE direction = 'inbound' AND ({anywhere}) GROUP BY person_id) AS leaving "
            f"WHERE {SUMMARY}.person_id = leaving.person_id",
            params,
        )


def _extra(column: str) -> str:
    """The condition beyond the time range that a column counts (see CONTRIBUTIONS)."""
    condition = CONTRIBUTIONS[column].split(" AND ", 1)
    return f"AND {condition[1]} " if len(condition) > 1 else ""


REBUILD = """
WITH recent AS (
    SELECT id, person_id, occurred_at, subject, reference, asked_for_id, handled_by_id
    FROM {events} WHERE direction = 'inbound' AND occurred_at >= %(s90)s
),
changes AS (
    SELECT person_id, reference,
        SUM(CASE WHEN previous IS NOT NULL AND previous <> subject THEN 1 ELSE 0 END) AS n
    FROM (
        SELECT person_id, reference, subject, LAG(subject) OVER (
            PARTITION BY person_id, reference ORDER BY occurred_at, id) AS previous
        FROM recent WHERE reference <> ''
    ) ordered GROUP BY person_id, reference
),
churn AS (SELECT person_id, MAX(n) AS n FROM changes GROUP BY person_id),
counts AS (SELECT person_id, {sums} FROM recent GROUP BY person_id)
INSERT INTO {summary} (person_id, as_of, {columns}, churn_90)
SELECT counts.person_id, %(day)s, {columns}, COALESCE(churn.n, 0)
FROM counts LEFT JOIN churn ON churn.person_id = counts.person_id
"""


def rebuild_summaries(today: date | None = None) -> None:
    """Build every person's summary from the log, in one statement (after a bulk load)."""
    today = today or timezone.localdate()
    starts = {f"s{w}": _instant(window_start(today, w)) for w in WINDOWS}
    sql = REBUILD.format(
        events=EVENTS,
        summary=SUMMARY,
        columns=", ".join(COLUMNS),
        sums=contribution_sums(s7="%(s7)s", s30="%(s30)s", s90="%(s90)s"),
    )
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {SUMMARY}")  # noqa: S608
        cursor.execute(sql, {**starts, "day": _day(today)})
    SummaryState.objects.update_or_create(pk=1, defaults={"rolled_to": today})


def vacuum_summaries() -> None:
    """After a rebuild (outside its transaction): every old row is dead; on PostgreSQL clear
    them now rather than when autovacuum comes round, since each full recomputation reads
    the whole table."""
    if connection.vendor == "postgresql" and not connection.in_atomic_block:
        with connection.cursor() as cursor:
            cursor.execute(f"VACUUM ANALYZE {SUMMARY}")


# --- adding new contacts ------------------------------------------------------------------


def increments(contact: StoredContact, as_of: date) -> dict[str, int] | None:
    """What one new contact adds to its person's summary (None: nothing)."""
    if not contact.inbound or contact.occurred_at < window_start(as_of, 90):
        return None
    in_30 = contact.occurred_at >= window_start(as_of, 30)
    handled = contact.handled_by_id
    added = {
        "contacts_7": int(contact.occurred_at >= window_start(as_of, 7)),
        "contacts_30": int(in_30),
        "contacts_90": 1,
        "not_landlord_90": int(contact.subject == Subject.NOT_LANDLORD),
        "asked_for_30": int(in_30 and contact.asked_for_id is not None),
        "referenced_90": int(contact.reference != ""),
    }
    for k in range(BUCKETS):
        added[f"handled_30_{k}"] = int(in_30 and handled is not None and handled % BUCKETS == k)
    return added


def add_to_summaries(contacts: Iterable[StoredContact], as_of: date) -> dict[int, Summary]:
    """Add newly stored contacts to their persons' summaries; returns the rows as now stored.

    Call inside the storing transaction, with `as_of` from `summary_day()`.
    """
    totals: dict[int, dict[str, int]] = defaultdict(lambda: dict.fromkeys(COLUMNS, 0))
    for contact in contacts:
        added = increments(contact, as_of)
        if added is None:
            continue
        total = totals[contact.person_id]
        for column, n in added.items():
            total[column] += n
    if not totals:
        return {}
    rows = [(person, _day(as_of), *t.values()) for person, t in totals.items()]
    return _upsert(rows)


def _upsert(rows: list[tuple[Any, ...]]) -> dict[int, Summary]:
    columns = ["person_id", "as_of", *COLUMNS]
    returning = ", ".join(SUMMARY_COLUMNS)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            types = ["bigint", "date", *["int"] * len(COLUMNS)]
            arrays = ", ".join(f"%s::{t}[]" for t in types)
            cursor.execute(
                f"INSERT INTO {SUMMARY} ({', '.join(columns)}) "  # noqa: S608
                f"SELECT * FROM unnest({arrays}) {adding_on_conflict()} RETURNING {returning}",
                [list(column) for column in zip(*rows, strict=True)],
            )
            found = cursor.fetchall()
        else:
            marks = ", ".join(["%s"] * len(columns))
            found = []
            for row in rows:
                cursor.execute(
                    f"INSERT INTO {SUMMARY} ({', '.join(columns)}) VALUES ({marks}) "  # noqa: S608
                    f"{adding_on_conflict()} RETURNING {returning}",
                    row,
                )
                found.extend(cursor.fetchall())
    return {row[0]: Summary(*row) for row in found}


def set_churn(churn: dict[int, int]) -> None:
    """Record each person's most changes of one reference's subject, just checked in detail."""
    if not churn:
        return
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                f"UPDATE {SUMMARY} AS s SET churn_90 = c.n FROM unnest(%s::bigint[], "  # noqa: S608
                "%s::int[]) AS c(person_id, n) WHERE s.person_id = c.person_id",
                [list(churn), list(churn.values())],
            )
        else:
            cursor.executemany(
                f"UPDATE {SUMMARY} SET churn_90 = %s WHERE person_id = %s",  # noqa: S608
                [(n, person) for person, n in churn.items()],
            )


def summaries_for(person_ids: Sequence[int]) -> dict[int, Summary]:
    found = PersonSummary.objects.filter(person_id__in=any_of(person_ids, "bigint"))
    return {row[0]: Summary(*row) for row in found.values_list(*SUMMARY_COLUMNS)}
