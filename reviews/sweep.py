"""The daily sweep: remind owners of reviews coming up, escalate reviews that are overdue.

Safe to run again: each (decision, kind, due date, recipient) is sent at most once, because
the ReviewReminder row for it is unique and the notice is sent only when the row is created.
A changed review date is a new due date, so it is reminded afresh.
"""

from dataclasses import asdict, dataclass, field
from datetime import date

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from access.models import User
from audit.actions import record_event
from audit.models import Event
from cases.models import Case
from decisions.models import Decision, DecisionSettings
from letters.models import NonDisclosureDecision
from notifications.actions import notify
from notifications.models import Notification
from reviews.models import ReviewReminder
from reviews.selectors import due_measures, due_non_disclosures, heads_of_service, owners

MEASURE = "measure"
NOT_TOLD = "non_disclosure"


@dataclass
class DueItem:
    """One decision's review on one date: its measure, its decision not to tell, or both."""

    decision: Decision
    case: Case
    due_on: date
    about: set[str] = field(default_factory=set)


@dataclass(frozen=True)
class SweepResult:
    today: date
    measures_due: int
    non_disclosures_due: int
    reminders_sent: int
    escalations_sent: int
    already_sent: int

    def as_detail(self) -> dict[str, object]:
        return {**asdict(self), "today": self.today.isoformat()}


def run_sweep(*, today: date | None = None) -> SweepResult:
    """Send the reminders and escalations due on `today` (the local date by default)."""
    today = today or timezone.localdate()
    window = DecisionSettings.current().review_reminder_days
    measures = list(due_measures(Decision.objects.all(), today=today, window_days=window))
    not_told = list(
        due_non_disclosures(NonDisclosureDecision.objects.all(), today=today, window_days=window)
    )
    items = _due_items(measures, not_told)
    heads = heads_of_service()
    sent = {ReviewReminder.Kind.DUE_SOON: 0, ReviewReminder.Kind.OVERDUE: 0}
    already = 0
    for item in items:
        kind = ReviewReminder.Kind.OVERDUE if item.due_on < today else ReviewReminder.Kind.DUE_SOON
        for recipient in _recipients(item.case, kind, heads):
            if _send_once(item=item, kind=kind, recipient=recipient):
                sent[kind] += 1
            else:
                already += 1
    result = SweepResult(
        today=today,
        measures_due=len(measures),
        non_disclosures_due=len(not_told),
        reminders_sent=sent[ReviewReminder.Kind.DUE_SOON],
        escalations_sent=sent[ReviewReminder.Kind.OVERDUE],
        already_sent=already,
    )
    with transaction.atomic():
        record_event(
            subject="reviews.sweep", by=None, kind=Event.SWEEP_RUN, detail=result.as_detail()
        )
    return result


def _due_items(measures: list[Decision], not_told: list[NonDisclosureDecision]) -> list[DueItem]:
    items: dict[tuple[int, date], DueItem] = {}
    for decision in measures:
        assert decision.review_on is not None
        key = (decision.pk, decision.review_on)
        items.setdefault(key, DueItem(decision, decision.case, decision.review_on))
        items[key].about.add(MEASURE)
    for record in not_told:
        key = (record.decision_id, record.review_on)
        items.setdefault(key, DueItem(record.decision, record.case, record.review_on))
        items[key].about.add(NOT_TOLD)
    return sorted(items.values(), key=lambda item: (item.due_on, item.decision.pk))


def _recipients(case: Case, kind: str, heads: list[User]) -> list[User]:
    """Due soon: whoever owns the case. Overdue: the owner too, and it is escalated to the
    owner's line manager and every Head of Service (policy: the Head of Service is
    responsible for operational implementation)."""
    people = owners(case, heads)
    if kind == ReviewReminder.Kind.OVERDUE:
        managers = [p.line_manager for p in people if p.line_manager is not None]
        people = people + [m for m in managers if m.is_active] + heads
    unique: dict[int, User] = {}
    for person in people:
        unique.setdefault(person.pk, person)
    return list(unique.values())


def _message(item: DueItem, kind: str) -> str:
    decision = item.decision
    what = f"{decision.reference} ({decision.get_response_display().lower()})"
    if MEASURE in item.about:
        subject = f"The review of {what} on {item.case.reference}"
        if NOT_TOLD in item.about:
            subject += ", with the decision not to tell the customer about it,"
    else:
        subject = f"The decision not to tell the customer about {what} on {item.case.reference}"
    if kind == ReviewReminder.Kind.OVERDUE:
        return f"Overdue: {subject} was due by {item.due_on:%d %B %Y} and is not recorded."
    return f"{subject} is due by {item.due_on:%d %B %Y}."


def _send_once(*, item: DueItem, kind: str, recipient: User) -> bool:
    """Create the reminder row and, only if it is new, notify (email follows on commit)."""
    with transaction.atomic():
        reminder, created = ReviewReminder.objects.get_or_create(
            decision=item.decision,
            kind=kind,
            due_on=item.due_on,
            recipient=recipient,
            defaults={"sent_at": timezone.now()},
        )
        if not created:
            return False
        overdue = kind == ReviewReminder.Kind.OVERDUE
        notify(
            recipient=recipient,
            kind=Notification.Kind.REVIEW_OVERDUE if overdue else Notification.Kind.REVIEW_DUE,
            message=_message(item, kind)[:300],
            url=reverse("reviews:record", args=[item.decision.pk]),
        )
        record_event(
            subject=reminder,
            by=None,
            kind=Event.REVIEW_ESCALATED if overdue else Event.REVIEW_REMINDER_SENT,
            detail={
                "decision": item.decision.pk,
                "case": item.case.pk,
                "due_on": item.due_on.isoformat(),
                "recipient": recipient.pk,
                "about": sorted(item.about),
            },
        )
    return True
