from rest_framework.permissions import BasePermission

from core.access import may


class UsesApi(BasePermission):
    """Signed in (by token or session), granted the API, and - where a view names one in
    ``permission_required`` (as a page names it, ``core.access``) - allowed the page the
    figures come from. DRF's own hook, so the API guards as its pages do."""

    message = "Your role may not read these figures through the API."

    def has_permission(self, request, view) -> bool:
        user = request.user
        if not (user and user.is_authenticated and may(user, "api.use_api")):
            return False
        required = getattr(view, "permission_required", None)
        return required is None or may(user, required)
