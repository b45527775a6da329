"""How the OpenAPI schema (drf-spectacular) describes the API key."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension


class APIClientAuthenticationScheme(OpenApiAuthenticationExtension):
    target_class = "api.authentication.APIClientAuthentication"
    name = "ApiKeyAuth"

    def get_security_definition(self, auto_schema):
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": _("The value “Api-Key <key>”, with the key made in the admin."),
        }
