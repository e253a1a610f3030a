"""The integration API, version 1: django-ninja, OpenAPI 3.1 at /api/v1/openapi.json.

Other systems send people, homes, jobs, contact events and incidents in, and read alerts out.
Every operation authenticates by bearer token and one scope (`api.auth`); every error is
`{"detail": "..."}` and declared in the schema (`api.errors`); every POST honours an
Idempotency-Key (`api.idempotency`). The alert look-up answers with the same bytes as the
alerts app's hot path in front of Django (`alerts.lookup.render_alert`, `NOT_FOUND_BODY`).
"""

import importlib.util
import json
from typing import Any, Literal

from django.http import HttpRequest, HttpResponse
from ninja import Header, NinjaAPI, Path, Query, Schema
from ninja.openapi.docs import Swagger
from pydantic import Field

from access import policy
from alerts.lookup import NOT_FOUND_BODY, look_up, render_alert
from alerts.schemas import AlertOut
from api import intake
from api.auth import TokenAuth, token_of
from api.errors import ERRORS, install_error_handlers
from api.feed import MAX_PAGE, settled_page
from api.idempotency import MAX_KEY_LENGTH, answer_once
from api.models import Scope
from api.schemas import (
    AlertChangesOut,
    ContactsIn,
    ContactsOut,
    HousingRecordsIn,
    IncidentIn,
    IncidentOut,
    JobsIn,
    UpsertResultOut,
)
from api.webhooks import change_payload

# Declared on every POST so clients (and the schema) know it; read by api.idempotency.
IdempotencyKey = Header(
    None,
    alias="Idempotency-Key",
    max_length=MAX_KEY_LENGTH,
    description="Send the same key with the same body to get the first answer again.",
)
ALERT_HEADERS = {"Cache-Control": "no-store, private", "X-Content-Type-Options": "nosniff"}


class LocalSwagger(Swagger):
    """Swagger UI from our own origin (no CDN, no inline script): fits the strict CSP."""

    template = "api/swagger.html"

    def render_page(self, request: HttpRequest, api: Any, **kwargs: Any) -> HttpResponse:
        from django.shortcuts import render

        self.settings["url"] = self.get_openapi_url(api, kwargs)
        context = {"swagger_settings": json.dumps(self.settings), "api": api}
        return render(request, self.template, context)


api = NinjaAPI(
    title="SafeContact integration API",
    version="1",
    description=(
        "People, homes, jobs, contact events and incidents in; alerts (handling instructions "
        "in force, never reasons) out. Authenticate with `Authorization: Bearer <token>`. "
        "Every POST accepts an `Idempotency-Key` header."
    ),
    urls_namespace="api_v1",
    docs=LocalSwagger(),
    docs_url="/docs",
    openapi_url="/openapi.json",
)
install_error_handlers(api)


def render_json(data: Any) -> bytes:
    if isinstance(data, Schema):
        data = data.model_dump(mode="json")
    return json.dumps(data, separators=(",", ":"), ensure_ascii=False).encode()


def _responses(status: int, schema: Any) -> dict[int, Any]:
    return {status: schema, **ERRORS}


# --- in ----------------------------------------------------------------------------------------


@api.post(
    "/people/bulk",
    url_name="people_bulk",
    auth=TokenAuth(Scope.PEOPLE_WRITE),
    response=_responses(200, UpsertResultOut),
    summary="Create or update properties, households, tenancies and people",
    description="Matched on each row's external reference, so sending a row twice changes "
    "nothing. A bad row is reported with its section and index; the others are applied.",
)
def people_bulk(
    request: HttpRequest, records: HousingRecordsIn, idempotency_key: str | None = IdempotencyKey
) -> HttpResponse:
    def work() -> tuple[int, Any]:
        result = intake.upsert_housing_records(
            records=records.model_dump(mode="json"), by=token_of(request)
        )
        return 200, UpsertResultOut(counts=result.counts, errors=result.errors)  # type: ignore[arg-type]

    return answer_once(request, work, render_json)


@api.post(
    "/jobs/bulk",
    url_name="jobs_bulk",
    auth=TokenAuth(Scope.JOBS_WRITE),
    response=_responses(200, UpsertResultOut),
    summary="Create or update contractor jobs",
    description="Matched on job_ref. A contractor's token records only its own firm's jobs.",
)
def jobs_bulk(
    request: HttpRequest, payload: JobsIn, idempotency_key: str | None = IdempotencyKey
) -> HttpResponse:
    def work() -> tuple[int, Any]:
        result = intake.record_jobs(
            jobs=payload.model_dump(mode="json")["jobs"], by=token_of(request)
        )
        return 200, UpsertResultOut(counts=result.counts, errors=result.errors)  # type: ignore[arg-type]

    return answer_once(request, work, render_json)


@api.post(
    "/incidents",
    url_name="incidents",
    auth=TokenAuth(Scope.INCIDENTS_WRITE),
    response=_responses(201, IncidentOut),
    summary="Report an incident recorded in another system",
    description="Names the reporting colleague and those affected by username, and the "
    "people responsible by their housing-system reference.",
)
def incidents(
    request: HttpRequest, report: IncidentIn, idempotency_key: str | None = IdempotencyKey
) -> HttpResponse:
    def work() -> tuple[int, Any]:
        incident = intake.report_incident_from_system(
            data=report.model_dump(), by=token_of(request)
        )
        return 201, IncidentOut(id=incident.pk, case_id=incident.case_id)

    return answer_once(request, work, render_json)


if importlib.util.find_spec("contacts.ingest") is not None:

    @api.post(
        "/contacts/bulk",
        url_name="contacts_bulk",
        auth=TokenAuth(Scope.CONTACTS_WRITE),
        response=_responses(200, ContactsOut),
        summary="Receive contact events from the contact centre",
        description="Each event is matched on its source and id, so a resend is a duplicate.",
    )
    def contacts_bulk(
        request: HttpRequest, payload: ContactsIn, idempotency_key: str | None = IdempotencyKey
    ) -> HttpResponse:
        def work() -> tuple[int, Any]:
            rows = [row.model_dump(mode="json") for row in payload.rows]
            return 200, intake.receive_contact_events(
                rows=rows, source=payload.source, by=token_of(request)
            )

        return answer_once(request, work, render_json)


# --- out ---------------------------------------------------------------------------------------


class ChangesQuery(Schema):
    after: int = Field(0, ge=0, le=2**63 - 1, description="The last change id already read.")
    limit: int = Field(100, ge=1, le=MAX_PAGE)


@api.get(
    "/alerts/changes",
    url_name="alert_changes",
    auth=TokenAuth(Scope.ALERTS_READ),
    response=_responses(200, AlertChangesOut),
    summary="Alert changes after a cursor: arrangements started, changed or ended",
    description="In id order, with no gaps and no repeats: a change is handed out only "
    "once every change before it has committed. A contractor's token sees only changes "
    "at homes where its firm has an active job.",
)
def alert_changes(request: HttpRequest, response: HttpResponse, query: Query[ChangesQuery]) -> Any:
    response["Cache-Control"] = "no-store, private"
    visible = policy.visible_alert_changes(token_of(request))
    page = settled_page(visible, after=query.after, limit=query.limit)
    changes = [change_payload(change) for change in page]
    return {"changes": changes, "next_after": page[-1].pk if page else query.after}


@api.get(
    "/alerts/{kind}/{reference}",
    url_name="alert",
    auth=TokenAuth(Scope.ALERTS_READ),
    response=_responses(200, AlertOut),
    summary="The handling instructions in force for a person or a home",
    description="By person reference, property reference or UPRN: what to do, the single "
    "point of contact and dates, never the reasons. Unknown and not available to this "
    "token give the same 404.",
)
def alert(
    request: HttpRequest,
    kind: Literal["person", "property", "uprn"],
    reference: str = Path(..., max_length=64),
) -> HttpResponse:
    token = token_of(request)
    payload = look_up(kind=kind, reference=reference, contractor_id=token.contractor_id)
    if payload is None:
        response = HttpResponse(NOT_FOUND_BODY, status=404, content_type="application/json")
    else:
        response = HttpResponse(render_alert(payload), content_type="application/json")
    for name, value in ALERT_HEADERS.items():
        response[name] = value
    return response
