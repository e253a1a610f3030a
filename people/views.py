from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET, require_http_methods

from access import policy
from access.http import SignedInRequest
from flags import instructions
from people.forms import HousingImportForm
from people.importer import import_housing_csv
from people.search import search_people, search_properties


@require_GET
def search(request: SignedInRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()[:200]
    people = search_people(policy.visible_people(request.user), query)
    homes = search_properties(policy.visible_properties(request.user), query)
    context = {
        "query": query,
        "people": people,
        "properties": homes,
        "person_instructions": instructions.for_people(p.pk for p in people),
        "home_instructions": instructions.for_homes(h.pk for h in homes),
    }
    template = "people/_results.html" if request.htmx else "people/search.html"  # type: ignore[attr-defined]
    return render(request, template, context)


@require_GET
def person(request: SignedInRequest, person_id: int) -> HttpResponse:
    user = request.user
    subject = policy.get_person_for_user(user, person_id)
    household_members = []
    if subject.household_id:
        household_members = list(
            policy.visible_people(user)
            .filter(household_id=subject.household_id)
            .exclude(pk=subject.pk)
            .order_by("last_name", "first_name")[:20]
        )
    cases = list(policy.visible_cases(user).filter(person=subject).order_by("-opened_at")[:20])
    incidents = list(
        policy.visible_incidents(user)
        .filter(people__person=subject)
        .distinct()
        .order_by("-occurred_at")[:20]
    )
    return render(
        request,
        "people/person.html",
        {
            "person": subject,
            "household_members": household_members,
            "cases": cases,
            "incidents": incidents,
            "can_view_cases": policy.has_capability(user, policy.Capability.VIEW_CASES),
            "instructions": instructions.for_people([subject.pk]).get(subject.pk, []),
        },
    )


@require_GET
def property_page(request: SignedInRequest, property_id: int) -> HttpResponse:
    user = request.user
    home = policy.get_property_for_user(user, property_id)
    households = list(policy.visible_households(user).filter(property=home).order_by("name"))
    residents = list(
        policy.visible_people(user)
        .filter(household__property=home)
        .order_by("last_name", "first_name")[:50]
    )
    tenancies = list(home.tenancies.select_related("household").order_by("-start_date")[:20])
    return render(
        request,
        "people/property.html",
        {
            "home": home,
            "households": households,
            "residents": residents,
            "tenancies": tenancies,
            "instructions": instructions.for_homes([home.pk]).get(home.pk, []),
        },
    )


@require_http_methods(["GET", "POST"])
def housing_import(request: SignedInRequest) -> HttpResponse:
    result = None
    if request.method == "POST":
        form = HousingImportForm(request.POST, request.FILES)
        if form.is_valid():
            result = import_housing_csv(
                kind=form.cleaned_data["kind"], text=form.cleaned_data["file"], by=request.user
            )
            form = HousingImportForm(initial={"kind": form.cleaned_data["kind"]})
        else:
            return render(request, "people/import.html", {"form": form}, status=422)
    else:
        form = HousingImportForm()
    return render(request, "people/import.html", {"form": form, "result": result})
