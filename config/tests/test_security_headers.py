from typing import Any

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_every_page_carries_a_strict_content_security_policy(sign_in: Any) -> None:
    response = sign_in("frontline").get(reverse("incidents:report"))
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "style-src 'self'" in policy
    assert "unsafe-inline" not in policy and "frame-ancestors 'none'" in policy


def test_no_page_template_has_inline_script_or_style() -> None:
    from pathlib import Path

    root = Path(__file__).resolve().parents[2] / "templates"
    offenders = []
    for template in root.rglob("*.html"):
        if "pdf" in template.parts:
            continue  # rendered to PDF by WeasyPrint, never served as a page
        text = template.read_text()
        if "<style" in text or ' style="' in text or "<script>" in text:
            offenders.append(str(template.relative_to(root)))
        for line in text.splitlines():
            # A JSON data block is never executed, so the policy allows it (json_script's output).
            data_block = 'type="application/json"' in line
            if "<script" in line and "src=" not in line and not data_block:
                offenders.append(f"{template.relative_to(root)}: {line.strip()[:60]}")
    assert offenders == []
