"""API clients authenticate with "Authorization: Api-Key <key>"."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import authentication, exceptions
from rest_framework_api_key.permissions import KeyParser

from .models import APIClient

KEYWORD = "Api-Key"
# Writing the last use on every request would make each read a write; once a minute is enough.
LAST_USE_PRECISION_SECONDS = 60


class APIClientAuthentication(authentication.BaseAuthentication):
    def authenticate(self, request):
        key = KeyParser().get_from_authorization(request)
        if not key:
            return None
        try:
            client = APIClient.objects.get_from_key(key)
        except APIClient.DoesNotExist:
            raise exceptions.AuthenticationFailed(
                _("This API key is unknown, revoked or expired.")
            ) from None
        if client.has_expired:
            raise exceptions.AuthenticationFailed(_("This API key is unknown, revoked or expired."))
        now = timezone.now()
        if (
            client.last_used_at is None
            or (now - client.last_used_at).total_seconds() > LAST_USE_PRECISION_SECONDS
        ):
            APIClient.objects.filter(pk=client.pk).update(last_used_at=now)
        return (client, client)

    def authenticate_header(self, request):
        # Makes DRF answer 401 (not 403) to a request without valid credentials.
        return KEYWORD
