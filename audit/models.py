from django.conf import settings
from django.db import models


class Event(models.TextChoices):
    INCIDENT_REPORTED = "incident_reported", "Incident reported"
    INCIDENT_READ = "incident_read", "Incident narrative read"
    EVIDENCE_ADDED = "evidence_added", "Evidence added"
    EVIDENCE_READ = "evidence_read", "Evidence downloaded"
    CASE_OPENED = "case_opened", "Case opened"
    CASE_READ = "case_read", "Case read"
    CASE_ASSIGNED = "case_assigned", "Case assigned"
    CASE_NOTE_ADDED = "case_note_added", "Case note added"
    CASE_CLOSED = "case_closed", "Case closed"
    LINE_MANAGER_NOTIFIED = "line_manager_notified", "Line manager notified"
    NOTIFICATION_READ = "notification_read", "Notification marked read"
    PERSON_CREATED = "person_created", "Person created"
    PERSON_UPDATED = "person_updated", "Person updated"
    PROPERTY_CREATED = "property_created", "Property created"
    PROPERTY_UPDATED = "property_updated", "Property updated"
    HOUSEHOLD_CREATED = "household_created", "Household created"
    HOUSEHOLD_UPDATED = "household_updated", "Household updated"
    TENANCY_CREATED = "tenancy_created", "Tenancy created"
    TENANCY_UPDATED = "tenancy_updated", "Tenancy updated"
    HOUSING_IMPORT_RUN = "housing_import_run", "Housing data imported"
    USER_CHANGED = "user_changed", "Colleague account changed"
    SIGNED_IN = "signed_in", "Signed in"
    SIGNED_OUT = "signed_out", "Signed out"
    SIGN_IN_FAILED = "sign_in_failed", "Sign-in failed"
    # Assessments and decisions
    CASE_ASSESSED = "case_assessed", "Case assessed"
    NEEDS_CHECK_RECORDED = "needs_check_recorded", "Contributing-needs check recorded"
    NEEDS_CHECK_READ = "needs_check_read", "Contributing-needs check read"
    DECISION_PROPOSED = "decision_proposed", "Decision proposed"
    DECISION_APPROVED = "decision_approved", "Decision approved"
    DECISION_REJECTED = "decision_rejected", "Decision not approved"
    DECISION_MADE = "decision_made", "Decision made"
    DECISION_VARIED = "decision_varied", "Decision varied"
    DECISION_OVERTURNED = "decision_overturned", "Decision overturned"
    # Letters
    LETTER_DRAFTED = "letter_drafted", "Letter drafted"
    LETTER_ISSUED = "letter_issued", "Letter issued"
    LETTER_READ = "letter_read", "Letter downloaded"
    CUSTOMER_NOT_TOLD = "customer_not_told", "Decision not to tell the customer recorded"
    # Appeals
    APPEAL_LODGED = "appeal_lodged", "Appeal lodged"
    APPEAL_REVIEWER_ASSIGNED = "appeal_reviewer_assigned", "Appeal reviewer assigned"
    APPEAL_DECIDED = "appeal_decided", "Appeal decided"
    # Other responses
    MEDIATION_RECORDED = "mediation_recorded", "Mediation referral recorded"
    LEGAL_ACTION_RECORDED = "legal_action_recorded", "Legal action recorded"
    POLICE_REPORT_RECORDED = "police_report_recorded", "Police report recorded"
    DISCLOSURE_PROPOSED = "disclosure_proposed", "Information disclosure proposed"
    DISCLOSURE_APPROVED = "disclosure_approved", "Information disclosure approved"
    DISCLOSURE_SHARED = "disclosure_shared", "Information disclosed to police or partners"
    DISCLOSURE_READ = "disclosure_read", "Information-sharing log read"
    # Colleague support
    SUPPORT_RECORDED = "support_recorded", "Colleague support recorded"
    SUPPORT_READ = "support_read", "Colleague support read"
    SUPPORT_FOLLOW_UP_ADDED = "support_follow_up_added", "Support follow-up added"
    SUPPORT_FOLLOW_UP_DONE = "support_follow_up_done", "Support follow-up completed"
    SUPPORT_COMPLETED = "support_completed", "Colleague support completed"
    # Warning flags and contact restrictions
    FLAG_PROPOSED = "flag_proposed", "Warning flag proposed"
    FLAG_LIFTED = "flag_lifted", "Warning flag lifted"
    FLAG_REASONS_READ = "flag_reasons_read", "Reasons for a warning flag read"
    RESTRICTION_PROPOSED = "restriction_proposed", "Contact restriction proposed"
    RESTRICTION_LIFTED = "restriction_lifted", "Contact restriction lifted"
    RESTRICTION_REASONS_READ = "restriction_reasons_read", "Reasons for a restriction read"
    DECISION_ENDED = "decision_ended", "Decision ended"
    # Contractors
    JOB_RECORDED = "job_recorded", "Contractor job recorded"
    JOBS_IMPORTED = "jobs_imported", "Contractor jobs imported"
    CONTRACTOR_VIEWED_HOME = "contractor_viewed_home", "Contractor viewed a home's instructions"
    CONTRACTORS_TOLD = "contractors_told", "Contractors told an arrangement changed"
    # Reviews
    REVIEW_REMINDER_SENT = "review_reminder_sent", "Review reminder sent"
    REVIEW_ESCALATED = "review_escalated", "Overdue review escalated"
    REVIEW_RECORDED = "review_recorded", "Review recorded"
    SWEEP_RUN = "sweep_run", "Daily sweep run"
    # Contact log and demand signals
    CONTACT_LOGGED = "contact_logged", "Contact logged"
    CONTACTS_IMPORTED = "contacts_imported", "Contacts imported from a file"
    CONTACTS_RECEIVED = "contacts_received", "Contacts received from another system"
    CONTACTS_READ = "contacts_read", "Contact log read"
    DEMAND_SIGNAL_DISMISSED = "demand_signal_dismissed", "Demand signal dismissed"
    DEMAND_SIGNAL_ACTED_ON = "demand_signal_acted_on", "Demand signal turned into an incident"
    BREACH_RECORDED = "breach_recorded", "Breach of a contact restriction recorded"
    # Governance
    DASHBOARD_READ = "dashboard_read", "Governance dashboard read"
    EQUALITY_READ = "equality_read", "Equality monitoring read"
    EQUALITY_RECORDED = "equality_recorded", "Equality monitoring details recorded"
    BOARD_PACK_REQUESTED = "board_pack_requested", "Board pack requested"
    BOARD_PACK_BUILT = "board_pack_built", "Board pack built"
    BOARD_PACK_DOWNLOADED = "board_pack_downloaded", "Board pack downloaded"
    POLICY_VERSION_RECORDED = "policy_version_recorded", "Policy version recorded"
    POLICY_MONITORING_RECORDED = "policy_monitoring_recorded", "Policy annual monitoring recorded"
    POLICY_REMINDER_SENT = "policy_reminder_sent", "Policy governance reminder sent"
    # Data protection
    SUBJECT_ACCESS_REQUESTED = "subject_access_requested", "Subject access export requested"
    SUBJECT_ACCESS_BUILT = "subject_access_built", "Subject access export built"
    SUBJECT_ACCESS_DOWNLOADED = "subject_access_downloaded", "Subject access export downloaded"
    SUBJECT_ACCESS_ITEM_REVIEWED = "subject_access_item_reviewed", "Held-back material reviewed"
    RECORD_CORRECTED = "record_corrected", "Record corrected (rectification)"
    STATEMENT_ADDED = "statement_added", "Customer's statement added to a disputed opinion"
    RETENTION_SETTINGS_CHANGED = "retention_settings_changed", "Retention schedule changed"
    RETENTION_APPLIED = "retention_applied", "Retention applied (anonymised or erased)"
    # Integration API
    API_TOKEN_CREATED = "api_token_created", "API token created"
    API_TOKEN_REVOKED = "api_token_revoked", "API token revoked"
    API_RECORDS_UPSERTED = "api_records_upserted", "Records written through the API"
    WEBHOOK_SUBSCRIBED = "webhook_subscribed", "Webhook subscription created"
    WEBHOOK_CHANGED = "webhook_changed", "Webhook subscription changed or ended"
    WEBHOOK_DELIVERY_FAILED = "webhook_delivery_failed", "Webhook delivery failed for good"


class AuditEvent(models.Model):
    """One append-only row per change or sensitive read: who, in what role, when, what, whence.

    Rows are never deleted by the application (UK GDPR accountability; the read log is part
    of a subject access response), nor updated, with one exception: retention replaces the
    `detail` of rows about erased records (privacy/erasure.py), keeping the row itself.
    """

    at = models.DateTimeField(auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    actor_role = models.CharField(max_length=32, blank=True)
    kind = models.CharField(max_length=48, choices=Event.choices)
    object_type = models.CharField(max_length=64)
    object_id = models.CharField(max_length=64)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    path = models.CharField(max_length=500, blank=True)
    detail = models.JSONField(default=dict, blank=True)

    class Meta:
        indexes = [models.Index(fields=["object_type", "object_id", "at"])]
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.kind} {self.object_type}:{self.object_id}"

    def save(self, *args: object, **kwargs: object) -> None:
        # Append-only: an existing row is never rewritten.
        if self.pk is not None and not self._state.adding:
            raise RuntimeError("Audit events are append-only.")
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    def delete(self, *args: object, **kwargs: object) -> tuple[int, dict[str, int]]:
        raise RuntimeError("Audit events are append-only.")
