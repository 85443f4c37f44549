"""A new listing's slug: free when chosen, and still free when saved."""

from django.db import IntegrityError, transaction
from django.utils.text import slugify

from ipt_finder.directory.models import Therapist

ATTEMPTS = 5


class SlugTaken(ValueError):
    """The slug asked for was taken by another listing."""


def unique_slug(name, tried=()):
    """The name's slug, or the first of slug-2, slug-3… that no listing has."""
    base = slugify(name)[:130] or "therapist"
    taken = {
        *tried,
        *Therapist.objects.filter(slug__startswith=base).values_list("slug", flat=True),
    }
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    return slug


def save_new_listing(therapist, keep_slug=False):
    """Insert `therapist` under a free slug made from its name, or its own with `keep_slug`.

    Another listing of the same name may be saved between choosing and
    saving; the insert then fails on the unique slug, and the next free one
    is tried (in a savepoint, so the caller's transaction goes on).
    """
    tried = set()
    for _ in range(ATTEMPTS):
        if not keep_slug:
            therapist.slug = unique_slug(therapist.name, tried)
        try:
            with transaction.atomic():
                therapist.save()
            return therapist
        except IntegrityError:
            if not Therapist.objects.filter(slug=therapist.slug).exists():
                raise
            if keep_slug:
                raise SlugTaken(f"Another listing now has the slug “{therapist.slug}”.") from None
            tried.add(therapist.slug)
    raise SlugTaken(f"No free slug for “{therapist.name}” after {ATTEMPTS} tries; try again.")
