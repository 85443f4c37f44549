import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
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


def test_deploy_check_is_clean_with_production_settings(tmp_path):
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DJANGO_DEBUG="false",
        DJANGO_SECRET_KEY="x7!Qm#2vLp9$Rt4&Wz8^Kd1*Hs6@Jf3%Nb5(Gc0)Yq-Ue+Ia=Ox_Pr~Tl",
        DJANGO_ALLOWED_HOSTS="ipt-finder.example.org",
        DATABASE_URL=f"sqlite:///{tmp_path / 'deploy.sqlite3'}",
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
    ("url", "engine"),
    [
        ("", "django.db.backends.sqlite3"),
        ("postgres://postgres@127.0.0.1:5432/ipt", "django.db.backends.postgresql"),
    ],
)
def test_database_comes_from_database_url_with_persistent_connections(url, engine):
    script = (
        "from django.conf import settings; d = settings.DATABASES['default']; "
        "print(d['ENGINE'], d['CONN_MAX_AGE'], d['CONN_HEALTH_CHECKS'])"
    )
    result = run_manage("shell", "--no-imports", "-c", script, DATABASE_URL=url)

    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [engine, "600", "True"]
