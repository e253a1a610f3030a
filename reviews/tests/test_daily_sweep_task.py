"""The daily sweep runs in the worker and queues its own next run at 06:00 local time."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.tasks import TaskResultStatus
from django.test import override_settings
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from audit.models import AuditEvent, Event
from reviews.scheduling import next_run_after
from reviews.tasks import daily_sweep

DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
LONDON = ZoneInfo("Europe/London")


def queued() -> list[DBTaskResult]:
    return list(
        DBTaskResult.objects.filter(
            task_path=daily_sweep.module_path, status=TaskResultStatus.READY
        )
    )


def work() -> None:
    call_command("db_worker", batch=True, queue_name="*", no_startup_delay=True, verbosity=0)


@pytest.mark.django_db(transaction=True)
def test_the_daily_sweep_runs_and_queues_itself_for_six_tomorrow() -> None:
    with override_settings(TASKS=DATABASE_QUEUE):
        daily_sweep.enqueue()
        before = timezone.now()
        work()

        waiting = queued()
        assert len(waiting) == 1
        run_after = timezone.localtime(waiting[0].run_after, LONDON)
        assert (run_after.hour, run_after.minute) == (6, 0)
        assert before < waiting[0].run_after <= before + timedelta(days=1)
        assert DBTaskResult.objects.filter(status=TaskResultStatus.SUCCESSFUL).count() == 1
        assert AuditEvent.objects.filter(kind=Event.SWEEP_RUN).count() == 1

        work()  # tomorrow's run is not due yet: nothing runs, nothing more is queued
        assert len(queued()) == 1
        assert AuditEvent.objects.filter(kind=Event.SWEEP_RUN).count() == 1


@pytest.mark.django_db(transaction=True)
def test_a_run_does_not_queue_a_second_next_run() -> None:
    with override_settings(TASKS=DATABASE_QUEUE):
        daily_sweep.using(run_after=next_run_after(timezone.now())).enqueue()
        daily_sweep.enqueue()

        work()

        assert len(queued()) == 1


@pytest.mark.django_db
def test_the_immediate_backend_runs_the_sweep_once_and_queues_nothing() -> None:
    daily_sweep.enqueue()

    assert AuditEvent.objects.filter(kind=Event.SWEEP_RUN).count() == 1


@pytest.mark.parametrize(
    ("now", "expected"),
    [
        # Before six: today at six.
        (datetime(2026, 6, 10, 5, 59, tzinfo=LONDON), datetime(2026, 6, 10, 6, 0, tzinfo=LONDON)),
        # At or after six: tomorrow at six.
        (datetime(2026, 6, 10, 6, 0, tzinfo=LONDON), datetime(2026, 6, 11, 6, 0, tzinfo=LONDON)),
        (datetime(2026, 6, 10, 23, 30, tzinfo=LONDON), datetime(2026, 6, 11, 6, 0, tzinfo=LONDON)),
        # Across the clocks going forward (29 March 2026): six local, which is five UTC.
        (datetime(2026, 3, 28, 7, 0, tzinfo=LONDON), datetime(2026, 3, 29, 6, 0, tzinfo=LONDON)),
    ],
)
def test_the_next_run_is_at_six_local_time(now: datetime, expected: datetime) -> None:
    assert next_run_after(now) == expected


def test_six_local_after_the_clocks_go_forward_is_five_utc() -> None:
    run = next_run_after(datetime(2026, 3, 28, 12, 0, tzinfo=LONDON))
    assert run.astimezone(ZoneInfo("UTC")).hour == 5
