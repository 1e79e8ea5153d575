from rest_framework.permissions import SAFE_METHODS, BasePermission

from accounts.roles import EDIT, LOG


class ReadOrEditPlaces(BasePermission):
    """Everyone signed in reads the places of their municipalities; coordinators change them."""

    def has_permission(self, request, view) -> bool:
        if not request.user.is_authenticated:
            return False
        return request.method in SAFE_METHODS or request.user.may(EDIT)


class ReadOrLogActivities(BasePermission):
    """As on the pages: viewers read, reporters and coordinators also log."""

    def has_permission(self, request, view) -> bool:
        if not request.user.is_authenticated:
            return False
        if request.method in SAFE_METHODS:
            return True
        return request.user.may(LOG) and request.user.organisation_id is not None
