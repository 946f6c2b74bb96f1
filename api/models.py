from django.db import models


class ApiAccess(models.Model):
    """Holds the API's own permission, which belongs to no model: roles are granted it."""

    class Meta:
        managed = False
        default_permissions = ()
        permissions = [("use_api", "Can read the portal's figures through the API")]

    def __str__(self) -> str:
        return "API access"
