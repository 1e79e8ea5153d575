from django.contrib import admin

from accounts.admin import AuditedAdmin

from .models import ActionItem, FocusDecision


@admin.register(ActionItem)
class ActionItemAdmin(admin.ModelAdmin):
    list_display = ["title", "municipality", "owner", "due_on", "status"]
    list_filter = ["municipality", "status", "origin"]
    raw_id_fields = ["finding", "measure", "assignee"]


@admin.register(FocusDecision)
class FocusDecisionAdmin(AuditedAdmin):
    list_display = ["action", "place", "owner", "due_date", "report"]
