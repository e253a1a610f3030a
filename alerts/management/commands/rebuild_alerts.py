"""Refill the alert look-up's projection from the live tables (PostgreSQL only).

The triggers keep it in step from then on; run this after restoring a backup taken without
them, or to check that nothing drifted (it reports how many rows it wrote).
"""

from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

from alerts import triggers
from alerts.models import AlertLine


class Command(BaseCommand):
    help = "Reinstall the alert projection's triggers and refill it from the live tables."

    def handle(self, *args: Any, **options: Any) -> None:
        if connection.vendor != "postgresql":
            raise CommandError("The alert projection exists only on PostgreSQL.")
        with transaction.atomic(), connection.cursor() as cursor:
            triggers.install(cursor)
            triggers.rebuild(cursor)
        self.stdout.write(f"Alert projection rebuilt: {AlertLine.objects.count()} lines.")
