from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.db import models
from django.http import HttpRequest

from access.models import AccessGrant, ContractorOrganisation, Team, User
from audit.actions import record_event
from audit.models import Event


class AuditedAdmin(admin.ModelAdmin):
    """Colleague accounts change only here; each change writes an audit row too."""

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        record_event(
            subject=obj,
            by=request.user,
            kind=Event.USER_CHANGED,
            detail={"changed": sorted(form.changed_data), "created": not change},
        )

    def delete_model(self, request: HttpRequest, obj: models.Model) -> None:
        record_event(
            subject=obj, by=request.user, kind=Event.USER_CHANGED, detail={"deleted": True}
        )
        super().delete_model(request, obj)


@admin.register(User)
class ColleagueAdmin(AuditedAdmin, UserAdmin):  # type: ignore[misc]
    list_display = (
        "username",
        "first_name",
        "last_name",
        "role",
        "team",
        "line_manager",
        "is_active",
    )
    list_filter = ("role", "team", "is_active")
    fieldsets = (
        *UserAdmin.fieldsets,
        (
            "SafeContact",
            {  # type: ignore[misc]
                "fields": ("role", "job_title", "team", "line_manager", "contractor_organisation"),
            },
        ),
    )
    add_fieldsets = (
        *UserAdmin.add_fieldsets,
        (
            "SafeContact",
            {
                "fields": (
                    "first_name",
                    "last_name",
                    "email",
                    "role",
                    "team",
                    "line_manager",
                    "contractor_organisation",
                ),
            },
        ),
    )


@admin.register(Team)
class TeamAdmin(AuditedAdmin):
    list_display = ("name", "handles_cases", "patch_postcodes")


@admin.register(ContractorOrganisation)
class ContractorOrganisationAdmin(AuditedAdmin):
    list_display = ("name", "external_reference")


@admin.register(AccessGrant)
class AccessGrantAdmin(AuditedAdmin):
    list_display = ("user", "team", "starts_at", "ends_at", "granted_by")
    exclude = ("granted_by",)

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        if not change:
            obj.granted_by = request.user
        super().save_model(request, obj, form, change)
