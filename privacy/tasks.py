"""Background work: subject access exports are built by the worker, not in a request."""

from django.tasks import task

from privacy.building import build_export


@task()
def build_subject_access_export(request_id: int) -> str:
    return build_export(request_id)
