import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.cache import add_never_cache_headers, patch_cache_control

from access import policy, reauth

SESSION_STARTED_KEY = "safecontact_session_started"


class RouteAccessMiddleware:
    """The one choke point: every routed request is checked against policy.ROUTES."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if request.user.is_authenticated:
            # Pages behind sign-in show case data: no browser or proxy may keep a copy.
            add_never_cache_headers(response)
            patch_cache_control(response, private=True)
        return response

    def process_view(
        self, request: HttpRequest, view_func: Callable[..., Any], view_args: Any, view_kwargs: Any
    ) -> HttpResponse | None:
        match = request.resolver_match
        capability = policy.route_capability(
            match.view_name if match else None, match.namespace if match else None
        )
        if capability is None:
            # Fail closed: a route nobody put in the policy table does not exist.
            raise Http404
        if request.user.is_authenticated and not request.user.is_verified():  # type: ignore[union-attr,attr-defined]
            # Signed in without the second factor (only our code sign-in sets it): treated as
            # signed out everywhere. There is no password-reset route; if one is added, it
            # must end at the code too, or this line signs its user straight back out.
            logout(request)
        if capability == policy.Capability.PUBLIC:
            return None
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not policy.has_capability(request.user, capability):
            policy.refuse(request.user)
        if reauth.route_needs_recent_password(match) and not reauth.password_is_recent(request):
            return reauth.ask_for_password(request)
        return None


class AbsoluteSessionLimitMiddleware:
    """Ends a session 12 hours after sign-in however active it is (idle expiry is Django's)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            started = request.session.get(SESSION_STARTED_KEY)
            now = time.time()
            if started is None:
                request.session[SESSION_STARTED_KEY] = now
            elif now - float(started) > settings.SESSION_ABSOLUTE_SECONDS:
                logout(request)
        return self.get_response(request)
