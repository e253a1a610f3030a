from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from access.models import User
from audit.models import AuditEvent, Event
from people.importer import import_housing_csv
from people.models import Household, Person, Property, Tenancy

pytestmark = pytest.mark.django_db

PROPERTIES = """property_ref,uprn,address_line_1,address_line_2,town,postcode
P1,100120001,1 Mill Lane,,Bristol,bs2 9tg
P2,100120002,,Flat 3,Bristol,BS3 1AA
P3,100120003,3 Mill Lane,,Bristol,BS2 9TH
"""
TENANCIES = """tenancy_ref,household_ref,household_name,property_ref,kind,start_date,end_date
T1,H1,Archer household,P1,assured,2019-04-01,
T2,H2,Nobody household,P9,assured,2020-01-01,
T3,H3,Bell household,P3,starter,01/02/2024,
T4,H4,Odd household,P3,assured,2024-02-01,2023-01-01
"""
PEOPLE = """person_ref,kind,first_name,last_name,date_of_birth,household_ref,email,phone
C1,customer,Dennis,Archer,1970-05-04,H1,dennis@example.org,07700 900123
C2,customer,Nora,,1980-01-01,H1,,
C3,tenant,Kim,Lee,,H1,,
C4,household_member,Jo,Archer,1999-12-31,H1,not-an-email,
"""


def test_properties_import_reports_bad_rows_by_line_and_keeps_the_rest(admin: User) -> None:
    result = import_housing_csv(kind="properties", text=PROPERTIES, by=admin)
    assert result.counts["created"] == 2
    assert [line for line, _ in result.errors] == [3]
    assert "address_line_1" in result.errors[0][1]
    assert Property.objects.get(external_reference="P1").postcode == "BS2 9TG"


def test_tenancies_and_people_report_each_bad_row(admin: User) -> None:
    import_housing_csv(kind="properties", text=PROPERTIES, by=admin)
    tenancies = import_housing_csv(kind="tenancies", text=TENANCIES, by=admin)
    assert tenancies.counts["created"] == 1
    assert [line for line, _ in tenancies.errors] == [3, 4, 5]
    assert "P9" in tenancies.errors[0][1]
    people = import_housing_csv(kind="people", text=PEOPLE, by=admin)
    assert people.counts["created"] == 1
    assert [line for line, _ in people.errors] == [3, 4, 5]
    assert Person.objects.get(external_reference="C1").household == Household.objects.get(
        external_reference="H1"
    )
    assert Tenancy.objects.count() == 1


def test_importing_the_same_file_twice_changes_nothing(admin: User) -> None:
    import_housing_csv(kind="properties", text=PROPERTIES, by=admin)
    before = (
        Property.objects.count(),
        AuditEvent.objects.filter(kind=Event.PROPERTY_CREATED).count(),
    )
    again = import_housing_csv(kind="properties", text=PROPERTIES, by=admin)
    assert again.counts["unchanged"] == 2 and again.counts["created"] == 0
    assert (
        Property.objects.count(),
        AuditEvent.objects.filter(kind=Event.PROPERTY_CREATED).count(),
    ) == before


def test_a_correction_keeps_the_previous_value_in_the_audit(admin: User) -> None:
    import_housing_csv(kind="properties", text=PROPERTIES, by=admin)
    import_housing_csv(
        kind="properties",
        text=PROPERTIES.replace("BS3 1AA", "BS3 1AB").replace("1 Mill Lane", "1A Mill Lane"),
        by=admin,
    )
    event = AuditEvent.objects.get(kind=Event.PROPERTY_UPDATED)
    assert event.detail["changed"]["address_line_1"] == ["1 Mill Lane", "1A Mill Lane"]


def test_a_file_without_the_required_columns_is_refused_whole(admin: User) -> None:
    result = import_housing_csv(kind="people", text="ref,name\nX,Y\n", by=admin)
    assert result.errors == [(1, "the header row lacks the column(s): person_ref, last_name")]
    assert Person.objects.count() == 0


def test_import_page_shows_the_bad_lines(sign_in: Any) -> None:
    upload = SimpleUploadedFile("properties.csv", PROPERTIES.encode(), content_type="text/csv")
    response = sign_in("admin").post(
        reverse("people:import"), {"kind": "properties", "file": upload}
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Rows not imported" in page
    assert '<td class="govuk-table__cell">3</td>' in page
    assert Property.objects.count() == 2


def test_import_page_without_a_file_says_what_is_missing(sign_in: Any) -> None:
    response = sign_in("admin").post(reverse("people:import"), {"kind": "people"})
    assert response.status_code == 422
    assert "Choose a CSV file to import." in response.content.decode()
