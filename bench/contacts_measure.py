"""The contacts benchmark's measurements (see bench/contact_log.py)."""

import csv
import io
import random
import statistics
import time
from datetime import timedelta
from pathlib import Path
from typing import Any

from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from access.models import User
from contacts.actions import ContactDetails, log_contact, start_contact_import
from contacts.csv_import import CHUNK, run_import
from contacts.ingest import ingest_events
from contacts.models import PersonSummary
from contacts.signals import recompute_all
from contacts.summaries import rebuild_summaries, vacuum_summaries, window_start
from people.models import Person

BATCH = 10_000
# Each side of the detection ratio is the median of this many runs (on a shared machine of two
# cores one run of the same recomputation took 0.39 s, the next 0.48 s).
RUNS = 5
CHANNELS = ["phone", "email", "letter", "in_person", "portal", "social_media", "other"]
SUBJECTS = ["repair", "rent", "complaint", "asb", "other", "not_landlord"]
COPY_COLUMNS = (
    "person_id, occurred_at, channel, direction, handled_by_id, asked_for_id, subject, "
    "safety_issue, reference, summary, source, source_event_id, recorded_at, recorded_by_id"
)


def people_count() -> int:
    return Person.objects.count()


def _new_rows(
    count: int, rng: random.Random, tag: str, recorded_by: int | None = None
) -> tuple[list[dict[str, Any]], list[Any]]:
    """Rows as a system sends them, and the same rows as the log stores them (for COPY).

    `recorded_by`: who the log records as recording them (the officer who imports a file;
    nobody for another system's batch)."""
    people = list(
        Person.objects.filter(external_reference__startswith="BP")
        .order_by("?")
        .values_list("pk", "external_reference")[:50_000]
    )
    staff = list(User.objects.filter(username__startswith="bench").values_list("pk", "username"))
    now = timezone.now()
    rows, raw = [], []
    # New contacts arrive in the order they happen, over the last hour.
    moments = sorted(now - timedelta(seconds=rng.uniform(0, 3600)) for _ in range(count))
    for number, when in enumerate(moments):
        pk, reference = rng.choice(people)
        colleague = rng.choice(staff)
        asked = rng.choice(staff) if rng.random() < 0.1 else None
        row = {
            "event_id": f"{tag}-{number}",
            "person_reference": reference,
            "occurred_at": when.isoformat(),
            "channel": rng.choice(CHANNELS),
            "direction": "inbound" if rng.random() < 0.85 else "outbound",
            "subject": rng.choice(SUBJECTS),
            "handled_by": colleague[1],
            "asked_for": asked[1] if asked else "",
            "reference": f"R{pk}-{rng.randrange(1, 4)}" if rng.random() < 0.3 else "",
            "summary": "",
        }
        rows.append(row)
        raw.append(
            (
                pk,
                when,
                row["channel"],
                row["direction"],
                colleague[0],
                asked[0] if asked else None,
                row["subject"],
                False,
                row["reference"],
                "",
                f"raw-{tag}",
                row["event_id"],
                now,
                recorded_by,
            )
        )
    return rows, raw


def _copy(raw: list[Any]) -> float:
    """A plain COPY of rows into the log, committed; its seconds. The rows stay until
    `_remove_copied`, so no deletion's writes fall among the measurements.

    Committed because a load is not done until it is: on a machine of this kind committing
    10,000 rows (the WAL flush and the deferred foreign-key checks) took as long as copying
    them (0.2 s each), and every ingest commits."""
    started = time.perf_counter()
    with (
        transaction.atomic(),
        connection.cursor() as cursor,
        cursor.cursor.copy(f"COPY contacts_contactevent ({COPY_COLUMNS}) FROM STDIN") as copy,
    ):
        for row in raw:
            copy.write_row(row)
    return time.perf_counter() - started


def _remove_copied(tag: str) -> None:
    """Untimed: the COPY's rows go (the summaries never counted them)."""
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM contacts_contactevent WHERE source LIKE %s", [f"raw-{tag}%"])
        cursor.execute("VACUUM contacts_contactevent")


def _in_turn(rows: list[dict[str, Any]], raw: list[Any], batch: int) -> tuple[float, float, int]:
    """Each batch of `rows` through `ingest_events`, and the same rows by COPY, in turn.

    Why in turn, not one COPY first and the batches after: a checkpoint (one per GB of WAL
    by default, every 100,000 to 300,000 rows here) makes the next write of each index page
    carry a copy of the whole page. Right after one, COPYing 10,000 rows took 0.39 s and
    wrote 95 MB of WAL; a moment later, 0.26 s and 7 MB. Measured apart, whichever came after
    the checkpoint lost. In turn, with the order swapped every batch (the second of a pair
    finds the first one's pages in memory), both meet the same checkpoints.

    Returns the seconds of the COPYs, the seconds of the batches, and the contacts created."""
    copying = ingesting = 0.0
    created = 0
    for number, first in enumerate(range(0, len(rows), batch)):
        if number % 2 == 0:
            copying += _copy(raw[first : first + batch])
        started = time.perf_counter()
        result = ingest_events(rows=rows[first : first + batch], source="bench-api", by=None)
        ingesting += time.perf_counter() - started
        created += result.created
        if number % 2 == 1:
            copying += _copy(raw[first : first + batch])
    return copying, ingesting, created


def _csv_text(rows: list[dict[str, Any]]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]))
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def _run_deferred() -> tuple[int, list[float]]:
    """Run what the contacts queued for the worker (signal refreshes), timed.

    The benchmark queues tasks in memory (TASKS_BACKEND dummy) so that the worker's share is
    measured apart from the contact's arrival, here, in this process, one task at a time."""
    from django.tasks import default_task_backend

    from contacts.tasks import refresh_signals

    queued = list(default_task_backend.results)  # type: ignore[attr-defined]
    default_task_backend.clear()  # type: ignore[attr-defined]
    people, seconds = 0, []
    for result in queued:
        if result.task.name != refresh_signals.name:
            continue
        started = time.perf_counter()
        refresh_signals.call(*result.args)
        seconds.append(time.perf_counter() - started)
        people += len(result.args[0])
    return people, seconds


def ingest(*, rows: int, rng: random.Random) -> None:
    tag = f"b{int(time.time())}"
    api_rows, raw = _new_rows(rows, rng, f"{tag}-api")
    print(
        f"Ingest of {rows:,} new rows into the log of contacts, each batch in turn with a raw "
        "COPY of the same rows into the same table (indexes, foreign keys), committed:"
    )
    half = rows // 2
    _run_deferred()
    copied = copy_seconds = 0.0
    for batch, first, last in ((BATCH, 0, half), (50_000, half, rows)):
        copying, ingesting, created = _in_turn(api_rows[first:last], raw[first:last], batch)
        copied, copy_seconds = copied + last - first, copy_seconds + copying
        print(
            f"  batches of {batch:,}: ingest_events {(last - first) / ingesting:>7,.0f} rows/s, "
            f"COPY {(last - first) / copying:>7,.0f} rows/s, ratio {copying / ingesting:.2f} "
            f"({created:,} created of {last - first:,})"
        )
        people, seconds = _run_deferred()
        print(
            f"    then in the worker: the signals of {people:,} people (summed over its tasks), "
            f"{sum(seconds):.2f} s in {len(seconds)} tasks"
        )
    again = ingest_events(rows=api_rows[:BATCH], source="bench-api", by=None)
    head = User.objects.get(username="head_of_service")
    # A file's rows are stored recorded by the officer who imported it: the same rows for
    # COPY carry that too (one more foreign key checked per row than the batches' rows).
    csv_rows, csv_raw = _new_rows(rows, rng, f"{tag}-csv", recorded_by=head.pk)
    text = _csv_text(csv_rows)
    # The import is one job; half its rows are COPYed before it and half after.
    copying = _copy(csv_raw[:half])
    started = time.perf_counter()
    job = start_contact_import(
        file_name="bench.csv", text=text, source="bench-csv", rows=rows, by=head, background=False
    )
    run_import(job.pk)
    importing = time.perf_counter() - started
    copying += _copy(csv_raw[half:])
    _run_deferred()
    print(
        f"  CSV import (chunks of {CHUNK:,}): {rows / importing:>7,.0f} rows/s, COPY of its rows "
        f"(half before, half after; recorded by the officer) {rows / copying:>7,.0f} rows/s, "
        f"ratio {copying / importing:.2f}"
    )
    print(
        f"  COPY over all {copied + rows:,.0f} rows: "
        f"{(copied + rows) / (copy_seconds + copying):,.0f} rows/s"
    )
    print(f"  same batch sent again: {again.created} created, {again.duplicates:,} duplicates")
    _remove_copied(tag)


def _export_parquet(folder: Path) -> Path:
    import duckdb

    dump, parquet = folder / "events.csv", folder / "events.parquet"
    started = time.perf_counter()
    with (
        connection.cursor() as cursor,
        dump.open("wb") as out,
        cursor.cursor.copy(
            "COPY (SELECT id, person_id, occurred_at, direction, subject, reference, "
            "asked_for_id, handled_by_id FROM contacts_contactevent) "
            "TO STDOUT WITH (FORMAT csv, HEADER)"
        ) as copy,
    ):
        for block in copy:
            out.write(block)
    duckdb.sql(
        f"COPY (SELECT * FROM read_csv('{dump}', types={{'occurred_at': 'TIMESTAMPTZ', "
        f"'reference': 'VARCHAR'}})) "
        f"TO '{parquet}' (FORMAT parquet)"
    )
    print(f"  (exported to Parquet in {time.perf_counter() - started:.1f} s)")
    return parquet


DUCKDB_QUERY = """
CREATE OR REPLACE TEMP TABLE figures AS
WITH per AS (
    SELECT person_id,
        COUNT(*) FILTER (WHERE occurred_at >= TIMESTAMPTZ '{d7}') AS c7,
        COUNT(*) FILTER (WHERE occurred_at >= TIMESTAMPTZ '{d30}') AS c30,
        COUNT(*) AS c90
    FROM '{parquet}'
    WHERE direction = 'inbound' AND occurred_at >= TIMESTAMPTZ '{d90}'
    GROUP BY person_id
)
SELECT person_id, c7, c30, c90, percent_rank() OVER (ORDER BY c30) AS percentile_30 FROM per
"""

# Every aggregation the signals need, as the app's recomputation has them: the counts and
# the percentile above, contacts about matters not ours, the top colleague asked for and
# handling over 30 days, and the most changes of subject of one reference over 90 days.
DUCKDB_ALL = """
CREATE OR REPLACE TEMP TABLE signals AS
WITH ev AS (
    SELECT * FROM '{parquet}'
    WHERE direction = 'inbound' AND occurred_at >= TIMESTAMPTZ '{d90}'
),
per AS (
    SELECT person_id,
        COUNT(*) FILTER (WHERE occurred_at >= TIMESTAMPTZ '{d7}') AS c7,
        COUNT(*) FILTER (WHERE occurred_at >= TIMESTAMPTZ '{d30}') AS c30,
        COUNT(*) AS c90,
        COUNT(*) FILTER (WHERE subject = 'not_landlord') AS not_landlord
    FROM ev GROUP BY person_id
),
asked AS (
    SELECT person_id, MAX(n) AS top FROM (
        SELECT person_id, asked_for_id, COUNT(*) AS n FROM ev
        WHERE occurred_at >= TIMESTAMPTZ '{d30}' AND asked_for_id IS NOT NULL GROUP BY ALL
    ) GROUP BY person_id
),
handled AS (
    SELECT person_id, MAX(n) AS top FROM (
        SELECT person_id, handled_by_id, COUNT(*) AS n FROM ev
        WHERE occurred_at >= TIMESTAMPTZ '{d30}' AND handled_by_id IS NOT NULL GROUP BY ALL
    ) GROUP BY person_id
),
churn AS (
    SELECT person_id, MAX(changes) AS most FROM (
        SELECT person_id, reference, COUNT(*) FILTER (WHERE prev <> subject) AS changes
        FROM (
            SELECT person_id, reference, subject, LAG(subject) OVER (
                PARTITION BY person_id, reference ORDER BY occurred_at, id) AS prev
            FROM ev WHERE reference <> ''
        ) GROUP BY ALL
    ) GROUP BY person_id
)
SELECT per.*, percent_rank() OVER (ORDER BY c30) AS percentile_30, asked.top AS top_asked,
    handled.top AS top_handled, COALESCE(churn.most, 0) AS churn
FROM per LEFT JOIN asked USING (person_id) LEFT JOIN handled USING (person_id)
    LEFT JOIN churn USING (person_id)
"""


def _settle() -> None:
    """A checkpoint now, untimed, so none runs during what is timed next.

    The ingest writes GBs of WAL, and PostgreSQL checkpoints every GB of it (every 26 s
    during the ingest on one run): the checkpoint then in progress went on writing 80,000
    buffers over 20 s while the recomputation was timed (0.61 s there, 0.36 to 0.47 s on a
    quiet server), and not while DuckDB was."""
    with connection.cursor() as cursor:
        cursor.execute("CHECKPOINT")


def detection(folder: Path) -> None:
    import duckdb

    print("Detection (7/30/90-day counts per person and the 30-day percentile):")
    parquet = _export_parquet(folder)
    today = timezone.localdate()
    query = DUCKDB_QUERY.format(
        parquet=parquet,
        **{f"d{w}": window_start(today, w).isoformat() for w in (7, 30, 90)},
    )
    _settle()
    duck = duckdb.connect()
    duck_times = _timed(duck, query)
    rows = duck.sql("SELECT COUNT(*) FROM figures").fetchall()
    duck_all = statistics.median(
        _timed(
            duck,
            DUCKDB_ALL.format(
                parquet=parquet,
                **{f"d{w}": window_start(today, w).isoformat() for w in (7, 30, 90)},
            ),
        )
    )
    app_times = []
    for _ in range(RUNS):
        started = time.perf_counter()
        result = recompute_all()
        app_times.append(time.perf_counter() - started)
    duck_best, app_best = statistics.median(duck_times), statistics.median(app_times)
    print(
        f"  DuckDB over Parquet:        {duck_best:6.2f} s "
        f"(median of {RUNS}; {rows[0][0]:,} people)"
    )
    print(
        f"  recompute_signals (app):    {app_best:6.2f} s (median of "
        f"{', '.join(f'{t:.2f}' for t in app_times)}; reads the summaries; "
        f"{result.candidates:,} over a threshold)"
    )
    print(f"  ratio app / DuckDB:         {app_best / duck_best:6.2f}")
    print(
        f"  DuckDB, every signal's aggregation (also not ours, top colleague, churn): "
        f"{duck_all:.2f} s; ratio app / that: {app_best / duck_all:.2f}"
    )
    _check_counts(duck)


def _timed(duck: Any, query: str) -> list[float]:
    times = []
    for _ in range(RUNS):
        started = time.perf_counter()
        duck.sql(query)
        times.append(time.perf_counter() - started)
    return times


def rebuild() -> None:
    """Once, before measuring: back to the generated log, and the summaries built from it.

    Each run stores the rows it ingests and the contacts it logs, and raises signals nobody
    dismisses; without this every run would measure a larger log with more open signals
    than the one before (the full recomputation compares every raised signal)."""
    started = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "DELETE FROM contacts_restrictionbreach WHERE event_id IN "
            "(SELECT id FROM contacts_contactevent WHERE source <> 'bench')"
        )
        cursor.execute("DELETE FROM contacts_contactevent WHERE source <> 'bench'")
        removed = cursor.rowcount
        cursor.execute("DELETE FROM contacts_demandsignal")
        signals = cursor.rowcount
    if removed:
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE contacts_contactevent")
    print(
        f"Earlier runs' rows removed: {removed:,} contacts and {signals:,} signals "
        f"({time.perf_counter() - started:.1f} s)"
    )
    started = time.perf_counter()
    with transaction.atomic():
        rebuild_summaries()
    vacuum_summaries()
    print(
        f"Summaries rebuilt from the whole log in {time.perf_counter() - started:.2f} s "
        "(recompute_signals --rebuild; a one-off after a bulk load, not the full "
        "recomputation timed against DuckDB below)"
    )


def _check_counts(duck: Any) -> None:
    """Every person's 7/30/90-day counts in the app's summaries must equal DuckDB's."""
    expected = {
        person: (c7, c30, c90)
        for person, c7, c30, c90 in duck.sql(
            "SELECT person_id, c7, c30, c90 FROM figures"
        ).fetchall()
    }
    found = {
        person: (c7, c30, c90)
        for person, c7, c30, c90 in PersonSummary.objects.values_list(
            "person_id", "contacts_7", "contacts_30", "contacts_90"
        ).iterator(chunk_size=50_000)
    }
    wrong = [p for p in expected.keys() | found.keys() if expected.get(p) != found.get(p)]
    if wrong:
        print(f"  COUNTS DISAGREE for {len(wrong):,} people, e.g. {wrong[:5]}")
        for person in wrong[:5]:
            print(f"    {person}: app {found.get(person)}, DuckDB {expected.get(person)}")
    else:
        print(f"  counts agree for {len(expected):,} people (7, 30 and 90 days, app vs DuckDB)")


class _Timed:
    """Adds up the time spent in one function (the breach check, the signal update)."""

    def __init__(self, function: Any) -> None:
        self.function, self.seconds = function, 0.0

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        started = time.perf_counter()
        try:
            return self.function(*args, **kwargs)
        finally:
            self.seconds += time.perf_counter() - started


def single(*, calls: int, rng: random.Random) -> None:
    from contacts import actions

    breaches, signals = _Timed(actions.record_breaches), _Timed(actions.refresh_people)
    actions.record_breaches, actions.refresh_people = breaches, signals  # type: ignore[assignment]
    with connection.cursor() as cursor:
        cursor.execute("SELECT person_id FROM contacts_contactevent ORDER BY id DESC LIMIT 20000")
        recent = [row[0] for row in cursor.fetchall()]
    people = {p.pk: p for p in Person.objects.filter(pk__in=set(recent))}
    by = User.objects.get(username="frontline")
    samples, checks, counts, deferred = [], [], [], []
    _run_deferred()
    _settle()
    for number in range(calls):
        person = people[rng.choice(recent)]
        details = ContactDetails(
            occurred_at=timezone.now(),
            channel=rng.choice(CHANNELS),
            direction="inbound",
            subject=rng.choice(SUBJECTS),
            handled_by=by,
            reference=f"R{person.pk}-1" if number % 3 == 0 else "",
        )
        breaches.seconds = signals.seconds = 0.0
        started = time.perf_counter()
        with CaptureQueriesContext(connection) as queries:
            log_contact(person=person, details=details, by=by)
        samples.append(time.perf_counter() - started)
        counts.append(len(queries))
        checks.append(breaches.seconds + signals.seconds)
        _people, seconds = _run_deferred()
        if seconds:
            deferred.append(sum(seconds))
    print(f"One new contact, {calls:,} log_contact calls on the loaded data:")
    print("  whole call (insert, summaries, breach check, signal update, audit, commit): ", end="")
    print("p50 {:.2f} ms   p99 {:.2f} ms".format(*_p50_p99(samples)))
    print(
        "  breach check + signal update alone: p50 {:.2f} ms   p99 {:.2f} ms".format(
            *_p50_p99(checks)
        )
    )
    print(
        f"  queries per call: median {statistics.median(counts):.0f}, max {max(counts)} "
        "(including the audit row and transaction)"
    )
    if deferred:
        print(
            f"  then in the worker, for {len(deferred):,} of the {calls:,} (people whose log "
            "is read for concentration or churn): p50 {:.2f} ms   p99 {:.2f} ms".format(
                *_p50_p99(deferred)
            )
        )


def _p50_p99(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    return (
        statistics.median(ordered) * 1000,
        ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))] * 1000,
    )
