"""Settings for the test suite: the same as development but for what tests must control."""

import tempfile

from config.settings import *  # noqa: F403
from config.settings import STORAGES

# Tasks run at once inside the test, so an email sent on commit is in mail.outbox.
TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
# Hashing with the real algorithm makes every persona sign-in slow; the algorithm is Django's.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
STORAGES = {
    **STORAGES,
    "evidence": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": tempfile.mkdtemp(prefix="safecontact-evidence-")},
    },
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
