from oauth2_provider.oauth2_validators import OAuth2Validator


class Validator(OAuth2Validator):
    """The claims an Entra ID tenant sends: name, e-mail, UPN, group ids, and how the user logged in."""

    oidc_claim_scope = None  # every claim, whatever the scope (as Entra does for groups)

    def get_additional_claims(self, request):
        user = request.user
        groups = [g.name for g in user.groups.all()]
        extra = {"sub": "s" * 300} if "claim:long-sub" in groups else {}
        return extra | {
            "given_name": user.first_name,
            "family_name": user.last_name,
            "email": user.email,
            "preferred_username": user.username,
            "groups": [g for g in groups if g != "mfa" and not g.startswith("claim:")],
            "amr": ["pwd", "mfa"] if "mfa" in groups else ["pwd"],
        }

    def get_userinfo_claims(self, request):
        """A userinfo answer about somebody else than the ID token, for the group that asks for it."""
        claims = super().get_userinfo_claims(request)
        if request.user.groups.filter(name="claim:userinfo-other-sub").exists():
            claims["sub"] = "somebody-else"
        return claims
