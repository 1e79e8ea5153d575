from django.contrib import admin

from accounts.admin import AuditedAdmin

from .models import Activity, Agreement, FocusArea, Indicator, Promise, PromiseSet, Signatory


class SignatoryInline(admin.TabularInline):
    model = Signatory
    extra = 0


class FocusAreaInline(admin.TabularInline):
    model = FocusArea
    extra = 0


@admin.register(Agreement)
class AgreementAdmin(AuditedAdmin):
    list_display = ["title", "municipality", "period_start", "period_end"]
    filter_horizontal = ["parties"]


@admin.register(PromiseSet)
class PromiseSetAdmin(AuditedAdmin):
    list_display = ["title", "municipality", "period_start", "period_end", "signed_on", "published"]
    list_filter = ["municipality", "published"]
    prepopulated_fields = {"slug": ["title"]}
    filter_horizontal = ["parties"]
    inlines = [SignatoryInline, FocusAreaInline]


@admin.register(FocusArea)
class FocusAreaAdmin(AuditedAdmin):
    list_display = ["title", "promise_set", "order"]
    list_filter = ["promise_set__municipality"]


@admin.register(Promise)
class PromiseAdmin(AuditedAdmin):
    list_display = ["__str__", "focus_area", "promisor"]
    list_filter = ["promisor", "focus_area__promise_set__municipality"]


@admin.register(Activity)
class ActivityAdmin(AuditedAdmin):
    list_display = ["title", "activity_type", "responsible", "promise"]
    list_filter = ["activity_type", "responsible"]


@admin.register(Indicator)
class IndicatorAdmin(AuditedAdmin):
    list_display = ["name", "activity", "kind", "unit", "baseline", "target"]
    list_filter = ["kind"]


@admin.register(Signatory)
class SignatoryAdmin(AuditedAdmin):
    list_display = ["name", "title", "organisation", "promise_set"]
