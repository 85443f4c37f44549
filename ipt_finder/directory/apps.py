from django.apps import AppConfig
from django.db.models.signals import post_migrate, pre_migrate


class DirectoryConfig(AppConfig):
    name = "ipt_finder.directory"
    verbose_name = "IPT directory"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from .models.signals import connect_signals
        from .models.stamp import install_triggers, uninstall_triggers

        connect_signals()
        pre_migrate.connect(uninstall_triggers, sender=self, dispatch_uid="directory-unstamp")
        post_migrate.connect(install_triggers, sender=self, dispatch_uid="directory-stamp")
