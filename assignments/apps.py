from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssignmentsConfig(AppConfig):
    name = "assignments"
    verbose_name = _("Directives and assignments")

    def ready(self):
        # Marks a new login's session as fresh, whichever comes first: a login or a request.
        import directive_tracker.middleware  # noqa: F401
