"""Finding a person or a home by name, reference, address or UPRN."""

from django.db.models import Q, QuerySet

from people.models import Household, Person, Property

RESULT_LIMIT = 25
# Enough homes for a postcode sector; a query matching more is too vague to list them all.
HOME_LIMIT = 200


def _tokens(query: str) -> list[str]:
    return [token for token in query.replace(",", " ").split() if token][:4]


def _matching_homes(query: str) -> Q:
    """Conditions on a property: its UPRN or reference, or the start of its postcode or
    address (only when the query has a digit, as postcodes and house numbers do)."""
    condition = Q(uprn=query) | Q(external_reference__iexact=query)
    if any(ch.isdigit() for ch in query):
        condition |= Q(postcode__istartswith=query) | Q(address_line_1__istartswith=query)
    return condition


def search_people(people: QuerySet[Person], query: str) -> list[Person]:
    """People by reference, name (each word starts a first or last name), or their home.

    Two indexed queries: the households at matching homes first, then the people, so that
    every condition on the person table can use its own index (an OR across a join cannot).
    """
    query = query.strip()
    tokens = _tokens(query)
    if not tokens:
        return []
    name = Q()
    for token in tokens:
        name &= Q(first_name__istartswith=token) | Q(last_name__istartswith=token)
    households = list(
        Household.objects.filter(
            property__in=Property.objects.filter(_matching_homes(query))[:HOME_LIMIT]
        ).values_list("pk", flat=True)[:HOME_LIMIT]
    )
    condition = Q(external_reference__iexact=query) | name
    if households:
        condition |= Q(household_id__in=households)
    return list(
        people.filter(condition)
        .select_related("household__property")
        .order_by("last_name", "first_name", "id")[:RESULT_LIMIT]
    )


def search_properties(properties: QuerySet[Property], query: str) -> list[Property]:
    query = query.strip()
    if not _tokens(query):
        return []
    condition = _matching_homes(query) | Q(postcode__istartswith=query)
    return list(
        properties.filter(condition).order_by("postcode", "address_line_1", "id")[:RESULT_LIMIT]
    )
