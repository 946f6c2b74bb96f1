from rest_framework.permissions import BasePermission


class UsesApi(BasePermission):
    """Signed in (by token or session), granted the API, and - where a view names one in
    ``required_permission`` - allowed the page the figures come from."""

    message = "Your role may not read these figures through the API."

    def has_permission(self, request, view) -> bool:
        user = request.user
        if not (user and user.is_authenticated and user.has_perm("api.use_api")):
            return False
        required = getattr(view, "required_permission", None)
        return required is None or user.has_perm(required)
