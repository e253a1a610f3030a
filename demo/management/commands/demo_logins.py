from typing import Any

from django.core.management.base import BaseCommand

from access.models import User
from demo.personas import DEMO_PASSWORD, DEMO_TOTP_URL, PERSONAS


class Command(BaseCommand):
    help = "Print the demo sign-ins, one per persona."

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(f"\nDemo sign-ins (password for all: {DEMO_PASSWORD})\n")
        self.stdout.write(
            "Authenticator for all (add it to any authenticator app):\n"
            f"  key GEZD GNBV GY3T QOJQ GEZD GNBV GY3T QOJQ\n  {DEMO_TOTP_URL}\n"
        )
        names = {
            u.username: u for u in User.objects.filter(username__in=[p.username for p in PERSONAS])
        }
        for persona in PERSONAS:
            user = names.get(persona.username)
            if user is not None:
                self.stdout.write(
                    f"  {persona.username:<16} {persona.role.label}"
                    f"{' — ' + user.team.name if user.team else ''}"
                )
        self.stdout.write("")
