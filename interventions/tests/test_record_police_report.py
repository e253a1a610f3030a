import pytest
from django.core.exceptions import ValidationError

from access.models import User
from audit.models import AuditEvent, Event
from cases.models import ChronologyEntry
from conftest import World
from interventions.models import PoliceReport
from interventions.tests import making

pytestmark = pytest.mark.django_db


def test_a_police_report_is_recorded_against_the_case_and_incident(
    world: World, officer: User
) -> None:
    report = making.police_report(world.north_case, officer, incident=world.north_incident)
    assert report.incident == world.north_incident
    assert report.force == "Avon and Somerset Constabulary"
    line = world.north_case.chronology.get(kind=ChronologyEntry.Kind.POLICE)
    assert line.summary == (
        "Reported to Avon and Somerset Constabulary (crime reference AS-2026-0412)"
    )
    assert AuditEvent.objects.get(
        kind=Event.POLICE_REPORT_RECORDED, object_id=str(report.pk)
    ).detail == {"case": world.north_case.pk, "incident": world.north_incident.pk}


def test_an_incident_from_another_case_is_refused(world: World, officer: User) -> None:
    with pytest.raises(ValidationError) as refused:
        making.police_report(world.north_case, officer, incident=world.south_incident)
    assert refused.value.message_dict == {"incident": ["Choose an incident on this case."]}
    assert not PoliceReport.objects.exists()


def test_the_force_must_be_named(world: World, officer: User) -> None:
    with pytest.raises(ValidationError) as refused:
        making.police_report(world.north_case, officer, force="")
    assert refused.value.message_dict == {
        "force": ["Enter the police force the report was made to."]
    }
