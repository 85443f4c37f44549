"""Fixtures and helpers shared by the curation tests."""

import datetime
import importlib
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.apps import apps
from django.contrib.auth.models import Group
from django.urls import reverse

from tests import factories

TODAY = datetime.date(2025, 6, 2)
FROZEN = time_machine.travel(
    datetime.datetime(2025, 6, 2, 12, tzinfo=ZoneInfo("America/New_York")), tick=False
)


def curator_group():
    """The Curator group that migration 0007 makes, made again where a transactional
    test's flush removed it."""
    if not Group.objects.filter(name="Curator").exists():
        importlib.import_module("ipt_finder.directory.migrations.0007_curator_group").create_group(
            apps, None
        )
    return Group.objects.get(name="Curator")


def admin_url(model, view="changelist", *args):
    return reverse(f"admin:directory_{model._meta.model_name}_{view}", args=args)


@pytest.fixture
def curator(db):
    user = factories.UserFactory(is_staff=True)
    user.groups.add(curator_group())
    return user


@pytest.fixture
def curator_client(client, curator):
    client.force_login(curator)
    return client


def run_action(client, model, action, objects, **fields):
    """Choose an admin action on `objects`, then fill in and post its confirmation page."""
    url = admin_url(model)
    selected = [str(obj.pk) for obj in objects]
    page = client.post(url, {"action": action, "_selected_action": selected})
    assert page.status_code == 200, page
    response = client.post(
        url, {"action": action, "_selected_action": selected, "confirm": "yes", **fields}
    )
    return page, response


def messages_of(response):
    return [str(m) for m in response.context["messages"]] if response.context else []
