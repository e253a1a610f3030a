"""Re-authentication: sensitive operations ask for the password again after 15 minutes.

Changing roles (the admin site) and downloading evidence are the operations a colleague's
unlocked, unattended screen would most expose, so a recent password is required for them.
"""

import functools
import time
from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import ResolverMatch, reverse

PASSWORD_CONFIRMED_KEY = "safecontact_password_confirmed_at"
RECENT_SECONDS = 15 * 60

# Applied by RouteAccessMiddleware, so the apps' own views need not change.
RECENT_PASSWORD_ROUTES = frozenset({"incidents:evidence"})
RECENT_PASSWORD_NAMESPACES = frozenset({"admin"})


def mark_password_confirmed(request: HttpRequest) -> None:
    """Called at sign-in and whenever the password is confirmed again."""
    request.session[PASSWORD_CONFIRMED_KEY] = time.time()


def password_is_recent(request: HttpRequest) -> bool:
    confirmed = request.session.get(PASSWORD_CONFIRMED_KEY)
    return confirmed is not None and time.time() - float(confirmed) <= RECENT_SECONDS


def ask_for_password(request: HttpRequest) -> HttpResponse:
    query = urlencode({"next": request.get_full_path()})
    return redirect(f"{reverse('access:confirm_password')}?{query}")


def route_needs_recent_password(match: ResolverMatch | None) -> bool:
    if match is None:
        return False
    return match.view_name in RECENT_PASSWORD_ROUTES or any(
        namespace in RECENT_PASSWORD_NAMESPACES for namespace in match.namespaces
    )


def recent_password_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    @functools.wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not password_is_recent(request):
            return ask_for_password(request)
        return view(request, *args, **kwargs)

    return wrapped
