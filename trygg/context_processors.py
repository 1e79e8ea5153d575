from django.conf import settings


def maps(request):
    return {"MAP_TILE_URL": settings.MAP_TILE_URL, "MAP_TILE_ATTRIBUTION": settings.MAP_TILE_ATTRIBUTION}
