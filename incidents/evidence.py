"""Evidence files: checked by size and by content (never by name), stored under random names."""

import hashlib
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import File
from django.core.files.storage import storages

# (content type, test on the first bytes)
SIGNATURES: list[tuple[str, str, bytes, int]] = [
    ("application/pdf", "PDF", b"%PDF-", 0),
    ("image/png", "PNG image", b"\x89PNG\r\n\x1a\n", 0),
    ("image/jpeg", "JPEG image", b"\xff\xd8\xff", 0),
    ("image/gif", "GIF image", b"GIF8", 0),
    ("audio/mpeg", "MP3 audio", b"ID3", 0),
    ("video/mp4", "MP4 video or audio", b"ftyp", 4),
]
ALLOWED_DESCRIPTION = (
    "a PDF, photo (JPEG, PNG, GIF, WebP), audio (MP3, WAV, M4A), video (MP4) or plain text"
)


def sniff_content_type(head: bytes) -> str | None:
    for content_type, _label, magic, offset in SIGNATURES:
        if head[offset : offset + len(magic)] == magic:
            return content_type
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp"
    if head[:4] == b"RIFF" and head[8:12] == b"WAVE":
        return "audio/wav"
    if head and b"\x00" not in head:
        try:
            head.decode("utf-8")
        except UnicodeDecodeError:
            return None
        return "text/plain"
    return None


@dataclass(frozen=True)
class CheckedFile:
    upload: File
    original_name: str
    content_type: str
    size_bytes: int


def check_evidence_file(upload: File) -> CheckedFile:
    name = (getattr(upload, "name", "") or "evidence").rsplit("/", 1)[-1][:255]
    size = upload.size or 0
    limit = settings.EVIDENCE_MAX_BYTES
    if size == 0:
        raise ValidationError(f"{name} is empty.")
    if size > limit:
        raise ValidationError(
            f"{name} is {size / 1_048_576:.1f} MB; "
            f"each file must be {limit // 1_048_576} MB or smaller."
        )
    upload.seek(0)
    head = upload.read(2048)
    upload.seek(0)
    content_type = sniff_content_type(head)
    if content_type is None:
        raise ValidationError(f"{name} must be {ALLOWED_DESCRIPTION}.")
    return CheckedFile(
        upload=upload, original_name=name, content_type=content_type, size_bytes=size
    )


def store_evidence_file(checked: CheckedFile) -> tuple[str, str]:
    """Save under a random name outside the web root; returns (stored name, sha256)."""
    storage = storages["evidence"]
    digest = hashlib.sha256()
    checked.upload.seek(0)
    for chunk in checked.upload.chunks():
        digest.update(chunk)
    checked.upload.seek(0)
    stored = storage.save(secrets.token_hex(20), checked.upload)
    return stored, digest.hexdigest()


def delete_stored_files(names: list[str]) -> None:
    storage = storages["evidence"]
    for name in names:
        storage.delete(name)
