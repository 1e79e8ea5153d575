from oauth2_provider.oauth2_validators import OAuth2Validator


class Validator(OAuth2Validator):
    """The claims an Entra ID tenant sends: name, e-mail, UPN, group ids, and how the user logged in."""

    oidc_claim_scope = None  # every claim, whatever the scope (as Entra does for groups)

    def get_additional_claims(self, request):
        user = request.user
        groups = [g.name for g in user.groups.all()]
        return {
            "given_name": user.first_name,
            "family_name": user.last_name,
            "email": user.email,
            "preferred_username": user.username,
            "groups": [g for g in groups if g != "mfa"],
            "amr": ["pwd", "mfa"] if "mfa" in groups else ["pwd"],
        }
