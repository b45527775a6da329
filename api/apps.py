from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "api"
    verbose_name = _("Connected systems")

    def ready(self):
        from reports import events

        from . import schema  # noqa: F401  (registers the API key scheme with drf-spectacular)
        from .webhooks import webhook_event_listen

        events.happened.connect(webhook_event_listen, dispatch_uid="api.webhooks")
