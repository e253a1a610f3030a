from django.db import transaction
from django_otp.plugins.otp_totp.models import TOTPDevice

from access.models import User
from audit.actions import record_event
from audit.models import Event


@transaction.atomic
def confirm_authenticator(*, device: TOTPDevice, by: User) -> None:
    """The colleague proved their app holds the secret; from now on it is their second factor."""
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    # Any other half-finished set-up is dropped, so one secret is live.
    TOTPDevice.objects.filter(user=by, confirmed=False).delete()
    record_event(
        subject=by, by=by, kind=Event.USER_CHANGED, detail={"change": "authenticator set up"}
    )
