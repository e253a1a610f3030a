"""Retention with frozen time: afterwards nothing about the person is findable."""

import json
from datetime import timedelta
from typing import Any

import pytest
import time_machine
from django.apps import apps
from django.core.files.storage import storages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import models
from django.utils import timezone

from cases.models import Case
from conftest import World
from flags.actions import lift_flag
from incidents.actions import WitnessDetails, report_incident
from incidents.evidence import check_evidence_file
from incidents.models import Evidence
from people.models import Person
from people.search import search_people
from privacy.actions import add_customer_statement, correct_person_details
from privacy.sweep import apply_retention
from privacy.tests.conftest import Constructed, build

pytestmark = pytest.mark.django_db

TRACES = [
    "Dennis",
    "Archer",
    "Archard",
    "Quinton",
    "Gloria",
    "Wilfred",
    "Ashdown",
    "threatened the engineer",
    "broken gutter",
    "07700 900123",
    "PE-N1",
]


def _text_rows_containing(needle: str) -> list[str]:
    """Every row, in every table, with `needle` in a text or JSON column."""
    found = []
    for model in apps.get_models():
        text_fields = [
            f.name
            for f in model._meta.concrete_fields
            if isinstance(f, (models.CharField, models.TextField, models.JSONField))
        ]
        for row in model._default_manager.values_list(*text_fields) if text_fields else []:
            if needle.lower() in json.dumps(row, default=str).lower():
                found.append(model._meta.label)
    return found


def _close(case: Case, when: Any) -> None:
    # No action closes a case yet; this is what one would write.
    Case.objects.filter(pk=case.pk).update(status=Case.Status.CLOSED, closed_at=when)


def _history(
    constructed: Constructed, personas: Any, callbacks: Any, lift_reason: str = "Improved."
) -> str:
    head = personas["head_of_service"]
    upload = SimpleUploadedFile("photo.png", b"\x89PNG\r\n\x1a\n" + b"0" * 100)
    incident = report_incident(
        report=__import__("conftest").simple_report(
            person=constructed.person,
            colleague=personas["frontline"],
            evidence=[check_evidence_file(upload)],
            witnesses=[WitnessDetails(name="Wilfred Ashdown")],
        ),
        by=personas["frontline"],
    )
    stored = Evidence.objects.get(incident=incident).stored_name
    add_customer_statement(
        opinion=constructed.flag.decision,
        text="Pointing at the broken gutter.",
        received_on=timezone.localdate(),
        by=head,
    )
    correct_person_details(
        person=constructed.person,
        changes={"email": "d@example.com"},
        reason="Customer's new email.",
        by=head,
    )
    build(constructed.person, head, callbacks)
    lift_flag(flag=constructed.flag, reason=lift_reason, by=head)
    _close(constructed.case, timezone.now())
    return stored


def test_after_the_retention_period_nothing_about_the_person_is_findable(
    constructed: Constructed,
    world: World,
    personas: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    stored = _history(constructed, personas, django_capture_on_commit_callbacks)
    assert storages["evidence"].exists(stored)
    with time_machine.travel(timezone.now() + timedelta(days=6 * 366), tick=False):
        result = apply_retention()
        assert result.cases_anonymised == 1 and result.people_anonymised >= 2
        for trace in TRACES:
            assert _text_rows_containing(trace) == [], trace
        assert not storages["evidence"].exists(stored)
        assert search_people(Person.objects.all(), "Archer") == []
        assert constructed.person not in search_people(Person.objects.all(), "BS2 9TG")
        fresh = build(
            constructed.person, personas["head_of_service"], django_capture_on_commit_callbacks
        )
        exported = bytes(fresh.data_json or b"").decode()
        for trace in TRACES:
            assert trace.lower() not in exported.lower(), trace
        # The other patch's open case is untouched.
        assert search_people(Person.objects.all(), "Penrose") == [world.south_person]


def test_retention_is_idempotent(
    constructed: Constructed, personas: Any, django_capture_on_commit_callbacks: Any
) -> None:
    _history(constructed, personas, django_capture_on_commit_callbacks)
    with time_machine.travel(timezone.now() + timedelta(days=6 * 366), tick=False):
        apply_retention()
        again = apply_retention()
    assert not again.anything_done


def test_nothing_is_anonymised_within_the_period(
    constructed: Constructed, personas: Any, django_capture_on_commit_callbacks: Any
) -> None:
    _history(constructed, personas, django_capture_on_commit_callbacks)
    with time_machine.travel(timezone.now() + timedelta(days=5 * 365), tick=False):
        result = apply_retention()
    assert not result.anything_done
    assert search_people(Person.objects.all(), "Archer") == [constructed.person]


def test_an_open_case_with_a_flag_in_force_is_kept_however_old(
    constructed: Constructed, personas: Any
) -> None:
    with time_machine.travel(timezone.now() + timedelta(days=20 * 366), tick=False):
        result = apply_retention()
    assert result.cases_anonymised == 0
    constructed.person.refresh_from_db()
    assert constructed.person.last_name == "Archer"


def test_a_reason_naming_the_person_does_not_outlive_retention_in_the_audit_trail(
    constructed: Constructed, personas: Any, django_capture_on_commit_callbacks: Any
) -> None:
    _history(
        constructed,
        personas,
        django_capture_on_commit_callbacks,
        lift_reason="Dennis Archer apologised.",
    )
    with time_machine.travel(timezone.now() + timedelta(days=6 * 366), tick=False):
        apply_retention()
        assert _text_rows_containing("Dennis") == []
