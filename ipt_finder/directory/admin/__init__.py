"""The curators' admin, one module per area; importing them registers every ModelAdmin."""

from . import filters, inlines, listings, places, queues, verification, vocabularies  # noqa: F401
