"""The OpenAPI schema's view of the API: every operation documents its refusals too, so a
client (and the schemathesis run in the tests) knows every status it may answer."""

from drf_spectacular.openapi import AutoSchema
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse

from api.serializers import ErrorSerializer

REFUSALS = {
    400: OpenApiResponse(
        OpenApiTypes.OBJECT,
        description="A filter is not valid: each filter named lists what was wrong with it.",
    ),
    401: OpenApiResponse(
        ErrorSerializer,
        description="No credentials: send the header Authorization: Token <your token>.",
    ),
    403: OpenApiResponse(ErrorSerializer, description="Your role may not read these figures."),
    404: OpenApiResponse(
        ErrorSerializer, description="No such page, or no such item that you may read."
    ),
    429: OpenApiResponse(ErrorSerializer, description="Too many requests: see Retry-After."),
}


class PortalAutoSchema(AutoSchema):
    def get_response_serializers(self):
        """The view's serializer as the 200 response, and every refusal."""
        found = super().get_response_serializers()
        return found if isinstance(found, dict) else {200: found, **REFUSALS}
