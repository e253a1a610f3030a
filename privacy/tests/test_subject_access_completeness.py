"""Fails when a model that refers to a person is neither exported nor exempt with a reason."""

from privacy.registry import EXEMPT, EXPORTED, models_about_people, unaccounted


def test_every_model_about_a_person_is_exported_or_exempt_with_a_reason() -> None:
    assert unaccounted() == [], (
        "Add these to privacy/registry.py EXPORTED (with an exporter) or EXEMPT (with a "
        f"reason): {unaccounted()}"
    )


def test_the_walk_finds_models_keyed_through_incidents_cases_and_decisions() -> None:
    found = models_about_people()
    for label in (
        "incidents.witness",
        "cases.chronologyentry",
        "appeals.appeal",
        "reviews.review",
        "letters.letter",
    ):
        assert label in found


def test_no_model_is_both_exported_and_exempt() -> None:
    assert set(EXPORTED) & set(EXEMPT) == set()


def test_every_exemption_gives_a_reason() -> None:
    assert all(reason.strip() for reason in EXEMPT.values())
