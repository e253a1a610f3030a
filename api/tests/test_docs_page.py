"""The schema and its documentation page, served from our own origin under the strict CSP."""

import re

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def test_the_schema_is_openapi_3_1_and_declares_every_error() -> None:
    schema = Client().get("/api/v1/openapi.json").json()

    assert schema["openapi"].startswith("3.1")
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            declared = set(operation["responses"])
            assert {"401", "403", "404", "409", "422", "429"} <= declared, (path, method)


def test_the_docs_page_loads_only_our_own_files_and_no_inline_script() -> None:
    client = Client()
    page = client.get("/api/v1/docs")

    assert page.status_code == 200
    html = page.content.decode()
    assert "cdn" not in html.lower()
    assert "style=" not in html
    scripts = re.findall(r"<script([^>]*)>(.*?)</script>", html, re.S)
    for attributes, content in scripts:
        assert "src=" in attributes or 'type="application/json"' in attributes
    csp = page["Content-Security-Policy"]
    assert "script-src 'self'" in csp
    for asset in re.findall(r'(?:src|href)="(/api/v1/docs/assets/[^"]+)"', html):
        assert client.get(asset).status_code == 200, asset


def test_only_the_swagger_files_are_served_as_assets() -> None:
    assert Client().get("/api/v1/docs/assets/..%2Fmain.py").status_code == 404
    assert Client().get("/api/v1/docs/assets/redoc.standalone.js").status_code == 404
