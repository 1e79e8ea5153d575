from django.contrib import admin

from .models import ActionItem


@admin.register(ActionItem)
class ActionItemAdmin(admin.ModelAdmin):
    list_display = ["title", "municipality", "owner", "due_on", "status"]
    list_filter = ["municipality", "status", "origin"]
    raw_id_fields = ["finding", "measure", "assignee"]
