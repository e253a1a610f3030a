"""The alert look-up's hot path: `GET /api/v1/alerts/{kind}/{reference}` without Django.

Outside systems ask this before every visit and every call, so it is the one request that
must run at the speed of the database. `AlertHotPath` wraps Django's WSGI application
(`config/wsgi.py`) and answers that one request itself:

1. parse the path and the bearer token, sha256 the token (`api.models.hash_token`);
2. run **one prepared statement** (`alerts.sql`) on this thread's own psycopg connection,
   which checks the token (hash, not revoked, alerts:read, a contractor's active job) and
   reads the instructions in force from the live tables;
3. build the body with `alerts.lookup.alert_payload` and `render_alert`, the same code the
   API endpoint uses, so both give the same bytes.

Never stale: the connection is in autocommit, so each statement is its own transaction and
sees everything committed before it started; nothing about alerts or tokens is cached in the
process (a cache would have to be checked against the database on every request, which costs
as much as the query). A flag lifted in the app is absent from the very next look-up, on
every worker and thread; a revoked token fails on its next request.

Everything else falls through to Django: other paths and methods, a missing, unknown,
revoked or under-scoped token (so the API gives its own 401/403 bodies), a host not in
ALLOWED_HOSTS, a reference Django would route differently, and any database error (Django
then answers, or gives its plain 503). On SQLite (development) it is not installed at all.
"""

import threading
from collections.abc import Callable, Iterable
from functools import lru_cache
from hashlib import sha256
from typing import Any

import psycopg
from django.conf import settings
from django.db import connections
from django.http.request import split_domain_port, validate_host

from access.models import User
from alerts.lookup import KINDS, NOT_FOUND_BODY, alert_payload, render_alert
from alerts.sql import STATEMENTS
from api.models import Scope
from flags.instructions import HandlingInstruction
from flags.models import RiskLevel
from restrictions.models import ContactRestriction

PREFIX = "/api/v1/alerts/"
SCOPE = Scope.ALERTS_READ.value
MAX_REFERENCE = 64
StartResponse = Callable[..., Any]
WSGIApp = Callable[[dict[str, Any], StartResponse], Iterable[bytes]]
HEADERS = [
    ("Content-Type", "application/json"),
    ("Cache-Control", "no-store, private"),
    ("X-Content-Type-Options", "nosniff"),
]


def connection_kwargs(alias: str = "default") -> dict[str, Any]:
    """psycopg.connect arguments for Django's database (the test database under pytest)."""
    given = connections[alias].settings_dict
    kwargs: dict[str, Any] = {
        "dbname": given["NAME"],
        "user": given.get("USER") or None,
        "password": given.get("PASSWORD") or None,
        "host": given.get("HOST") or None,
        "port": given.get("PORT") or None,
        "connect_timeout": given.get("OPTIONS", {}).get("connect_timeout", 3),
        # CURRENT_DATE in the statement must be the local date, as timezone.localdate() is.
        "options": f"-c TimeZone={settings.TIME_ZONE}",
    }
    return {key: value for key, value in kwargs.items() if value is not None}


RISK_LEVELS = dict(RiskLevel.choices)


def _user(first: str | None, last: str | None, username: str | None) -> User | None:
    if username is None:
        return None
    return User(first_name=first or "", last_name=last or "", username=username)


@lru_cache(maxsize=16_384)
def _restriction_text(kind: str, days: tuple[int, ...], *row: Any) -> tuple[str, str]:
    """(instruction, single point of contact) from `ContactRestriction.instruction` itself.

    The arguments are every input of the text, so a cached answer can never be stale: a
    renamed officer or a varied restriction is a different key. Only a miss builds models.
    """
    (call_from, call_to, most, period, advocate, reach, place) = row[:7]
    restriction = ContactRestriction(
        kind=kind,
        call_days=list(days),
        call_from=call_from,
        call_to=call_to,
        max_contacts=most,
        period_days=period,
        advocate_name=advocate,
        advocate_contact=reach,
        meeting_place=place,
    )
    spoc = _user(*row[7:10])
    restriction.single_point_of_contact = spoc
    restriction.deputy = _user(*row[10:13])
    return restriction.instruction, spoc.display_name if spoc else ""


def _instruction(row: tuple[Any, ...]) -> HandlingInstruction:
    measure, pk, text, applies_to, risk_level, starts_on, review_on = row[2:9]
    applies_to = applies_to.strip()
    if measure == "flag":
        return HandlingInstruction(
            kind="flag",
            reference=f"FLAG-{pk:06d}",  # WarningFlag.reference
            text=text,
            applies_to=applies_to,
            starts_on=starts_on,
            review_on=review_on,
            risk_level=RISK_LEVELS[risk_level],
            object_id=pk,
        )
    text, spoc = _restriction_text(row[9], tuple(row[10] or ()), *row[11:24])
    return HandlingInstruction(
        kind="restriction",
        reference=f"RES-{pk:06d}",  # ContactRestriction.reference
        text=text,
        applies_to=applies_to,
        starts_on=starts_on,
        review_on=review_on,
        single_point_of_contact=spoc,
        object_id=pk,
    )


def answer(rows: list[tuple[Any, ...]], *, kind: str, reference: str) -> bytes | None:
    """The body for the statement's rows: None when the token failed (Django answers)."""
    if not rows or not rows[0][0]:
        return None
    if not rows[0][1]:
        return NOT_FOUND_BODY
    lines = [_instruction(row) for row in rows if row[2] is not None]
    return render_alert(alert_payload(kind=kind, reference=reference, instructions=lines))


class AlertHotPath:
    def __init__(self, django_app: WSGIApp, *, alias: str = "default") -> None:
        self.django_app = django_app
        self.alias = alias
        self.local = threading.local()
        self.allowed_hosts = list(settings.ALLOWED_HOSTS)

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        request = self._parse(environ)
        body = self._look_up(*request) if request else None
        if body is None:
            return self.django_app(environ, start_response)
        status = "200 OK" if body is not NOT_FOUND_BODY else "404 Not Found"
        start_response(status, [*HEADERS, ("Content-Length", str(len(body)))])
        return [body]

    def _parse(self, environ: dict[str, Any]) -> tuple[str, str, str] | None:
        """(kind, reference, token hash) when this request is ours to answer, else None."""
        path = environ.get("PATH_INFO", "")
        if not path.startswith(PREFIX) or environ.get("REQUEST_METHOD") != "GET":
            return None
        kind, _, reference = path[len(PREFIX) :].partition("/")
        authorization = environ.get("HTTP_AUTHORIZATION", "")
        # Longer than any reference: the API refuses it (422), so let it answer.
        if kind not in KINDS or not 0 < len(reference) <= MAX_REFERENCE or "/" in reference:
            return None
        if not authorization.startswith("Bearer ") or not self._host_allowed(environ):
            return None
        try:  # WSGI hands the path over as latin-1; Django decodes it as UTF-8, so do we.
            reference = reference.encode("latin-1").decode()
        except UnicodeError:
            return None
        raw = authorization[7:].strip()
        return kind, reference, sha256(raw.encode()).hexdigest()

    def _host_allowed(self, environ: dict[str, Any]) -> bool:
        host = environ.get("HTTP_HOST") or environ.get("SERVER_NAME", "")
        domain, _ = split_domain_port(host)
        return bool(domain) and validate_host(domain, self.allowed_hosts)

    def _look_up(self, kind: str, reference: str, token_hash: str) -> bytes | None:
        try:
            connection = self._connection()
            with connection.cursor() as cursor:
                cursor.execute(
                    STATEMENTS[kind],
                    {"token_hash": token_hash, "reference": reference, "scope": SCOPE},
                    prepare=True,
                )
                rows = cursor.fetchall()
        except psycopg.Error:
            self._drop_connection()
            return None
        return answer(rows, kind=kind, reference=reference)

    def close(self) -> None:
        """Close this thread's connection (tests, before their database is dropped)."""
        self._drop_connection()

    def _connection(self) -> psycopg.Connection[Any]:
        connection: psycopg.Connection[Any] | None = getattr(self.local, "connection", None)
        if connection is None or connection.closed:
            connection = psycopg.connect(**connection_kwargs(self.alias), autocommit=True)
            self.local.connection = connection
        return connection

    def _drop_connection(self) -> None:
        connection = getattr(self.local, "connection", None)
        self.local.connection = None
        if connection is not None:
            connection.close()


def wrap(django_app: WSGIApp) -> WSGIApp:
    """The hot path in front of Django on PostgreSQL; Django alone anywhere else."""
    if connections["default"].vendor != "postgresql":
        return django_app
    return AlertHotPath(django_app)
