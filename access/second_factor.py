"""The second factor: a time-based one-time code (TOTP) after the password.

Between password and code the colleague is only half signed in: their id sits in the session
under PENDING_USER_KEY and Django's `login` has not been called, so `request.user` is still
anonymous. Only a correct code completes the sign-in (django.contrib.auth + django_otp).
"""

import base64
import time
from io import BytesIO

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.contrib.auth import login as auth_login
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from access import throttle
from access.models import User
from access.reauth import mark_password_confirmed
from audit.actions import record_event
from audit.models import Event

PENDING_USER_KEY = "safecontact_pending_user_id"
PENDING_BACKEND_KEY = "safecontact_pending_backend"
PENDING_AT_KEY = "safecontact_pending_at"
PENDING_NEXT_KEY = "safecontact_pending_next"
PENDING_KEYS = (PENDING_USER_KEY, PENDING_BACKEND_KEY, PENDING_AT_KEY, PENDING_NEXT_KEY)
# The code must follow the password within ten minutes, or the password is asked again.
PENDING_SECONDS = 10 * 60


def begin(request: HttpRequest, *, user: User, next_url: str) -> None:
    """The password was right: remember who is half signed in, and nothing more."""
    request.session.cycle_key()
    request.session[PENDING_USER_KEY] = user.pk
    request.session[PENDING_BACKEND_KEY] = getattr(user, "backend", None)
    request.session[PENDING_AT_KEY] = time.time()
    request.session[PENDING_NEXT_KEY] = next_url


def pending_user(request: HttpRequest) -> User | None:
    user_id = request.session.get(PENDING_USER_KEY)
    started = request.session.get(PENDING_AT_KEY)
    if user_id is None or started is None or time.time() - float(started) > PENDING_SECONDS:
        return None
    return User.objects.filter(pk=user_id, is_active=True).first()


def confirmed_device(user: User) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()


def enrolment_device(user: User) -> TOTPDevice:
    """The authenticator being set up; the same secret until it is confirmed."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=False)
    return device


def secret_for_display(device: TOTPDevice) -> str:
    secret = base64.b32encode(device.bin_key).decode()
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def qr_code_data_uri(device: TOTPDevice) -> str:
    # An SVG in a data: URI: no outside service sees the secret, and CSP allows data: images.
    image = qrcode.make(device.config_url, image_factory=qrcode.image.svg.SvgPathImage)
    buffer = BytesIO()
    image.save(buffer)
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode()


@transaction.atomic
def complete(request: HttpRequest, *, user: User, device: TOTPDevice) -> HttpResponse:
    """Password and code both right: sign in for real."""
    backend = request.session.get(PENDING_BACKEND_KEY)
    next_url = request.session.get(PENDING_NEXT_KEY) or settings.LOGIN_REDIRECT_URL
    for key in PENDING_KEYS:
        request.session.pop(key, None)
    auth_login(request, user, backend=backend)
    otp_login(request, device)
    mark_password_confirmed(request)
    record_event(subject=user, by=user, kind=Event.SIGNED_IN)
    return redirect(next_url)


def code_is_right(request: HttpRequest, *, user: User, device: TOTPDevice, code: str) -> bool:
    """Check a code against the device; a code is accepted once only (verify_token's last_t).

    Wrong codes count towards the same throttle as wrong passwords.
    """
    address = throttle.client_address(request)
    if throttle.is_locked(username=user.username, ip_address=address):
        throttle.record_failure(username=user.username, ip_address=address, reason="throttled")
        return False
    if device.verify_token(code):
        return True
    throttle.record_failure(username=user.username, ip_address=address, reason="code")
    return False
