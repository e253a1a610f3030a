from datetime import timedelta

import pytest
from django.utils import timezone

from access.models import User
from conftest import World
from incidents.models import AffectedColleague
from support.actions import add_follow_up, record_support
from support.models import ColleagueSupport, SupportFollowUp, SupportOffer


@pytest.fixture
def affected(world: World) -> AffectedColleague:
    """The frontline colleague affected by the North incident (line manager: line_manager)."""
    return world.north_incident.affected_colleagues.select_related("incident", "colleague").get()


@pytest.fixture
def support(affected: AffectedColleague, line_manager: User) -> ColleagueSupport:
    return record_support(
        affected=affected,
        discussed_on=timezone.localdate(),
        needs_notes="Shaken after the call; would like a few days away from the phones.",
        offered=[SupportOffer.TIME_OFF, SupportOffer.COUNSELLING],
        offered_other="",
        accepted=[SupportOffer.TIME_OFF],
        by=line_manager,
    )


@pytest.fixture
def follow_up(support: ColleagueSupport, line_manager: User) -> SupportFollowUp:
    return add_follow_up(
        support=support,
        due_on=timezone.localdate() + timedelta(days=7),
        notes="Check how the week away went.",
        by=line_manager,
    )


@pytest.fixture
def overdue_follow_up(support: ColleagueSupport, line_manager: User) -> SupportFollowUp:
    """A follow-up arranged ten days ago, due three days ago and not yet done."""
    ten_days_ago = timezone.now() - timedelta(days=10)
    with pytest.MonkeyPatch.context() as clock:
        clock.setattr("django.utils.timezone.now", lambda: ten_days_ago)
        return add_follow_up(
            support=support,
            due_on=timezone.localdate(ten_days_ago) + timedelta(days=7),
            notes="See whether counselling has started.",
            by=line_manager,
        )
