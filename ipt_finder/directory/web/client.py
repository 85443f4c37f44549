"""The client's address, as the rate limits and django-axes see it.

X-Forwarded-For is trusted only as far as TRUSTED_PROXY_COUNT says: each of our
own proxies appends the address it was reached from, so the client is that many
entries from the right. Anything further left is whatever the client sent.
"""

import ipaddress

from django.conf import settings


def client_address(request):
    remote = request.META.get("REMOTE_ADDR", "")
    proxies = settings.TRUSTED_PROXY_COUNT
    if not proxies:
        return remote
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    forwarded = [part for part in forwarded if part]
    if len(forwarded) < proxies:
        return remote
    candidate = forwarded[-proxies]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return remote
