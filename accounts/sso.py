"""Single sign-on for staff with the municipality's account (OpenID Connect: Microsoft Entra ID, ADFS,
any conforming provider), on mozilla-django-oidc. The provider's groups decide organisation and role
(SsoGroup); local accounts stay for volunteers and the demo and are never taken over by a login that
merely shares their e-mail address."""

import hashlib
import logging

import jwt
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import BACKEND_SESSION_KEY
from django.contrib.auth import views as auth_views
from django.core.exceptions import SuspiciousOperation
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.views import OIDCAuthenticationCallbackView, OIDCAuthenticationRequestView
from requests import RequestException

from .models import SsoGroup, User

logger = logging.getLogger("trygg.sso")

# Set at a successful login through this backend when the provider says it used more than one factor (the
# "amr" claim): our own TOTP step is then not asked for again (accounts.middleware). It names the user and
# the backend, and every login replaces it, so that it never vouches for anybody else.
PROVIDER_MFA_SESSION_KEY = "sso_provider_mfa"
BACKEND_PATH = "accounts.sso.SsoBackend"
MAX_SUBJECT_LENGTH = User._meta.get_field("sso_subject").max_length
ROLE_RANK = [User.Role.VIEWER, User.Role.REPORTER, User.Role.COORDINATOR, User.Role.ADMINISTRATOR]


def is_configured() -> bool:
    return bool(settings.OIDC_RP_CLIENT_ID and settings.OIDC_OP_AUTHORIZATION_ENDPOINT)


class Refused(SuspiciousOperation):
    """A login the provider accepted but Trygg does not; the message is shown to the person."""


def mapping_for(groups: list[str]) -> SsoGroup:
    """The mapped group that gives the highest role (ties: the first by name). Groups of different
    organisations are refused: which tenant a person works in is the administrator's decision, never a
    side effect of role ranks."""
    mapped = sorted(
        SsoGroup.objects.filter(name__in=groups).select_related("organisation"),
        key=lambda g: (-ROLE_RANK.index(g.role), g.name),
    )
    if not mapped:
        raise Refused(_("Ditt konto hos kommunen har ingen roll i Trygg. Be din administratör om behörighet."))
    organisations = sorted({g.organisation.name for g in mapped})
    if len(organisations) > 1:
        raise Refused(
            _(
                "Ditt konto hos kommunen finns i grupper för flera organisationer i Trygg (%(names)s). "
                "Be din administratör att ta bort dig ur alla utom en."
            )
            % {"names": ", ".join(organisations)}
        )
    return mapped[0]


def provider_vouches_for(request) -> bool:
    """Whether this session's user logged in through single sign-on with the provider's second factor."""
    flag = request.session.get(PROVIDER_MFA_SESSION_KEY)
    return (
        flag == {"user": str(request.user.pk), "backend": BACKEND_PATH}
        and request.session.get(BACKEND_SESSION_KEY) == BACKEND_PATH
    )


def remember_provider_mfa(sender, request, user, **kwargs) -> None:
    """At every login (user_logged_in): the flag of the login that just succeeded, or none."""
    if request is None:
        return
    request.session.pop(PROVIDER_MFA_SESSION_KEY, None)
    if getattr(user, "backend", None) == BACKEND_PATH and getattr(request, "sso_provider_mfa", None) == user.pk:
        request.session[PROVIDER_MFA_SESSION_KEY] = {"user": str(user.pk), "backend": BACKEND_PATH}


def forget_provider_mfa(sender, request=None, **kwargs) -> None:
    """At every failed login (user_login_failed), and when the callback refuses one."""
    if request is not None and hasattr(request, "session"):
        request.session.pop(PROVIDER_MFA_SESSION_KEY, None)


class SsoBackend(OIDCAuthenticationBackend):
    def authenticate(self, request, **kwargs):
        """Only from our callback (which passes the nonce), never for a password login whose page happens
        to carry ?code=&state= in its address."""
        if not is_configured() or "nonce" not in kwargs:
            return None
        return super().authenticate(request, **kwargs)

    def verify_token(self, token, **kwargs):
        """The library checks signature and nonce; we also check who issued the token and for whom."""
        payload = super().verify_token(token, **kwargs)
        audience = payload.get("aud")
        audiences = audience if isinstance(audience, list) else [audience]
        if payload.get("iss") != settings.OIDC_OP_ISSUER or self.OIDC_RP_CLIENT_ID not in audiences:
            raise SuspiciousOperation("ID-token från fel utfärdare eller för en annan klient")
        self._id_claims = payload
        return payload

    def get_userinfo(self, access_token, id_token, payload):
        """Entra ID puts groups in the ID token, not in userinfo: both, userinfo first. A userinfo answer
        about another subject than the ID token's is not used (OpenID Connect Core 5.3.2)."""
        userinfo = super().get_userinfo(access_token, id_token, payload)
        if userinfo.get("sub") != payload.get("sub"):
            raise SuspiciousOperation("userinfo gäller en annan person än ID-token")
        return {**payload, **userinfo}

    def verify_claims(self, claims) -> bool:
        """A subject that fits the column whole: cutting it could make two people one account."""
        subject = claims.get("sub")
        return isinstance(subject, str) and 0 < len(subject) <= MAX_SUBJECT_LENGTH

    def get_user(self, user_id):
        """A deactivated account is not restored from its session (as Django's ModelBackend does)."""
        user = super().get_user(user_id)
        return user if user is not None and user.is_active else None

    def filter_users_by_claims(self, claims):
        return User.objects.filter(sso_subject=self._subject(claims))

    def create_user(self, claims):
        user = User(sso_subject=self._subject(claims), username=self._free_username(claims))
        user.set_unusable_password()
        return self.update_user(user, claims)

    def update_user(self, user, claims):
        """Name, address, organisation and role as the provider says now, at every login."""
        groups = claims.get(settings.OIDC_GROUPS_CLAIM) or []
        mapping = mapping_for([str(g) for g in groups] if isinstance(groups, list) else [str(groups)])
        user.first_name = str(claims.get("given_name", ""))[:150]
        user.last_name = str(claims.get("family_name", ""))[:150]
        user.email = str(claims.get("email", ""))[:254]
        user.organisation, user.role = mapping.organisation, mapping.role
        user.save()
        # Only noted on the request here: whether it reaches the session is decided at the login itself
        # (remember_provider_mfa), which never happens for a refused or inactive account.
        methods = self._id_claims.get("amr")
        if settings.OIDC_TRUST_PROVIDER_MFA and isinstance(methods, list) and "mfa" in methods:
            self.request.sso_provider_mfa = user.pk
        return user

    def get_or_create_user(self, access_token, id_token, payload):
        try:
            return super().get_or_create_user(access_token, id_token, payload)
        except Refused as refused:
            self.request.sso_refusal = str(refused)
            raise

    @staticmethod
    def _subject(claims) -> str:
        return claims["sub"]

    @staticmethod
    def _free_username(claims) -> str:
        wanted = str(claims.get("preferred_username") or claims.get("email") or "")[:120]
        if wanted and not User.objects.filter(username__iexact=wanted).exists():
            return wanted
        return f"{wanted or 'sso'}-{hashlib.sha256(str(claims['sub']).encode()).hexdigest()[:12]}"


class SsoStart(OIDCAuthenticationRequestView):
    def get(self, request):
        if not is_configured():
            raise Http404
        return super().get(request)


class SsoCallback(OIDCAuthenticationCallbackView):
    def get(self, request):
        if not is_configured():
            raise Http404
        try:
            return super().get(request)
        except (RequestException, SuspiciousOperation, jwt.PyJWTError) as error:
            # Provider unreachable, a token that fails its checks, a replayed or forged state: no login.
            logger.warning("inloggning via kommunens konto avbröts: %s", type(error).__name__)
            return self.login_failure()

    def login_failure(self):
        forget_provider_mfa(sender=None, request=self.request)
        refusal = getattr(self.request, "sso_refusal", None)
        if refusal is None:
            logger.warning("inloggning via kommunens konto misslyckades")
        messages.error(self.request, refusal or _("Inloggningen med kommunens konto misslyckades. Försök igen."))
        return redirect(settings.LOGIN_URL)


class LoginView(auth_views.LoginView):
    """Username and password, and the municipality's account when single sign-on is set up."""

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "sso": is_configured()}
