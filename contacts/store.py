"""Writing a batch of contacts to the log, once each, fast.

PostgreSQL: the batch is copied (COPY) into a temporary table, then one statement moves it
into the log with `INSERT ... SELECT ... ON CONFLICT (source, source_event_id) DO NOTHING
RETURNING`, so a repeated event is skipped by the unique index itself, even when two batches
race, and, from the rows that insert returned (so a duplicate adds nothing), adds each
person's new contacts to their summary row with one set-based upsert. Elsewhere (SQLite, the
demo): the events already stored are looked up, the rest inserted with `bulk_create`, and the
summaries brought up to date by `add_to_summaries`.
"""

from collections.abc import Sequence
from datetime import date, datetime

from django.db import connection

from access.models import User
from contacts.models import ContactEvent
from contacts.rows import ParsedContact
from contacts.summaries import (
    COLUMNS,
    SUMMARY,
    StoredContact,
    _day,
    _instant,
    add_to_summaries,
    adding_on_conflict,
    contribution_sums,
    window_start,
)

INCOMING = "contacts_incoming"
INCOMING_COLUMNS = (
    "source_event_id",
    "person_id",
    "occurred_at",
    "channel",
    "direction",
    "handled_by_id",
    "asked_for_id",
    "subject",
    "safety_issue",
    "reference",
    "summary",
)
CREATE_INCOMING = f"""
CREATE TEMPORARY TABLE IF NOT EXISTS {INCOMING} (
    source_event_id text, person_id bigint, occurred_at timestamptz, channel text,
    direction text, handled_by_id bigint, asked_for_id bigint, subject text,
    safety_issue boolean, reference text, summary text
) ON COMMIT DELETE ROWS
"""


def stored(contact: ParsedContact, pk: int) -> StoredContact:
    return StoredContact(
        id=pk,
        person_id=contact.person_id,
        occurred_at=contact.occurred_at,
        day=contact.day,
        channel=contact.channel,
        direction=contact.direction,
        handled_by_id=contact.handled_by_id,
        asked_for_id=contact.asked_for_id,
        subject=contact.subject,
        reference=contact.reference,
        safety_issue=contact.safety_issue,
    )


def store_contacts(
    contacts: Sequence[ParsedContact],
    *,
    source: str,
    by: User | None,
    now: datetime,
    as_of: date,
) -> list[StoredContact]:
    """Store the contacts not stored before and add them to the summaries (windows ending
    on `as_of`); returns those newly stored. In a transaction."""
    if not contacts:
        return []
    if connection.vendor == "postgresql":
        return _copy_in(contacts, source=source, by=by, now=now, as_of=as_of)
    made = _bulk_create(contacts, source=source, by=by, now=now)
    add_to_summaries(made, as_of)
    return made


MOVE_IN = """
WITH new AS (
    INSERT INTO contacts_contactevent ({columns}, source, recorded_at, recorded_by_id)
    SELECT {columns}, %(source)s, %(now)s, %(by)s FROM {incoming}
    ON CONFLICT (source, source_event_id) DO NOTHING
    RETURNING id, source_event_id, person_id, occurred_at, direction, subject, reference,
        asked_for_id, handled_by_id
),
counted AS (
    SELECT person_id, {sums} FROM new
    WHERE direction = 'inbound' AND occurred_at >= %(s90)s GROUP BY person_id
),
summed AS (
    INSERT INTO {summary} (person_id, as_of, {summed})
    SELECT person_id, %(as_of)s, {summed} FROM counted {on_conflict}
)
SELECT id, source_event_id FROM new
"""


def _copy_in(
    contacts: Sequence[ParsedContact],
    *,
    source: str,
    by: User | None,
    now: datetime,
    as_of: date,
) -> list[StoredContact]:
    columns = ", ".join(INCOMING_COLUMNS)
    with connection.cursor() as cursor:
        cursor.execute(CREATE_INCOMING)
        cursor.execute(f"TRUNCATE {INCOMING}")
        with cursor.cursor.copy(f"COPY {INCOMING} ({columns}) FROM STDIN") as copy:
            for c in contacts:
                copy.write_row(
                    (
                        c.event_id,
                        c.person_id,
                        c.occurred_at,
                        c.channel,
                        c.direction,
                        c.handled_by_id,
                        c.asked_for_id,
                        c.subject,
                        c.safety_issue,
                        c.reference,
                        c.summary,
                    )
                )
        cursor.execute(
            MOVE_IN.format(
                columns=columns,
                incoming=INCOMING,
                summary=SUMMARY,
                summed=", ".join(COLUMNS),
                sums=contribution_sums(s7="%(s7)s", s30="%(s30)s", s90="%(s90)s"),
                on_conflict=adding_on_conflict(),
            ),
            {
                "source": source,
                "now": now,
                "by": by.pk if by is not None else None,
                "as_of": _day(as_of),
                **{f"s{w}": _instant(window_start(as_of, w)) for w in (7, 30, 90)},
            },
        )
        ids = {event_id: pk for pk, event_id in cursor.fetchall()}
    return [stored(c, ids[c.event_id]) for c in contacts if c.event_id in ids]


def _bulk_create(
    contacts: Sequence[ParsedContact], *, source: str, by: User | None, now: datetime
) -> list[StoredContact]:
    ids = [c.event_id for c in contacts if c.event_id is not None]
    already: set[str | None] = set()
    for start in range(0, len(ids), 10_000):
        already.update(
            ContactEvent.objects.filter(
                source=source, source_event_id__in=ids[start : start + 10_000]
            ).values_list("source_event_id", flat=True)
        )
    fresh = [c for c in contacts if c.event_id is None or c.event_id not in already]
    made = ContactEvent.objects.bulk_create(
        [
            ContactEvent(
                person_id=c.person_id,
                occurred_at=c.occurred_at,
                channel=c.channel,
                direction=c.direction,
                handled_by_id=c.handled_by_id,
                asked_for_id=c.asked_for_id,
                subject=c.subject,
                safety_issue=c.safety_issue,
                reference=c.reference,
                summary=c.summary,
                source=source,
                source_event_id=c.event_id,
                recorded_at=now,
                recorded_by=by,
            )
            for c in fresh
        ],
        batch_size=2000,
    )
    return [stored(c, event.pk) for c, event in zip(fresh, made, strict=True)]
