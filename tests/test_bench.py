"""The search benchmark: its URL mix, its figures and table, its servers, and a short run."""

import json
import os
import re
import runpy
import sqlite3
import subprocess
import sys
from io import BytesIO, StringIO
from urllib.parse import parse_qsl, urlsplit
from wsgiref.util import setup_testing_defaults

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import connection
from django.http import QueryDict
from django.urls import Resolver404, resolve

from ipt_finder.directory.bench import load, report
from ipt_finder.directory.bench.mix import MIX, SIZES, MixBuilder
from ipt_finder.directory.models import Therapist
from ipt_finder.directory.search.views import TherapistSearchView
from tests.factories import (
    ConditionFactory,
    InsurancePlanFactory,
    LanguageFactory,
    LocationFactory,
    TherapistFactory,
)

CLASSES = [
    "home",
    "profile",
    "search: empty",
    "search: 1 filter",
    "search: 2-4 filters",
    "search: text",
    "search: place",
    "search: insurer",
    "search: deep page",
]
PLACES = [("10001", "New York", "NY", "40.750600"), ("78701", "Austin", "TX", "30.271000")]


# Figures and the table


def test_percentile_is_the_nearest_rank():
    values = list(range(100, 0, -1))  # 100 .. 1, unsorted on purpose
    assert report.percentile(values, 50) == 50
    assert report.percentile(values, 99) == 99
    assert report.percentile(values, 100) == 100
    assert report.percentile([3.0, 1.0, 2.0], 50) == 2.0
    assert report.percentile([3.0, 1.0, 2.0], 99) == 3.0
    assert report.percentile([7], 1) == 7
    assert report.percentile([], 50) is None


def test_summarise_counts_every_status_but_200_as_an_error():
    run = load.Run(requests=[(0.0, 0.1, 200), (0.5, 0.2, 500), (1.0, 0.3, 0), (1.5, 0.5, 200)])
    row = report.summarise("search: text", "warm", run)
    assert (row.requests, row.errors) == (4, 2)
    assert row.rate == pytest.approx(4 / 2.0)  # first start 0.0, last end 2.0
    assert (row.p50, row.p99) == (0.2, 0.5)


def test_summarise_adds_runs_without_the_time_between_them():
    first = load.Run(requests=[(0.0, 1.0, 200)])
    second = load.Run(requests=[(100.0, 1.0, 200), (100.5, 0.5, 200)])
    row = report.summarise("bare view", "warm", first, second)
    assert row.requests == 3
    assert row.rate == pytest.approx(3 / 2.0)


def test_the_table_has_a_line_per_row_with_aligned_columns():
    rows = [
        report.Row("bare view", "warm", 65_000, 0, 6_512.3, 0.0011, 0.0032, 1.0),
        report.Row("search: text", "cold", 9, 1, 0.43, 7.61, 8.9, 0.43 / 6512.3, "10"),
    ]
    lines = report.table(rows).splitlines()
    assert lines[0].split() == ["class", "phase", "requests", "errors", "req/s", "p50", "p99",
                                "of", "bare", "queries"]  # fmt: skip
    assert "bare view" in lines[1] and "6,512" in lines[1] and "1.1 ms" in lines[1]
    assert "100%" in lines[1] and lines[1].rstrip().endswith("-")
    assert "search: text" in lines[2] and "7.61 s" in lines[2] and "8.90 s" in lines[2]
    assert "0.43" in lines[2] and "0.01%" in lines[2] and lines[2].endswith("10")
    # Right-aligned numbers end in the same column.
    assert lines[1].index("6,512") + 5 == lines[2].index("0.43") + 4
    markdown = report.markdown(rows).splitlines()
    assert markdown[1].startswith("| --- | --- | ---: |")
    assert markdown[3].startswith("| search: text | cold | 9 | 1 |")


def test_shares_split_or_rotate_the_urls():
    paths = [f"/{n}" for n in range(10)]
    once = load.shares(paths, 4, once=True)
    assert sorted(p for share in once for p in share) == paths
    assert [len(share) for share in once] == [3, 3, 2, 2]
    cycling = load.shares(paths, 4, once=False)
    assert all(sorted(share) == paths for share in cycling)
    assert [share[0] for share in cycling] == ["/0", "/2", "/5", "/8"]


# The URL mix


@pytest.fixture
def listings(db):
    """Twenty-five listings with offices at real ZIP codes, languages, conditions, plans."""
    plan = InsurancePlanFactory(insurer__slug="aetna", insurer__name="Aetna", slug="ppo")
    depression = ConditionFactory(slug="depression", name="Depression")
    spanish = LanguageFactory(code="es", name="Spanish")
    for number in range(25):
        therapist = TherapistFactory(
            bio="I help with grief, depression and role transitions.", evening_hours=number % 2
        )
        postal_code, city, state, latitude = PLACES[number % 2]
        LocationFactory(
            therapist=therapist, postal_code=postal_code, city=city, state=state, latitude=latitude
        )
        if number % 3 == 0:
            therapist.conditions.add(depression)
            therapist.languages.add(spanish)
            therapist.insurance_plans.add(plan)
    TherapistFactory(status="pending", slug="not-published")


def test_the_mix_has_every_class_of_real_urls(listings):
    classes = MixBuilder(seed=3).classes()
    assert list(classes) == [*CLASSES, MIX]
    searches = [url for name in CLASSES[2:] for url in classes[name]]
    assert sorted(classes[MIX]) == sorted(set(searches))
    for name in ("search: 1 filter", "search: 2-4 filters"):
        assert len(classes[name]) >= SIZES[name] * 0.8, name
    profiles = {url.split("/")[2] for url in classes["profile"]}
    assert profiles == set(Therapist.objects.published().values_list("slug", flat=True))
    for url in classes["search: place"]:
        near = dict(parse_qsl(urlsplit(url).query))["near"]
        assert near in {"10001", "78701", "New York, NY", "Austin, TX"}
    for url in classes["search: 2-4 filters"]:
        names = {name for name, _ in parse_qsl(urlsplit(url).query)}
        assert 2 <= len(names) <= 4, url
    assert all("insurer=" in url or "plan=" in url for url in classes["search: insurer"])
    assert all("q=" in url for url in classes["search: text"])
    # Two pages of results: the deep pages are the last one.
    assert {url.rsplit("page=", 1)[1] for url in classes["search: deep page"]} == {"2"}


def test_every_search_in_the_mix_is_valid_and_a_sample_of_each_class_is_served(listings, client):
    classes = MixBuilder(seed=5).classes()
    for url in classes[MIX]:
        data = QueryDict(urlsplit(url).query)
        form = TherapistSearchView.filterset_class(data, queryset=Therapist.objects.none()).form
        assert form.is_valid(), (url, form.errors)
    for name in CLASSES:
        for url in classes[name][:4]:
            response = client.get(url)
            assert response.status_code == 200, url
            if name.startswith("search"):
                assert not response.context["filter"].form.errors, url


def test_the_same_seed_gives_the_same_mix(listings):
    first = MixBuilder(seed=9).classes()
    second = MixBuilder(seed=9).classes()
    del first["profile"], second["profile"]  # profiles are drawn by the database
    assert first == second


# The servers


def test_the_bare_view_is_served_by_its_own_app_and_not_by_the_site(db):
    from ipt_finder.bench_wsgi import application

    def get(path):
        environ = {"PATH_INFO": path, "HTTP_HOST": "localhost", "wsgi.url_scheme": "https"}
        setup_testing_defaults(environ)
        environ["wsgi.input"] = BytesIO()
        statuses = []
        response = application(environ, lambda status, headers: statuses.append(status))
        body = b"".join(response)
        response.close()
        return statuses[0], body

    assert get("/") == ("200 OK", b"ok")
    assert get("/search/")[0].startswith("404")
    with pytest.raises(Resolver404):
        resolve("/bench/")
    assert resolve("/").url_name == "home"


def test_the_gunicorn_config_takes_its_workers_and_bind_from_the_environment(monkeypatch):
    path = settings.BASE_DIR / "gunicorn.conf.py"
    monkeypatch.setenv("WEB_CONCURRENCY", "3")
    monkeypatch.setenv("GUNICORN_BIND", "0.0.0.0:9000")
    config = runpy.run_path(str(path))
    assert (config["workers"], config["bind"]) == (3, ["0.0.0.0:9000"])
    assert config["accesslog"] is None
    assert "%(U)s" in config["access_log_format"] and "%(r)s" not in config["access_log_format"]
    assert "%(h)s" not in config["access_log_format"]
    monkeypatch.delenv("WEB_CONCURRENCY")
    assert runpy.run_path(str(path))["workers"] == len(os.sched_getaffinity(0)) * 2 + 1


# A short run of the command


def test_the_command_needs_listings_and_classes_that_exist(listings):
    with pytest.raises(CommandError, match="--only matches no class"):
        call_command("bench_search", "--only", "nothing-like-this")
    with pytest.raises(CommandError, match="--connections must be at least 1"):
        call_command("bench_search", "--connections", "0")
    Therapist.objects.all().delete()
    with pytest.raises(CommandError, match="No published listings"):
        call_command("bench_search")


def database_url(tmp_path):
    """A URL another process can open for the test database, with what it holds now."""
    if connection.vendor == "sqlite":
        path = tmp_path / "bench.sqlite3"
        connection.ensure_connection()
        copy = sqlite3.connect(path)
        connection.connection.backup(copy)
        copy.close()
        return f"sqlite:///{path}"
    db = connection.settings_dict
    return f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"


@pytest.mark.bench
@pytest.mark.django_db(transaction=True)
def test_a_short_run_prints_a_table_with_every_class(tmp_path):
    call_command("generate_listings", "30", "--seed", "4", verbosity=0, stdout=StringIO())
    figures = tmp_path / "figures.json"
    env = {**os.environ, "DATABASE_URL": database_url(tmp_path)}
    command = [sys.executable, "manage.py", "bench_search", "--duration", "1", "--json", figures,
               "--connections", "2", "--client-processes", "1", "--query-sample", "1"]  # fmt: skip
    done = subprocess.run(
        command, cwd=settings.BASE_DIR, env=env, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert "30 published listings" in lines[0]
    printed = {tuple(re.split(r"\s{2,}", line)[:2]) for line in lines[2:]}
    expected = {("bare view", "warm"), (MIX, "warm")}
    expected |= {(name, phase) for name in CLASSES for phase in ("cold", "warm")}
    assert expected <= printed, done.stdout
    rows = json.loads(figures.read_text())["rows"]
    assert {(row["name"], row["phase"]) for row in rows} == expected
    for row in rows:
        assert row["requests"] > 0 and row["errors"] == 0, row
        assert row["p50"] <= row["p99"], row
        if row["phase"] == "warm" and row["name"] != "bare view":
            assert int(row["queries"].split("-")[-1]) > 0, row
