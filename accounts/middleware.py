from django.conf import settings
from django.http import HttpRequest, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse

from .roles import TWO_FACTOR_ROLES
from .sso import provider_vouches_for

# Pages a coordinator may reach before the second factor: the factor itself, logging out, static files.
OPEN_PREFIXES = ("/konto/", "/static/", "/i18n/", "/oidc/")


def needs_second_factor(user) -> bool:
    return (
        settings.REQUIRE_TWO_FACTOR
        and user.is_authenticated
        and user.effective_role in TWO_FACTOR_ROLES
        and not user.is_verified()
    )


class TwoFactorRequiredMiddleware:
    """Coordinators and administrators must confirm a TOTP code before they reach anything else."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest):
        if (
            needs_second_factor(request.user)
            and not provider_vouches_for(request)
            and not request.path.startswith(OPEN_PREFIXES)
        ):
            if request.path.startswith("/api/"):
                return JsonResponse(
                    {"detail": "Tvåfaktorsinloggning krävs för samordnare och administratörer."}, status=403
                )
            return redirect(f"{reverse('accounts:two_factor')}?next={request.get_full_path()}")
        return self.get_response(request)
