"""Two officers saving the same record at the same moment: one save wins, the other is
refused with a clear message, and nothing is lost. Each thread has its own database
connection, so on PostgreSQL the two saves really are two transactions racing."""

import contextlib
import threading
from collections.abc import Callable
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from access.models import User
from cases.actions import assign_case
from cases.concurrency import EDITED_MEANWHILE
from cases.models import Case
from conftest import World
from letters.actions import draft_letter, update_draft
from letters.models import Letter, LetterKind

ROUNDS = 100

pytestmark = pytest.mark.django_db(transaction=True)


def race(load: Callable[[], Any], save: Callable[[int, Any], None]) -> list[str]:
    """Two threads each load the record on their own connection, wait for each other, then
    save their own change. Returns what happened to each save."""
    outcomes = ["", ""]
    loaded = threading.Barrier(2, timeout=30)
    # SQLite has one writer at a time. Its in-memory test database reports a second writer
    # as "table is locked" instead of waiting its turn, so take the turns here; PostgreSQL
    # gets two truly simultaneous transactions.
    writer = threading.Lock() if connection.vendor == "sqlite" else contextlib.nullcontext()

    def run(which: int) -> None:
        try:
            own_copy = load()
            loaded.wait()
            with writer:
                save(which, own_copy)
            outcomes[which] = "saved"
        except ValidationError as error:
            outcomes[which] = "refused: " + " ".join(error.messages)
        except Exception as error:  # noqa: BLE001 - the assertion reports it
            outcomes[which] = f"failed: {error!r}"
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(which,)) for which in (0, 1)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return outcomes


def refused() -> str:
    return f"refused: {EDITED_MEANWHILE}"


def test_two_officers_saving_one_letter_draft_never_lose_an_update(
    world: World, officer: User
) -> None:
    letter = draft_letter(case=world.north_case, kind=LetterKind.INFORMAL_WARNING, by=officer)
    for round_number in range(ROUNDS):
        # Both officers opened the page at the same version.
        loaded_at = Letter.objects.get(pk=letter.pk).version
        bodies = [f"Round {round_number}: officer {which}'s wording" for which in (0, 1)]

        def save_letter(which: int, own_copy: Letter) -> None:
            update_draft(
                letter=own_copy, by=officer, expected_version=loaded_at, body=bodies[which]
            )

        outcomes = race(lambda: Letter.objects.get(pk=letter.pk), save_letter)
        assert sorted(outcomes) == sorted(["saved", refused()]), (round_number, outcomes)
        stored = Letter.objects.get(pk=letter.pk)
        assert stored.body == bodies[outcomes.index("saved")], round_number
        assert stored.version == loaded_at + 1


def test_two_people_assigning_one_case_never_lose_an_assignment(
    world: World, officer: User, head_of_service: User, line_manager: User
) -> None:
    colleague = User.objects.create_user(
        username="second_officer",
        password="not-a-real-password-1",
        first_name="Second",
        last_name="Officer",
        role=officer.role,
        team=officer.team,
    )
    officers = [officer, colleague]
    for round_number in range(ROUNDS):
        case = Case.objects.get(pk=world.north_case.pk)
        loaded_at = case.version
        # Each person picks the officer the case is not assigned to now; only one may win.
        wanted = next(person for person in officers if person.pk != case.assigned_officer_id)

        def assign(which: int, own_copy: Case) -> None:
            by = (head_of_service, line_manager)[which]
            assign_case(case=own_copy, officer=wanted, by=by, expected_version=loaded_at)

        outcomes = race(lambda: Case.objects.get(pk=case.pk), assign)
        assert sorted(outcomes) == sorted(["saved", refused()]), (round_number, outcomes)
        stored = Case.objects.get(pk=case.pk)
        assert stored.assigned_officer_id == wanted.pk and stored.version == loaded_at + 1
