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
            "--workers", type=int, default=4, help="processes; about twice the cores"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        from api.serve import serve
        from config.wsgi import application

        host, port, workers = options["host"], options["port"], options["workers"]
        raise SystemExit(serve(application, host=host, port=port, workers=workers))
