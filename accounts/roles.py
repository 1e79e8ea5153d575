"""The one role table: what each role may do. Every page, API view, selector and template asks it through
``User.may(...)`` (or ``accounts.permissions.require``), never by listing roles itself."""

READ = "read"  # read the programme and everything linked to it: plans, logs, reports, analyses
EDIT = "edit"  # change them: promises, plans, reviews, decisions, publishing
LOG = "log"  # log field work and report incidents

ABILITIES = {
    "administrator": frozenset({READ, EDIT, LOG}),
    "coordinator": frozenset({READ, EDIT, LOG}),
    "viewer": frozenset({READ}),
    "reporter": frozenset({LOG}),
}
# Those who can change what the public sees sign in with a second factor.
TWO_FACTOR_ROLES = frozenset({"administrator", "coordinator"})


def roles_that_may(ability: str) -> frozenset[str]:
    return frozenset(role for role, abilities in ABILITIES.items() if ability in abilities)
