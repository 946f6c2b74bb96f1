"""Audit-trail receivers for what Django itself signals: sign-ins and role changes."""

import time

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db.models.signals import m2m_changed
from django.dispatch import receiver

from core.middleware import LAST_SEEN
from core.trail import Action, record


@receiver(user_logged_in)
def on_login(sender, request, user, **kwargs) -> None:
    record(action=Action.LOGIN, user=user, request=request)
    if request is not None and hasattr(request, "session"):
        request.session[LAST_SEEN] = time.time()  # the idle clock starts at sign-in


@receiver(user_logged_out)
def on_logout(sender, request, user, **kwargs) -> None:
    if user is not None:
        record(action=Action.LOGOUT, user=user, request=request)


@receiver(user_login_failed)
def on_login_failed(sender, credentials, request=None, **kwargs) -> None:
    record(
        action=Action.LOGIN_FAILED,
        request=request,
        username=str(credentials.get("username", ""))[:150],
    )


@receiver(m2m_changed, sender=get_user_model().groups.through)
def on_roles_changed(sender, instance, action, pk_set, reverse, **kwargs) -> None:
    """A user's roles changed (from either side of the relation, in the admin or elsewhere)."""
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    if reverse:  # instance is a Group; pk_set holds users
        detail = f"Role {instance.name}: {action[5:]} users {sorted(pk_set or [])}"
    else:
        names = sorted(Group.objects.filter(pk__in=pk_set or []).values_list("name", flat=True))
        detail = f"User {instance.get_username()}: {action[5:]} roles {names}"
    record(action=Action.ROLES_CHANGED, detail=detail)


@receiver(m2m_changed, sender=Group.permissions.through)
def on_role_permissions_changed(sender, instance, action, pk_set, reverse, **kwargs) -> None:
    if action in ("post_add", "post_remove", "post_clear") and not reverse:
        detail = f"Role {instance.name}: {action[5:]} permissions {sorted(pk_set or [])}"
        record(action=Action.ROLES_CHANGED, detail=detail)
