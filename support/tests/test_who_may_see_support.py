"""Need to know: the colleague, their line manager and the Head of Service, nobody else."""

from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from access import policy
from access.models import Role, User
from audit.models import AuditEvent
from conftest import PERSONA_NAMES
from incidents.models import AffectedColleague
from support.models import ColleagueSupport, SupportFollowUp, SupportOffer

pytestmark = pytest.mark.django_db

# 404: not theirs to know about. 403: they may read it but not change it (or, for the
# system administrator, the route is not theirs at all).
READ = {
    "frontline": 200,
    "line_manager": 200,
    "head_of_service": 200,
    "officer": 404,
    "other_officer": 404,
    "director": 404,
    "appeal_reviewer": 404,
    "contractor_a": 404,
    "contractor_b": 404,
    "admin": 403,
}
WRITE = {**READ, "frontline": 403}


def record_form(**changes: object) -> dict[str, object]:
    values: dict[str, object] = {
        "discussed_on": timezone.localdate().isoformat(),
        "needs_notes": "Talked it through.",
        "offered": [SupportOffer.TIME_OFF],
        "offered_other": "",
        "accepted": [SupportOffer.TIME_OFF],
        "version": 0,
    }
    values.update(changes)
    return values


def test_only_the_colleague_their_line_manager_and_head_of_service_can_read_support(
    support: ColleagueSupport, affected: AffectedColleague, sign_in: Any
) -> None:
    url = reverse("support:record", args=[affected.pk])
    seen = {persona: sign_in(persona).get(url).status_code for persona in PERSONA_NAMES}
    assert seen == READ


def test_only_the_line_manager_and_head_of_service_can_record_support(
    affected: AffectedColleague, sign_in: Any
) -> None:
    url = reverse("support:record", args=[affected.pk])
    writers = ["line_manager", "head_of_service"]
    refused = {p: s for p, s in WRITE.items() if p not in writers}
    seen = {persona: sign_in(persona).post(url, record_form()).status_code for persona in refused}
    assert seen == refused
    assert not ColleagueSupport.objects.exists()
    for number, persona in enumerate(writers):
        # The first writer's page had no record yet; the second's showed the first's (version 1).
        data = record_form(needs_notes=f"Conversation {number}", version=number)
        response = sign_in(persona).post(url, data)
        assert response.status_code == 302, persona
    assert ColleagueSupport.objects.get().needs_notes == "Conversation 1"


@pytest.mark.parametrize("route", ["support:add_follow_up", "support:complete"])
def test_only_the_line_manager_and_head_of_service_can_change_the_record(
    route: str, support: ColleagueSupport, affected: AffectedColleague, sign_in: Any
) -> None:
    url = reverse(route, args=[affected.pk])
    refused = {p: s for p, s in WRITE.items() if s != 200}
    before = (SupportFollowUp.objects.count(), AuditEvent.objects.count())
    seen = {persona: sign_in(persona).post(url, {}).status_code for persona in refused}
    assert seen == refused
    assert (SupportFollowUp.objects.count(), AuditEvent.objects.count()) == before


def test_only_the_line_manager_and_head_of_service_can_mark_a_follow_up_done(
    follow_up: SupportFollowUp, sign_in: Any
) -> None:
    url = reverse("support:complete_follow_up", args=[follow_up.pk])
    refused = {p: s for p, s in WRITE.items() if s != 200}
    seen = {
        persona: sign_in(persona).post(url, {f"follow-up-{follow_up.pk}-outcome_notes": "Fine"})
        for persona in refused
    }
    assert {persona: response.status_code for persona, response in seen.items()} == refused
    follow_up.refresh_from_db()
    assert not follow_up.is_done


def test_a_hidden_support_record_and_a_missing_one_look_the_same(
    support: ColleagueSupport, affected: AffectedColleague, sign_in: Any
) -> None:
    client = sign_in("director")
    hidden = client.get(reverse("support:record", args=[affected.pk]))
    missing = client.get(reverse("support:record", args=[affected.pk + 10_000]))
    assert hidden.status_code == missing.status_code == 404
    assert hidden.content == missing.content


def test_the_colleagues_current_line_manager_sees_support_as_well_as_the_one_at_the_time(
    affected: AffectedColleague, frontline: User, line_manager: User
) -> None:
    new_manager = User.objects.create_user(
        username="new_manager", role=Role.LINE_MANAGER, first_name="Nia", last_name="Jones"
    )
    frontline.line_manager = new_manager
    frontline.save(update_fields=["line_manager"])
    affected.refresh_from_db()
    for manager in (line_manager, new_manager):
        assert policy.visible_support(manager).filter(pk=affected.pk).exists()
        assert policy.can_record_support(manager, affected)


def test_a_line_manager_does_not_see_support_for_someone_else_s_team(
    affected: AffectedColleague, world: Any, line_manager: User
) -> None:
    south = world.south_incident.affected_colleagues.get()
    assert list(policy.visible_support(line_manager)) == [affected]
    assert south not in policy.visible_support(line_manager)


def test_the_colleague_may_read_but_not_record_their_own_support(
    affected: AffectedColleague, frontline: User, head_of_service: User, world: Any
) -> None:
    assert policy.visible_support(frontline).filter(pk=affected.pk).exists()
    assert not policy.can_record_support(frontline, affected)
    assert policy.can_record_support(head_of_service, affected)


def test_a_head_of_service_affected_themself_may_not_record_their_own_support(
    world: Any, head_of_service: User, director: User
) -> None:
    from conftest import simple_report
    from incidents.actions import report_incident

    incident = report_incident(
        report=simple_report(person=world.north_person, colleague=head_of_service),
        by=head_of_service,
    )
    own = incident.affected_colleagues.get()
    assert policy.visible_support(head_of_service).filter(pk=own.pk).exists()
    assert not policy.can_record_support(head_of_service, own)
    # Their own line manager, who happens to be the director, supports them.
    assert policy.can_record_support(director, own)
