from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_POST

from access import policy
from access.http import SignedInRequest
from notifications.actions import mark_notification_read


@require_GET
def notification_list(request: SignedInRequest) -> HttpResponse:
    notifications = policy.visible_notifications(request.user)
    page = Paginator(notifications, 25).get_page(request.GET.get("page"))
    return render(request, "notifications/list.html", {"page": page})


@require_POST
def read(request: SignedInRequest, notification_id: int) -> HttpResponse:
    notification = policy.get_notification_for_user(request.user, notification_id)
    mark_notification_read(notification=notification, by=request.user)
    target = notification.url
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return redirect(target)
    return redirect("notifications:list")
