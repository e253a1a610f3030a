"""Queue the first daily review sweep, unless one is already waiting: `manage.py
schedule_sweep`. Each run queues the next (reviews.tasks.daily_sweep), so this is needed
once; running it again queues nothing more."""

from typing import Any

from django.core.management.base import BaseCommand

from reviews.scheduling import queue_sweep
from reviews.tasks import daily_sweep


class Command(BaseCommand):
    help = "Queue the daily review sweep to run now, if it is not already queued."

    def handle(self, *args: Any, **options: Any) -> None:
        if not daily_sweep.get_backend().supports_defer:
            self.stdout.write("The task backend cannot hold work for later: nothing queued.")
            return
        if queue_sweep(daily_sweep, now=True):
            self.stdout.write("Daily review sweep queued; it will then run daily at 06:00.")
        else:
            self.stdout.write("Daily review sweep already queued.")
