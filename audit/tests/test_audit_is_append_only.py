import pytest

from access.models import User
from audit.actions import record_event
from audit.models import AuditEvent, Event

pytestmark = pytest.mark.django_db


def test_an_audit_row_cannot_be_rewritten(admin: User) -> None:
    event = record_event(subject=admin, by=admin, kind=Event.USER_CHANGED)
    event.kind = Event.SIGNED_IN
    with pytest.raises(RuntimeError, match="append-only"):
        event.save()
    assert AuditEvent.objects.get(pk=event.pk).kind == Event.USER_CHANGED


def test_an_audit_row_cannot_be_deleted(admin: User) -> None:
    event = record_event(subject=admin, by=admin, kind=Event.USER_CHANGED)
    with pytest.raises(RuntimeError, match="append-only"):
        event.delete()
    assert AuditEvent.objects.filter(pk=event.pk).exists()


def test_system_work_is_recorded_as_the_system() -> None:
    event = record_event(subject="people.import.people", by=None, kind=Event.HOUSING_IMPORT_RUN)
    assert event.actor is None and event.actor_role == "system"
    assert event.object_type == "people.import.people"
