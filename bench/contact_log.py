"""Contacts at housing-association scale: ingest rate, full recomputation, one new contact.

    .venv/bin/python bench/contact_log.py [--database-url postgres://…/safecontact_contacts_bench]
        [--people 500000] [--events 10000000] [--ingest 200000]

Creates and migrates the database if missing, fills it once (bench/contacts_data.py), then
prints, in one run:
- ingest: rows/s of `ingest_events` in batches of 10,000 and 50,000 (what the bulk endpoint
  calls), each batch in turn with a raw PostgreSQL COPY of the same rows into the contact
  log (committed; deleted at the end), and of the CSV import path between two halves of
  its rows' COPY, with their ratios (a file's rows are recorded by the officer who imports
  it, so their COPY carries that); then
  the seconds the worker spends on what the batches queued (their people's signals,
  refreshed after they commit);
- correctness: every person's 7/30/90-day counts in the app's summaries against DuckDB's;
- detection: seconds for DuckDB over the events exported to Parquet, twice: the 7/30/90-day
  counts and 30-day percentile alone, and every aggregation the signals need (also matters
  not ours, the top colleague asked for and handling, the most changes of one reference's
  subject); and for the app's full recomputation (`recompute_signals`), with both ratios;
- one contact: p50 and p99 of 1,000 `log_contact` calls (breach check and signal update
  included), and of the worker's share for the contacts that queued one.

Tasks are queued in memory (TASKS_BACKEND dummy) and run here, timed apart.
"""

import argparse
import os
import random
import sys
import tempfile
from pathlib import Path
from urllib.parse import urlparse

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/safecontact_contacts_bench"


def parse() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default=DEFAULT_URL)
    parser.add_argument("--people", type=int, default=500_000)
    parser.add_argument("--events", type=int, default=10_000_000)
    parser.add_argument("--ingest", type=int, default=200_000)
    parser.add_argument("--single", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=2026)
    return parser.parse_args()


def ensure_database(url: str) -> None:
    import psycopg

    parts = urlparse(url)
    name = parts.path.lstrip("/")
    if "bench" not in name:
        sys.exit("The benchmark writes freely: its database name must contain 'bench'.")
    admin = parts._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')


def say(text: str) -> None:
    print(f"  {text}", flush=True)


def main() -> None:
    args = parse()
    ensure_database(args.database_url)
    os.environ["DATABASE_URL"] = args.database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("DEBUG", "false")
    # Notifications' emails would otherwise queue in the database for a worker.
    os.environ["TASKS_BACKEND"] = "django.tasks.backends.dummy.DummyBackend"
    import django

    django.setup()
    from django.core.management import call_command
    from django.utils import timezone

    from bench import contacts_measure as measure
    from bench.contacts_data import generate
    from contacts.models import ContactEvent
    from demo.personas import ensure_personas

    call_command("migrate", verbosity=0)
    ensure_personas()
    # As in a serving process, the URL configuration is loaded before the first contact
    # arrives (a breach's notification links to its case; loading it took 0.65 s, which the
    # first batch measured would otherwise carry).
    from django.urls import get_resolver

    get_resolver().url_patterns  # noqa: B018
    print(f"Contacts benchmark on {urlparse(args.database_url).path.lstrip('/')}")
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT current_setting('shared_buffers'), version()")
        buffers, version = cursor.fetchone()
    # Every figure depends on it: PostgreSQL's default of 128 MB holds little of a 10M-row
    # log's indexes, and the ingest's extra work (summaries, look-ups) reads from disk.
    print(f"  PostgreSQL {version.split()[1]}, shared_buffers {buffers}")
    if not ContactEvent.objects.filter(source="bench").exists():
        generate(
            people=args.people, events=args.events, now=timezone.now(), seed=args.seed, say=say
        )
    measure.rebuild()
    from bench.contacts_data import add_restrictions

    made = add_restrictions(2000, args.seed)
    print(f"Contact restrictions added for bench people: {made:,} (0: already there)")
    total = ContactEvent.objects.count()
    print(f"Data: {total:,} contact events over {measure.people_count():,} people")
    rng = random.Random(args.seed)
    measure.ingest(rows=args.ingest, rng=rng)
    with tempfile.TemporaryDirectory() as folder:
        measure.detection(Path(folder))
    measure.single(calls=args.single, rng=rng)


if __name__ == "__main__":
    main()
