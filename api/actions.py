"""Tokens and webhook subscriptions, made and ended by system administrators.

A raw token or webhook secret is shown once, when it is made; the token is kept only as its
SHA-256 (a copy of the database cannot call the API).
"""

import secrets
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from access.models import ContractorOrganisation, User
from api.models import ApiToken, Scope, WebhookSubscription, hash_token, new_raw_token
from audit.actions import record_event
from audit.models import Event

PREFIX_LENGTH = 10


def _clean_scopes(scopes: Iterable[str]) -> list[str]:
    chosen = list(dict.fromkeys(s.strip() for s in scopes if s.strip()))
    unknown = [s for s in chosen if s not in Scope.values]
    if unknown:
        raise ValidationError(
            {"scopes": f"Unknown scope(s): {', '.join(unknown)}. Choose from the list."}
        )
    if not chosen:
        raise ValidationError({"scopes": "Choose at least one thing the system may do."})
    return chosen


@transaction.atomic
def create_api_token(
    *,
    name: str,
    scopes: Iterable[str],
    contractor: ContractorOrganisation | None = None,
    by: User | None,
) -> tuple[ApiToken, str]:
    """A token for one outside system. Returns the token and its raw value (shown once)."""
    if not name.strip():
        raise ValidationError({"name": "Enter the name of the system the token is for."})
    chosen = _clean_scopes(scopes)
    raw = new_raw_token()
    token = ApiToken(
        name=name.strip(),
        prefix=raw[:PREFIX_LENGTH],
        token_hash=hash_token(raw),
        scopes=" ".join(chosen),
        contractor=contractor,
        created_by=by,
    )
    token.full_clean(exclude=["created_by"])
    token.save()
    record_event(
        subject=token,
        by=by,
        kind=Event.API_TOKEN_CREATED,
        detail={"name": token.name, "scopes": chosen, "contractor": contractor and contractor.pk},
    )
    return token, raw


@transaction.atomic
def revoke_api_token(*, token: ApiToken, by: User | None) -> None:
    """Revoked at once: the next request with it is refused (tokens are never cached)."""
    token = ApiToken.objects.select_for_update().get(pk=token.pk)
    if token.revoked_at is not None:
        raise ValidationError("This token has already been revoked.")
    token.revoked_at, token.revoked_by = timezone.now(), by
    token.save(update_fields=["revoked_at", "revoked_by"])
    # Its webhooks end with it: a revoked system is told nothing more.
    ended = list(token.subscriptions.filter(active=True).values_list("pk", flat=True))
    token.subscriptions.filter(pk__in=ended).update(active=False, ended_at=token.revoked_at)
    record_event(
        subject=token, by=by, kind=Event.API_TOKEN_REVOKED, detail={"subscriptions_ended": ended}
    )


@transaction.atomic
def subscribe_webhook(
    *, name: str, url: str, token: ApiToken, by: User | None
) -> tuple[WebhookSubscription, str]:
    """A webhook for a token's system. Returns it and its signing secret (shown once).

    It hears of changes from now on (the changes feed has the history).
    """
    from alerts.models import AlertChange

    if token.revoked_at is not None or not token.has_scope(Scope.ALERTS_READ):
        raise ValidationError(
            {"token": "Choose a token that is not revoked and may read alerts (alerts:read)."}
        )
    latest = AlertChange.objects.order_by("-id").values_list("id", flat=True).first() or 0
    secret = "whsec_" + secrets.token_urlsafe(32)
    subscription = WebhookSubscription(
        name=name.strip(), url=url.strip(), secret=secret, token=token, created_by=by
    )
    subscription.last_change_id = latest
    subscription.full_clean(exclude=["created_by"])
    subscription.save()
    record_event(
        subject=subscription,
        by=by,
        kind=Event.WEBHOOK_SUBSCRIBED,
        detail={"url": subscription.url, "token": token.pk},
    )
    return subscription, secret


@transaction.atomic
def end_webhook(*, subscription: WebhookSubscription, by: User | None) -> None:
    if not subscription.active:
        raise ValidationError("This webhook has already ended.")
    subscription.active, subscription.ended_at = False, timezone.now()
    subscription.save(update_fields=["active", "ended_at"])
    record_event(subject=subscription, by=by, kind=Event.WEBHOOK_CHANGED, detail={"active": False})
