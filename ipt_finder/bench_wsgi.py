"""A bare Django view, served by the benchmark next to the site for comparison.

The same settings and middleware as the site; only the URLs differ, so the product's
URLs gain no benchmark endpoint: `gunicorn -c gunicorn.conf.py ipt_finder.bench_wsgi`.
"""

import os

import django
from django.core.handlers.wsgi import WSGIHandler
from django.http import HttpResponse
from django.urls import path

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ipt_finder.settings")


def ok(request):
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [path("", ok)]


class BareHandler(WSGIHandler):
    def get_response(self, request):
        request.urlconf = __name__
        return super().get_response(request)


django.setup(set_prefix=False)
application = BareHandler()
