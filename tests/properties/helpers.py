"""Shared pieces for the property tests: a rolled-back example and a snapshot of writes."""

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.db import transaction

from audit.models import AuditEvent
from cases.models import Case, ChronologyEntry
from decisions.models import Decision
from flags.models import WarningFlag
from notifications.models import Notification
from restrictions.models import ContactRestriction


@contextmanager
def rolled_back() -> Iterator[None]:
    """Run one hypothesis example in a transaction that is always undone afterwards.

    Hypothesis runs many examples inside one pytest test, so the database the function-scoped
    fixtures built must come back unchanged before the next example.
    """
    with transaction.atomic():
        yield
        transaction.set_rollback(True)


def snapshot() -> dict[str, Any]:
    """Everything a decision, flag or restriction action might write."""
    return {
        "decisions": list(Decision.objects.values().order_by("pk")),
        "flags": WarningFlag.objects.count(),
        "restrictions": ContactRestriction.objects.count(),
        "cases": list(Case.objects.values().order_by("pk")),
        "audit": AuditEvent.objects.count(),
        "chronology": ChronologyEntry.objects.count(),
        "notifications": Notification.objects.count(),
    }
