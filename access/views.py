"""The second step of sign-in (code, or setting up the authenticator) and password re-entry.

There is no password-reset route: a colleague who forgets their password or loses their
authenticator asks a system administrator, so no emailed link can skip the code.
"""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods

from access import second_factor, throttle
from access.actions import confirm_authenticator
from access.forms import CodeForm, ConfirmPasswordForm
from access.http import SignedInRequest
from access.reauth import mark_password_confirmed

WRONG_CODE = "The code is not right. Enter the 6-digit code your authenticator app shows now."


@require_http_methods(["GET", "POST"])
def verify(request: HttpRequest) -> HttpResponse:
    user = second_factor.pending_user(request)
    if user is None:
        return redirect("login")
    device = second_factor.confirmed_device(user)
    if device is None:
        return redirect("access:enrol")
    form = CodeForm(request.POST if request.method == "POST" else None)
    if form.is_bound and form.is_valid():
        code = form.cleaned_data["code"]
        if second_factor.code_is_right(request, user=user, device=device, code=code):
            return second_factor.complete(request, user=user, device=device)
        form.add_error("code", WRONG_CODE)
    status = 422 if form.is_bound else 200
    return render(request, "access/verify.html", {"form": form}, status=status)


@require_http_methods(["GET", "POST"])
def enrol(request: HttpRequest) -> HttpResponse:
    user = second_factor.pending_user(request)
    if user is None:
        return redirect("login")
    # Someone who knows only the password may not replace a colleague's authenticator.
    if second_factor.confirmed_device(user) is not None:
        return redirect("access:verify")
    device = second_factor.enrolment_device(user)
    form = CodeForm(request.POST if request.method == "POST" else None)
    if form.is_bound and form.is_valid():
        code = form.cleaned_data["code"]
        if second_factor.code_is_right(request, user=user, device=device, code=code):
            confirm_authenticator(device=device, by=user)
            return second_factor.complete(request, user=user, device=device)
        form.add_error("code", WRONG_CODE)
    context = {
        "form": form,
        "qr_code": second_factor.qr_code_data_uri(device),
        "secret": second_factor.secret_for_display(device),
    }
    return render(request, "access/enrol.html", context, status=422 if form.is_bound else 200)


@require_http_methods(["GET", "POST"])
def confirm_password(request: SignedInRequest) -> HttpResponse:
    next_url = request.POST.get("next") or request.GET.get("next") or ""
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = ""
    form = ConfirmPasswordForm(request.POST if request.method == "POST" else None)
    if form.is_bound and form.is_valid():
        user, address = request.user, throttle.client_address(request)
        locked = throttle.is_locked(username=user.username, ip_address=address)
        if not locked and user.check_password(form.cleaned_data["password"]):
            mark_password_confirmed(request)
            return redirect(next_url or "home")
        throttle.record_failure(
            username=user.username, ip_address=address, reason="throttled" if locked else "password"
        )
        form.add_error("password", "Enter your correct password. It is case-sensitive.")
    context = {"form": form, "next": next_url}
    status = 422 if form.is_bound else 200
    return render(request, "access/confirm_password.html", context, status=status)
