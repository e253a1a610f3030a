"""The report_incident action: case, chronology, line manager told, audit, all or nothing."""

from typing import Any
from unittest import mock

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.files.storage import storages
from django.core.files.uploadedfile import SimpleUploadedFile

from access.models import User
from audit.models import AuditEvent, Event
from cases.models import Case, ChronologyEntry
from conftest import make_person, simple_report
from incidents.actions import report_incident
from incidents.evidence import check_evidence_file
from incidents.models import AffectedColleague, Behaviour, Evidence, Incident
from notifications.models import Notification

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def archer(admin: User) -> Any:
    return make_person(by=admin, reference="A1", first="Dennis", last="Archer", postcode="BS2 9TG")


def test_report_opens_a_case_in_the_patch_team_and_assigns_its_officer(
    archer: Any, frontline: User, officer: User
) -> None:
    incident = report_incident(
        report=simple_report(person=archer, colleague=frontline), by=frontline
    )
    case = Case.objects.get(person=archer)
    assert incident.case == case
    assert case.team == officer.team and case.assigned_officer == officer
    kinds = set(ChronologyEntry.objects.filter(case=case).values_list("kind", flat=True))
    assert kinds == {"opened", "incident"}


def test_a_second_report_joins_the_open_case(archer: Any, frontline: User) -> None:
    first = report_incident(report=simple_report(person=archer, colleague=frontline), by=frontline)
    second = report_incident(report=simple_report(person=archer, colleague=frontline), by=frontline)
    assert first.case_id == second.case_id
    assert Case.objects.filter(person=archer).count() == 1


def test_line_manager_is_told_in_the_app_and_by_email_after_commit(
    archer: Any, frontline: User, line_manager: User
) -> None:
    incident = report_incident(
        report=simple_report(person=archer, colleague=frontline), by=frontline
    )
    note = Notification.objects.get(
        recipient=line_manager, kind=Notification.Kind.TEAM_MEMBER_AFFECTED
    )
    assert incident.reference in note.message
    assert [m.to for m in mail.outbox if "affected" in m.subject] == [[line_manager.email]]
    # The email tells the manager to look; the account of what happened stays behind sign-in.
    assert "Shouted and swore" not in mail.outbox[-1].body
    affected = AffectedColleague.objects.get(incident=incident)
    assert affected.line_manager == line_manager and affected.line_manager_notified_at


def test_a_colleague_without_a_line_manager_is_not_missed(
    archer: Any, frontline: User, head_of_service: User
) -> None:
    frontline.line_manager = None
    frontline.save()
    report_incident(report=simple_report(person=archer, colleague=frontline), by=frontline)
    assert Notification.objects.filter(
        recipient=head_of_service, kind=Notification.Kind.TEAM_MEMBER_AFFECTED
    ).exists()


def test_every_change_is_audited_with_who_and_role(archer: Any, frontline: User) -> None:
    incident = report_incident(
        report=simple_report(person=archer, colleague=frontline), by=frontline
    )
    event = AuditEvent.objects.get(kind=Event.INCIDENT_REPORTED, object_id=str(incident.pk))
    assert event.actor == frontline and event.actor_role == "frontline"
    assert AuditEvent.objects.filter(kind=Event.CASE_OPENED).count() == 1
    assert AuditEvent.objects.filter(kind=Event.LINE_MANAGER_NOTIFIED).count() == 1


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"description": "  "}, "description"),
        ({"behaviours": []}, "behaviours"),
        ({"behaviours": [Behaviour.DEROGATORY_REMARKS]}, "discrimination_grounds"),
        ({"affected_colleagues": []}, "affected_colleagues"),
        ({"injuries": True, "injury_details": ""}, "injury_details"),
        ({"channel": "carrier_pigeon"}, "channel"),
    ],
)
def test_an_incomplete_report_is_refused_and_nothing_is_written(
    archer: Any, frontline: User, changes: dict[str, Any], field: str
) -> None:
    before = (Incident.objects.count(), AuditEvent.objects.count(), len(mail.outbox))
    with pytest.raises(ValidationError) as refused:
        report_incident(
            report=simple_report(person=archer, colleague=frontline, **changes), by=frontline
        )
    assert field in refused.value.message_dict
    assert (Incident.objects.count(), AuditEvent.objects.count(), len(mail.outbox)) == before


def test_a_failure_part_way_leaves_no_rows_no_files_and_sends_nothing(
    archer: Any, frontline: User
) -> None:
    upload = SimpleUploadedFile("photo.png", b"\x89PNG\r\n\x1a\n" + b"0" * 100)
    report = simple_report(
        person=archer, colleague=frontline, evidence=[check_evidence_file(upload)]
    )
    storage = storages["evidence"]
    files_before = set(storage.listdir("")[1]) if storage.exists("") else set()
    before = (
        Incident.objects.count(),
        Case.objects.count(),
        AuditEvent.objects.count(),
        Notification.objects.count(),
    )
    with (
        mock.patch("incidents.actions._tell_line_managers", side_effect=RuntimeError("down")),
        pytest.raises(RuntimeError),
    ):
        report_incident(report=report, by=frontline)
    assert (
        Incident.objects.count(),
        Case.objects.count(),
        AuditEvent.objects.count(),
        Notification.objects.count(),
    ) == before
    assert set(storage.listdir("")[1]) == files_before
    assert mail.outbox == []


def test_evidence_is_stored_under_a_random_name_with_its_hash(archer: Any, frontline: User) -> None:
    upload = SimpleUploadedFile("../../etc/passwd.png", b"\x89PNG\r\n\x1a\n" + b"1" * 64)
    incident = report_incident(
        report=simple_report(
            person=archer, colleague=frontline, evidence=[check_evidence_file(upload)]
        ),
        by=frontline,
    )
    evidence = Evidence.objects.get(incident=incident)
    assert evidence.original_name == "passwd.png"
    assert "passwd" not in evidence.stored_name and len(evidence.sha256) == 64
    assert storages["evidence"].exists(evidence.stored_name)


def test_a_file_that_is_not_what_it_claims_is_refused() -> None:
    upload = SimpleUploadedFile("invoice.pdf", b"MZ\x90\x00\x03\x00\x00\x00\x04\x00")
    with pytest.raises(ValidationError, match="PDF, photo"):
        check_evidence_file(upload)


def test_an_unknown_person_is_recorded_without_a_case(frontline: User) -> None:
    incident = report_incident(report=simple_report(person=None, colleague=frontline), by=frontline)
    assert incident.case is None
    assert incident.people.get().unknown_description == "Man in a red coat"
