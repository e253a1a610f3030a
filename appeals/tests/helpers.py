from typing import Any

from django.utils import timezone

from access.models import User
from appeals.actions import lodge_appeal
from appeals.models import Appeal
from audit.models import AuditEvent
from cases.models import ChronologyEntry
from decisions.models import Decision
from notifications.models import Notification


def lodge(decision: Decision, by: User, **changes: Any) -> Appeal:
    values: dict[str, Any] = {
        "received_on": timezone.localdate(),
        "how_received": Appeal.HowReceived.EMAIL,
        "grounds": "I was only shouting because the repair had been missed four times.",
    }
    values.update(changes)
    return lodge_appeal(decision=decision, by=by, **values)


def snapshot() -> dict[str, Any]:
    """Everything an appeal action writes, to show a refused one wrote nothing."""
    return {
        "appeals": list(Appeal.objects.values().order_by("pk")),
        "decisions": list(Decision.objects.values("pk", "status").order_by("pk")),
        "audit": AuditEvent.objects.count(),
        "chronology": ChronologyEntry.objects.count(),
        "notifications": Notification.objects.count(),
    }
