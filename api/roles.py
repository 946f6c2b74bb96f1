"""Every role reads the API (collected by ``core.roles``): what each reads through it is what
its pages show."""

from core.roles import ROLES

GRANTS = {role: ["api.use_api"] for role in ROLES}
