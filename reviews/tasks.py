"""The daily sweep as a background task that queues its own next run.

`manage.py schedule_sweep` (run by `make run`) queues the first run; every run then queues
the next one, at 06:00 local time, before doing its work, so a run that fails still leaves
tomorrow's queued.
"""

from typing import Any

from django.tasks import task

from reviews.scheduling import queue_sweep
from reviews.sweep import run_sweep


@task()
def daily_sweep() -> dict[str, Any]:
    queue_sweep(daily_sweep)
    return run_sweep().as_detail()
