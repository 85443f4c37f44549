from django.apps import AppConfig


class DirectoryConfig(AppConfig):
    name = "ipt_finder.directory"
    verbose_name = "IPT directory"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from .models.signals import connect_signals
        from .search import vocabularies

        connect_signals()
        vocabularies.connect_signals()
