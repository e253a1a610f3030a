"""Records other systems send us: the actions behind the API's POST endpoints.

Rows reuse the CSV importers' row logic (`people.importer`, `contractors.importer`), so a row
sent as JSON is checked and matched exactly as the same row in a file: idempotent on external
reference, each row its own transaction, a bad row reported with its index and the rest
applied. The outside system is the actor; the token that sent the rows is in the audit row.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from access import policy
from access.models import Role, User
from api.errors import ApiError
from api.models import ApiToken
from audit.actions import record_event
from audit.models import Event
from contractors.importer import _import_job
from incidents.actions import IncidentReport, report_incident
from incidents.models import Incident
from people import actions as people_actions
from people.csv_rows import RowError
from people.importer import IMPORTERS

# The oldest date an incident from another system may carry: earlier is a typing slip.
EARLIEST_INCIDENT = datetime(2000, 1, 1, tzinfo=UTC)
CLASH = "the row clashes with a record written at the same moment; send it again"


@dataclass
class IntakeResult:
    counts: dict[str, dict[str, int]] = field(default_factory=dict)
    errors: list[dict[str, Any]] = field(default_factory=list)

    def count(self, section: str, outcome: str) -> None:
        counts = self.counts.setdefault(
            section, {"created": 0, "updated": 0, "unchanged": 0, "refused": 0}
        )
        counts[outcome] += 1


def flatten(error: ValidationError) -> str:
    if hasattr(error, "error_dict"):
        return "; ".join(f"{name}: {' '.join(m)}" for name, m in error.message_dict.items())
    return "; ".join(error.messages)


def as_row(values: dict[str, Any]) -> dict[str, str]:
    """A JSON row as the CSV importers read one: every value text, None empty."""
    return {name: "" if value is None else str(value) for name, value in values.items()}


def _apply_rows(
    result: IntakeResult,
    section: str,
    rows: Iterable[dict[str, Any]],
    apply: Callable[[dict[str, str]], str],
) -> None:
    for index, values in enumerate(rows):
        try:
            with transaction.atomic():
                result.count(section, apply(as_row(values)))
        except RowError as error:
            result.count(section, "refused")
            result.errors.append({"section": section, "index": index, "message": str(error)})
        except ValidationError as error:
            result.count(section, "refused")
            result.errors.append({"section": section, "index": index, "message": flatten(error)})
        except IntegrityError:
            # Another request wrote the same reference or UPRN at the same moment.
            result.count(section, "refused")
            result.errors.append({"section": section, "index": index, "message": CLASH})


def _record_household(row: dict[str, str]) -> str:
    reference = row.get("property_ref", "").strip()
    home = policy.property_by_reference(reference)
    if reference and home is None:
        raise RowError(f"property_ref '{reference}' is not a known property")
    household_ref = row["household_ref"].strip()
    return people_actions.record_household(
        external_reference=household_ref,
        by=None,
        name=row.get("household_name", "").strip() or f"Household {household_ref}",
        property=home,
    )[1]


def _record_run(*, token: ApiToken, what: str, result: IntakeResult) -> None:
    with transaction.atomic():
        record_event(
            subject=token,
            by=None,
            kind=Event.API_RECORDS_UPSERTED,
            detail={
                "token": token.name,
                "what": what,
                "counts": result.counts,
                "errors": len(result.errors),
            },
        )


def upsert_housing_records(
    *, records: dict[str, list[dict[str, Any]]], by: ApiToken
) -> IntakeResult:
    """Properties, then households, tenancies and people: later rows may name earlier ones."""
    result = IntakeResult()
    importer = {name: IMPORTERS[name][0] for name in ("properties", "tenancies", "people")}
    _apply_rows(
        result,
        "properties",
        records.get("properties", []),
        lambda r: importer["properties"](r, None),
    )
    _apply_rows(result, "households", records.get("households", []), _record_household)
    _apply_rows(
        result, "tenancies", records.get("tenancies", []), lambda r: importer["tenancies"](r, None)
    )
    _apply_rows(result, "people", records.get("people", []), lambda r: importer["people"](r, None))
    _record_run(token=by, what="housing_records", result=result)
    return result


def _job_for_token(token: ApiToken) -> Callable[[dict[str, str]], str]:
    def apply(row: dict[str, str]) -> str:
        if token.contractor_id is not None:
            # A contractor's system writes its own firm's jobs and no other firm's.
            firm = policy.job_firm_id(row["job_ref"].strip())
            if firm is not None and firm != token.contractor_id:
                raise RowError(f"job_ref '{row['job_ref']}' is not a job this token may record")
            assert token.contractor is not None
            named = row.get("contractor", "").strip()
            if named and named not in (token.contractor.name, token.contractor.external_reference):
                raise RowError("contractor must be your own firm (or left empty)")
            row["contractor"] = token.contractor.name
        return _import_job(row, None)

    return apply


def record_jobs(*, jobs: list[dict[str, Any]], by: ApiToken) -> IntakeResult:
    result = IntakeResult()
    _apply_rows(result, "jobs", jobs, _job_for_token(by))
    _record_run(token=by, what="jobs", result=result)
    return result


def _colleagues(usernames: Iterable[str], field_name: str) -> list[User]:
    wanted = list(dict.fromkeys(u.strip() for u in usernames))
    found = {
        user.username: user
        for user in User.objects.filter(username__in=wanted, is_active=True).exclude(
            role__in=[Role.CONTRACTOR, Role.SYSTEM_ADMINISTRATOR]
        )
    }
    missing = [name for name in wanted if name not in found]
    if missing:
        raise ApiError(
            422, f"{field_name}: no colleague with the username(s) {', '.join(missing)}."
        )
    return [found[name] for name in wanted]


def _people(references: Iterable[str], field_name: str) -> list[Any]:
    wanted = list(dict.fromkeys(r.strip() for r in references))
    found = policy.people_by_reference(wanted)
    missing = [ref for ref in wanted if ref not in found]
    if missing:
        raise ApiError(422, f"{field_name}: no person with the reference(s) {', '.join(missing)}.")
    return [found[ref] for ref in wanted]


def _incident_report(data: dict[str, Any]) -> tuple[IncidentReport, User]:
    reporter = _colleagues([data["reported_by"]], "reported_by")[0]
    occurred_at = data["occurred_at"]
    if timezone.is_naive(occurred_at):
        occurred_at = timezone.make_aware(occurred_at)
    if occurred_at < EARLIEST_INCIDENT:
        raise ApiError(422, "occurred_at: the date it happened must be in 2000 or later.")
    home = policy.property_by_reference(data["property_ref"].strip())
    if data["property_ref"].strip() and home is None:
        raise ApiError(422, f"property_ref: '{data['property_ref']}' is not a known property.")
    names = (
        "property_ref",
        "reported_by",
        "affected_colleagues",
        "responsible_people",
        "involved_people",
    )
    plain = {key: value for key, value in data.items() if key not in names}
    report = IncidentReport(
        **{**plain, "occurred_at": occurred_at},
        home=home,
        affected_colleagues=_colleagues(data["affected_colleagues"], "affected_colleagues"),
        responsible_people=_people(data["responsible_people"], "responsible_people"),
        involved_people=_people(data["involved_people"], "involved_people"),
    )
    return report, reporter


@transaction.atomic
def report_incident_from_system(*, data: dict[str, Any], by: ApiToken) -> Incident:
    """An incident another system recorded; it still names the colleague who reported it."""
    report, reporter = _incident_report(data)
    if not policy.has_capability(reporter, policy.Capability.REPORT_INCIDENT):
        raise ApiError(422, "reported_by: that colleague does not report incidents.")
    try:
        incident = report_incident(report=report, by=reporter)
    except ValidationError as error:
        raise ApiError(422, flatten(error)) from None
    record_event(
        subject=incident,
        by=None,
        kind=Event.API_RECORDS_UPSERTED,
        detail={"token": by.name, "what": "incident", "reported_by": reporter.username},
    )
    return incident


def receive_contact_events(*, rows: list[dict[str, Any]], source: str, by: ApiToken) -> Any:
    """Contact events from the contact centre, through the contacts app's own ingest."""
    from contacts.ingest import ingest_events

    try:
        result = ingest_events(rows=rows, source=source.strip() or by.name[:64], by=None)
    except ValidationError as error:
        raise ApiError(422, flatten(error)) from None
    return {
        "received": result.received,
        "created": result.created,
        "duplicates": result.duplicates,
        "errors": [
            {"section": "rows", "index": error.index, "message": error.message}
            for error in result.errors
        ],
    }
