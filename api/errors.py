"""Every error the API gives is JSON `{"detail": "..."}` with a clear message.

Each operation declares the same set of error statuses in the OpenAPI schema, so a client
generated from the schema knows them all.
"""

from typing import TYPE_CHECKING, Any

from django.http import Http404, HttpRequest, HttpResponse
from ninja import Schema
from ninja.errors import AuthenticationError, HttpError, ValidationError

if TYPE_CHECKING:
    from ninja import NinjaAPI


class ErrorOut(Schema):
    detail: str


class ApiError(Exception):
    """Raised by an endpoint to answer with a status and a message (and maybe headers)."""

    def __init__(self, status: int, detail: str, *, headers: dict[str, str] | None = None):
        super().__init__(detail)
        self.status = status
        self.detail = detail
        self.headers = headers or {}


ERROR_STATUSES = (400, 401, 403, 404, 409, 422, 429)
ERRORS: dict[int, type[Schema]] = dict.fromkeys(ERROR_STATUSES, ErrorOut)

MISSING_TOKEN = (
    "This request needs a valid API token in the Authorization header ('Bearer <token>'); "
    "the token was missing, unknown or revoked."
)


def describe_validation(errors: list[dict[str, Any]]) -> str:
    """One readable sentence per problem: 'body.rows.0.last_name: Field required'."""
    parts = []
    for error in errors[:20]:
        where = ".".join(str(part) for part in error.get("loc", ()))
        parts.append(f"{where}: {error.get('msg', 'is not valid')}")
    more = f" (and {len(errors) - 20} more)" if len(errors) > 20 else ""
    return "The request is not valid. " + "; ".join(parts) + more


def error_response(
    api: "NinjaAPI", request: HttpRequest, status: int, detail: str, headers: dict[str, str]
) -> HttpResponse:
    response = api.create_response(request, {"detail": detail}, status=status)
    for name, value in headers.items():
        response[name] = value
    return response


def install_error_handlers(api: "NinjaAPI") -> None:
    @api.exception_handler(ApiError)
    def api_error(request: HttpRequest, exc: ApiError) -> HttpResponse:
        return error_response(api, request, exc.status, exc.detail, exc.headers)

    @api.exception_handler(AuthenticationError)
    def unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
        return error_response(api, request, 401, MISSING_TOKEN, {"WWW-Authenticate": "Bearer"})

    @api.exception_handler(ValidationError)
    def invalid(request: HttpRequest, exc: ValidationError) -> HttpResponse:
        return error_response(api, request, 422, describe_validation(exc.errors), {})

    @api.exception_handler(HttpError)
    def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        return error_response(api, request, exc.status_code, str(exc), {})

    @api.exception_handler(Http404)
    def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
        return error_response(api, request, 404, "Not found.", {})
