"""Small checks shared by the mediation, legal action, police and sharing actions."""

from datetime import date, datetime, time

from django.core.exceptions import ValidationError
from django.utils import timezone


def when(day: date) -> datetime:
    """A chronology time for something known only by its date."""
    now = timezone.now()
    if day == timezone.localdate(now):
        return now
    return timezone.make_aware(datetime.combine(day, time(12, 0)))


def not_in_future(day: date | None, field: str, message: str) -> dict[str, str]:
    if day is not None and day > timezone.localdate():
        return {field: message}
    return {}


def required(value: str, field: str, message: str) -> dict[str, str]:
    return {} if value.strip() else {field: message}


def raise_if(errors: dict[str, str]) -> None:
    if errors:
        raise ValidationError(errors)
