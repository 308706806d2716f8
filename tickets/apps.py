from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TicketsConfig(AppConfig):
    name = "tickets"
    verbose_name = _("Complaints")

    def ready(self) -> None:
        # Imported once the app registry is ready (they import models); downwards.
        from contactcenter import process_cache
        from contactcenter.customers import services as customer_services
        from contactcenter.org.models import Queue
        from tickets import services

        # Categories are cached per process (tickets.selectors.category_by_code).
        process_cache.forget_on_change("tickets-categories",
                                       [self.get_model("Category"), Queue])
        # Merging two customer records moves their complaints (with an event on each).
        customer_services.on_merge(services.move_to_merged_record)
