"""Writes of the API app: a user's own token (DRF's authtoken, one per user)."""

from django.db import transaction
from rest_framework.authtoken.models import Token


def issue_token(*, user) -> Token:
    """A new token for ``user``, replacing any old one: a lost or leaked token is replaced,
    never shown again. ``Token.created`` records when."""
    with transaction.atomic():
        Token.objects.filter(user=user).delete()
        return Token.objects.create(user=user)


def revoke_token(*, user) -> bool:
    """Remove ``user``'s token, so that nothing can read the API as them; False if none."""
    deleted, _ = Token.objects.filter(user=user).delete()
    return bool(deleted)
