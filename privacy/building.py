"""Building a subject access export, step by step, with its progress kept on the request so
the page can show it (htmx polls privacy:export_progress)."""

import logging

from django.core.files.storage import storages
from django.db import transaction

from incidents.models import Evidence
from letters.models import Letter
from privacy.actions import record_subject_access_built
from privacy.export import as_json, export_data, section_titles
from privacy.models import SubjectAccessRequest
from privacy.rendering import bundle, render_report_pdf
from privacy.scope import Scope, ensure_held_back_items, scope_for

logger = logging.getLogger(__name__)


def _progress(request: SubjectAccessRequest, per_cent: int) -> None:
    # Saved outside any long transaction, so the page polling sees each step.
    SubjectAccessRequest.objects.filter(pk=request.pk).update(
        status=SubjectAccessRequest.Status.BUILDING, progress=per_cent
    )


def _released_files(scope: Scope) -> list[tuple[str, bytes]]:
    released = [
        item.object_id
        for item in scope.items
        if item.object_type == "incidents.evidence" and item.is_released
    ]
    storage = storages["evidence"]
    files = []
    for evidence in Evidence.objects.filter(pk__in=released):
        if storage.exists(evidence.stored_name):
            with storage.open(evidence.stored_name, "rb") as handle:
                files.append((f"evidence-{evidence.pk}", handle.read()))
    return files


def _issued_letters(scope: Scope) -> list[Letter]:
    return list(
        Letter.objects.filter(case_id__in=scope.case_ids, status=Letter.Status.ISSUED)
        .exclude(decision_id__in=scope.withheld_decision_ids)
        .order_by("issued_at", "id")
    )


def build_export(request_id: int) -> str:
    """Build (or rebuild) one export. Safe to run twice: the result replaces the last."""
    request = SubjectAccessRequest.objects.select_related("person").get(pk=request_id)
    if request.status == SubjectAccessRequest.Status.ERASED:
        return request.status
    _progress(request, 5)
    try:
        scope = scope_for(request.person)
        with transaction.atomic():
            ensure_held_back_items(request, scope)
        _progress(request, 20)
        data = export_data(scope, request)
        json_bytes = as_json(data)
        _progress(request, 50)
        pdf = render_report_pdf(data, section_titles())
        _progress(request, 85)
        zip_bytes = bundle(
            reference=request.reference,
            pdf=pdf,
            json_bytes=json_bytes,
            letters=_issued_letters(scope),
            files=_released_files(scope),
        )
        record_subject_access_built(
            request=request, pdf=pdf, json_bytes=json_bytes, zip_bytes=zip_bytes
        )
    except Exception:
        logger.exception("Subject access export %s failed", request.reference)
        SubjectAccessRequest.objects.filter(pk=request.pk).update(
            status=SubjectAccessRequest.Status.FAILED
        )
        raise
    return SubjectAccessRequest.Status.READY
