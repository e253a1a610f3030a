from django.conf import settings
from django.db import models


class Notification(models.Model):
    """An in-app message. It names what happened and links to it; never the narrative."""

    class Kind(models.TextChoices):
        TEAM_MEMBER_AFFECTED = "team_member_affected", "A colleague in your team was affected"
        CASE_ASSIGNED = "case_assigned", "A case was assigned to you"
        APPROVAL_NEEDED = "approval_needed", "A decision needs your approval"
        DECISION_APPROVED = "decision_approved", "Your decision was approved or returned"
        APPEAL_ASSIGNED = "appeal_assigned", "An appeal was assigned to you"
        DISCLOSURE_APPROVAL_NEEDED = "disclosure_approval_needed", "A disclosure needs approval"
        FOLLOW_UP_DUE = "follow_up_due", "A support follow-up is due"
        REVIEW_DUE = "review_due", "A review is due soon"
        REVIEW_OVERDUE = "review_overdue", "A review is overdue"
        ARRANGEMENT_CHANGED = "arrangement_changed", "Handling instructions changed at a home"
        RESTRICTION_BREACHED = "restriction_breached", "A contact restriction was breached"
        IMPORT_FINISHED = "import_finished", "An import you started has finished"
        BOARD_PACK_READY = "board_pack_ready", "A board pack is ready"
        SUBJECT_ACCESS_READY = "subject_access_ready", "A subject access export is ready"
        POLICY_GOVERNANCE_DUE = "policy_governance_due", "Policy monitoring or approval is due"
        RETENTION_APPLIED = "retention_applied", "Records were anonymised or erased"
        WEBHOOK_FAILING = "webhook_failing", "A webhook subscription is failing"

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(max_length=32, choices=Kind.choices)
    message = models.CharField(max_length=300)
    url = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["recipient", "read_at", "-created_at"])]

    def __str__(self) -> str:
        return self.message
