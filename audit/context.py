"""Where a request came from, for the audit row written while it is handled."""

from contextvars import ContextVar
from dataclasses import dataclass


@dataclass(frozen=True)
class RequestOrigin:
    ip_address: str | None
    path: str


current_origin: ContextVar[RequestOrigin | None] = ContextVar("current_origin", default=None)
