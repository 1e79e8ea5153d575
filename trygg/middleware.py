from django.http import HttpRequest


class SwedishUnlessChosenMiddleware:
    """A Swedish public authority's site is Swedish: English only when the visitor picks it.

    Django's LocaleMiddleware would otherwise follow the browser's Accept-Language, and an
    English-language browser would get English dates on a Swedish municipality's page.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest):
        request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
        return self.get_response(request)


class PermissionsPolicyMiddleware:
    """Turns off browser features Trygg never uses, so injected content cannot use them either.

    Geolocation stays allowed for Trygg's own pages (a phone may place a report or a log).
    """

    POLICY = (
        "accelerometer=(), autoplay=(), camera=(), display-capture=(), fullscreen=(self), geolocation=(self), "
        "gyroscope=(), magnetometer=(), microphone=(), midi=(), payment=(), usb=(), browsing-topics=()"
    )

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest):
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", self.POLICY)
        return response
