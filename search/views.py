"""The results page of the header's search box. Thin: the form, then ``selectors.search``."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from search import selectors
from search.forms import SearchForm


@login_required
def search(request: HttpRequest) -> HttpResponse:
    """Indicators, people and packs matching ``?q=``, as far as the user may open them."""
    form = SearchForm(request.GET)
    query = form.cleaned_data["q"] if form.is_valid() else ""
    results = selectors.search(user=request.user, query=query) if query else None
    return render(
        request,
        "search/results.html",
        {
            "title": f"Search results for “{query}”" if query else "Search",
            "form": form,
            "results": results,
            "shown": selectors.SHOWN,
        },
    )
