"""Webhook work for the background worker: fan-out on a short poll, sends with back-off.

`manage.py schedule_webhooks` queues the first poll; each poll queues the next one before it
works, so a poll that fails still leaves the next queued. A failed send queues its retry with
`run_after` (exponential back-off) until `WEBHOOK_MAX_ATTEMPTS`, then gives up and tells
system administrators.
"""

from datetime import timedelta

from django.db import transaction
from django.tasks import Task, TaskResultStatus, task
from django.utils import timezone
from django_tasks_db.backend import DatabaseBackend
from django_tasks_db.models import DBTaskResult

from api.models import WebhookDelivery
from api.webhooks import attempt, fan_out, setting


def poll_interval() -> timedelta:
    return timedelta(seconds=setting("WEBHOOK_POLL_SECONDS", 15))


def queue_next_poll(poll: Task) -> bool:
    """Queue the next poll unless one is waiting. Not on a backend that cannot defer work
    (the immediate one tests use would poll for ever)."""
    backend = poll.get_backend()
    if not backend.supports_defer:
        return False
    if (
        isinstance(backend, DatabaseBackend)
        and DBTaskResult.objects.filter(
            task_path=poll.module_path, status=TaskResultStatus.READY
        ).exists()
    ):
        return False
    poll.using(run_after=timezone.now() + poll_interval()).enqueue()
    return True


@task()
def deliver_alert_changes() -> int:
    """Fan the alert change log out to every subscription and send what is new."""
    queue_next_poll(deliver_alert_changes)
    ids = fan_out()
    for delivery_id in ids:
        send_webhook.enqueue(delivery_id)
    return len(ids)


@task()
def send_webhook(delivery_id: int) -> str:
    """One attempt at one delivery; a failure queues the next attempt after a back-off."""
    with transaction.atomic():
        delivery = (
            WebhookDelivery.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("subscription")
            .filter(pk=delivery_id, status=WebhookDelivery.Status.PENDING)
            .first()
        )
        if delivery is None:
            return "not pending"
        if not delivery.subscription.active:
            return "subscription ended"
        again = attempt(delivery)
        if again and send_webhook.get_backend().supports_defer:
            run_after = delivery.next_attempt_at
            transaction.on_commit(
                lambda: send_webhook.using(run_after=run_after).enqueue(delivery_id)
            )
    return delivery.status
