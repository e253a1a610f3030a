"""Breaches of active contact restrictions, found as contacts arrive.

Only contacts from the customer (inbound) can breach a restriction, and never a contact about
a new repair, a safety issue or a complaint: policy and guidance say a restriction never
stops those reaching us (`flags.instructions.ALWAYS_ALLOWED`). A breach is evidence: it goes
on the case chronology, and the case officer is told. It is never a sanction by itself.
"""

from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.db import connection
from django.db.models import prefetch_related_objects
from django.urls import reverse
from django.utils import timezone

from access.models import Role, User
from audit.actions import record_events
from audit.models import Event
from cases.actions import add_chronology_entries
from cases.models import ChronologyEntry
from contacts.models import (
    NEVER_BLOCKED_SUBJECTS,
    TIMED_CHANNELS,
    WRITTEN_CHANNELS,
    BreachKind,
    Channel,
    ContactEvent,
    Direction,
    RestrictionBreach,
)
from contacts.rows import any_of
from contacts.summaries import StoredContact
from decisions.models import RestrictionKind
from notifications.actions import notify
from notifications.models import Notification
from restrictions.models import ContactRestriction, active_restriction_conditions

# Restrictions a contact event can show to be broken. Meetings and advocates are about how
# we meet or whom we deal with, which the contact log does not record.
CHECKED_KINDS = frozenset(
    {
        RestrictionKind.WRITTEN_ONLY,
        RestrictionKind.NO_SOCIAL_MEDIA,
        RestrictionKind.SINGLE_POINT_OF_CONTACT,
        RestrictionKind.SET_CALL_TIMES,
        RestrictionKind.CONTACT_LIMIT,
    }
)


@dataclass(frozen=True)
class Found:
    contact: StoredContact
    restriction: ContactRestriction
    breached: str
    detail: str


UNLIFTED = (
    f"SELECT DISTINCT person_id FROM {ContactRestriction._meta.db_table} "  # noqa: S608
    "WHERE lifted_at IS NULL AND kind = ANY(%s)"
)
# Above this many people in a batch, all unlifted restrictions are read and matched here.
MANY_PEOPLE = 500


def can_breach(contact: StoredContact) -> bool:
    return (
        contact.direction == Direction.INBOUND
        and contact.subject not in NEVER_BLOCKED_SUBJECTS
        and not contact.safety_issue
    )


def record_breaches(contacts: Sequence[StoredContact], *, by: User | None) -> int:
    """Find and record every breach among newly stored contacts; returns how many."""
    candidates = [c for c in contacts if can_breach(c)]
    if not candidates:
        return 0
    # One query, served by the restrictions' person index: most people have none, and for
    # them it finds nothing at once.
    restrictions = _active_for({c.person_id for c in candidates})
    if not restrictions:
        return 0
    found = find_breaches(candidates, restrictions)
    if found:
        prefetch_related_objects(
            list({item.restriction.pk: item.restriction for item in found}.values()),
            "case__assigned_officer",
            "person",
            "single_point_of_contact",
            "deputy",
        )
        _record(found, by=by)
    return len(found)


def _active_for(person_ids: set[int]) -> dict[int, list[ContactRestriction]]:
    # First who has a restriction not lifted, from the person index alone: a plain query that
    # plans in a fraction of a millisecond. The query with every related row the breach
    # record needs took about 6 ms to plan, for each contact, nearly always to find nothing.
    restricted = _restricted(person_ids)
    by_person: dict[int, list[ContactRestriction]] = defaultdict(list)
    if not restricted:
        return by_person
    for restriction in (
        ContactRestriction.objects.filter(
            active_restriction_conditions(),
            person_id__in=any_of(restricted, "bigint"),
            kind__in=CHECKED_KINDS,
        )
        # Only what every check reads: a wider join took longer to plan than to run, for each
        # contact. What a breach's record needs is fetched once there is a breach.
        .select_related("decision")
        .order_by("pk")
    ):
        by_person[restriction.person_id].append(restriction)
    return by_person


def _restricted(person_ids: set[int]) -> set[int]:
    """Those of these people with a checked restriction not lifted (in force or not yet)."""
    if connection.vendor == "postgresql":  # as a plain statement: the ORM's own cost is
        with connection.cursor() as cursor:  # several times the query's, per contact
            if len(person_ids) > MANY_PEOPLE:
                # A batch names thousands of people, one index probe each (about 70 ms for
                # 8,000); everyone under a restriction not lifted is a few thousand at most.
                cursor.execute(UNLIFTED, [sorted(CHECKED_KINDS)])
                return {row[0] for row in cursor.fetchall()} & person_ids
            cursor.execute(
                f"{UNLIFTED} AND person_id = ANY(%s)", [sorted(CHECKED_KINDS), list(person_ids)]
            )
            return {row[0] for row in cursor.fetchall()}
    return set(
        ContactRestriction.objects.filter(
            person_id__in=person_ids, lifted_at__isnull=True, kind__in=CHECKED_KINDS
        ).values_list("person_id", flat=True)
    )


def find_breaches(
    candidates: Sequence[StoredContact], restrictions: dict[int, list[ContactRestriction]]
) -> list[Found]:
    counter = _LimitCounter(candidates, restrictions)
    found = []
    for contact in candidates:
        for restriction in restrictions.get(contact.person_id, []):
            starts_on = restriction.decision.starts_on
            if starts_on is None or contact.day < starts_on:
                continue  # before the restriction began: nothing to break yet
            breach = _breach_of(restriction, contact, counter)
            if breach is not None:
                found.append(Found(contact, restriction, *breach))
    return found


def _breach_of(
    restriction: ContactRestriction, contact: StoredContact, counter: "_LimitCounter"
) -> tuple[str, str] | None:
    channel = Channel(contact.channel).label.lower()
    kind = restriction.kind
    if kind == RestrictionKind.WRITTEN_ONLY and contact.channel not in WRITTEN_CHANNELS:
        return BreachKind.CHANNEL, f"Contact by {channel}: written contact only"
    if kind == RestrictionKind.NO_SOCIAL_MEDIA and contact.channel == Channel.SOCIAL_MEDIA:
        return BreachKind.CHANNEL, "Contact through social media: not allowed"
    if kind == RestrictionKind.SINGLE_POINT_OF_CONTACT:
        return _other_colleague(restriction, contact)
    if kind == RestrictionKind.SET_CALL_TIMES and contact.channel in TIMED_CHANNELS:
        return _outside_times(restriction, contact, channel)
    if kind == RestrictionKind.CONTACT_LIMIT:
        return counter.over_limit(restriction, contact)
    return None


def _other_colleague(
    restriction: ContactRestriction, contact: StoredContact
) -> tuple[str, str] | None:
    allowed = {restriction.single_point_of_contact_id, restriction.deputy_id} - {None}
    others = [c for c in (contact.handled_by_id, contact.asked_for_id) if c is not None]
    if not allowed or all(colleague in allowed for colleague in others):
        return None
    spoc = restriction.single_point_of_contact
    named = spoc.display_name if spoc else "the single point of contact"
    return (
        BreachKind.SINGLE_POINT_OF_CONTACT,
        f"Contact with a colleague other than the single point of contact ({named})",
    )


def _outside_times(
    restriction: ContactRestriction, contact: StoredContact, channel: str
) -> tuple[str, str] | None:
    local = timezone.localtime(contact.occurred_at)
    if restriction.call_days and local.weekday() not in restriction.call_days:
        return BreachKind.CALL_TIMES, f"Contact by {channel} on a {local:%A}: not a set day"
    start, end = restriction.call_from, restriction.call_to
    if start and end and not (start <= local.time().replace(tzinfo=None) <= end):
        return (
            BreachKind.CALL_TIMES,
            f"Contact by {channel} at {local:%H:%M}: set times are {start:%H:%M} to {end:%H:%M}",
        )
    return None


class _LimitCounter:
    """Contacts that count towards a limit, per person, read once for the whole batch."""

    def __init__(
        self,
        candidates: Sequence[StoredContact],
        restrictions: dict[int, list[ContactRestriction]],
    ) -> None:
        self.times: dict[int, list[tuple[datetime, int]]] = {}
        limited = {
            person: max(r.period_days or 0 for r in items)
            for person, items in restrictions.items()
            if any(r.kind == RestrictionKind.CONTACT_LIMIT for r in items)
        }
        arrived: dict[int, list[datetime]] = defaultdict(list)
        for contact in candidates:
            if contact.person_id in limited:
                arrived[contact.person_id].append(contact.occurred_at)
        if not arrived:
            return
        # One query for every limited person in the batch, over the span that covers each one's
        # period before their contacts (`over_limit` counts only a contact's own period): a
        # query per person, and a pass over the whole batch for each, had cost a batch of
        # 10,000 about 10 ms.
        rows = ContactEvent.objects.filter(
            person_id__in=any_of(arrived, "bigint"),
            direction=Direction.INBOUND,
            occurred_at__gt=min(min(t) - timedelta(days=limited[p]) for p, t in arrived.items()),
            occurred_at__lte=max(max(t) for t in arrived.values()),
            safety_issue=False,
        ).exclude(subject__in=NEVER_BLOCKED_SUBJECTS)
        for person, occurred_at, pk in rows.values_list("person_id", "occurred_at", "id"):
            self.times.setdefault(person, []).append((occurred_at, pk))
        for times in self.times.values():
            times.sort()

    def over_limit(
        self, restriction: ContactRestriction, contact: StoredContact
    ) -> tuple[str, str] | None:
        times = self.times.get(contact.person_id, [])
        limit, days = restriction.max_contacts or 0, restriction.period_days or 0
        start = contact.occurred_at - timedelta(days=days)
        # Contacts in (start, this contact], ties broken by the order they were stored.
        counted = bisect_right(times, (contact.occurred_at, contact.id)) - bisect_left(
            times, (start, 2**63)
        )
        if counted <= limit:
            return None
        return (
            BreachKind.CONTACT_LIMIT,
            f"Contact {counted} in {days} days: the limit is {limit}",
        )


def _record(found: list[Found], *, by: User | None) -> None:
    now = timezone.now()
    breaches = RestrictionBreach.objects.bulk_create(
        RestrictionBreach(
            event_id=item.contact.id,
            restriction=item.restriction,
            breached=item.breached,
            detail=item.detail[:300],
            recorded_at=now,
        )
        for item in found
    )
    # One statement for each kind of row, however many breaches (a batch of 10,000 contacts
    # on the bench brings about 18; two inserts each, one by one, cost it about 5 ms).
    add_chronology_entries(
        kind=ChronologyEntry.Kind.BREACH,
        by=by,
        lines=[
            (
                item.restriction.case,
                f"{item.detail} ({item.restriction.reference}, "
                f"{timezone.localtime(item.contact.occurred_at):%d %b %Y %H:%M})",
                item.contact.occurred_at,
            )
            for item in found
        ],
    )
    record_events(
        by=by,
        kind=Event.BREACH_RECORDED,
        events=[
            (
                breach,
                {
                    "restriction": item.restriction.pk,
                    "event": item.contact.id,
                    "breached": item.breached,
                },
            )
            for item, breach in zip(found, breaches, strict=True)
        ],
    )
    per_restriction: dict[int, list[Found]] = defaultdict(list)
    for item in found:
        per_restriction[item.restriction.pk].append(item)
    for items in per_restriction.values():
        _tell_officer(items)


def _tell_officer(items: list[Found]) -> None:
    restriction = items[0].restriction
    case = restriction.case
    recipients: list[Any] = (
        [case.assigned_officer]
        if case.assigned_officer is not None and case.assigned_officer.is_active
        # No officer on the case: the Head of Service is told, so no breach goes unseen.
        else list(User.objects.filter(role=Role.HEAD_OF_SERVICE, is_active=True))
    )
    count = len(items)
    what = items[0].detail if count == 1 else f"{count} contacts broke it"
    for recipient in recipients:
        notify(
            recipient=recipient,
            kind=Notification.Kind.RESTRICTION_BREACHED,
            message=(
                f"Contact restriction {restriction.reference} on {restriction.person.full_name} "
                f"was breached: {what}."
            )[:300],
            url=reverse("cases:detail", args=[case.pk]),
        )
