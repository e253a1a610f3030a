import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db import transaction

from contacts.signals import recompute_all
from contacts.summaries import rebuild_summaries, vacuum_summaries


class Command(BaseCommand):
    help = "Recompute every person's demand signals from the contact summaries (idempotent)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--rebuild",
            action="store_true",
            help="First rebuild every person's summary from the contact log (after a bulk load).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["rebuild"]:
            started = time.monotonic()
            with transaction.atomic():
                rebuild_summaries()
            vacuum_summaries()
            self.stdout.write(
                f"Summaries rebuilt from the contact log in {time.monotonic() - started:.2f} s."
            )
        started = time.monotonic()
        result = recompute_all()
        self.stdout.write(
            f"Signals recomputed in {time.monotonic() - started:.2f} s: "
            f"{result.people_contacting_30_days} people contacted us in 30 days, "
            f"{result.candidates} met a threshold, {result.raised} signals raised, "
            f"{result.updated} brought up to date."
        )
