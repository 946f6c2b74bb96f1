from django.contrib.auth.models import Permission


class ApiAccess(Permission):
    """Holds the API's own permission, which belongs to no model: roles are granted it.

    A proxy with no table of its own, so ``manage.py dumpdata`` skips it (see
    ``core.models.PortalPermission``)."""

    class Meta:
        proxy = True
        default_permissions = ()
        permissions = [("use_api", "Can read the portal's figures through the API")]

    def __str__(self) -> str:
        return "API access"
