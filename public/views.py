from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from programme import selectors


def home(request: HttpRequest) -> HttpResponse:
    return render(request, "public/home.html", {"promise_sets": selectors.published_promise_sets()})


def promise_set(request: HttpRequest, municipality: str, slug: str) -> HttpResponse:
    # Unpublished sets answer 404 like missing ones, so their existence does not leak.
    promise_set = get_object_or_404(selectors.published_promise_set_tree(), municipality__slug=municipality, slug=slug)
    return render(request, "public/promise_set.html", {"promise_set": promise_set})
