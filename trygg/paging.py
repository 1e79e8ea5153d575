"""Lists in pages of fifty, written once: the page asked for (?sida=N, anything else is the first or last
page, never an error) and the filter's query string without the page and format, for the links."""

from django.core.paginator import Page, Paginator
from django.http import HttpRequest

PER_PAGE = 50


def paginate(request: HttpRequest, items, per_page: int = PER_PAGE) -> tuple[Page, str]:
    page = Paginator(items, per_page).get_page(request.GET.get("sida"))
    query = request.GET.copy()
    for key in ("sida", "format"):
        query.pop(key, None)
    return page, query.urlencode()
