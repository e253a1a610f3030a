"""`manage.py api_token create --name ... --scopes ... [--contractor ...]`, `revoke`, `list`.

For setting systems up from a deployment script; the same actions as the administration
pages, so each token made or revoked is audited (with no colleague as the actor).
"""

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db.models import Q

from access.models import ContractorOrganisation
from api.actions import create_api_token, revoke_api_token
from api.models import ApiToken, Scope


class Command(BaseCommand):
    help = "Make, revoke or list API tokens for outside systems."

    def add_arguments(self, parser: CommandParser) -> None:
        commands = parser.add_subparsers(dest="command", required=True)
        create = commands.add_parser("create", help="Make a token; prints it once.")
        create.add_argument("--name", required=True, help="The outside system, in plain words.")
        create.add_argument(
            "--scopes",
            required=True,
            help=f"Space- or comma-separated, from: {', '.join(Scope.values)}",
        )
        create.add_argument("--contractor", help="The contractor firm's name or reference.")
        revoke = commands.add_parser("revoke", help="Revoke a token by its id or prefix.")
        revoke.add_argument("token", help="The token's id, or the first characters shown.")
        commands.add_parser("list", help="List tokens (never their values).")

    def handle(self, *args: Any, **options: Any) -> None:
        {"create": self.create, "revoke": self.revoke, "list": self.list}[options["command"]](
            options
        )

    def create(self, options: dict[str, Any]) -> None:
        contractor = None
        if options.get("contractor"):
            name = options["contractor"]
            contractor = ContractorOrganisation.objects.filter(
                Q(name__iexact=name) | Q(external_reference=name)
            ).first()
            if contractor is None:
                raise CommandError(f"No contractor firm named or referenced '{name}'.")
        scopes = options["scopes"].replace(",", " ").split()
        try:
            token, raw = create_api_token(
                name=options["name"], scopes=scopes, contractor=contractor, by=None
            )
        except ValidationError as error:
            raise CommandError("; ".join(error.messages)) from None
        self.stdout.write(f"Token {token.pk} for {token.name} ({token.scopes}).")
        self.stdout.write("Copy it now; it is not kept and will not be shown again:")
        self.stdout.write(raw)

    def revoke(self, options: dict[str, Any]) -> None:
        given = options["token"]
        found = ApiToken.objects.filter(
            Q(pk=int(given)) if given.isdigit() else Q(prefix__startswith=given[:12])
        )
        if found.count() != 1:
            raise CommandError(f"'{given}' does not name exactly one token.")
        token = found.get()
        try:
            revoke_api_token(token=token, by=None)
        except ValidationError as error:
            raise CommandError("; ".join(error.messages)) from None
        self.stdout.write(f"Token {token.pk} for {token.name} revoked.")

    def list(self, options: dict[str, Any]) -> None:
        for token in ApiToken.objects.select_related("contractor").order_by("pk"):
            state = f"revoked {token.revoked_at:%Y-%m-%d}" if token.revoked_at else "active"
            firm = f" [{token.contractor}]" if token.contractor else ""
            self.stdout.write(
                f"{token.pk}\t{token.prefix}…\t{token.name}{firm}\t{token.scopes}\t{state}"
            )
