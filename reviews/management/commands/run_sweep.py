"""Run the daily review sweep now: `manage.py run_sweep [--date YYYY-MM-DD]`."""

from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from reviews.sweep import run_sweep


def _date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError as error:
        raise CommandError(
            f"Give the date as YYYY-MM-DD, for example 2026-03-01: {value}"
        ) from error


class Command(BaseCommand):
    help = "Remind owners of reviews coming up and escalate overdue ones (safe to run again)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--date",
            type=str,
            default=None,
            help="Sweep as if today were this date (YYYY-MM-DD); today by default.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        today = _date(options["date"]) if options["date"] else None
        result = run_sweep(today=today)
        self.stdout.write(
            f"Review sweep for {result.today:%d %B %Y}: {result.measures_due} measures and "
            f"{result.non_disclosures_due} decisions not to tell due or overdue; "
            f"{result.reminders_sent} reminders and {result.escalations_sent} escalations "
            f"sent; {result.already_sent} already sent before."
        )
