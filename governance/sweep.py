"""Reminders, through the daily sweep, that the policy's annual monitoring or its three-yearly
approval is coming up or overdue.

Safe to run again, like the review sweep: each (kind, stage, due date, recipient) is sent once,
because its PolicyReminder row is unique and the notice goes only when the row is created. A
new due date (monitoring recorded, a version approved) is reminded afresh.
"""

from datetime import date

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from access.models import Role, User
from audit.actions import record_event
from audit.models import Event
from governance.models import PolicyReminder
from governance.policy_dates import policy_dates
from notifications.actions import notify
from notifications.models import Notification

WHAT: dict[str, str] = {
    PolicyReminder.Kind.MONITORING: "The annual monitoring of the unacceptable customer "
    "behaviour policy (part of the annual health and safety review)",
    PolicyReminder.Kind.APPROVAL: "The three-yearly approval of the unacceptable customer "
    "behaviour policy",
}


def _recipients(kind: str) -> list[User]:
    """Monitoring belongs to the Head of Customer and Community Support; approval to the
    Director of Customer Operations (accountable for the policy's review) and the Head."""
    roles = [Role.HEAD_OF_SERVICE]
    if kind == PolicyReminder.Kind.APPROVAL:
        roles.append(Role.DIRECTOR)
    return list(User.objects.filter(role__in=roles, is_active=True).order_by("pk"))


def remind_policy_governance(*, today: date | None = None) -> int:
    """Send the policy governance reminders due on `today`; return how many were sent."""
    today = today or timezone.localdate()
    dates = policy_dates()
    due = [
        (PolicyReminder.Kind.MONITORING, dates.monitoring_due_on, dates.monitoring_state(today)),
        (PolicyReminder.Kind.APPROVAL, dates.approval_due_on, dates.approval_state(today)),
    ]
    sent = 0
    for kind, due_on, state in due:
        if due_on is None or state not in ("due_soon", "overdue"):
            continue
        stage = (
            PolicyReminder.Stage.OVERDUE if state == "overdue" else PolicyReminder.Stage.DUE_SOON
        )
        for recipient in _recipients(kind):
            sent += _send_once(kind=kind, stage=stage, due_on=due_on, recipient=recipient)
    return sent


def _message(kind: str, stage: str, due_on: date) -> str:
    if stage == PolicyReminder.Stage.OVERDUE:
        return f"Overdue: {WHAT[kind]} was due by {due_on:%-d %B %Y} and is not recorded."
    return f"{WHAT[kind]} is due by {due_on:%-d %B %Y}."


def _send_once(*, kind: str, stage: str, due_on: date, recipient: User) -> int:
    with transaction.atomic():
        reminder, created = PolicyReminder.objects.get_or_create(
            kind=kind,
            stage=stage,
            due_on=due_on,
            recipient=recipient,
            defaults={"sent_at": timezone.now()},
        )
        if not created:
            return 0
        notify(
            recipient=recipient,
            kind=Notification.Kind.POLICY_GOVERNANCE_DUE,
            message=_message(kind, stage, due_on)[:300],
            url=reverse("governance:policy"),
        )
        record_event(
            subject=reminder,
            by=None,
            kind=Event.POLICY_REMINDER_SENT,
            detail={
                "kind": kind,
                "stage": stage,
                "due_on": due_on.isoformat(),
                "recipient": recipient.pk,
            },
        )
    return 1


def daily_governance(*, today: date | None = None) -> dict[str, object]:
    """The governance part of the daily sweep: reminders, then the kept counts rebuilt."""
    from governance.kept_figures import rebuild_kept_figures

    reminders = remind_policy_governance(today=today)
    kept = rebuild_kept_figures()
    return {"policy_reminders": reminders, "figures_watermark": kept.watermark}
