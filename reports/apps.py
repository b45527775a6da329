from django.apps import AppConfig
from django.db.backends.signals import connection_created
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = _("Reports")

    def ready(self):
        # Registers the tasks, which services hand work to by name (never importing them), in
        # every process: web, worker and tests alike.
        from . import tasks  # noqa: F401
        from .search.sqlite import register_functions

        connection_created.connect(register_functions, dispatch_uid="reports.search.sqlite")
