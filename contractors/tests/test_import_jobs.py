from datetime import date

import pytest

from access.models import ContractorOrganisation, User
from audit.models import AuditEvent, Event
from conftest import World
from contractors.importer import import_jobs_csv
from contractors.models import Job

pytestmark = pytest.mark.django_db

HEADER = "job_ref,property_ref,uprn,contractor,starts_on,ends_on,description\n"


def jobs_file(world: World) -> str:
    home = world.north_home
    return HEADER + (
        f"J1,{home.external_reference},,Severn Gas Services,2026-01-05,,Gas safety check\n"
        f"J2,,{home.uprn},westway repairs,2026-01-05,2026-01-09,Replace window\n"
        f"J3,NOPE,,Severn Gas Services,2026-01-05,,\n"
        f"J4,{home.external_reference},,Nobody Ltd,2026-01-05,,\n"
        f"J5,{home.external_reference},,Severn Gas Services,05/01/2026,,\n"
        f"J6,{home.external_reference},,Severn Gas Services,2026-01-05,2026-01-01,\n"
        f",{home.external_reference},,Severn Gas Services,2026-01-05,,\n"
        f"J8,,,Severn Gas Services,2026-01-05,,\n"
        f"J9,{home.external_reference},,SGS-01,2026-02-01,,Boiler service\n"
    )


@pytest.fixture
def severn_reference() -> None:
    ContractorOrganisation.objects.filter(name="Severn Gas Services").update(
        external_reference="SGS-01"
    )


def test_bad_rows_are_reported_by_line_and_the_rest_imported(
    world: World, admin: User, severn_reference: None
) -> None:
    result = import_jobs_csv(text=jobs_file(world), by=admin)
    assert result.counts["created"] == 3
    problems = dict(result.errors)
    assert sorted(problems) == [4, 5, 6, 7, 8, 9]
    assert "NOPE" in problems[4]
    assert "Nobody Ltd" in problems[5]
    assert "YYYY-MM-DD" in problems[6]
    assert "ends_on" in problems[7]
    assert "job_ref is missing" in problems[8]
    assert "property_ref or uprn" in problems[9]
    window = Job.objects.get(external_reference="J2")
    assert window.contractor.name == "Westway Repairs"
    assert (window.home, window.ends_on) == (world.north_home, date(2026, 1, 9))
    assert Job.objects.get(external_reference="J9").contractor.name == "Severn Gas Services"


def test_importing_the_same_file_twice_changes_nothing(
    world: World, admin: User, severn_reference: None
) -> None:
    import_jobs_csv(text=jobs_file(world), by=admin)
    before = (Job.objects.count(), AuditEvent.objects.filter(kind=Event.JOB_RECORDED).count())
    again = import_jobs_csv(text=jobs_file(world), by=admin)
    assert again.counts["unchanged"] == 3 and again.counts["created"] == 0
    assert (
        Job.objects.count(),
        AuditEvent.objects.filter(kind=Event.JOB_RECORDED).count(),
    ) == before


def test_a_changed_row_updates_the_job_matched_on_its_reference(world: World, admin: User) -> None:
    home = world.north_home.external_reference
    import_jobs_csv(text=HEADER + f"J1,{home},,Severn Gas Services,2026-01-05,,\n", by=admin)
    result = import_jobs_csv(
        text=HEADER + f"J1,{home},,Severn Gas Services,2026-01-05,2026-01-20,\n", by=admin
    )
    assert result.counts["updated"] == 1
    assert Job.objects.get(external_reference="J1").ends_on == date(2026, 1, 20)


def test_property_ref_and_uprn_naming_different_homes_is_refused(world: World, admin: User) -> None:
    text = HEADER + (
        f"J1,{world.north_home.external_reference},{world.south_person.household.property.uprn},"  # type: ignore[union-attr]
        "Severn Gas Services,2026-01-05,,\n"
    )
    result = import_jobs_csv(text=text, by=admin)
    assert [line for line, _ in result.errors] == [2]
    assert not Job.objects.exists()


def test_a_file_without_the_needed_columns_imports_nothing(admin: User) -> None:
    result = import_jobs_csv(text="job_ref,contractor\nJ1,Severn Gas Services\n", by=admin)
    assert result.errors == [
        (1, "the header row lacks the column(s): starts_on, property_ref or uprn")
    ]
    assert not Job.objects.exists()


def test_each_run_is_audited_with_its_counts(world: World, admin: User) -> None:
    import_jobs_csv(text=jobs_file(world), by=admin)
    run = AuditEvent.objects.get(kind=Event.JOBS_IMPORTED)
    assert run.actor == admin
    assert run.detail == {"counts": {"created": 2}, "errors": 7}
