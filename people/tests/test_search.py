import pytest

from conftest import World
from people.models import Person
from people.search import search_people, search_properties

pytestmark = pytest.mark.django_db


def names(people: list[Person]) -> list[str]:
    return [person.full_name for person in people]


@pytest.mark.parametrize(
    "query",
    [
        "Archer",
        "arch",
        "Dennis Archer",
        "den arc",
        "pe-n1",
        "PE-N1",
        "900000000N1",
        "PR-N1",
        "BS2 9",
        "bs2",
    ],
)
def test_a_person_is_found_by_name_reference_uprn_or_home(world: World, query: str) -> None:
    found = search_people(Person.objects.all(), query)
    assert names(found) == ["Dennis Archer"] or (
        query.lower().startswith("bs2") and "Dennis Archer" in names(found)
    )


def test_words_must_all_match(world: World) -> None:
    assert search_people(Person.objects.all(), "Dennis Penrose") == []


def test_an_empty_query_finds_nobody(world: World) -> None:
    assert search_people(Person.objects.all(), "   ") == []


def test_a_home_is_found_by_postcode_and_address(world: World) -> None:
    homes = type(world.north_home).objects.all()
    assert search_properties(homes, "bs2 9tg") == [world.north_home]
    assert world.north_home in search_properties(homes, "2 Mill")
