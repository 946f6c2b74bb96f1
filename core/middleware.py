"""Idle sign-out: a session unused for ``SESSION_IDLE_MINUTES`` ends."""

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout

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
