"""Small builders for the contacts tests, all through the real actions."""

from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.utils import timezone

from access.models import User
from cases.models import Case
from contacts.actions import ContactDetails, change_signal_settings, log_contact
from contacts.models import ContactEvent
from decisions.actions import approve_decision, record_needs_check
from people.models import Person
from restrictions.actions import propose_restriction
from restrictions.models import ContactRestriction

LONDON = ZoneInfo("Europe/London")
# A Wednesday afternoon, pinned so that window edges fall on known days.
NOW = datetime(2026, 3, 11, 15, 0, tzinfo=LONDON)


def day_ago(days: int, hour: int = 12, minute: int = 0) -> datetime:
    """A local time `days` days before today (NOW's date)."""
    day = timezone.localdate() - timedelta(days=days)
    return datetime.combine(day, time(hour, minute), tzinfo=LONDON)


def contact(person: Person, by: User, at: datetime, **changes: Any) -> ContactEvent:
    values: dict[str, Any] = {
        "occurred_at": at,
        "channel": "phone",
        "direction": "inbound",
        "subject": "rent",
    }
    values.update(changes)
    return log_contact(person=person, details=ContactDetails(**values), by=by)


def contacts(person: Person, by: User, count: int, days: int = 0, **changes: Any) -> None:
    for number in range(count):
        contact(person, by, day_ago(days, 9, number % 60), **changes)


def thresholds(head: User, **values: Any) -> None:
    change_signal_settings(values=values, by=head)


def restriction(
    case: Case, officer: User, head: User, kind: str, starts_on: date | None = None, **params: Any
) -> ContactRestriction:
    """An approved contact restriction in force from `starts_on` (default: a week ago)."""
    starts = starts_on or timezone.localdate() - timedelta(days=7)
    if not case.needs_checks.exists():  # type: ignore[attr-defined]
        record_needs_check(
            case=case,
            by=officer,
            referral_offered=False,
            consent="not_offered",
            expectation_explained=True,
            no_needs_found=True,
        )
    made = propose_restriction(
        case=case,
        by=officer,
        kind=kind,
        starts_on=starts,
        review_on=starts + timedelta(days=180),
        basis="Persistent calls to the office.",
        **params,
    )
    approve_decision(decision=made.decision, by=head)
    return ContactRestriction.objects.get(pk=made.pk)
