import re
from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError

from access import throttle

WRONG_PASSWORD = "Enter a correct username and password. Both are case-sensitive."


class SignInForm(AuthenticationForm):
    error_messages = {
        "invalid_login": WRONG_PASSWORD,
        "inactive": "This account is not active. Ask a system administrator.",
    }

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["username"].error_messages["required"] = "Enter your username."
        self.fields["password"].error_messages["required"] = "Enter your password."
        self.fields["username"].widget.attrs.update(
            {"autocomplete": "username", "spellcheck": "false"}
        )
        self.fields["password"].widget = forms.PasswordInput(
            attrs={"autocomplete": "current-password"}
        )

    def clean(self) -> dict[str, Any]:
        username = self.cleaned_data.get("username")
        password = self.cleaned_data.get("password")
        if not username or not password:
            return self.cleaned_data
        address = throttle.client_address(self.request)
        # A locked account or address gets the wrong-password message even when the password
        # is right, so guessing learns nothing from the lock.
        if throttle.is_locked(username=username, ip_address=address):
            throttle.record_failure(username=username, ip_address=address, reason="throttled")
            raise self.get_invalid_login_error()
        try:
            return super().clean()
        except ValidationError:
            throttle.record_failure(username=username, ip_address=address, reason="password")
            raise


class CodeForm(forms.Form):
    code = forms.CharField(
        label="Code from your authenticator app",
        help_text="The 6-digit code your authenticator app shows now.",
        max_length=20,
        error_messages={"required": "Enter the 6-digit code from your authenticator app."},
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "spellcheck": "false"}
        ),
    )

    def clean_code(self) -> str:
        code = re.sub(r"\s", "", self.cleaned_data["code"])
        if not re.fullmatch(r"\d{6}", code):
            raise ValidationError("Enter the code as 6 digits, like 123456.")
        return code


class ConfirmPasswordForm(forms.Form):
    password = forms.CharField(
        label="Password",
        strip=False,
        error_messages={"required": "Enter your password."},
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
