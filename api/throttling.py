"""Each API client's own rate limit, counted in the shared cache so that every web process
counts the same requests (settings.CACHES)."""

from django.conf import settings
from rest_framework.throttling import SimpleRateThrottle

from .models import APIClient


class APIClientRateThrottle(SimpleRateThrottle):
    scope = "api_client"

    def get_rate(self):
        return f"{settings.API_DEFAULT_RATE_PER_MINUTE}/min"

    def allow_request(self, request, view):
        client = request.auth if isinstance(request.auth, APIClient) else None
        if client is None:
            return True  # people are limited by their login, not by this
        self.num_requests, self.duration = client.rate_limit_per_minute, 60
        return super().allow_request(request, view)

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": request.auth.prefix}
