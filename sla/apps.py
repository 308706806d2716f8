from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext_lazy as _


class SlaConfig(AppConfig):
    name = "sla"
    verbose_name = _("Service levels")

    def ready(self) -> None:
        from sla import selectors

        def forget(**_kwargs: object) -> None:
            selectors.clear_cache()

        # Calendars and policies are cached per process: a saved or deleted row applies
        # at once here, and in other processes when their copy expires.
        for model in self.get_models():
            post_save.connect(forget, sender=model, weak=False,
                              dispatch_uid=f"sla-cache-{model._meta.model_name}")
            post_delete.connect(forget, sender=model, weak=False,
                                dispatch_uid=f"sla-cache-delete-{model._meta.model_name}")
