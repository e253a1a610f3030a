"""The contractor portal, and the import of contractors' jobs from the housing system.

A contractor sees only the homes where their firm has an active job today, and only what to
do there: the handling instructions in force, never the reasons, incidents or people behind
them. Every page is fetched afresh (signed-in pages are never cached), so an ended job or a
lifted flag is gone on the next request.
"""

from dataclasses import dataclass

from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET, require_http_methods

from access import policy
from access.http import SignedInRequest
from access.models import User
from audit.actions import record_event
from audit.models import Event
from contractors.forms import JobsImportForm
from contractors.importer import import_jobs_csv
from contractors.models import Job
from flags.instructions import ALWAYS_ALLOWED, HandlingInstruction, for_homes
from people.models import Property

HOMES_PER_PAGE = 25
NOTICES_SHOWN = 10


@dataclass(frozen=True)
class Visit:
    """One home the firm is working at: its active jobs and what to do there."""

    home: Property
    jobs: list[Job]
    instructions: list[HandlingInstruction]

    @property
    def has_restriction(self) -> bool:
        return any(instruction.is_restriction for instruction in self.instructions)


def _visits(user: User, homes: list[Property]) -> list[Visit]:
    """Jobs and instructions for a page of homes, in a fixed number of queries."""
    ids = [home.pk for home in homes]
    jobs: dict[int, list[Job]] = {}
    for job in policy.contractor_jobs(user).filter(home_id__in=ids).order_by("starts_on", "pk"):
        jobs.setdefault(job.home_id, []).append(job)
    instructions = for_homes(ids)
    return [Visit(home, jobs.get(home.pk, []), instructions.get(home.pk, [])) for home in homes]


@require_GET
def portal(request: SignedInRequest) -> HttpResponse:
    user = request.user
    homes = policy.contractor_homes(user).order_by("address_line_1", "postcode", "pk")
    page = Paginator(homes, HOMES_PER_PAGE).get_page(request.GET.get("page"))
    visits = _visits(user, list(page.object_list))
    if visits:
        record_event(
            subject="contractors.portal",
            by=user,
            kind=Event.CONTRACTOR_VIEWED_HOME,
            detail={"homes": [visit.home.pk for visit in visits]},
        )
    return render(
        request,
        "contractors/portal.html",
        {
            "page": page,
            "visits": visits,
            "notifications": list(policy.contractor_notices(user)[:NOTICES_SHOWN]),
            "always_allowed": ALWAYS_ALLOWED,
        },
    )


@require_GET
def home(request: SignedInRequest, property_id: int) -> HttpResponse:
    user = request.user
    found = policy.get_contractor_home(user, property_id)
    visit = _visits(user, [found])[0]
    record_event(
        subject=found,
        by=user,
        kind=Event.CONTRACTOR_VIEWED_HOME,
        detail={"instructions": [i.reference for i in visit.instructions]},
    )
    return render(
        request, "contractors/home.html", {"visit": visit, "always_allowed": ALWAYS_ALLOWED}
    )


@require_http_methods(["GET", "POST"])
def jobs_import(request: SignedInRequest) -> HttpResponse:
    result = None
    if request.method == "POST":
        form = JobsImportForm(request.POST, request.FILES)
        if not form.is_valid():
            return render(request, "contractors/jobs_import.html", {"form": form}, status=422)
        result = import_jobs_csv(text=form.cleaned_data["file"], by=request.user)
        form = JobsImportForm()
    else:
        form = JobsImportForm()
    return render(request, "contractors/jobs_import.html", {"form": form, "result": result})
