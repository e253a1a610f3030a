"""Need-to-know for the integration API: what a token (an outside system) may see.

Re-exported from `access/policy.py`, so need-to-know is still decided in one place. A token
is not a colleague: its scopes say what it may do, and a contractor system's token sees only
the homes where its firm has an active job today, like the firm's own colleagues.
"""

from collections.abc import Iterable

from django.db.models import Q, QuerySet
from django.http import Http404

from access.models import User
from access.routes import Capability
from alerts.models import AlertChange
from api.models import ApiToken, WebhookDelivery, WebhookSubscription
from contractors.models import Job, active_job_conditions
from people.models import Person, Property

__all__ = [
    "get_api_token_for_user",
    "get_webhook_for_user",
    "job_firm_id",
    "people_by_reference",
    "property_by_reference",
    "token_home_ids",
    "visible_alert_changes",
    "visible_api_tokens",
    "visible_webhooks",
    "webhook_deliveries",
]


def _may_manage_api(user: User) -> bool:
    from access.policy import has_capability

    return has_capability(user, Capability.MANAGE_API)


def token_home_ids(token: ApiToken) -> QuerySet[Job, int] | None:
    """The homes a contractor token may know about (a subquery), or None for no limit."""
    if token.contractor_id is None:
        return None
    return (
        Job.objects.filter(active_job_conditions(), contractor_id=token.contractor_id)
        .values_list("home_id", flat=True)
        .distinct()
    )


def visible_alert_changes(token: ApiToken) -> QuerySet[AlertChange]:
    """The alert change log as the token may read it: a contractor's only for its homes.

    A change about a person is at the person's home (their household's property).
    """
    changes = AlertChange.objects.select_related("person__household", "home")
    homes = token_home_ids(token)
    if homes is None:
        return changes
    return changes.filter(Q(home_id__in=homes) | Q(person__household__property_id__in=homes))


def people_by_reference(references: Iterable[str]) -> dict[str, Person]:
    """People named by another system (incident reports): housing-system references."""
    wanted = {reference for reference in references if reference}
    return {
        person.external_reference or "": person
        for person in Person.objects.filter(external_reference__in=wanted)
    }


def property_by_reference(reference: str) -> Property | None:
    if not reference:
        return None
    return Property.objects.filter(external_reference=reference).first()


def job_firm_id(job_reference: str) -> int | None:
    """The firm an existing job belongs to (a contractor token may only write its own)."""
    firm: int | None = (
        Job.objects.filter(external_reference=job_reference)
        .values_list("contractor_id", flat=True)
        .first()
    )
    return firm


# --- the administration pages: system administrators only (MANAGE_API) ----------------------


def visible_api_tokens(user: User) -> QuerySet[ApiToken]:
    if not _may_manage_api(user):
        return ApiToken.objects.none()
    return ApiToken.objects.select_related("contractor", "created_by", "revoked_by")


def get_api_token_for_user(user: User, token_id: int) -> ApiToken:
    token = visible_api_tokens(user).filter(pk=token_id).first()
    if token is None:
        raise Http404
    return token


def visible_webhooks(user: User) -> QuerySet[WebhookSubscription]:
    if not _may_manage_api(user):
        return WebhookSubscription.objects.none()
    return WebhookSubscription.objects.select_related("token__contractor", "created_by")


def get_webhook_for_user(user: User, subscription_id: int) -> WebhookSubscription:
    subscription = visible_webhooks(user).filter(pk=subscription_id).first()
    if subscription is None:
        raise Http404
    return subscription


def webhook_deliveries(user: User, subscription: WebhookSubscription) -> QuerySet[WebhookDelivery]:
    if not _may_manage_api(user):
        return WebhookDelivery.objects.none()
    return WebhookDelivery.objects.filter(subscription=subscription).order_by("-id")
