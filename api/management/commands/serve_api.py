import os
from typing import Any

from django.core.management.base import BaseCommand, CommandParser


class Command(BaseCommand):
    help = (
        "Serve the app with bjoern in pre-forked workers: the integration API's production "
        "server (see api/serve.py). Put pages behind gunicorn and route /api/ here."
    )
    # No checks: they may open a database connection, which workers must never share.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8001)
        parser.add_argument(
            "--workers",
            type=int,
            default=os.cpu_count() or 2,
            help="processes, one request at a time each (default: one per core, which measured "
            "best for the alert look-up on 2 cores; more only if requests wait on other things)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        from api.serve import serve
        from config.wsgi import application

        host, port, workers = options["host"], options["port"], options["workers"]
        raise SystemExit(serve(application, host=host, port=port, workers=workers))
