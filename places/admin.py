from django.contrib import admin

from accounts.admin import AuditedAdmin

from .models import District, Place


@admin.register(District)
class DistrictAdmin(admin.ModelAdmin):
    list_display = ["name", "municipality"]
    list_filter = ["municipality"]


@admin.register(Place)
class PlaceAdmin(AuditedAdmin):
    list_display = ["name", "kind", "district", "municipality", "active"]
    list_filter = ["municipality", "kind", "active"]
    search_fields = ["name"]
