"""POST /api/v1/jobs/bulk: contractor jobs; a contractor's token writes only its own firm's."""

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest

from access.models import User
from api.tests.conftest import firm_of
from conftest import World
from contractors.models import Job

pytestmark = pytest.mark.django_db
URL = "/api/v1/jobs/bulk"


def job(world: World, reference: str = "JOB-1", **changes: Any) -> dict[str, Any]:
    return {
        "job_ref": reference,
        "property_ref": world.north_home.external_reference,
        "starts_on": date.today().isoformat(),
        **changes,
    }


def test_the_housing_system_records_a_job_for_any_firm(
    world: World, personas: dict[str, User], api_as: Callable[..., Any]
) -> None:
    firm = firm_of(personas["contractor_a"])

    result = api_as("jobs:write").post(URL, {"jobs": [job(world, contractor=firm.name)]}).json()

    assert result["errors"] == []
    assert Job.objects.get(external_reference="JOB-1").contractor == firm


def test_a_contractor_token_records_jobs_for_its_own_firm(
    world: World, personas: dict[str, User], api_as: Callable[..., Any]
) -> None:
    firm = firm_of(personas["contractor_a"])

    result = api_as("jobs:write", contractor=firm).post(URL, {"jobs": [job(world)]}).json()

    assert result["counts"]["jobs"]["created"] == 1
    assert Job.objects.get(external_reference="JOB-1").contractor == firm


def test_a_contractor_token_cannot_write_another_firms_job(
    world: World, personas: dict[str, User], api_as: Callable[..., Any]
) -> None:
    firm_a, firm_b = firm_of(personas["contractor_a"]), firm_of(personas["contractor_b"])
    api_as("jobs:write").post(URL, {"jobs": [job(world, contractor=firm_a.name)]})
    b_system = api_as("jobs:write", contractor=firm_b)

    taken = b_system.post(URL, {"jobs": [job(world, ends_on=date.today().isoformat())]}).json()
    named = b_system.post(URL, {"jobs": [job(world, "JOB-2", contractor=firm_a.name)]}).json()

    assert taken["errors"][0]["index"] == 0
    assert "not a job this token may record" in taken["errors"][0]["message"]
    assert "must be your own firm" in named["errors"][0]["message"]
    assert Job.objects.get(external_reference="JOB-1").ends_on is None
    assert not Job.objects.filter(external_reference="JOB-2").exists()


def test_an_unknown_home_is_reported_and_other_jobs_recorded(
    world: World, personas: dict[str, User], api_as: Callable[..., Any]
) -> None:
    firm = firm_of(personas["contractor_a"]).name
    rows = [
        job(world, "JOB-1", property_ref="NOPE", contractor=firm),
        job(world, "JOB-2", contractor=firm),
    ]

    result = api_as("jobs:write").post(URL, {"jobs": rows}).json()

    assert result["errors"] == [
        {"section": "jobs", "index": 0, "message": "property_ref 'NOPE' is not a known property"}
    ]
    assert list(Job.objects.values_list("external_reference", flat=True)) == ["JOB-2"]
