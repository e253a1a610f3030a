from typing import Any

from django.contrib.auth import views as auth_views
from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from access import policy, second_factor
from access.forms import SignInForm
from audit.actions import record_event
from audit.models import Event


@require_GET
def health(request: HttpRequest) -> JsonResponse:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        return JsonResponse({"status": "unavailable", "database": "unreachable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    user = request.user
    if policy.has_capability(user, policy.Capability.CONTRACTOR_PORTAL):
        return redirect("contractors:portal")
    notifications = list(policy.visible_notifications(user).filter(read_at__isnull=True)[:5])  # type: ignore[arg-type]
    return render(
        request,
        "home.html",
        {
            "notifications": notifications,
            "can_report": policy.has_capability(user, policy.Capability.REPORT_INCIDENT),
            "can_work": policy.has_capability(user, policy.Capability.WORK_CASES),
        },
    )


class SignInView(auth_views.LoginView):
    template_name = "registration/login.html"
    authentication_form = SignInForm
    redirect_authenticated_user = True

    def form_valid(self, form: Any) -> HttpResponse:
        # The password alone does not sign in: the code comes next (access/second_factor.py),
        # and only then is the sign-in completed and audited.
        user = form.get_user()
        second_factor.begin(self.request, user=user, next_url=self.get_redirect_url())
        if second_factor.confirmed_device(user) is None:
            return redirect("access:enrol")
        return redirect("access:verify")


class SignOutView(auth_views.LogoutView):
    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.user.is_authenticated:
            record_event(subject=request.user, by=request.user, kind=Event.SIGNED_OUT)
        return super().post(request, *args, **kwargs)
