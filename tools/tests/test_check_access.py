from pathlib import Path

from tools.check_access import bypasses, main


def test_direct_queries_of_sensitive_models_are_caught() -> None:
    source = (
        "from cases.models import Case\n"
        "def view(request, case_id):\n"
        "    return Case.objects.get(pk=case_id)\n"
        "def other(request, incident_id):\n"
        "    return get_object_or_404(Incident, pk=incident_id)\n"
    )
    assert bypasses(source) == [(3, "Case.objects"), (5, "get_object_or_404(Incident, …)")]


def test_the_policy_route_is_not_flagged() -> None:
    assert bypasses("def view(request):\n    return policy.visible_cases(request.user)\n") == []


def test_a_view_module_that_bypasses_the_policy_fails_the_check(tmp_path: Path) -> None:
    (tmp_path / "reports").mkdir()
    (tmp_path / "reports" / "views.py").write_text("rows = Incident.objects.all()\n")
    assert main(tmp_path) == 1


def test_the_project_passes_the_check() -> None:
    assert main(Path(__file__).resolve().parents[2]) == 0
