from typing import Any

import pytest
from django.urls import reverse

from conftest import World
from interventions.models import PoliceReport
from interventions.tests import making

pytestmark = pytest.mark.django_db


def test_the_officer_records_a_police_report_about_an_incident(world: World, sign_in: Any) -> None:
    url = reverse("interventions:police_report", args=[world.north_case.pk])
    client = sign_in("officer")
    assert world.north_incident.reference in client.get(url).content.decode()
    response = client.post(
        url,
        {
            "force": "Avon and Somerset Constabulary",
            "reported_on": making.today().isoformat(),
            "crime_reference": "AS-2026-0099",
            "incident": world.north_incident.pk,
        },
    )
    assert response.status_code == 302
    report = PoliceReport.objects.get()
    assert report.incident == world.north_incident and report.crime_reference == "AS-2026-0099"


def test_a_report_with_problems_keeps_what_was_typed(world: World, sign_in: Any) -> None:
    response = sign_in("officer").post(
        reverse("interventions:police_report", args=[world.north_case.pk]),
        {"force": "", "reported_on": "31/02/2026", "crime_reference": "AS-2026-0099"},
    )
    text = response.content.decode()
    assert response.status_code == 422
    assert "Enter the police force the report was made to." in text
    assert "Enter the date the report was made as a real date" in text
    assert 'value="AS-2026-0099"' in text
    assert not PoliceReport.objects.exists()


def test_an_incident_from_another_case_cannot_be_chosen(world: World, sign_in: Any) -> None:
    response = sign_in("officer").post(
        reverse("interventions:police_report", args=[world.north_case.pk]),
        {
            "force": "Avon and Somerset Constabulary",
            "reported_on": making.today().isoformat(),
            "incident": world.south_incident.pk,
        },
    )
    assert response.status_code == 422
    assert "Choose an incident on this case." in response.content.decode()
    assert not PoliceReport.objects.exists()
