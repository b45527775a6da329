from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from ..health import health_report


@never_cache
@require_safe
def healthz(request):
    """For the monitoring of the host (no login): every check of reports/health.py, 503 naming
    the failing ones."""
    healthy, body = health_report()
    return JsonResponse(body, status=200 if healthy else 503)
