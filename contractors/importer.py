"""CSV import of contractors' jobs from the housing management system.

Columns: job_ref, property_ref or uprn, contractor (the firm's name or reference), starts_on,
ends_on, description. Each row is its own transaction: a bad row is reported with its line
number and the rest still imports. Jobs are matched on job_ref, so a re-import is idempotent.
"""

import csv
import io
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q

from access.models import ContractorOrganisation
from audit.actions import record_event
from audit.models import Event
from contractors.actions import record_job
from people.csv_rows import ImportResult, RowError, iso_date
from people.csv_rows import optional as _optional
from people.csv_rows import required as _required
from people.models import Property

REQUIRED_COLUMNS = ["job_ref", "contractor", "starts_on"]
HOME_COLUMNS = ["property_ref", "uprn"]


def _date(row: dict[str, str], name: str, *, required: bool = False) -> date | None:
    return iso_date(row, name, required_value=required)


def _home(row: dict[str, str]) -> Property:
    property_ref, uprn = _optional(row, "property_ref"), _optional(row, "uprn")
    if not property_ref and not uprn:
        raise RowError("property_ref or uprn is missing")
    by_reference = by_uprn = None
    if property_ref:
        by_reference = Property.objects.filter(external_reference=property_ref).first()
        if by_reference is None:
            raise RowError(f"property_ref '{property_ref}' is not a known property")
    if uprn:
        by_uprn = Property.objects.filter(uprn=uprn).first()
        if by_uprn is None:
            raise RowError(f"uprn '{uprn}' is not a known property")
    if by_reference and by_uprn and by_reference.pk != by_uprn.pk:
        raise RowError(f"property_ref '{property_ref}' and uprn '{uprn}' are different properties")
    home = by_reference or by_uprn
    assert home is not None
    return home


def _contractor_id(row: dict[str, str]) -> int:
    name = _required(row, "contractor")
    firms = list(
        ContractorOrganisation.objects.filter(
            Q(name__iexact=name) | Q(external_reference=name)
        ).values_list("pk", flat=True)[:2]
    )
    if not firms:
        raise RowError(f"contractor '{name}' is not a known contractor firm")
    if len(firms) > 1:
        raise RowError(f"contractor '{name}' matches more than one firm; use its reference")
    return int(firms[0])


def _import_job(row: dict[str, str], by: Any) -> str:
    starts_on = _date(row, "starts_on", required=True)
    ends_on = _date(row, "ends_on")
    if starts_on and ends_on and ends_on < starts_on:
        raise RowError("ends_on must be the same as or after starts_on")
    return record_job(
        external_reference=_required(row, "job_ref"),
        home=_home(row),
        contractor_id=_contractor_id(row),
        starts_on=starts_on,
        ends_on=ends_on,
        description=_optional(row, "description"),
        by=by,
    )[1]


def import_jobs_csv(*, text: str, by: Any) -> ImportResult:
    result = ImportResult()
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    columns = reader.fieldnames or []
    missing = [c for c in REQUIRED_COLUMNS if c not in columns]
    if not any(c in columns for c in HOME_COLUMNS):
        missing.append("property_ref or uprn")
    if missing:
        result.errors.append((1, f"the header row lacks the column(s): {', '.join(missing)}"))
    else:
        for row in reader:
            line = reader.line_num
            try:
                with transaction.atomic():
                    result.counts[_import_job(row, by)] += 1
            except RowError as error:
                result.errors.append((line, str(error)))
            except ValidationError as error:
                result.errors.append((line, "; ".join(_flatten(error))))
    _record_run(result=result, by=by)
    return result


def _flatten(error: ValidationError) -> list[str]:
    if hasattr(error, "message_dict"):
        return [f"{name}: {' '.join(msgs)}" for name, msgs in error.message_dict.items()]
    return list(error.messages)


@transaction.atomic
def _record_run(*, result: ImportResult, by: Any) -> None:
    record_event(
        subject="contractors.import.jobs",
        by=by,
        kind=Event.JOBS_IMPORTED,
        detail={"counts": dict(result.counts), "errors": len(result.errors)},
    )
