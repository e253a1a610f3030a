"""POST /api/v1/people/bulk: properties, households, tenancies and people, upserted."""

from collections.abc import Callable
from typing import Any

import pytest

from audit.models import AuditEvent, Event
from people.models import Household, Person, Property, Tenancy

pytestmark = pytest.mark.django_db
URL = "/api/v1/people/bulk"

RECORDS = {
    "properties": [
        {"property_ref": "P-100", "uprn": "100000000100", "address_line_1": "1 Quay Street"}
    ],
    "households": [{"household_ref": "H-100", "property_ref": "P-100"}],
    "tenancies": [
        {
            "tenancy_ref": "T-100",
            "household_ref": "H-100",
            "property_ref": "P-100",
            "start_date": "2020-04-01",
        }
    ],
    "people": [
        {
            "person_ref": "PE-100",
            "first_name": "Ada",
            "last_name": "Lovell",
            "household_ref": "H-100",
        }
    ],
}


def test_a_home_and_its_household_arrive_in_one_request(api_as: Callable[..., Any]) -> None:
    response = api_as("people:write").post(URL, RECORDS)

    assert response.status_code == 200, response.content
    assert response.json()["errors"] == []
    assert response.json()["counts"]["people"]["created"] == 1
    person = Person.objects.get(external_reference="PE-100")
    assert person.household is not None
    assert person.household.property == Property.objects.get(external_reference="P-100")
    assert Tenancy.objects.filter(external_reference="T-100").exists()


def test_sending_the_same_rows_again_changes_nothing(api_as: Callable[..., Any]) -> None:
    client = api_as("people:write")
    client.post(URL, RECORDS)

    again = client.post(URL, RECORDS).json()

    assert again["counts"]["properties"] == {
        "created": 0,
        "updated": 0,
        "unchanged": 1,
        "refused": 0,
    }
    assert again["counts"]["people"]["unchanged"] == 1
    assert Person.objects.filter(external_reference="PE-100").count() == 1


def test_a_changed_row_is_updated_with_its_history_audited(api_as: Callable[..., Any]) -> None:
    client = api_as("people:write")
    client.post(URL, RECORDS)
    changed = {"people": [{**RECORDS["people"][0], "last_name": "Lovelace"}]}

    result = client.post(URL, changed).json()

    assert result["counts"]["people"]["updated"] == 1
    assert Person.objects.get(external_reference="PE-100").last_name == "Lovelace"
    event = AuditEvent.objects.filter(kind=Event.PERSON_UPDATED).get()
    assert event.detail["changed"]["last_name"] == ["Lovell", "Lovelace"]


def test_a_bad_row_is_reported_by_index_and_the_rest_applied(api_as: Callable[..., Any]) -> None:
    records = {
        "people": [
            {"person_ref": "PE-1", "last_name": "Good"},
            {"person_ref": "PE-2", "last_name": "Lost", "household_ref": "NO-SUCH"},
            {"person_ref": "PE-3", "last_name": "Bad email", "email": "not-an-email"},
            {"person_ref": "PE-4", "last_name": "Also good"},
        ]
    }

    result = api_as("people:write").post(URL, records).json()

    assert [(e["section"], e["index"]) for e in result["errors"]] == [("people", 1), ("people", 2)]
    assert "household_ref 'NO-SUCH' is not a known household" in result["errors"][0]["message"]
    assert "email" in result["errors"][1]["message"]
    assert set(Person.objects.values_list("external_reference", flat=True)) == {"PE-1", "PE-4"}
    assert result["counts"]["people"] == {"created": 2, "updated": 0, "unchanged": 0, "refused": 2}


def test_each_request_is_audited_with_the_token_that_sent_it(api_as: Callable[..., Any]) -> None:
    api_as("people:write").post(URL, RECORDS)

    event = AuditEvent.objects.filter(kind=Event.API_RECORDS_UPSERTED).get()
    assert event.detail["token"] == "Test system"
    assert event.detail["counts"]["households"]["created"] == 1
    assert Household.objects.filter(external_reference="H-100").exists()


def test_a_malformed_body_gets_a_json_error_naming_the_field(api_as: Callable[..., Any]) -> None:
    response = api_as("people:write").post(URL, {"people": [{"person_ref": "PE-9"}]})

    assert response.status_code == 422
    assert "last_name" in response.json()["detail"]
