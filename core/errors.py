"""Error pages in the portal's layout, so a refused user still sees where they are."""

import logging

from django.http import HttpRequest, HttpResponse, HttpResponseServerError
from django.shortcuts import render
from django.template import loader

logger = logging.getLogger(__name__)

# Served if even the 500 template cannot be rendered: never Django's own page or a traceback.
PLAIN_SERVER_ERROR = (
    "<!DOCTYPE html><html lang='en-GB'><head><meta charset='utf-8'>"
    "<title>Sorry, there is a problem with the service - KPI portal</title></head>"
    "<body><h1>Sorry, there is a problem with the service</h1><p>Try again later.</p>"
    "</body></html>"
)


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "403.html", status=403)


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "404.html", status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    """The portal's 500 page, rendered without the request.

    Whatever failed may be the database or the session, so the page reads neither: no
    context processors run, and the layout shows no user or menu. If the page still cannot
    be rendered (a missing static files manifest, say), a plain page is served instead.
    """
    try:
        body = loader.render_to_string("500.html")
    except Exception:
        logger.exception("The 500 page could not be rendered; served the plain one")
        body = PLAIN_SERVER_ERROR
    return HttpResponseServerError(body)
