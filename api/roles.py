"""Every role reads the API (collected by ``core.roles``): what each reads through it is what
its pages show. The records analyst reads it through the role it is given beside: no record
is in the API."""

from core.roles import JOB_ROLES

GRANTS = {role: ["api.use_api"] for role in JOB_ROLES}
