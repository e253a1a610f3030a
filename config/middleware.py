"""A plain 503 when the database cannot be reached, instead of a 500 or a hung page."""

import logging
import sys
from collections.abc import Callable
from typing import Any

from django.core.signals import got_request_exception
from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string

logger = logging.getLogger(__name__)

DATABASE_ERRORS = (OperationalError, InterfaceError)
# Set on the request when a database error was turned into a 500 by Django's own handler.
UNAVAILABLE_MARK = "safecontact_database_unavailable"
RETRY_AFTER_SECONDS = 60


def database_unavailable_response() -> HttpResponse:
    # A standalone template and no request: rendering must not query the database it lacks.
    response = HttpResponse(render_to_string("503.html"), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


def _mark_database_failure(sender: Any, request: HttpRequest | None = None, **kwargs: Any) -> None:
    # Django turns an exception raised inside another middleware (the session or the user
    # loaded before any view runs) into a 500 before it can reach us; it tells this signal
    # first, while the exception is still being handled.
    if request is not None and isinstance(sys.exc_info()[1], DATABASE_ERRORS):
        setattr(request, UNAVAILABLE_MARK, True)
        _leave_session_unloaded(request)


def _leave_session_unloaded(request: HttpRequest) -> None:
    # The session middleware reads the session again on the way out; against a server that
    # does not answer that would be a second connect_timeout before the page. An empty
    # cache is read instead, and nothing is saved on a 5xx, so the stored session is kept.
    session = getattr(request, "session", None)
    if session is not None and not hasattr(session, "_session_cache"):
        session._session_cache = {}


got_request_exception.connect(_mark_database_failure, dispatch_uid="safecontact-database-down")


class DatabaseUnavailableMiddleware:
    """Answers 503 whenever the database is down, wherever in the request it was found.

    Each change is one transaction (STYLE: actions are atomic), so a request that fails
    part way leaves nothing half-written; the next request after the database returns
    opens a fresh connection (CONN_HEALTH_CHECKS), so the service recovers by itself.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            response = self.get_response(request)
        except DATABASE_ERRORS as error:
            return self._unavailable(request, error)
        if response.status_code == 500 and getattr(request, UNAVAILABLE_MARK, False):
            return self._unavailable(request, None)
        return response

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if isinstance(exception, DATABASE_ERRORS):
            return self._unavailable(request, exception)
        return None

    def _unavailable(self, request: HttpRequest, error: Exception | None) -> HttpResponse:
        logger.warning(
            "Database unavailable: answered 503 to %s %s (%s)",
            request.method,
            request.path,
            type(error).__name__ if error else "raised before the view",
        )
        return database_unavailable_response()
