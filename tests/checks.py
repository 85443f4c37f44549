"""Assertions shared by the model tests."""

from contextlib import contextmanager

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction

# SQLite's unique-violation messages name the columns, not the constraint.
UNIQUE = "(?i)unique"


@contextmanager
def rejected_by_database(match):
    """The block must raise IntegrityError whose message matches `match`.

    The savepoint keeps the test's transaction usable afterwards. Deferred
    constraints are checked before it ends, as a commit would.
    """
    with pytest.raises(IntegrityError, match=match), transaction.atomic():
        yield
        connection.check_constraints()


def clean_errors(instance):
    """full_clean()'s errors by field; fails the test if there are none."""
    with pytest.raises(ValidationError) as excinfo:
        instance.full_clean()
    return excinfo.value.message_dict


def assert_valid(instance):
    """full_clean() accepts the instance, and so does the database."""
    instance.full_clean()
    instance.save()
    assert type(instance).objects.filter(pk=instance.pk).exists()
