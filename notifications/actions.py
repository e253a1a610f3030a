from typing import Any

from django.db import transaction
from django.utils import timezone

from audit.actions import record_event
from audit.models import Event
from notifications.models import Notification
from notifications.tasks import email_notification


def notify(*, recipient: Any, kind: Notification.Kind, message: str, url: str = "") -> Notification:
    """Tell a colleague in the app now, and by email once the change has committed."""
    notification = Notification.objects.create(
        recipient=recipient, kind=kind, message=message, url=url
    )
    transaction.on_commit(lambda: email_notification.enqueue(notification.pk))
    return notification


@transaction.atomic
def mark_notification_read(*, notification: Notification, by: Any) -> None:
    if notification.read_at is not None:
        return
    notification.read_at = timezone.now()
    notification.save(update_fields=["read_at"])
    record_event(subject=notification, by=by, kind=Event.NOTIFICATION_READ)
