from django.apps import AppConfig


class ContactCenterConfig(AppConfig):
    """The project package itself: the run command, health check and shared templates."""

    name = "contactcenter"
    verbose_name = "Contact centre"
