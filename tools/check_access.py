"""Fail when a view or API module reads a sensitive model without the access policy.

Need-to-know is decided in access/policy.py and nowhere else (STYLE.md). A view that writes
`Case.objects.get(pk=...)` or `get_object_or_404(Incident, ...)` bypasses it, so this check
runs in `make check` and in CI.
"""

import ast
import sys
from pathlib import Path

SENSITIVE = {
    "Assessment",
    "NeedsCheck",
    "Decision",
    "Appeal",
    "Case",
    "ChronologyEntry",
    "Incident",
    "IncidentBehaviour",
    "IncidentPerson",
    "AffectedColleague",
    "Witness",
    "Evidence",
    "Notification",
    "AuditEvent",
    "Person",
    "Household",
    "Tenancy",
    "Property",
    "MediationReferral",
    "LegalAction",
    "LegalHearing",
    "PoliceReport",
    "Disclosure",
    "ColleagueSupport",
    "SupportFollowUp",
    "Letter",
    "NonDisclosureDecision",
    "Review",
    "ReviewReminder",
    "WarningFlag",
    "ContactRestriction",
    "Job",
    "ContactEvent",
    "DemandSignal",
    "RestrictionBreach",
    "ContactImport",
    "SubjectAccessRequest",
    "HeldBackItem",
    "Correction",
    "CustomerStatement",
    "EqualityProfile",
    "BoardPack",
    "PolicyVersion",
    "PolicyMonitoring",
    "AlertLine",
}
MANAGERS = {"objects", "_default_manager", "_base_manager"}
SHORTCUTS = {"get_object_or_404", "get_list_or_404"}


def is_view_module(path: Path) -> bool:
    parts = path.parts
    return path.name in {"views.py", "api.py"} or any(p in {"views", "api"} for p in parts[:-1])


def bypasses(source: str) -> list[tuple[int, str]]:
    found = []
    for node in ast.walk(ast.parse(source)):
        if (
            isinstance(node, ast.Attribute)
            and node.attr in MANAGERS
            and isinstance(node.value, ast.Name)
            and node.value.id in SENSITIVE
        ):
            found.append((node.lineno, f"{node.value.id}.{node.attr}"))
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id in SHORTCUTS
            and node.args
            and isinstance(node.args[0], ast.Name)
            and node.args[0].id in SENSITIVE
        ):
            found.append((node.lineno, f"{node.func.id}({node.args[0].id}, …)"))
    return sorted(found)


def main(root: Path) -> int:
    failures = []
    for path in sorted(root.rglob("*.py")):
        relative = path.relative_to(root)
        if relative.parts[0] in {".venv", "node_modules", "tools"} or "tests" in relative.parts:
            continue
        if not is_view_module(relative):
            continue
        for line, what in bypasses(path.read_text()):
            failures.append(f"{relative}:{line}: {what} used directly; go through access/policy.py")
    for failure in failures:
        print(failure)
    if failures:
        print(f"{len(failures)} direct queries of sensitive models in views or API modules.")
        return 1
    print("Access check: every view and API module reads sensitive models through the policy.")
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(__file__).resolve().parent.parent))
