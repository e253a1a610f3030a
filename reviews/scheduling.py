"""When the daily sweep runs next, and queueing it without queueing it twice."""

from datetime import datetime, time, timedelta

from django.tasks import Task, TaskResultStatus
from django.utils import timezone
from django_tasks_db.backend import DatabaseBackend
from django_tasks_db.models import DBTaskResult

SWEEP_AT = time(6, 0)


def next_run_after(now: datetime) -> datetime:
    """The next 06:00 local time strictly after `now` (aware; right across clock changes)."""
    zone = timezone.get_current_timezone()
    local = timezone.localtime(now, zone)
    day = local.date() if local.time() < SWEEP_AT else local.date() + timedelta(days=1)
    return timezone.make_aware(datetime.combine(day, SWEEP_AT), zone)


def is_queued(sweep: Task) -> bool:
    """Whether a run of the sweep is already waiting in the database queue."""
    return DBTaskResult.objects.filter(
        task_path=sweep.module_path, status=TaskResultStatus.READY
    ).exists()


def queue_sweep(sweep: Task, *, now: bool = False) -> bool:
    """Queue a run (at the next 06:00, or straight away) unless one is already waiting.

    Returns whether one was queued. A backend that cannot defer work (the immediate one tests
    use) would run the next day's sweep at once, and that one the next: it is not queued.
    """
    backend = sweep.get_backend()
    if not backend.supports_defer:
        return False
    if isinstance(backend, DatabaseBackend) and is_queued(sweep):
        return False
    if now:
        sweep.enqueue()
    else:
        sweep.using(run_after=next_run_after(timezone.now())).enqueue()
    return True
