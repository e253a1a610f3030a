from django.conf import settings
from django.core.mail import send_mail
from django.tasks import task
from django.utils import timezone

from notifications.models import Notification


@task()
def email_notification(notification_id: int) -> None:
    """Email a notification. Runs in the worker after the change that made it committed."""
    notification = (
        Notification.objects.select_related("recipient").filter(pk=notification_id).first()
    )
    if notification is None or notification.emailed_at is not None:
        return  # gone, or already sent: running twice sends nothing twice
    recipient = notification.recipient
    if not recipient.email:
        return
    link = f"{settings.SITE_URL}{notification.url}" if notification.url else settings.SITE_URL
    # The email names what happened and links to it; the account of the incident stays in
    # the app behind sign-in (need to know: email leaves our control).
    send_mail(
        subject=f"SafeContact: {notification.get_kind_display()}",
        message=f"{notification.message}\n\nSign in to see it: {link}\n",
        from_email=settings.DEFAULT_FROM_EMAIL,
        recipient_list=[recipient.email],
    )
    Notification.objects.filter(pk=notification.pk, emailed_at__isnull=True).update(
        emailed_at=timezone.now()
    )
