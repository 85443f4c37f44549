"""The site's own error pages, and health endpoints for a load balancer.

Error pages render with no request context and no database, so they show even
when the database is what failed.
"""

import sys

from django.db import InterfaceError, OperationalError, connection
from django.http import HttpResponse, HttpResponseServerError
from django.template import loader
from django.views.decorators.cache import never_cache

DATABASE_DOWN = (OperationalError, InterfaceError)
RETRY_AFTER_SECONDS = 30


def unavailable():
    response = HttpResponse(loader.render_to_string("503.html"), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


def server_error(request):
    """handler500: a 503 when the database can't be reached, else the 500 page.

    Django calls it while handling the exception, so sys.exc_info() names it.
    """
    if isinstance(sys.exc_info()[1], DATABASE_DOWN):
        return unavailable()
    return HttpResponseServerError(loader.render_to_string("500.html"))


@never_cache
def live(request):
    """The process answers: nothing else is checked."""
    return HttpResponse("ok", content_type="text/plain")


@never_cache
def ready(request):
    """Ready for traffic: the database answers a query."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DATABASE_DOWN:
        return HttpResponse("unavailable", status=503, content_type="text/plain")
    return HttpResponse("ok", content_type="text/plain")
