"""Read replicas: which database each query of a request goes to.

The replicas here are more connections to the test database (as a TEST MIRROR
would be), so they see the primary's committed rows; each alias has its own
query log.
"""

from contextlib import ExitStack

import pytest
from django.contrib.sessions.models import Session
from django.core.cache.backends.db import DatabaseCache
from django.db import DEFAULT_DB_ALIAS, connections, router, transaction
from django.http import HttpResponse
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ipt_finder.directory import models
from ipt_finder.routers import ReplicaMiddleware
from tests import factories
from tests.curation_helpers import admin_url
from tests.test_admin import form_errors, post_data

REPLICAS = ["replica1", "replica2"]


@pytest.fixture(scope="class")
def replicas(django_db_setup):
    """Class-scoped, so the aliases exist before each test's database access is set up."""
    primary = connections[DEFAULT_DB_ALIAS].settings_dict
    for alias in REPLICAS:
        connections.settings[alias] = {**primary, "TEST": {**primary["TEST"], "MIRROR": "default"}}
    yield REPLICAS
    for alias in REPLICAS:
        connections[alias].close()
        del connections[alias]
        del connections.settings[alias]


def capture(action):
    """Run `action`; the SQL each database alias received, by alias."""
    with ExitStack() as stack:
        logs = {
            alias: stack.enter_context(CaptureQueriesContext(connections[alias]))
            for alias in connections
        }
        action()
    return {alias: [query["sql"] for query in log] for alias, log in logs.items()}


def in_a_request(view, method="get"):
    """Run `view` as the body of a request to the public site, through the middleware."""

    def respond(request):
        view()
        return HttpResponse()

    return lambda: ReplicaMiddleware(respond)(getattr(RequestFactory(), method)("/search/"))


def cache_queries(sql):
    return [query for query in sql if "ipt_finder_cache" in query]


@pytest.mark.django_db(transaction=True, databases=[DEFAULT_DB_ALIAS, *REPLICAS])
class TestWithReplicas:
    """Transactional: the replicas' connections see only what the primary committed,
    and the router sends every read inside a transaction to the primary."""

    @pytest.mark.parametrize(
        "page",
        ["home", "search", "profile"],
    )
    def test_public_pages_read_from_one_replica(self, client, replicas, page):
        therapist = factories.TherapistFactory(name="Robin Replica")
        url = therapist.get_absolute_url() if page == "profile" else reverse(f"directory:{page}")
        if page == "search":
            url += "?q=Robin"
        responses = []

        sql = capture(lambda: responses.append(client.get(url)))

        assert responses[0].status_code == 200
        if page != "home":
            assert "Robin Replica" in responses[0].text  # the replica sees the primary's rows
        used = [alias for alias in replicas if sql[alias]]
        assert len(used) == 1, sql
        assert any("directory_therapist" in query for query in sql[used[0]])
        # The primary serves only the database cache, which must read its own writes.
        assert sql[DEFAULT_DB_ALIAS] == cache_queries(sql[DEFAULT_DB_ALIAS])

    def test_the_admin_reads_and_writes_the_primary(self, admin_client, replicas):
        report = factories.ReportFactory()
        url = admin_url(models.Report, "change", report.pk)
        responses = []

        def close_report():
            data = post_data(admin_client.get(url))
            data["status"] = models.Report.Status.RESOLVED
            responses.append(admin_client.post(url, data))

        sql = capture(close_report)

        assert responses[0].status_code == 302, form_errors(responses[0])
        assert all(sql[alias] == [] for alias in replicas), sql
        assert any(query.startswith('UPDATE "directory_report"') for query in sql[DEFAULT_DB_ALIAS])
        report.refresh_from_db()
        assert report.status == models.Report.Status.RESOLVED

    def test_reads_after_a_write_in_the_same_request_go_to_the_primary(self, replicas):
        therapist = factories.TherapistFactory()

        def view():
            list(models.Therapist.objects.all())
            models.Therapist.objects.filter(pk=therapist.pk).update(fee=90)
            list(models.Therapist.objects.all())

        sql = capture(in_a_request(view))

        (used,) = [alias for alias in replicas if sql[alias]]
        assert len(sql[used]) == 1 and sql[used][0].startswith("SELECT")
        assert [query.split()[0] for query in sql[DEFAULT_DB_ALIAS]] == ["UPDATE", "SELECT"]

    def test_migrations_run_on_the_primary_only_and_relations_span_databases(self, replicas):
        therapist = factories.TherapistFactory()
        report = models.Report()

        report.therapist = models.Therapist.objects.using("replica1").get(pk=therapist.pk)

        assert report.therapist == therapist
        assert router.allow_migrate(DEFAULT_DB_ALIAS, "directory")
        assert not router.allow_migrate("replica1", "directory")

    def test_reads_inside_a_transaction_go_to_the_primary(self, replicas):
        factories.TherapistFactory()

        def view():
            with transaction.atomic():
                list(models.Therapist.objects.all())

        sql = capture(in_a_request(view))

        assert all(sql[alias] == [] for alias in replicas)
        assert any("directory_therapist" in query for query in sql[DEFAULT_DB_ALIAS])

    def test_unsafe_methods_read_the_primary(self, replicas):
        for method in ["post", "put", "patch", "delete"]:
            sql = capture(in_a_request(lambda: list(models.Therapist.objects.all()), method))

            assert all(sql[alias] == [] for alias in replicas), method
            assert len(sql[DEFAULT_DB_ALIAS]) == 1, method

    def test_reads_outside_a_request_go_to_the_primary(self, replicas):
        sql = capture(lambda: list(models.Therapist.objects.all()))

        assert all(sql[alias] == [] for alias in replicas)
        assert len(sql[DEFAULT_DB_ALIAS]) == 1

    def test_each_request_keeps_one_replica_and_requests_spread_over_them(self, replicas):
        chosen = []

        def view():
            aliases = {router.db_for_read(models.Therapist) for _ in range(5)}
            assert len(aliases) == 1
            chosen.extend(aliases)

        for _ in range(40):
            in_a_request(view)()

        assert sorted(set(chosen)) == replicas

    def test_the_cache_table_and_sessions_are_read_from_the_primary(self, replicas):
        cache_entry = DatabaseCache("ipt_finder_cache", {}).cache_model_class
        aliases = []

        def view():
            aliases.extend(router.db_for_read(model) for model in (cache_entry, Session))
            aliases.append(router.db_for_read(models.Therapist))

        in_a_request(view)()

        assert aliases[:2] == [DEFAULT_DB_ALIAS, DEFAULT_DB_ALIAS]
        assert aliases[2] in replicas


def test_without_replicas_everything_uses_the_primary(db):
    aliases = []
    in_a_request(lambda: aliases.append(router.db_for_read(models.Therapist)))()

    assert aliases == [DEFAULT_DB_ALIAS]
