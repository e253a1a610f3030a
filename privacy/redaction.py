"""Taking other people out of a subject access export.

UK GDPR Art 15(4) and DPA 2018 Sch 2 para 16: the right of access does not extend to other
people's personal data. Other customers, people described but not identified, witnesses and
household members are replaced by "[another person]"; colleagues by "[a colleague]" (ICO
guidance allows giving staff roles rather than names; we give roles throughout).
"""

import re
from collections.abc import Iterable
from typing import Any

from access.models import Role, User

THIRD_PARTY = "[another person]"
COLLEAGUE = "[a colleague]"
# Name parts shorter than this are too likely to be ordinary words to remove on their own.
MIN_PART = 3


def role_of(user: User | None) -> str:
    """A colleague as the export shows them: by role, never by name."""
    if user is None:
        return ""
    return Role(user.role).label if user.role in Role.values else "Colleague"


class Redactor:
    """Replaces known names in free text. Whole names first, then their parts."""

    def __init__(self, *, subject_parts: Iterable[str]) -> None:
        self._keep = {part.lower() for part in subject_parts if part}
        self._phrases: dict[str, str] = {}
        self._pattern: re.Pattern[str] | None = None

    def add(self, text: str, replacement: str = THIRD_PARTY, *, parts: bool = True) -> None:
        text = (text or "").strip()
        if len(text) < MIN_PART:
            return
        if text.lower() not in self._keep:
            self._phrases.setdefault(text, replacement)
        if parts:
            for part in re.split(r"[\s,]+", text):
                if len(part) >= MIN_PART and part.lower() not in self._keep:
                    self._phrases.setdefault(part, replacement)
        self._pattern = None

    def add_colleague(self, user: User) -> None:
        # Usernames are often ordinary words ("officer"); only real names are taken out.
        self.add(user.get_full_name(), COLLEAGUE)

    def _compiled(self) -> re.Pattern[str] | None:
        if self._pattern is None and self._phrases:
            ordered = sorted(self._phrases, key=len, reverse=True)
            alternatives = "|".join(re.escape(p) for p in ordered)
            self._pattern = re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", re.IGNORECASE)
        return self._pattern

    def text(self, value: Any) -> Any:
        if not isinstance(value, str) or not value:
            return value
        pattern = self._compiled()
        if pattern is None:
            return value
        lookup = {key.lower(): replacement for key, replacement in self._phrases.items()}
        return pattern.sub(lambda match: lookup.get(match.group(0).lower(), THIRD_PARTY), value)

    def record(self, values: dict[str, Any]) -> dict[str, Any]:
        """Every string in a record, redacted (nested lists and dicts too)."""
        return {key: self.value(item) for key, item in values.items()}

    def value(self, item: Any) -> Any:
        if isinstance(item, str):
            return self.text(item)
        if isinstance(item, dict):
            return self.record(item)
        if isinstance(item, list):
            return [self.value(element) for element in item]
        return item
