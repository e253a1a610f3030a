"""`manage.py run_sweep [--date YYYY-MM-DD]` runs the sweep as of a date."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from flags.models import WarningFlag
from notifications.models import Notification

pytestmark = pytest.mark.django_db


def test_the_command_sweeps_as_of_the_date_given(flag: WarningFlag) -> None:
    assert flag.decision.review_on is not None
    day = flag.decision.review_on - timedelta(days=5)
    out = StringIO()

    call_command("run_sweep", "--date", day.isoformat(), stdout=out)

    assert "1 reminders and 0 escalations sent" in out.getvalue()
    assert Notification.objects.filter(kind=Notification.Kind.REVIEW_DUE).count() == 1


def test_a_date_that_is_not_a_date_is_refused() -> None:
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command("run_sweep", "--date", "next tuesday")
