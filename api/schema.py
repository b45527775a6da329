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


# The integer ranges Django's backends add to positive integer fields differ between SQLite and
# PostgreSQL; the schema must be the same whatever database generates it.
DATABASE_LIMITS = {32767, 2147483647, 9223372036854775807, -9223372036854775808}


def drop_database_limits(result, generator, request, public):
    def walk(node):
        if isinstance(node, dict):
            if node.get("type") == "integer":
                if node.get("maximum") in DATABASE_LIMITS:
                    del node["maximum"]
                    node.pop("format", None)
                if node.get("minimum") in DATABASE_LIMITS:
                    del node["minimum"]
                    node.pop("format", None)
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(result)
    return result
