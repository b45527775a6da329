from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SignaturesConfig(AppConfig):
    name = "signatures"
    verbose_name = _("Signed copies")

    def ready(self):
        from reports import events

        from .services import summary_seal_listen

        events.happened.connect(summary_seal_listen, dispatch_uid="signatures.seal")
