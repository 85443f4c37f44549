from django.apps import AppConfig


class DirectoryConfig(AppConfig):
    name = "ipt_finder.directory"
    verbose_name = "IPT directory"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import vocabularies  # noqa: F401  (connects the cache-clearing signals)
        from .models.summary import connect_signals

        connect_signals()
