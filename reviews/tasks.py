"""The daily sweep as a background task that queues its own next run.

`manage.py schedule_sweep` (run by `make run`) queues the first run; every run then queues
the next one, at 06:00 local time, before doing its work, so a run that fails still leaves
tomorrow's queued.

Each step is idempotent and runs whatever happened to the others: review reminders are a
safeguard (policy: restrictions are reviewed), so a failure in, say, the dashboard counts
must never stop them. A failed step is logged and fails the run, so the task shows it.
"""

import json
import logging
from collections.abc import Callable
from typing import Any

from django.tasks import task

from alerts.changes import sweep_alert_changes
from contacts.signals import recompute_all
from governance.sweep import daily_governance
from privacy.sweep import apply_retention
from reviews.scheduling import queue_sweep
from reviews.sweep import run_sweep

logger = logging.getLogger(__name__)

STEPS: tuple[tuple[str, Callable[[], Any]], ...] = (
    # Reviews of measures coming up and overdue: reminders and escalations.
    ("reviews", lambda: run_sweep().as_detail()),
    # Measures whose start date has arrived start in the changes feed (and webhooks).
    ("alerts", sweep_alert_changes),
    # Demand signals: the rolling windows move on a day; signals recomputed.
    ("contacts", recompute_all),
    # Policy monitoring and approval reminders; the dashboard's kept counts rebuilt.
    ("governance", daily_governance),
    # The retention schedule: anonymise or erase what has passed its period.
    ("privacy", apply_retention),
)


class SweepStepsFailed(RuntimeError):
    pass


@task()
def daily_sweep() -> dict[str, Any]:
    queue_sweep(daily_sweep)
    done: dict[str, Any] = {}
    failed: list[str] = []
    for name, step in STEPS:
        try:
            outcome = step()
        except Exception:
            logger.exception("Daily sweep step %s failed", name)
            failed.append(name)
            continue
        # The task result is stored as JSON: dates and figures become plain text.
        done[name] = json.loads(
            json.dumps(outcome if isinstance(outcome, dict) else repr(outcome), default=str)
        )
    if failed:
        raise SweepStepsFailed(f"Daily sweep steps failed: {', '.join(failed)}")
    return done
