from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path

from ipt_finder.directory.web import failures

admin.site.site_header = "IPT Finder curation"
admin.site.site_title = "IPT Finder curation"
admin.site.index_title = "Directory"

handler500 = failures.server_error

urlpatterns = [
    path("admin/", admin.site.urls),
    path("health/live/", failures.live, name="health-live"),
    path("health/ready/", failures.ready, name="health-ready"),
    path("", include("ipt_finder.directory.interop.urls")),
    path("", include("ipt_finder.directory.urls")),
] + static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
