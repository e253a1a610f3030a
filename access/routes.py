"""The route table: every URL name, the capability it needs, and which roles hold each.

Data only; `access/policy.py` is where it is applied (and re-exports it), so need-to-know is
still decided in one place.
"""

from enum import StrEnum

from access.models import Role


class Capability(StrEnum):
    PUBLIC = "public"
    SIGNED_IN = "signed_in"
    REPORT_INCIDENT = "report_incident"
    FIND_PEOPLE = "find_people"
    VIEW_INCIDENTS = "view_incidents"
    VIEW_CASES = "view_cases"
    WORK_CASES = "work_cases"
    IMPORT_HOUSING_DATA = "import_housing_data"
    ADMINISTER_USERS = "administer_users"
    APPROVE_DECISIONS = "approve_decisions"
    REVIEW_APPEALS = "review_appeals"
    SUPPORT_COLLEAGUES = "support_colleagues"
    SEE_INFORMATION_SHARING = "see_information_sharing"
    CONTRACTOR_PORTAL = "contractor_portal"
    MANAGE_JOBS = "manage_jobs"
    LOG_CONTACTS = "log_contacts"
    IMPORT_CONTACTS = "import_contacts"
    VIEW_DEMAND_SIGNALS = "view_demand_signals"
    GOVERNANCE = "governance"
    DATA_PROTECTION = "data_protection"
    MANAGE_API = "manage_api"


STAFF_ROLES = frozenset(Role) - {Role.CONTRACTOR}
ALL_SEEING_ROLES = frozenset({Role.HEAD_OF_SERVICE, Role.DIRECTOR})

CAPABILITIES: dict[Capability, frozenset[str]] = {
    Capability.SIGNED_IN: frozenset(Role),
    Capability.REPORT_INCIDENT: STAFF_ROLES - {Role.SYSTEM_ADMINISTRATOR},
    Capability.FIND_PEOPLE: STAFF_ROLES - {Role.SYSTEM_ADMINISTRATOR},
    Capability.VIEW_INCIDENTS: STAFF_ROLES - {Role.SYSTEM_ADMINISTRATOR},
    # Appeal reviewers read only the cases of appeals assigned to them (visible_cases).
    Capability.VIEW_CASES: frozenset(
        {Role.CASE_OFFICER, Role.HEAD_OF_SERVICE, Role.DIRECTOR, Role.APPEAL_REVIEWER}
    ),
    Capability.WORK_CASES: frozenset({Role.CASE_OFFICER, Role.HEAD_OF_SERVICE}),
    Capability.IMPORT_HOUSING_DATA: frozenset({Role.SYSTEM_ADMINISTRATOR, Role.HEAD_OF_SERVICE}),
    Capability.ADMINISTER_USERS: frozenset({Role.SYSTEM_ADMINISTRATOR}),
    # Who may approve is narrowed further by DecisionSettings.approver_roles (data).
    Capability.APPROVE_DECISIONS: frozenset({Role.HEAD_OF_SERVICE, Role.DIRECTOR}),
    # Case officers may review an appeal about another team's case; conflicts are refused.
    Capability.REVIEW_APPEALS: frozenset(
        {Role.APPEAL_REVIEWER, Role.HEAD_OF_SERVICE, Role.DIRECTOR, Role.CASE_OFFICER}
    ),
    # Support records: the colleague, their line manager and Head of Service (object level).
    Capability.SUPPORT_COLLEAGUES: STAFF_ROLES - {Role.SYSTEM_ADMINISTRATOR},
    Capability.SEE_INFORMATION_SHARING: frozenset({Role.HEAD_OF_SERVICE, Role.DIRECTOR}),
    Capability.CONTRACTOR_PORTAL: frozenset({Role.CONTRACTOR}),
    Capability.MANAGE_JOBS: frozenset({Role.SYSTEM_ADMINISTRATOR, Role.HEAD_OF_SERVICE}),
    # Anyone who takes calls or visits logs a contact; the signals they feed are for officers.
    Capability.LOG_CONTACTS: STAFF_ROLES - {Role.SYSTEM_ADMINISTRATOR},
    Capability.IMPORT_CONTACTS: frozenset({Role.SYSTEM_ADMINISTRATOR, Role.HEAD_OF_SERVICE}),
    Capability.VIEW_DEMAND_SIGNALS: frozenset({Role.CASE_OFFICER, Role.HEAD_OF_SERVICE}),
    # Brief point 14: Head of Customer and Community Support and the Director answer for the
    # policy; point 15: they also act for the data-protection officer on subject access.
    Capability.GOVERNANCE: frozenset({Role.HEAD_OF_SERVICE, Role.DIRECTOR}),
    Capability.DATA_PROTECTION: frozenset({Role.HEAD_OF_SERVICE, Role.DIRECTOR}),
    Capability.MANAGE_API: frozenset({Role.SYSTEM_ADMINISTRATOR}),
}

# Every URL name and the capability it needs. A route missing here is refused (404) and
# fails the access-matrix test.
ROUTES: dict[str, Capability] = {
    "login": Capability.PUBLIC,
    # Reached between password and code, before the sign-in is complete.
    "access:verify": Capability.PUBLIC,
    "access:enrol": Capability.PUBLIC,
    "access:confirm_password": Capability.SIGNED_IN,
    "logout": Capability.SIGNED_IN,
    "health": Capability.PUBLIC,
    "home": Capability.SIGNED_IN,
    "notifications:list": Capability.SIGNED_IN,
    "notifications:read": Capability.SIGNED_IN,
    "people:search": Capability.FIND_PEOPLE,
    "people:person": Capability.FIND_PEOPLE,
    "people:property": Capability.FIND_PEOPLE,
    "people:import": Capability.IMPORT_HOUSING_DATA,
    "incidents:report": Capability.REPORT_INCIDENT,
    "incidents:person_options": Capability.REPORT_INCIDENT,
    "incidents:reported": Capability.REPORT_INCIDENT,
    "incidents:mine": Capability.VIEW_INCIDENTS,
    "incidents:detail": Capability.VIEW_INCIDENTS,
    "incidents:evidence": Capability.VIEW_INCIDENTS,
    "cases:my_work": Capability.WORK_CASES,
    "cases:list": Capability.VIEW_CASES,
    "cases:detail": Capability.VIEW_CASES,
    "cases:add_note": Capability.WORK_CASES,
    "cases:assign": Capability.WORK_CASES,
    # Assessments and decisions
    "decisions:assess": Capability.WORK_CASES,
    "decisions:needs_check": Capability.WORK_CASES,
    "decisions:propose": Capability.WORK_CASES,
    "decisions:detail": Capability.VIEW_CASES,
    "decisions:approvals": Capability.APPROVE_DECISIONS,
    "decisions:approve": Capability.APPROVE_DECISIONS,
    "decisions:reject": Capability.APPROVE_DECISIONS,
    # Letters
    "letters:draft": Capability.WORK_CASES,
    "letters:detail": Capability.VIEW_CASES,
    "letters:pdf": Capability.VIEW_CASES,
    "letters:issue": Capability.WORK_CASES,
    "letters:update": Capability.WORK_CASES,
    "letters:withhold": Capability.WORK_CASES,
    # Appeals
    "appeals:list": Capability.REVIEW_APPEALS,
    "appeals:lodge": Capability.WORK_CASES,
    "appeals:detail": Capability.REVIEW_APPEALS,
    "appeals:assign": Capability.WORK_CASES,
    "appeals:decide": Capability.REVIEW_APPEALS,
    # Mediation, legal action, police and partners
    "interventions:mediation": Capability.WORK_CASES,
    "interventions:mediation_update": Capability.WORK_CASES,
    "interventions:legal_action": Capability.WORK_CASES,
    "interventions:legal_action_update": Capability.WORK_CASES,
    "interventions:police_report": Capability.WORK_CASES,
    "interventions:disclosure": Capability.WORK_CASES,
    "interventions:approve_disclosure": Capability.APPROVE_DECISIONS,
    "interventions:sharing_log": Capability.SEE_INFORMATION_SHARING,
    "interventions:disclosure_shared": Capability.WORK_CASES,
    # Warning flags and contact restrictions
    "flags:propose": Capability.WORK_CASES,
    "flags:detail": Capability.FIND_PEOPLE,
    "flags:lift": Capability.WORK_CASES,
    "restrictions:propose": Capability.WORK_CASES,
    "restrictions:detail": Capability.FIND_PEOPLE,
    "restrictions:lift": Capability.WORK_CASES,
    # Contractor portal and jobs from the housing system
    "contractors:portal": Capability.CONTRACTOR_PORTAL,
    "contractors:home": Capability.CONTRACTOR_PORTAL,
    "contractors:jobs_import": Capability.MANAGE_JOBS,
    # Reviews
    "reviews:overdue": Capability.VIEW_CASES,
    "reviews:record": Capability.WORK_CASES,
    # Colleague support
    "support:follow_ups": Capability.SUPPORT_COLLEAGUES,
    "support:record": Capability.SUPPORT_COLLEAGUES,
    "support:add_follow_up": Capability.SUPPORT_COLLEAGUES,
    "support:complete_follow_up": Capability.SUPPORT_COLLEAGUES,
    "support:complete": Capability.SUPPORT_COLLEAGUES,
    # Contact log and demand signals (contacts app)
    "contacts:log": Capability.LOG_CONTACTS,
    "contacts:person_log": Capability.LOG_CONTACTS,
    "contacts:import": Capability.IMPORT_CONTACTS,
    "contacts:import_progress": Capability.IMPORT_CONTACTS,
    "contacts:signals": Capability.VIEW_DEMAND_SIGNALS,
    "contacts:signal": Capability.VIEW_DEMAND_SIGNALS,
    "contacts:dismiss_signal": Capability.VIEW_DEMAND_SIGNALS,
    "contacts:act_on_signal": Capability.VIEW_DEMAND_SIGNALS,
    # Thresholds: officers read them; only the Head of Service changes them (policy).
    "contacts:signal_settings": Capability.VIEW_DEMAND_SIGNALS,
    # Governance reporting (governance app)
    "governance:dashboard": Capability.GOVERNANCE,
    "governance:chart": Capability.GOVERNANCE,
    "governance:equality": Capability.GOVERNANCE,
    # Special category data: Head of Service, and case officers for their own cases.
    "governance:equality_record": Capability.WORK_CASES,
    "governance:board_packs": Capability.GOVERNANCE,
    "governance:board_pack": Capability.GOVERNANCE,
    "governance:board_pack_pdf": Capability.GOVERNANCE,
    "governance:board_pack_csv": Capability.GOVERNANCE,
    "governance:policy": Capability.GOVERNANCE,
    "governance:policy_version": Capability.GOVERNANCE,
    "governance:policy_monitoring": Capability.GOVERNANCE,
    "governance:policy_document": Capability.GOVERNANCE,
    # Data protection (privacy app)
    "privacy:index": Capability.DATA_PROTECTION,
    "privacy:person": Capability.DATA_PROTECTION,
    "privacy:request_export": Capability.DATA_PROTECTION,
    "privacy:correct_person": Capability.DATA_PROTECTION,
    "privacy:correct_incident": Capability.DATA_PROTECTION,
    "privacy:add_statement": Capability.DATA_PROTECTION,
    "privacy:export": Capability.DATA_PROTECTION,
    "privacy:export_progress": Capability.DATA_PROTECTION,
    "privacy:download": Capability.DATA_PROTECTION,
    "privacy:release_item": Capability.DATA_PROTECTION,
    "privacy:retention": Capability.DATA_PROTECTION,
    # Integration API administration (api app)
    "api:tokens": Capability.MANAGE_API,
    "api:create_token": Capability.MANAGE_API,
    "api:revoke_token": Capability.MANAGE_API,
    "api:webhooks": Capability.MANAGE_API,
    "api:create_webhook": Capability.MANAGE_API,
    "api:end_webhook": Capability.MANAGE_API,
    "api:deliveries": Capability.MANAGE_API,
    # The integration API itself: a bearer token and its scopes are checked on every call
    # (api/auth.py), not a session; the schema, its documentation and their files are public.
    "api:docs_asset": Capability.PUBLIC,
    "api_v1:openapi-json": Capability.PUBLIC,
    "api_v1:openapi-view": Capability.PUBLIC,
    "api_v1:api-root": Capability.PUBLIC,
    "api_v1:people_bulk": Capability.PUBLIC,
    "api_v1:jobs_bulk": Capability.PUBLIC,
    "api_v1:incidents": Capability.PUBLIC,
    "api_v1:contacts_bulk": Capability.PUBLIC,
    "api_v1:alert_changes": Capability.PUBLIC,
    "api_v1:alert": Capability.PUBLIC,
}
# Whole namespaces that share one capability (Django's admin site manages colleague accounts).
NAMESPACES: dict[str, Capability] = {
    "admin": Capability.ADMINISTER_USERS,
}
