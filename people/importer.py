"""CSV import from the housing management system: properties, tenancies, people.

Each row is its own transaction: a bad row is reported with its line number and the rest
still imports. Matching is on external reference, so a re-import is idempotent.
"""

import csv
import io
from collections.abc import Callable, Iterable
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from audit.actions import record_event
from audit.models import Event
from people import actions
from people.csv_rows import ImportResult, RowError, iso_date
from people.csv_rows import optional as _optional
from people.csv_rows import required as _required
from people.models import Household, Person, Property, Tenancy


def _date(row: dict[str, str], name: str, *, required: bool = False) -> date | None:
    return iso_date(row, name, required_value=required)


def _choice(row: dict[str, str], name: str, choices: Iterable[str], default: str) -> str:
    value = _optional(row, name) or default
    if value not in choices:
        raise RowError(f"{name} '{value}' must be one of: {', '.join(choices)}")
    return value


def _import_property(row: dict[str, str], by: Any) -> str:
    return actions.record_property(
        external_reference=_required(row, "property_ref"),
        by=by,
        uprn=_optional(row, "uprn") or None,
        address_line_1=_required(row, "address_line_1"),
        address_line_2=_optional(row, "address_line_2"),
        town=_optional(row, "town"),
        postcode=_optional(row, "postcode").upper(),
    )[1]


def _import_tenancy(row: dict[str, str], by: Any) -> str:
    property_ref = _required(row, "property_ref")
    home = Property.objects.filter(external_reference=property_ref).first()
    if home is None:
        raise RowError(f"property_ref '{property_ref}' is not a known property")
    household, _ = actions.record_household(
        external_reference=_required(row, "household_ref"),
        by=by,
        name=_optional(row, "household_name") or f"Household {row['household_ref'].strip()}",
        property=home,
    )
    return actions.record_tenancy(
        external_reference=_required(row, "tenancy_ref"),
        by=by,
        household=household,
        property=home,
        kind=_choice(row, "kind", Tenancy.Kind.values, Tenancy.Kind.ASSURED),
        start_date=_date(row, "start_date", required=True),
        end_date=_date(row, "end_date"),
    )[1]


def _import_person(row: dict[str, str], by: Any) -> str:
    household_ref = _optional(row, "household_ref")
    household = None
    if household_ref:
        household = Household.objects.filter(external_reference=household_ref).first()
        if household is None:
            raise RowError(f"household_ref '{household_ref}' is not a known household")
    return actions.record_person(
        external_reference=_required(row, "person_ref"),
        by=by,
        kind=_choice(row, "kind", Person.Kind.values, Person.Kind.CUSTOMER),
        first_name=_optional(row, "first_name"),
        last_name=_required(row, "last_name"),
        date_of_birth=_date(row, "date_of_birth"),
        household=household,
        email=_optional(row, "email"),
        phone=_optional(row, "phone"),
    )[1]


IMPORTERS: dict[str, tuple[Callable[[dict[str, str], Any], str], list[str]]] = {
    "properties": (_import_property, ["property_ref", "address_line_1"]),
    "tenancies": (_import_tenancy, ["tenancy_ref", "household_ref", "property_ref", "start_date"]),
    "people": (_import_person, ["person_ref", "last_name"]),
}


def import_housing_csv(*, kind: str, text: str, by: Any) -> ImportResult:
    if kind not in IMPORTERS:
        raise ValueError(f"Unknown import kind {kind!r}")
    importer, required_columns = IMPORTERS[kind]
    result = ImportResult(kind=kind)
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    missing = [c for c in required_columns if c not in (reader.fieldnames or [])]
    if missing:
        result.errors.append((1, f"the header row lacks the column(s): {', '.join(missing)}"))
        return result
    for row in reader:
        line = reader.line_num
        try:
            with transaction.atomic():
                result.counts[importer(row, by)] += 1
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
        subject=f"people.import.{result.kind}",
        by=by,
        kind=Event.HOUSING_IMPORT_RUN,
        detail={
            "kind": result.kind,
            "counts": dict(result.counts),
            "errors": len(result.errors),
        },
    )
