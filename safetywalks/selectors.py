from django.db.models import QuerySet

from accounts.models import User
from accounts.selectors import municipalities_for

from .models import Finding, SafetyWalk


def walks_for(user: User) -> QuerySet[SafetyWalk]:
    return SafetyWalk.objects.filter(municipality__in=municipalities_for(user)).select_related(
        "municipality", "district"
    )


def findings_for(user: User) -> QuerySet[Finding]:
    return Finding.objects.filter(walk__municipality__in=municipalities_for(user)).select_related("walk__municipality")


def published_walks(municipality) -> QuerySet[SafetyWalk]:
    """What citizens see: published walks with their findings' status and answers (never the owner's people)."""
    return (
        SafetyWalk.objects.filter(municipality=municipality, published=True)
        .select_related("district")
        .prefetch_related("findings__place", "findings__owner")
    )


def finding_points(walk: SafetyWalk) -> list[dict]:
    """The walk's findings for its map, in the shape of places-map.js: the start of the description as the
    name and the status in the district's line. The description was typed by a person: the map sets it as
    text."""
    return [
        {
            "name": f.description[:60],
            "district": f.get_status_display(),
            "lat": float(f.latitude),
            "lng": float(f.longitude),
            "area": None,
        }
        for f in walk.findings.all()
    ]
