"""The line manager's email goes through the real database queue and db_worker."""

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import override_settings

from access.models import User
from conftest import make_person, simple_report
from incidents.actions import report_incident
from notifications.models import Notification

pytestmark = pytest.mark.django_db(transaction=True)

DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def test_the_worker_sends_the_email_once(admin: User, frontline: User, line_manager: User) -> None:
    person = make_person(by=admin, reference="W1", first="Al", last="Rees", postcode="BS1 1AA")
    with override_settings(TASKS=DATABASE_QUEUE):
        report_incident(report=simple_report(person=person, colleague=frontline), by=frontline)
        assert mail.outbox == []  # queued, not sent in the request
        call_command("db_worker", batch=True, queue_name="*", no_startup_delay=True, verbosity=0)
        call_command("db_worker", batch=True, queue_name="*", no_startup_delay=True, verbosity=0)
    to_manager = [m for m in mail.outbox if m.to == [line_manager.email]]
    assert len(to_manager) == 1
    assert Notification.objects.get(recipient=line_manager).emailed_at is not None
