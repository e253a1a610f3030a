from typing import Any

import pytest
from django.urls import reverse

from access.models import User
from audit.models import AuditEvent, Event
from conftest import World
from interventions.sharing import SELF_APPROVAL_REFUSED
from interventions.tests import making

pytestmark = pytest.mark.django_db


def test_the_director_sees_the_whole_log_and_the_read_is_audited(
    world: World, sign_in: Any, officer: User, other_officer: User, director: User
) -> None:
    making.disclosure(world.north_case, officer)
    making.disclosure(world.south_case, other_officer, shared_with_organisation="Bath Police")
    page = sign_in("director").get(reverse("interventions:sharing_log"))
    text = page.content.decode()
    assert page.status_code == 200
    assert world.north_case.reference in text and world.south_case.reference in text
    assert AuditEvent.objects.filter(kind=Event.DISCLOSURE_READ, actor=director).count() == 1


def test_case_officers_may_not_open_the_log(world: World, sign_in: Any) -> None:
    assert sign_in("officer").get(reverse("interventions:sharing_log")).status_code == 403
    assert not AuditEvent.objects.filter(kind=Event.DISCLOSURE_READ).exists()


def test_the_log_is_filtered_by_state(
    world: World, sign_in: Any, officer: User, director: User
) -> None:
    making.disclosure(world.north_case, officer, shared_with_organisation="Avon Probation")
    client = sign_in("head_of_service")
    shared = client.get(reverse("interventions:sharing_log") + "?state=shared")
    awaiting = client.get(reverse("interventions:sharing_log") + "?state=awaiting_approval")
    assert "Avon Probation" not in shared.content.decode()
    assert "Avon Probation" in awaiting.content.decode()


def test_the_head_of_service_approves_from_the_log(
    world: World, sign_in: Any, officer: User, head_of_service: User
) -> None:
    disclosure = making.disclosure(world.north_case, officer)
    response = sign_in("head_of_service").post(
        reverse("interventions:approve_disclosure", args=[disclosure.pk])
    )
    assert response.status_code == 302
    disclosure.refresh_from_db()
    assert disclosure.approved_by == head_of_service


def test_self_approval_is_refused_with_a_clear_message(
    world: World, sign_in: Any, head_of_service: User
) -> None:
    disclosure = making.disclosure(world.north_case, head_of_service)
    before = AuditEvent.objects.filter(kind=Event.DISCLOSURE_APPROVED).count()
    response = sign_in("head_of_service").post(
        reverse("interventions:approve_disclosure", args=[disclosure.pk])
    )
    assert response.status_code == 422
    assert SELF_APPROVAL_REFUSED in response.content.decode()
    disclosure.refresh_from_db()
    assert not disclosure.is_approved
    assert AuditEvent.objects.filter(kind=Event.DISCLOSURE_APPROVED).count() == before


def test_approval_is_a_post(world: World, sign_in: Any, officer: User) -> None:
    disclosure = making.disclosure(world.north_case, officer)
    url = reverse("interventions:approve_disclosure", args=[disclosure.pk])
    assert sign_in("director").get(url).status_code == 405
