from functools import partial

from django import forms
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from trygg.forms import ModelForm

from .branding import normalise_logo
from .enrolment import issue_link
from .models import AuditEntry, Municipality, Organisation, SsoGroup, User
from .services import delete_audited, save_audited


class AuditedAdmin(admin.ModelAdmin):
    """Admin changes go through the same services as the coordinator pages, so they are logged."""

    def save_model(self, request, obj, form, change):
        save_audited(user=request.user, instance=obj)

    def delete_model(self, request, obj):
        delete_audited(user=request.user, instance=obj)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            delete_audited(user=request.user, instance=obj)

    def save_formset(self, request, form, formset, change):
        instances = formset.save(commit=False)
        for obj in formset.deleted_objects:
            delete_audited(user=request.user, instance=obj)
        for obj in instances:
            save_audited(user=request.user, instance=obj)
        formset.save_m2m()


class MunicipalityForm(ModelForm):
    logo = forms.FileField(
        label=_("Ny logotyp"),
        required=False,
        help_text=_("PNG, JPEG, WebP eller GIF, högst 2 MB. Den sparas om som PNG, högst 480 × 160 bildpunkter."),
    )
    remove_logo = forms.BooleanField(label=_("Ta bort logotypen"), required=False)

    class Meta:
        model = Municipality
        fields = ["name", "code", "slug", "contact_email", "website"]
        field_classes = {"website": partial(forms.URLField, assume_scheme="https")}

    def clean_logo(self):
        upload = self.cleaned_data.get("logo")
        return normalise_logo(upload) if upload else None


@admin.register(Municipality)
class MunicipalityAdmin(admin.ModelAdmin):
    form = MunicipalityForm
    list_display = ["name", "code", "slug", "has_logo"]
    search_fields = ["name", "code"]

    def save_model(self, request, obj, form, change):
        if form.cleaned_data.get("remove_logo"):
            obj.set_logo(b"")
        if form.cleaned_data.get("logo"):
            obj.set_logo(form.cleaned_data["logo"])
        save_audited(user=request.user, instance=obj)

    @admin.display(boolean=True, description=_("logotyp"))
    def has_logo(self, obj):
        return obj.has_logo


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
    readonly_fields = ["sso_subject"]
    fieldsets = BaseUserAdmin.fieldsets + ((_("Trygg"), {"fields": ["organisation", "role", "sso_subject"]}),)
    add_fieldsets = BaseUserAdmin.add_fieldsets + ((_("Trygg"), {"fields": ["organisation", "role"]}),)

    @admin.action(description=_("Skapa aktiveringslänk för tvåfaktor (skicka den på annat sätt än lösenordet)"))
    def enrolment_link(self, request, queryset):
        for user in queryset:
            path = issue_link(user=user, created_by=request.user)
            messages.info(request, f"{user.get_username()}: {request.build_absolute_uri(path)}")


@admin.register(SsoGroup)
class SsoGroupAdmin(admin.ModelAdmin):
    list_display = ["name", "organisation", "role"]
    list_filter = ["role", "organisation"]
    search_fields = ["name"]


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
