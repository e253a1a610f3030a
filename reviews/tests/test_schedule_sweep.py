"""`manage.py schedule_sweep` queues the first run once, however often it is run."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.tasks import TaskResultStatus
from django.test import override_settings
from django_tasks_db.models import DBTaskResult

from reviews.tasks import daily_sweep

pytestmark = pytest.mark.django_db

DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def schedule() -> str:
    out = StringIO()
    call_command("schedule_sweep", stdout=out)
    return out.getvalue()


def test_scheduling_twice_queues_one_sweep() -> None:
    with override_settings(TASKS=DATABASE_QUEUE):
        assert "queued" in schedule()
        assert "already queued" in schedule()

    assert (
        DBTaskResult.objects.filter(
            task_path=daily_sweep.module_path, status=TaskResultStatus.READY
        ).count()
        == 1
    )


def test_a_backend_that_cannot_hold_work_queues_nothing() -> None:
    assert "nothing queued" in schedule()
    assert DBTaskResult.objects.count() == 0
