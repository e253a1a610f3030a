"""Optimistic concurrency: no lost updates when two people edit the same record at once.

Each editable record carries a `version`. A page is loaded at a version and its form sends
that version back; the action writes only if the row is still at that version, in one
UPDATE ... WHERE version = expected, so the check and the write cannot be separated.
"""

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F

EDITED_MEANWHILE = (
    "Someone else changed this while you were editing. "
    "Your changes are below: check them and save again."
)


def refuse_if_stale(instance: models.Model, expected_version: int | None) -> None:
    """Refuse early, before any other check, when the editor's page is out of date.
    `None` means the caller is not an editing page (an internal step that just loaded the row)."""
    if expected_version is not None and instance.version != expected_version:  # type: ignore[attr-defined]
        raise ValidationError(EDITED_MEANWHILE, code="stale")


def save_if_version(instance: models.Model, *, expected_version: int, fields: Iterable[str]) -> int:
    """Write `fields` of `instance` only if its row is still at `expected_version`, adding one
    to the version in the same statement. Returns the new version."""
    model = type(instance)
    values = {name: getattr(instance, name) for name in fields}
    written = model._default_manager.filter(pk=instance.pk, version=expected_version).update(
        **values, version=F("version") + 1
    )
    if written != 1:
        raise ValidationError(EDITED_MEANWHILE, code="stale")
    return expected_version + 1
