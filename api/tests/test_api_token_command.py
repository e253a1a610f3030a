"""manage.py api_token create / revoke / list."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from access.models import User
from api.models import ApiToken, hash_token
from api.tests.conftest import ApiClient, firm_of
from audit.models import AuditEvent, Event

pytestmark = pytest.mark.django_db


def run(*args: str) -> str:
    out = StringIO()
    call_command("api_token", *args, stdout=out)
    return out.getvalue()


def test_create_prints_the_token_once_and_it_works(personas: dict[str, User]) -> None:
    firm = firm_of(personas["contractor_a"])

    output = run(
        "create", "--name", "Acme", "--scopes", "alerts:read,jobs:write", "--contractor", firm.name
    )

    raw = output.strip().splitlines()[-1]
    token = ApiToken.objects.get(token_hash=hash_token(raw))
    assert (token.contractor, token.scopes) == (firm, "alerts:read jobs:write")
    assert ApiClient(raw).get("/api/v1/alerts/changes").status_code == 200
    assert AuditEvent.objects.filter(kind=Event.API_TOKEN_CREATED).count() == 1


def test_revoke_by_id_and_list_shows_it_revoked(personas: dict[str, User]) -> None:
    raw = run("create", "--name", "Old", "--scopes", "alerts:read").strip().splitlines()[-1]
    token = ApiToken.objects.get(token_hash=hash_token(raw))

    run("revoke", str(token.pk))

    assert ApiClient(raw).get("/api/v1/alerts/changes").status_code == 401
    listing = run("list")
    assert "revoked" in listing and raw not in listing


def test_an_unknown_scope_is_refused(personas: dict[str, User]) -> None:
    with pytest.raises(CommandError, match="Unknown scope"):
        run("create", "--name", "X", "--scopes", "everything")
    assert not ApiToken.objects.exists()
