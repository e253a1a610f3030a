"""The alert look-up's hot path: `GET /api/v1/alerts/{kind}/{reference}` without Django.

Outside systems ask this before every visit and every call, so it is the one request that
must run at the speed of the database. `AlertHotPath` wraps Django's WSGI application
(`config/wsgi.py`) and answers that one request itself:

1. parse the path and the bearer token, sha256 the token (`api.models.hash_token`);
2. run **one prepared statement** (`alerts.sql.NUMBERED`) on this thread's own connection,
   which checks the token (hash, not revoked, alerts:read, a contractor's active job) and
   reads the instructions in force from the projection the triggers keep. It goes through
   libpq's own calls (`psycopg.pq`: prepare once, then `exec_prepared`, text results
   converted here), not a psycopg cursor: measured on 2 cores, a cursor's execute and
   fetch cost about 84 µs of CPU per look-up and libpq's call 26 µs, and at 50 concurrent
   callers that CPU is what limits the rate. libpq releases the GIL while it waits;
3. build the body: each instruction's entry by `alerts.lookup.alert_payload`, the code the
   API endpoint uses, joined as `render_alert` would (tested byte for byte).

Never stale: the connection is in autocommit, so each statement is its own transaction and
sees everything committed before it started; nothing about alerts or tokens is cached in the
process (a cache would have to be checked against the database on every request, which costs
as much as the query). Only the rendering of a line is kept, keyed by every value the
statement returned for it, so a changed line is a new key. A flag lifted in the app is
absent from the very next look-up, on every worker and thread; a revoked token fails on its
next request.

Everything else falls through to Django: other paths and methods, a missing, unknown,
revoked or under-scoped token (so the API gives its own 401/403 bodies), a host not in
ALLOWED_HOSTS, a reference Django would route differently, and any database error (Django
then answers, or gives its plain 503). On SQLite (development) it is not installed at all.
"""

import json
import threading
from collections.abc import Callable, Iterable
from datetime import date, time
from functools import lru_cache
from hashlib import sha256
from typing import Any

import psycopg
from django.conf import settings
from django.db import connections
from django.http.request import split_domain_port, validate_host
from psycopg import pq

from access.models import User
from alerts.lookup import KINDS, NOT_FOUND_BODY, alert_payload
from alerts.sql import NUMBERED
from api.models import Scope
from flags.instructions import ALWAYS_ALLOWED, HandlingInstruction
from flags.models import RiskLevel
from restrictions.models import ContactRestriction

PREFIX = "/api/v1/alerts/"
SCOPE = Scope.ALERTS_READ.value
SCOPE_PARAMETER = SCOPE.encode()
PREPARED = {kind: f"alert_{kind}".encode() for kind in NUMBERED}
MAX_REFERENCE = 64
MAX_HOSTS_KEPT = 64
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
    lines = sorted(_line(row) for row in rows if row[2] is not None)
    restricted = any(line[0] for line in lines)
    # What render_alert(alert_payload(...)) gives, joined from parts (tested byte for byte).
    return (
        f'{{"kind":"{kind}","reference":{_json(reference)},"instructions":['
        f"{','.join(line[2] for line in lines)}],"
        f'"always_allowed":{ALWAYS_ALLOWED_JSON if restricted else "null"}}}'
    ).encode()


# json.dumps with these options builds an encoder per call; one, made once, is reused.
_json = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode


ALWAYS_ALLOWED_JSON = _json(ALWAYS_ALLOWED)


@lru_cache(maxsize=65_536)
def _line(row: tuple[Any, ...]) -> tuple[bool, int, str]:
    """(is a restriction, its id, its JSON) for one line: alert_payload's order and entry.

    The key is the whole row the statement returned, every input of the entry, so a cached
    entry can never be stale: a changed measure is a different row."""
    item = _instruction(row)
    (entry,) = alert_payload(kind="", reference="", instructions=[item])["instructions"]
    return item.is_restriction, item.object_id, _json(entry)


class AlertHotPath:
    def __init__(self, django_app: WSGIApp, *, alias: str = "default") -> None:
        self.django_app = django_app
        self.alias = alias
        self.local = threading.local()
        self.allowed_hosts = list(settings.ALLOWED_HOSTS)
        # Host header -> allowed: ALLOWED_HOSTS is fixed for the process's life.
        self.hosts: dict[str, bool] = {}

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
        known = self.hosts.get(host)
        if known is None:
            domain, _ = split_domain_port(host)
            known = bool(domain) and validate_host(domain, self.allowed_hosts)
            if len(self.hosts) >= MAX_HOSTS_KEPT:  # callers choose the header: keep it small
                self.hosts.clear()
            self.hosts[host] = known
        return known

    def _look_up(self, kind: str, reference: str, token_hash: str) -> bytes | None:
        # libpq passes parameters as C strings: a NUL would cut the reference short.
        if "\x00" in reference:
            return None
        try:
            connection = self._connection()
            if kind not in self.local.prepared:
                made = connection.pgconn.prepare(PREPARED[kind], NUMBERED[kind].encode())
                if made.status != pq.ExecStatus.COMMAND_OK:
                    raise psycopg.OperationalError(made.error_message.decode(errors="replace"))
                self.local.prepared.add(kind)
            result = connection.pgconn.exec_prepared(
                PREPARED[kind], [token_hash.encode(), reference.encode(), SCOPE_PARAMETER]
            )
            if result.status != pq.ExecStatus.TUPLES_OK:
                raise psycopg.OperationalError(result.error_message.decode(errors="replace"))
            rows = [_values(result, number) for number in range(result.ntuples)]
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
            kwargs = connection_kwargs(self.alias)
            # Dates and times come back as text in ISO form, whatever the server's default.
            kwargs["options"] = f"{kwargs['options']} -c DateStyle=ISO"
            connection = psycopg.connect(**kwargs, autocommit=True)
            self.local.connection = connection
            self.local.prepared = set()
        return connection

    def _drop_connection(self) -> None:
        connection = getattr(self.local, "connection", None)
        self.local.connection = None
        self.local.prepared = set()
        if connection is not None:
            connection.close()


def _text(raw: bytes) -> str:
    return raw.decode()


def _flag(raw: bytes) -> bool:
    return raw == b"t"


def _date(raw: bytes) -> date:
    return date.fromisoformat(raw.decode())


def _time(raw: bytes) -> time:
    return time.fromisoformat(raw.decode())


# How each column of the statement comes back (text format): see alerts.sql.LINE_COLUMNS.
LOADERS: list[Callable[[bytes], Any]] = [
    _flag,  # the token passed
    _flag,  # the subject was found
    _text,  # measure
    int,  # measure_id
    _text,  # text
    _text,  # applies_to
    _text,  # risk_level
    _date,  # starts_on
    _date,  # review_on
    _text,  # restriction_kind
    lambda raw: tuple(json.loads(raw)),  # call_days (a tuple: rows are cache keys)
    _time,  # call_from
    _time,  # call_to
    int,  # max_contacts
    int,  # period_days
    *[_text] * 9,  # advocate, their contact, meeting place, the two colleagues' names
]


def _values(result: pq.abc.PGresult, row: int) -> tuple[Any, ...]:
    # Most look-ups find no instruction: one row with the two flags and NULLs.
    if result.get_value(row, 2) is None:
        return (result.get_value(row, 0) == b"t", result.get_value(row, 1) == b"t", None)
    values = []
    for column, load in enumerate(LOADERS):
        raw = result.get_value(row, column)
        values.append(None if raw is None else load(raw))
    return tuple(values)


def wrap(django_app: WSGIApp) -> WSGIApp:
    """The hot path in front of Django on PostgreSQL; Django alone anywhere else."""
    if connections["default"].vendor != "postgresql":
        return django_app
    return AlertHotPath(django_app)
