from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from .enrolment import issue_link
from .models import AuditEntry, Municipality, Organisation, User


@admin.register(Municipality)
class MunicipalityAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "slug"]
    search_fields = ["name", "code"]


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind"]
    list_filter = ["kind", "municipalities"]
    search_fields = ["name"]
    filter_horizontal = ["municipalities"]


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    actions = ["enrolment_link"]
    list_display = ["username", "first_name", "last_name", "organisation", "role", "is_active"]
    list_filter = ["role", "organisation", "is_active"]
    fieldsets = BaseUserAdmin.fieldsets + ((_("Trygg"), {"fields": ["organisation", "role"]}),)
    add_fieldsets = BaseUserAdmin.add_fieldsets + ((_("Trygg"), {"fields": ["organisation", "role"]}),)

    @admin.action(description=_("Skapa aktiveringslänk för tvåfaktor (skicka den på annat sätt än lösenordet)"))
    def enrolment_link(self, request, queryset):
        for user in queryset:
            path = issue_link(user=user, created_by=request.user)
            messages.info(request, f"{user.get_username()}: {request.build_absolute_uri(path)}")


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    """Read-only: the log cannot be edited through the application."""

    list_display = ["at", "user", "municipality", "action", "object_type", "object_repr"]
    list_filter = ["action", "municipality", "object_type"]
    search_fields = ["object_repr"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
