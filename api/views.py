"""Pages for system administrators: API tokens, webhooks and their delivery log.

A raw token or webhook secret is shown once, on the page that made it, and never again.
Also the Swagger UI's own files for the API's documentation page, served from our origin.
"""

from pathlib import Path

import ninja
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from access import policy
from access.http import SignedInRequest
from api import actions
from api.forms import TokenForm, WebhookForm
from api.models import Scope

DELIVERIES_PER_PAGE = 50
DOCS_ASSETS = {
    "swagger-ui.css": "text/css",
    "swagger-ui-bundle.js": "text/javascript",
    "swagger-ui-init.js": "text/javascript",
    "favicon.png": "image/png",
}
DOCS_ASSET_DIR = Path(ninja.__file__).parent / "static" / "ninja"


@require_GET
def tokens(request: SignedInRequest) -> HttpResponse:
    found = policy.visible_api_tokens(request.user).order_by("revoked_at", "name", "pk")
    return render(request, "api/tokens.html", {"tokens": found})


@require_http_methods(["GET", "POST"])
def create_token(request: SignedInRequest) -> HttpResponse:
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            token, raw = actions.create_api_token(
                name=form.cleaned_data["name"],
                scopes=form.cleaned_data["scopes"],
                contractor=form.cleaned_data["contractor"],
                by=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            # Shown once: only its hash is kept.
            return render(
                request, "api/token_created.html", {"token": token, "raw": raw}, status=201
            )
    status = 422 if form.errors else 200
    return render(request, "api/create_token.html", {"form": form}, status=status)


@require_http_methods(["GET", "POST"])
def revoke_token(request: SignedInRequest, token_id: int) -> HttpResponse:
    token = policy.get_api_token_for_user(request.user, token_id)
    error = ""
    if request.method == "POST":
        try:
            actions.revoke_api_token(token=token, by=request.user)
        except ValidationError as refused:
            error = " ".join(refused.messages)
        else:
            return redirect("api:tokens")
    return render(
        request,
        "api/revoke_token.html",
        {"token": token, "error": error},
        status=422 if error else 200,
    )


@require_GET
def webhooks(request: SignedInRequest) -> HttpResponse:
    found = policy.visible_webhooks(request.user).order_by("-active", "name", "pk")
    return render(request, "api/webhooks.html", {"subscriptions": found})


def _alert_tokens(request: SignedInRequest) -> object:
    return policy.visible_api_tokens(request.user).filter(
        revoked_at__isnull=True, scopes__contains=Scope.ALERTS_READ.value
    )


@require_http_methods(["GET", "POST"])
def create_webhook(request: SignedInRequest) -> HttpResponse:
    form = WebhookForm(request.POST or None, tokens=_alert_tokens(request))
    if request.method == "POST" and form.is_valid():
        try:
            subscription, secret = actions.subscribe_webhook(
                name=form.cleaned_data["name"],
                url=form.cleaned_data["url"],
                token=form.cleaned_data["token"],
                by=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return render(
                request,
                "api/webhook_created.html",
                {"subscription": subscription, "secret": secret},
                status=201,
            )
    status = 422 if form.errors else 200
    return render(request, "api/create_webhook.html", {"form": form}, status=status)


@require_http_methods(["GET", "POST"])
def end_webhook(request: SignedInRequest, subscription_id: int) -> HttpResponse:
    subscription = policy.get_webhook_for_user(request.user, subscription_id)
    error = ""
    if request.method == "POST":
        try:
            actions.end_webhook(subscription=subscription, by=request.user)
        except ValidationError as refused:
            error = " ".join(refused.messages)
        else:
            return redirect("api:webhooks")
    return render(
        request,
        "api/end_webhook.html",
        {"subscription": subscription, "error": error},
        status=422 if error else 200,
    )


@require_GET
def deliveries(request: SignedInRequest, subscription_id: int) -> HttpResponse:
    subscription = policy.get_webhook_for_user(request.user, subscription_id)
    found = policy.webhook_deliveries(request.user, subscription)
    page = Paginator(found, DELIVERIES_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "api/deliveries.html", {"subscription": subscription, "page": page})


@require_GET
def docs_asset(request: HttpRequest, name: str) -> FileResponse:
    """Swagger UI's files, from the django-ninja package: no CDN, so the CSP holds."""
    if name not in DOCS_ASSETS:
        raise Http404
    response = FileResponse((DOCS_ASSET_DIR / name).open("rb"), content_type=DOCS_ASSETS[name])
    response["Cache-Control"] = "public, max-age=86400"
    return response
