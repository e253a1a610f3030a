"""The injection corpus through the housing CSV import: every hostile cell, spreadsheet
formulas included, is stored exactly as typed and shown escaped; a cell too long to keep is
refused by its line, never cut off."""

import csv
import io
from collections.abc import Callable
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from conftest import World
from people.models import Household, Person, Property
from tests.test_injection_corpus import CORPUS, ESCAPED, LONG, SCRIPT
from tests.test_injection_corpus_more import kept

pytestmark = pytest.mark.django_db


# --- the housing CSV import ---------------------------------------------------------------

PROPERTY = {
    "property_ref": "P1",
    "uprn": "100120001",
    "address_line_1": "1 Mill Lane",
    "address_line_2": "",
    "town": "Bristol",
    "postcode": "BS2 9TG",
}
TENANCY = {
    "tenancy_ref": "T1",
    "household_ref": "H1",
    "household_name": "Archer household",
    "property_ref": "P1",
    "kind": "assured",
    "start_date": "2019-04-01",
    "end_date": "",
}
PERSON = {
    "person_ref": "C1",
    "kind": "customer",
    "first_name": "Dennis",
    "last_name": "Archer",
    "date_of_birth": "",
    "household_ref": "H1",
    "email": "",
    "phone": "",
}
CELLS: dict[str, tuple[str, dict[str, str], Callable[[str], bool], int]] = {
    "address_line_1": ("properties", PROPERTY, kept(Property, "address_line_1"), 200),
    "address_line_2": ("properties", PROPERTY, kept(Property, "address_line_2"), 200),
    "town": ("properties", PROPERTY, kept(Property, "town"), 100),
    "household_name": ("tenancies", TENANCY, kept(Household, "name"), 200),
    "first_name": ("people", PERSON, kept(Person, "first_name"), 100),
    "last_name": ("people", PERSON, kept(Person, "last_name"), 100),
}


def csv_text(row: dict[str, str]) -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(row))
    writer.writeheader()
    writer.writerow(row)
    return out.getvalue().encode("utf-8")


def import_file(client: Client, kind: str, row: dict[str, str]) -> Any:
    upload = SimpleUploadedFile(f"{kind}.csv", csv_text(row), content_type="text/csv")
    return client.post(reverse("people:import"), {"kind": kind, "file": upload})


def import_all(client: Client, cell: str, value: str) -> list[Any]:
    pages = []
    for kind, row in (("properties", PROPERTY), ("tenancies", TENANCY), ("people", PERSON)):
        typed = {**row, cell: value} if cell in row and CELLS[cell][0] == kind else row
        response = import_file(client, kind, typed)
        assert response.status_code == 200, response.content.decode()[:3000]
        pages.append(response)
    return pages


@pytest.mark.parametrize("cell", sorted(CELLS))
@pytest.mark.parametrize("sample", [*sorted(CORPUS), LONG])
def test_hostile_csv_cells_are_stored_as_typed_and_shown_escaped(
    world: World, sign_in: Any, cell: str, sample: str
) -> None:
    value = "x" * CELLS[cell][3] if sample == LONG else CORPUS[sample]
    for response in import_all(sign_in("head_of_service"), cell, value):
        assert "refused 0" in response.content.decode()
    assert CELLS[cell][2](value)
    person = Person.objects.get(external_reference="C1")
    home = Property.objects.get(external_reference="P1")
    pages = [
        reverse("people:person", args=[person.pk]),
        reverse("people:property", args=[home.pk]),
        reverse("people:search") + "?q=Archer",
        reverse("people:search") + "?q=Mill",
    ]
    texts = []
    for page in pages:
        html = sign_in("officer").get(page)
        assert html.status_code == 200, page
        texts.append(html.content.decode())
        assert SCRIPT not in texts[-1], page
    if sample == "script":
        assert any(ESCAPED in text for text in texts)


@pytest.mark.parametrize("cell", sorted(CELLS))
def test_a_csv_cell_too_long_to_keep_is_refused_by_line_not_cut_off(
    world: World, sign_in: Any, cell: str
) -> None:
    kind, row, stored, limit = CELLS[cell]
    client = sign_in("head_of_service")
    if kind != "properties":
        import_file(client, "properties", PROPERTY)
    if kind == "people":
        import_file(client, "tenancies", TENANCY)
    response = import_file(client, kind, {**row, cell: "x" * (limit + 1)})
    assert response.status_code == 200
    page = response.content.decode()
    assert "refused 1" in page
    assert cell in page and str(limit) in page
    assert not stored("x" * (limit + 1)) and not stored("x" * limit)
