from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TicketsConfig(AppConfig):
    name = "tickets"
    verbose_name = _("Complaints")

    def ready(self) -> None:
        from contactcenter import process_cache
        from contactcenter.org.models import Queue

        # Categories are cached per process (tickets.selectors.category_by_code).
        process_cache.forget_on_change("tickets-categories",
                                       [self.get_model("Category"), Queue])
