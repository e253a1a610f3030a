"""The pages refuse a save made over someone else's, say why, and keep what was typed."""

from html import unescape
from typing import Any

import pytest
from django.urls import reverse

from access.models import User
from cases.concurrency import EDITED_MEANWHILE
from cases.models import Case
from conftest import World
from letters.actions import draft_letter, update_draft
from letters.models import Letter, LetterKind

pytestmark = pytest.mark.django_db


def parts(letter: Letter, **changes: Any) -> dict[str, Any]:
    return {
        "behaviour_found": letter.behaviour_found,
        "expected_behaviour": letter.expected_behaviour,
        "consequences": letter.consequences,
        "measure_duration": "",
        "review_on": "",
        "body": letter.body,
        "version": letter.version,
        **changes,
    }


def test_a_second_save_of_a_letter_draft_is_refused_with_the_typed_words_kept(
    world: World, officer: User, line_manager: User, sign_in: Any
) -> None:
    letter = draft_letter(case=world.north_case, kind=LetterKind.INFORMAL_WARNING, by=officer)
    opened = parts(letter)  # the page as the officer loaded it
    update_draft(
        letter=letter, by=line_manager, expected_version=letter.version, body="Manager's words"
    )
    client = sign_in("officer")
    url = reverse("letters:update", args=[letter.pk])
    response = client.post(url, {**opened, "body": "Officer's own words"})
    assert response.status_code == 422
    page = unescape(response.content.decode())
    assert EDITED_MEANWHILE in page and "Officer's own words" in page
    assert Letter.objects.get(pk=letter.pk).body == "Manager's words"
    # Having checked, saving again from the refused page goes through.
    again = client.post(url, {**opened, "body": "Officer's own words", "version": 2})
    assert again.status_code == 302
    assert Letter.objects.get(pk=letter.pk).body == "Officer's own words"


def test_the_refused_letter_page_carries_the_current_version_for_the_next_save(
    world: World, officer: User, line_manager: User, sign_in: Any
) -> None:
    letter = draft_letter(case=world.north_case, kind=LetterKind.INFORMAL_WARNING, by=officer)
    opened = parts(letter)
    update_draft(letter=letter, by=line_manager, expected_version=1, body="Manager's words")
    response = sign_in("officer").post(
        reverse("letters:update", args=[letter.pk]), {**opened, "body": "Mine"}
    )
    assert 'name="version" value="2"' in response.content.decode()


def test_a_letter_save_with_no_version_is_refused_and_changes_nothing(
    world: World, officer: User, sign_in: Any
) -> None:
    letter = draft_letter(case=world.north_case, kind=LetterKind.INFORMAL_WARNING, by=officer)
    data = parts(letter, body="Changed")
    del data["version"]
    response = sign_in("officer").post(reverse("letters:update", args=[letter.pk]), data)
    assert response.status_code == 422
    assert "Reload the letter and make your changes again." in unescape(response.content.decode())
    assert Letter.objects.get(pk=letter.pk).body == ""


def test_assigning_a_case_someone_else_has_just_assigned_is_refused(
    world: World, officer: User, head_of_service: User, sign_in: Any
) -> None:
    colleague = User.objects.create_user(
        username="second_officer",
        password="not-a-real-password-1",
        first_name="Second",
        last_name="Officer",
        role=officer.role,
        team=officer.team,
    )
    case = Case.objects.get(pk=world.north_case.pk)
    loaded_at = case.version
    client = sign_in("head_of_service")
    url = reverse("cases:assign", args=[case.pk])
    first = client.post(url, {"officer": colleague.pk, "version": loaded_at})
    assert first.status_code == 302
    wanted = officer if case.assigned_officer_id != officer.pk else colleague
    second = client.post(url, {"officer": wanted.pk, "version": loaded_at})
    assert second.status_code == 422
    page = unescape(second.content.decode())
    assert EDITED_MEANWHILE in page
    assert Case.objects.get(pk=case.pk).assigned_officer_id == colleague.pk
