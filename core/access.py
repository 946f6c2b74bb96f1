"""One way to guard a view, one way to refuse a service call.

Views: a class-based view inherits :class:`PermissionRequired` and names its
``permission_required``; a function view is decorated with :func:`permission_required`.
Both send a signed-out visitor to sign in and answer 403 to a signed-in user who lacks the
permission, so every page refuses alike. What a page *shows* by permission (a button, a
column) asks :func:`may`. Services refuse a caller through :func:`require`. No view calls
``user.has_perm`` itself (``tests/core/test_access.py`` holds them to it), so a newcomer finds
every rule of who opens what on the view's own line.
"""

from collections.abc import Callable, Iterable
from functools import wraps

from django.contrib.auth.mixins import PermissionRequiredMixin
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied


def may(user, permission: str) -> bool:
    """Whether ``user`` holds ``permission`` (``app_label.codename``): what a page shows."""
    return user.has_perm(permission)


def may_any(user, permissions: Iterable[str]) -> bool:
    """Whether ``user`` holds one of ``permissions`` (pages open to several roles' parts)."""
    return any(user.has_perm(permission) for permission in permissions)


def require(
    user,
    permission: str,
    *,
    refused: type[Exception] = PermissionDenied,
    message: str = "You may not do that.",
) -> None:
    """Refuse a service call by a user without ``permission``, as ``refused(message)``: a
    service's own refusal lets its caller show the message instead of a bare 403."""
    if not user.has_perm(permission):
        raise refused(message)


class PermissionRequired(PermissionRequiredMixin):
    """Class-based views: open to whoever holds every permission in ``permission_required``,
    or, with ``any_permission``, one of them. ``None`` leaves the decision to the view's
    restricted queryset (a list of what is the user's own), after sign-in."""

    permission_required: str | Iterable[str] | None = None
    any_permission = False

    def get_permission_required(self) -> tuple[str, ...]:
        required = self.permission_required
        if required is None:
            return ()
        return (required,) if isinstance(required, str) else tuple(required)

    def has_permission(self) -> bool:
        required = self.get_permission_required()
        user = self.request.user
        if not user.is_authenticated:
            return False
        if self.any_permission and required:
            return may_any(user, required)
        return user.has_perms(required)


def permission_required(*permissions: str, any_permission: bool = False) -> Callable:
    """Function views: as :class:`PermissionRequired`, for every one of ``permissions`` (or,
    with ``any_permission``, one of them)."""

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def guarded(request, *args, **kwargs):
            user = request.user
            if not user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            allowed = may_any(user, permissions) if any_permission else user.has_perms(permissions)
            if not allowed:
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return guarded

    return decorator
