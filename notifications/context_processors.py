from typing import Any

from django.http import HttpRequest


def unread_notifications(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    # Lazy: counted only when a template shows it.
    return {
        "unread_notification_count": lambda: user.notifications.filter(read_at__isnull=True).count()
    }
