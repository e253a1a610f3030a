"""The row rules every way in shares: the bulk endpoint, the CSV import and the demo.

A row is a dict with `event_id` (the source system's id), `person_reference` (the housing
system's person reference), `occurred_at` (ISO 8601 with an offset), `channel`, `direction`,
`subject`, and optionally `handled_by` and `asked_for` (colleague usernames), `reference`,
`summary` and `safety_issue`. A bad row is reported with what is wrong; the rest go in.
"""

import json
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any, NoReturn
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import connection
from django.db.models import QuerySet
from django.db.models.expressions import RawSQL
from django.utils import timezone

from access.models import User
from contacts.models import Channel, Direction, Subject
from people.models import Person

MAX_EVENT_ID = 128
MAX_REFERENCE = 64
MAX_SUMMARY = 300
TRUE_WORDS = frozenset({"true", "yes", "y", "1"})
# Days are local days (a contact at 00:30 in June belongs to that day, not the one before).
LOCAL_TIME = ZoneInfo(settings.TIME_ZONE)
# Looked up once: a batch may hold hundreds of thousands of rows.
CHOICES = {"channel": Channel.values, "direction": Direction.values, "subject": Subject.values}
ALLOWED_CHANNELS = frozenset(Channel.values)
ALLOWED_DIRECTIONS = frozenset(Direction.values)
ALLOWED_SUBJECTS = frozenset(Subject.values)
FALSE_WORDS = frozenset({"false", "no", "n", "0", ""})


def any_of(values: Iterable[Any], sql_type: str) -> Any:
    """For `field__in=`: on PostgreSQL one array parameter (`unnest`), not one per value.

    A batch names thousands of people; thousands of placeholders cost more to send and to
    plan than the look-up itself."""
    if connection.vendor == "postgresql":
        return RawSQL(f"SELECT unnest(%s::{sql_type}[])", (list(values),))  # noqa: S611
    return list(values)


def one_of(column: str, ids: Iterable[int]) -> tuple[str, list[Any]]:
    """For a plain statement: `column` is one of `ids`, as one parameter however many.

    PostgreSQL takes an array (`= ANY`, an index probe per id); SQLite a JSON array read by
    `json_each`, which has no limit on the number of ids as placeholders have."""
    if connection.vendor == "postgresql":
        return f"{column} = ANY(%s)", [sorted(ids)]
    in_json = f"{column} IN (SELECT value FROM json_each(%s))"  # noqa: S608 (the code's column)
    return in_json, [json.dumps(sorted(ids))]


@contextmanager
def binary_cursor() -> Iterator[Any]:
    """PostgreSQL only: a cursor that sends `%b` parameters apart from the statement, binary.

    Django's cursor binds on the client: each array parameter is written out as a quoted
    literal, string by string. For the arrays of thousands a batch sends, that cost more than
    the statement: reconciling 6,000 signals spent 0.19 s quoting and 0.05 s in the
    database. In the caller's transaction, on Django's own connection."""
    import psycopg

    connection.ensure_connection()
    with psycopg.Cursor(connection.connection) as cursor:
        yield cursor


def _keys(rows: QuerySet[Any], field: str, values: set[str]) -> dict[str, int]:
    """{value: pk} for the rows whose unique `field` is one of `values`.

    On PostgreSQL `field = ANY(array)`: one parameter, and an index probe per value (the
    planner knows the array's length; with IN (SELECT unnest(...)) it guessed and scanned)."""
    if connection.vendor == "postgresql":
        column = rows.model._meta.get_field(field).column
        rows = rows.extra(where=[f'"{column}" = ANY(%s)'], params=[list(values)])  # noqa: S610
    else:
        rows = rows.filter(**{f"{field}__in": values})
    return dict(rows.values_list(field, "pk"))


# On PostgreSQL one index probe per reference, in index order: the planner, left to itself,
# read the whole table in parallel (0.09 s for 9,000 of 500,000 people; this, 0.05 s).
PEOPLE_BY_REFERENCE = f"""
SELECT r.reference, p.id FROM unnest(%b::text[]) AS r(reference)
CROSS JOIN LATERAL (
    SELECT id FROM {Person._meta.db_table} WHERE external_reference = r.reference LIMIT 1
) AS p
"""  # noqa: S608


def _people(references: set[str]) -> dict[str, int]:
    """{person reference: pk} for the people of a batch."""
    if connection.vendor != "postgresql":
        return _keys(Person.objects.all(), "external_reference", references)
    with binary_cursor() as cursor:
        cursor.execute(PEOPLE_BY_REFERENCE, [sorted(references)])
        return dict(cursor.fetchall())


@dataclass(frozen=True)
class RowError:
    index: int  # 0-based position in the batch
    message: str


@dataclass(slots=True)
class ParsedContact:
    index: int
    event_id: str | None
    person_id: int
    occurred_at: datetime
    day: date
    channel: str
    direction: str
    handled_by_id: int | None
    asked_for_id: int | None
    subject: str
    reference: str
    summary: str
    safety_issue: bool


class BadRow(ValueError):
    """A row that cannot go in; the message names the field and the problem."""


def _text(row: dict[str, Any], name: str) -> str:
    value = row.get(name)
    if value.__class__ is str:
        return value.strip()  # type: ignore[no-any-return,union-attr]
    return "" if value is None else str(value).strip()


def _required(row: dict[str, Any], name: str) -> str:
    value = _text(row, name)
    if not value:
        raise BadRow(f"{name} is missing")
    return value


def _not_allowed(name: str, value: str) -> NoReturn:
    if not value:
        raise BadRow(f"{name} is missing")
    raise BadRow(f"{name} '{value}' must be one of: {', '.join(CHOICES[name])}")


def _when(row: dict[str, Any], now: datetime) -> datetime:
    given = row.get("occurred_at")
    # The API hands over parsed datetimes; files and JSON hand over text.
    value = given if isinstance(given, datetime) else _required(row, "occurred_at")
    try:
        moment = value if isinstance(value, datetime) else datetime.fromisoformat(value)
    except ValueError:
        raise BadRow(
            f"occurred_at '{value}' is not a date and time like 2026-03-02T09:15:00+00:00"
        ) from None
    if moment.tzinfo is None:
        raise BadRow(f"occurred_at '{value}' needs a UTC offset, like +00:00")
    if moment > now + timedelta(minutes=5):
        raise BadRow(f"occurred_at '{value}' is in the future")
    return moment


def _flag(row: dict[str, Any], name: str) -> bool:
    value = row.get(name)
    if isinstance(value, bool):
        return value
    word = _text(row, name).lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise BadRow(f"{name} '{word}' must be true or false")


class RowReader:
    """Parses a batch: looks up every person and colleague it names in two queries."""

    def __init__(self, rows: list[dict[str, Any]], *, require_event_id: bool = True) -> None:
        self.require_event_id = require_event_id
        self.now = timezone.now()
        references = {_text(r, "person_reference") for r in rows if isinstance(r, dict)}
        usernames = {
            _text(r, name)
            for r in rows
            if isinstance(r, dict)
            for name in ("handled_by", "asked_for")
        }
        self.people = _people(references - {""})
        self.colleagues = _keys(User.objects.all(), "username", usernames - {""})

    def parse(self, index: int, row: Any) -> ParsedContact:
        if not isinstance(row, dict):
            raise BadRow("the row is not a set of named fields")
        # Written out rather than field by field through helpers: a batch is tens of
        # thousands of rows, and the calls cost more than the checks.
        text = _text
        event_id = text(row, "event_id")
        if not event_id and self.require_event_id:
            raise BadRow("event_id is missing")
        if len(event_id) > MAX_EVENT_ID:
            raise BadRow(f"event_id is longer than {MAX_EVENT_ID} characters")
        person_reference = text(row, "person_reference")
        if not person_reference:
            raise BadRow("person_reference is missing")
        person_id = self.people.get(person_reference)
        if person_id is None:
            raise BadRow(f"person_reference '{person_reference}' is not a known person")
        occurred_at = _when(row, self.now)
        reference = text(row, "reference")
        if len(reference) > MAX_REFERENCE:
            raise BadRow(f"reference is longer than {MAX_REFERENCE} characters")
        channel = text(row, "channel").lower()
        if channel not in ALLOWED_CHANNELS:
            _not_allowed("channel", channel)
        direction = text(row, "direction").lower()
        if direction not in ALLOWED_DIRECTIONS:
            _not_allowed("direction", direction)
        handled_by = text(row, "handled_by")
        asked_for = text(row, "asked_for")
        subject = text(row, "subject").lower()
        if subject not in ALLOWED_SUBJECTS:
            _not_allowed("subject", subject)
        safety = row.get("safety_issue")
        return ParsedContact(
            index=index,
            event_id=event_id or None,
            person_id=person_id,
            occurred_at=occurred_at,
            day=occurred_at.astimezone(LOCAL_TIME).date(),
            channel=channel,
            direction=direction,
            handled_by_id=self._colleague("handled_by", handled_by) if handled_by else None,
            asked_for_id=self._colleague("asked_for", asked_for) if asked_for else None,
            subject=subject,
            reference=reference,
            summary=text(row, "summary")[:MAX_SUMMARY],
            safety_issue=False if not safety else _flag(row, "safety_issue"),
        )

    def _colleague(self, name: str, username: str) -> int:
        found = self.colleagues.get(username)
        if found is None:
            raise BadRow(f"{name} '{username}' is not a known colleague")
        return found


class Batch:
    """A batch's rows, parsed slice by slice (so storing one slice can overlap parsing the
    next); collects the bad rows, and counts a repeated event id in the batch once."""

    def __init__(self, rows: list[dict[str, Any]], *, require_event_id: bool = True) -> None:
        self.rows = rows
        self.reader = RowReader(rows, require_event_id=require_event_id)
        self.errors: list[RowError] = []
        self.seen: set[str] = set()

    def restart(self) -> None:
        """To parse the rows again from the first (the people and colleagues stay read)."""
        self.errors = []
        self.seen = set()

    def parse(self, start: int = 0, stop: int | None = None) -> list[ParsedContact]:
        parsed: list[ParsedContact] = []
        reader, seen = self.reader, self.seen
        for index in range(start, len(self.rows) if stop is None else min(stop, len(self.rows))):
            try:
                contact = reader.parse(index, self.rows[index])
            except BadRow as problem:
                self.errors.append(RowError(index, str(problem)))
                continue
            if contact.event_id is not None:
                if contact.event_id in seen:
                    continue
                seen.add(contact.event_id)
            parsed.append(contact)
        return parsed
