from typing import Any

from django.core.management.base import BaseCommand

from api.tasks import deliver_alert_changes, queue_next_poll


class Command(BaseCommand):
    help = "Queue the webhook poll in the background worker (it then queues itself)."

    def handle(self, *args: Any, **options: Any) -> None:
        if queue_next_poll(deliver_alert_changes):
            self.stdout.write("Webhook poll queued; it then runs every few seconds.")
        else:
            self.stdout.write("Webhook poll already queued (or this task backend cannot defer).")
