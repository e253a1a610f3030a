"""Board packs: asked for on a page, built by the background worker, downloaded with a fresh
password, every step audited."""

import csv
import io
import time
import zipfile
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from access.models import User
from access.reauth import PASSWORD_CONFIRMED_KEY
from audit.models import AuditEvent, Event
from conftest import World
from governance import periods
from governance.board_pack import _csv
from governance.models import BoardPack
from notifications.models import Notification

pytestmark = pytest.mark.django_db


def this_quarter() -> periods.Period:
    return periods.quarter_of(timezone.localdate())


@pytest.fixture
def built(world: World, sign_in: Any, django_capture_on_commit_callbacks: Any) -> BoardPack:
    client = sign_in("head_of_service")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("governance:board_packs"), {"period": this_quarter().key})
    pack = BoardPack.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("governance:board_pack", args=[pack.pk])
    return pack


def pdf_text(pack: BoardPack) -> str:
    return "\n".join(
        page.extract_text() for page in PdfReader(io.BytesIO(pack.stored("pdf"))).pages
    )


def test_the_worker_builds_a_pdf_with_every_section(built: BoardPack) -> None:
    built.refresh_from_db()
    assert built.status == BoardPack.Status.READY and built.progress == 100
    text = pdf_text(built)
    for heading in (
        "board pack",
        "Summary",
        "Policy governance",
        "Incidents by month",
        "Incidents by behaviour",
        "Incidents by severity",
        "Time to first action",
        "Colleagues affected and support offered",
        "Warning flags and contact restrictions",
        "Reviews",
        "Appeals",
        "Referrals offered and accepted",
        "Mediation, legal action, police and partners",
        "Demand signals",
        "Equality monitoring",
        "Customers under a measure by disability",
    ):
        assert heading in text, heading


def test_the_csv_bundle_holds_each_table(built: BoardPack) -> None:
    built.refresh_from_db()
    names = zipfile.ZipFile(io.BytesIO(built.stored("csv"))).namelist()
    assert "00_summary.csv" in names and "README.txt" in names
    assert any(name.endswith("incidents_by_month.csv") for name in names)
    assert any(name.endswith("equality_disability.csv") for name in names)


def test_a_cell_a_spreadsheet_would_run_is_made_text() -> None:
    cells = next(csv.reader(io.StringIO(_csv([["=SUM(A1)", "+1", "plain"]]).decode("utf-8-sig"))))
    assert cells == ["'=SUM(A1)", "'+1", "plain"]


def test_the_requester_is_told_and_each_step_is_audited(
    built: BoardPack, personas: dict[str, User]
) -> None:
    notice = Notification.objects.get(kind=Notification.Kind.BOARD_PACK_READY)
    assert notice.recipient == personas["head_of_service"]
    assert notice.url == reverse("governance:board_pack", args=[built.pk])
    kinds = set(
        AuditEvent.objects.filter(object_type="governance.boardpack").values_list("kind", flat=True)
    )
    assert kinds == {Event.BOARD_PACK_REQUESTED, Event.BOARD_PACK_BUILT}


def test_the_ready_pack_downloads_and_the_download_is_audited(
    built: BoardPack, sign_in: Any
) -> None:
    client = sign_in("director")
    response = client.get(reverse("governance:board_pack_pdf", args=[built.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    response = client.get(reverse("governance:board_pack_csv", args=[built.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/zip"
    assert AuditEvent.objects.filter(kind=Event.BOARD_PACK_DOWNLOADED).count() == 2


def test_a_download_asks_for_the_password_again_after_fifteen_minutes(
    built: BoardPack, sign_in: Any
) -> None:
    client = sign_in("head_of_service")
    session = client.session
    session[PASSWORD_CONFIRMED_KEY] = time.time() - 16 * 60
    session.save()
    response = client.get(reverse("governance:board_pack_pdf", args=[built.pk]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("access:confirm_password"))
    assert not AuditEvent.objects.filter(kind=Event.BOARD_PACK_DOWNLOADED).exists()


def test_the_status_page_polls_until_the_pack_is_built(
    world: World, sign_in: Any, personas: dict[str, User]
) -> None:
    period = this_quarter()
    pack = BoardPack.objects.create(
        label=period.label,
        starts_on=period.starts_on,
        ends_on=period.ends_on,
        requested_by=personas["head_of_service"],
        requested_at=timezone.now(),
    )
    client = sign_in("head_of_service")
    url = reverse("governance:board_pack", args=[pack.pk])
    fragment = client.get(url, headers={"HX-Request": "true"}).content.decode()
    assert 'hx-trigger="every 2s"' in fragment and "<html" not in fragment
    assert client.get(reverse("governance:board_pack_pdf", args=[pack.pk])).status_code == 404


def test_a_period_not_offered_is_refused(world: World, sign_in: Any) -> None:
    response = sign_in("head_of_service").post(
        reverse("governance:board_packs"), {"period": "1999-01-01_1999-03-31"}
    )
    assert response.status_code == 422
    assert "Select one of the quarters or years listed." in response.content.decode()
    assert not BoardPack.objects.exists()
