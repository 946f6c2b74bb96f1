"""Idle sign-out (a session unused for ``SESSION_IDLE_MINUTES`` ends), and signed-in pages
kept out of the browser's cache."""

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.utils.cache import add_never_cache_headers

LAST_SEEN = "last_seen"
TOUCH_EVERY_SECONDS = 60  # the session is saved at most this often, not on every request


class IdleTimeoutMiddleware:
    """Signs out a user whose previous request is older than the idle limit.

    The session cookie itself also expires with the browser; this ends sessions left open on
    a shared office computer.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            now = time.time()
            last_seen = request.session.get(LAST_SEEN, now)
            if now - last_seen > settings.SESSION_IDLE_MINUTES * 60:
                logout(request)
                messages.info(request, "You were signed out after a period of inactivity.")
            elif now - last_seen > TOUCH_EVERY_SECONDS or LAST_SEEN not in request.session:
                request.session[LAST_SEEN] = now
        return self.get_response(request)


class PrivatePagesMiddleware:
    """Every response to a signed-in user - pages, API answers, downloads (the audit export,
    the pack's PDF and spreadsheet) - is sent ``Cache-Control: no-store`` (Django's
    ``never_cache`` headers), unless its view set a ``Cache-Control`` of its own. On a shared
    office computer the browser then keeps no copy of audits, caseloads or values for the
    next person to find after sign-out, as the idle sign-out intends."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        # Read after the view: an API token signs its user in during the view itself.
        if request.user.is_authenticated and not response.has_header("Cache-Control"):
            add_never_cache_headers(response)
        return response
