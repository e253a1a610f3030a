"""Finding a person or a home by name, reference, address or UPRN."""

from django.db.models import Q, QuerySet

from people.models import Person, Property

RESULT_LIMIT = 25


def _tokens(query: str) -> list[str]:
    return [token for token in query.replace(",", " ").split() if token][:4]


def search_people(people: QuerySet[Person], query: str) -> list[Person]:
    query = query.strip()
    tokens = _tokens(query)
    if not tokens:
        return []
    condition = Q(external_reference__iexact=query)
    name = Q()
    for token in tokens:
        name &= Q(first_name__istartswith=token) | Q(last_name__istartswith=token)
    condition |= name
    condition |= Q(household__property__uprn=query) | Q(
        household__property__external_reference__iexact=query
    )
    if any(ch.isdigit() for ch in query):
        condition |= Q(household__property__postcode__istartswith=query)
        condition |= Q(household__property__address_line_1__istartswith=query)
    return list(
        people.filter(condition)
        .select_related("household__property")
        .order_by("last_name", "first_name", "id")[:RESULT_LIMIT]
    )


def search_properties(properties: QuerySet[Property], query: str) -> list[Property]:
    query = query.strip()
    if not _tokens(query):
        return []
    condition = (
        Q(uprn=query)
        | Q(external_reference__iexact=query)
        | Q(postcode__istartswith=query)
        | Q(address_line_1__icontains=query)
    )
    return list(
        properties.filter(condition).order_by("postcode", "address_line_1", "id")[:RESULT_LIMIT]
    )
