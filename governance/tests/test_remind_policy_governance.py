"""The daily sweep's policy reminders, with frozen time: each is sent once per due date."""

from datetime import UTC, date, datetime
from typing import Any

import pytest
import time_machine

from access.models import User
from audit.models import AuditEvent, Event
from governance.actions import record_policy_monitoring, record_policy_version
from governance.models import PolicyVersion
from governance.sweep import remind_policy_governance
from notifications.models import Notification
from reviews.tasks import daily_sweep

pytestmark = pytest.mark.django_db


def frozen(day: date) -> Any:
    return time_machine.travel(datetime(day.year, day.month, day.day, 7, 0, tzinfo=UTC), tick=False)


def reminders_to(user: User) -> list[str]:
    return list(
        Notification.objects.filter(
            recipient=user, kind=Notification.Kind.POLICY_GOVERNANCE_DUE
        ).values_list("message", flat=True)
    )


@pytest.fixture
def approved(personas: dict[str, User]) -> PolicyVersion:
    """Version 2 approved on 15 January 2024: approval due 15 January 2027, monitoring due
    15 January 2025."""
    with frozen(date(2024, 1, 20)):
        return record_policy_version(
            version="2",
            approved_on=date(2024, 1, 15),
            approved_by="Customer Services Committee",
            summary_of_changes="Contact restrictions reviewed every 3 to 12 months.",
            by=personas["director"],
        )


def test_the_seeded_version_has_no_approval_date_so_its_approval_is_due() -> None:
    seeded = PolicyVersion.objects.get()
    assert seeded.approved_on is None


def test_approval_coming_up_is_reminded_once_to_the_director_and_head(
    approved: PolicyVersion, personas: dict[str, User]
) -> None:
    with frozen(date(2026, 11, 1)):
        sent = remind_policy_governance(today=date(2026, 11, 1))
        again = remind_policy_governance(today=date(2026, 11, 1))
    with frozen(date(2026, 11, 2)):
        next_day = remind_policy_governance(today=date(2026, 11, 2))
    director, head = personas["director"], personas["head_of_service"]
    assert [m for m in reminders_to(director) if "approval" in m] == [
        "The three-yearly approval of the unacceptable customer behaviour policy is due by "
        "15 January 2027."
    ]
    assert len([m for m in reminders_to(head) if "approval" in m]) == 1
    # Monitoring was due a year after approval and never recorded: overdue, to the Head only.
    assert [m for m in reminders_to(head) if "monitoring" in m] == [
        "Overdue: The annual monitoring of the unacceptable customer behaviour policy (part of "
        "the annual health and safety review) was due by 15 January 2025 and is not recorded."
    ]
    assert not [m for m in reminders_to(director) if "monitoring" in m]
    assert (sent, again, next_day) == (3, 0, 0)
    assert AuditEvent.objects.filter(kind=Event.POLICY_REMINDER_SENT).count() == 3


def test_an_overdue_approval_is_escalated_once_more(
    approved: PolicyVersion, personas: dict[str, User]
) -> None:
    with frozen(date(2026, 11, 1)):
        remind_policy_governance(today=date(2026, 11, 1))
    with frozen(date(2027, 1, 16)):
        assert remind_policy_governance(today=date(2027, 1, 16)) == 2
        assert remind_policy_governance(today=date(2027, 1, 16)) == 0
    assert reminders_to(personas["director"])[0].startswith("Overdue: The three-yearly approval")


def test_monitoring_recorded_moves_the_next_due_date_a_year_on(
    approved: PolicyVersion, personas: dict[str, User]
) -> None:
    with frozen(date(2025, 2, 1)):
        record_policy_monitoring(
            policy_version=approved,
            carried_out_on=date(2025, 1, 30),
            health_and_safety_review="Health and safety annual review 2024 to 2025",
            findings="Working as intended.",
            changes_needed=False,
            by=personas["head_of_service"],
        )
        assert remind_policy_governance(today=date(2025, 2, 1)) == 0
    with frozen(date(2026, 1, 5)):
        assert remind_policy_governance(today=date(2026, 1, 5)) == 1
    assert "due by 30 January 2026" in reminders_to(personas["head_of_service"])[0]


def test_nothing_is_sent_when_nothing_is_due(
    approved: PolicyVersion, personas: dict[str, User]
) -> None:
    with frozen(date(2024, 3, 1)):
        assert remind_policy_governance(today=date(2024, 3, 1)) == 0


def test_the_daily_sweep_sends_the_policy_reminders(personas: dict[str, User]) -> None:
    daily_sweep.call()
    # The seeded version's approval date is not recorded: its approval counts as due.
    assert reminders_to(personas["director"])
