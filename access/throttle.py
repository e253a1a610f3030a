"""Sign-in throttling: two limits, one per account and one per address.

Ten failures for one username stops password guessing against one colleague; twenty from one
address stops one machine spraying many usernames. Either limit refuses the sign-in even with
the right password, with the same message as a wrong password, so the lock tells an attacker
nothing. Failures older than an hour stop counting: the lock cools off by itself.
"""

from datetime import timedelta

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from access.models import SignInAttempt
from audit.actions import record_event
from audit.models import Event

WINDOW = timedelta(hours=1)
MAX_FAILURES_PER_USERNAME = 10
MAX_FAILURES_PER_ADDRESS = 20


def client_address(request: HttpRequest | None) -> str | None:
    # The same address the audit log records (audit/middleware.py).
    return request.META.get("REMOTE_ADDR") if request is not None else None


def is_locked(*, username: str, ip_address: str | None) -> bool:
    recent = SignInAttempt.objects.filter(attempted_at__gte=timezone.now() - WINDOW)
    if recent.filter(username=username).count() >= MAX_FAILURES_PER_USERNAME:
        return True
    return (
        ip_address is not None
        and recent.filter(ip_address=ip_address).count() >= MAX_FAILURES_PER_ADDRESS
    )


@transaction.atomic
def record_failure(*, username: str, ip_address: str | None, reason: str) -> None:
    """Count the failure and audit it; unknown usernames are counted too."""
    SignInAttempt.objects.create(username=username[:150], ip_address=ip_address)
    # Rows past the window no longer count; dropping them keeps the table small.
    SignInAttempt.objects.filter(attempted_at__lt=timezone.now() - WINDOW).delete()
    record_event(
        subject="access.sign_in",
        by=None,
        kind=Event.SIGN_IN_FAILED,
        detail={"username": username[:150], "reason": reason},
    )
