from django.db import models


class RestrictedQuerySet(models.QuerySet):
    """A queryset that knows which of its rows a user may act on.

    Every list, detail and form view gets its objects through ``restrict(user, action)``,
    so object-level rules live in one place per model and no view can forget them.
    The default is all-or-nothing on the model permission; models with row-level rules
    (a reporter's own indicators, an auditor's own audits) override it.
    """

    def restrict(self, user, action: str = "view") -> "RestrictedQuerySet":
        opts = self.model._meta
        if user.is_authenticated and user.has_perm(f"{opts.app_label}.{action}_{opts.model_name}"):
            return self
        return self.none()


class PortalPermission(models.Model):
    """Holds the portal-wide permissions that belong to no single model."""

    class Meta:
        managed = False
        default_permissions = ()
        permissions = [
            ("use_admin", "Can use the Django admin"),
        ]

    def __str__(self) -> str:
        return "Portal permissions"
