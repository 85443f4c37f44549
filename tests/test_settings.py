import json
import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.db import connection
from django.urls import reverse

from ipt_finder.logging import StripQueryString

ROOT = Path(__file__).resolve().parent.parent


def run_manage(*args, **env):
    environment = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    environment.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize(
    "scale_out",
    [
        {"CACHE_URL": "", "DATABASE_REPLICA_URLS": ""},
        {
            "CACHE_URL": "redis://127.0.0.1:6379/1",
            "DATABASE_REPLICA_URLS": "postgres://app@replica-1:5432/ipt,postgres://app@replica-2:5432/ipt",
        },
    ],
)
def test_deploy_check_is_clean_with_production_settings(tmp_path, scale_out):
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DJANGO_DEBUG="false",
        DJANGO_SECRET_KEY="x7!Qm#2vLp9$Rt4&Wz8^Kd1*Hs6@Jf3%Nb5(Gc0)Yq-Ue+Ia=Ox_Pr~Tl",
        DJANGO_ALLOWED_HOSTS="ipt-finder.example.org",
        DATABASE_URL=f"sqlite:///{tmp_path / 'deploy.sqlite3'}",
        **scale_out,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_deploy_check_flags_the_development_secret_key(tmp_path):
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DJANGO_DEBUG="false",
        DJANGO_ALLOWED_HOSTS="ipt-finder.example.org",
        DATABASE_URL=f"sqlite:///{tmp_path / 'deploy.sqlite3'}",
    )
    assert result.returncode != 0
    assert "security.W009" in result.stderr + result.stdout


@pytest.mark.django_db
def test_pages_send_a_strict_content_security_policy(client):
    response = client.get(reverse("directory:home"))

    policy = response.headers["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert "unsafe-eval" not in policy
    assert "frame-ancestors 'none'" in policy
    assert response.headers["X-Frame-Options"] == "DENY"


def test_bootstrap_is_served_from_the_pinned_package():
    path = Path(finders.find("bootstrap/css/bootstrap.min.css"))

    assert "site-packages" in path.parts
    assert "Bootstrap  v5.3.8" in path.read_text()[:200]
    assert finders.find("bootstrap/js/bootstrap.bundle.min.js")
    assert not (ROOT / "static" / "bootstrap").exists()


def test_request_log_lines_never_include_the_query_string():
    record = logging.LogRecord(
        "django.server",
        logging.INFO,
        __file__,
        1,
        '"%s" %s %s',
        ("GET /search/?q=grief+after+divorce&zip=10001 HTTP/1.1", "200", "512"),
        None,
    )

    StripQueryString().filter(record)

    assert record.getMessage() == '"GET /search/ HTTP/1.1" 200 512'


@pytest.mark.parametrize(
    ("url", "engine", "options"),
    [
        ("", "django.db.backends.sqlite3", None),
        ("postgres://postgres@127.0.0.1:5432/ipt", "django.db.backends.postgresql", "-c jit=off"),
        (
            "postgres://postgres@127.0.0.1:5432/ipt?options=-c%20work_mem%3D64MB",
            "django.db.backends.postgresql",
            "-c work_mem=64MB -c jit=off",
        ),
    ],
)
def test_database_comes_from_database_url_with_persistent_connections(url, engine, options):
    script = (
        "import json; from django.conf import settings; d = settings.DATABASES['default']; "
        "print(json.dumps([d['ENGINE'], d['CONN_MAX_AGE'], d['CONN_HEALTH_CHECKS'], "
        "d['OPTIONS'].get('options')]))"
    )
    result = run_manage(
        "shell", "--no-imports", "-c", script, DATABASE_URL=url, DATABASE_REPLICA_URLS=""
    )

    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == [engine, 600, True, options]


def test_each_replica_url_adds_a_replica_database_that_mirrors_the_primary_in_tests():
    script = (
        "import json; from django.conf import settings; "
        "print(json.dumps({alias: [d['HOST'], d['TEST'].get('MIRROR'), "
        "d['OPTIONS'].get('options'), d['CONN_MAX_AGE']] "
        "for alias, d in settings.DATABASES.items()}))"
    )
    result = run_manage(
        "shell",
        "--no-imports",
        "-c",
        script,
        DATABASE_URL="postgres://app@primary:5432/ipt",
        DATABASE_REPLICA_URLS=" postgres://app@replica-1:5432/ipt, postgres://app@replica-2/ipt ",
    )

    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == {
        "default": ["primary", None, "-c jit=off", 600],
        "replica1": ["replica-1", "default", "-c jit=off", 600],
        "replica2": ["replica-2", "default", "-c jit=off", 600],
    }


@pytest.mark.django_db
def test_postgresql_connections_run_without_jit():
    if connection.vendor != "postgresql":
        pytest.skip("JIT is a PostgreSQL setting")
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone() == ("off",)
