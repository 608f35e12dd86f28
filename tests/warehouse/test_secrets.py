"""A password or token, in a URL or in the environment, never shows: not in a message, a
log record, an exception's text or traceback, nor on the terminal of ``xlkpi``."""

from __future__ import annotations

import logging
import os
import pickle
import subprocess
import sys
import traceback
from pathlib import Path

import pytest

from xlkpi.errors import SourceError
from xlkpi.sources.connect import open_source
from xlkpi.sources.secrets import SourceUrl, real_url, redact, url_secrets

ROOT = Path(__file__).resolve().parents[2]
SECRET = "Wr0ng-Pa55-d1e8"


@pytest.mark.parametrize(
    ("url", "secret"),
    [
        (f"postgresql://ana:{SECRET}@db.example.com:5432/shop", SECRET),
        ("postgresql://ana:p%40ss%2Fw0rd@db/shop?sslmode=require", "p%40ss%2Fw0rd"),
        ("postgresql://ana:p@ss!word@db/shop", "p@ss!word"),
        (f"postgres://ana@db/shop?password={SECRET}&sslmode=require", SECRET),
        (f"snowflake://ana:{SECRET}@acct-1/db/schema?warehouse=wh", SECRET),
        (f"snowflake://ana@acct-1/db/schema?token={SECRET}", SECRET),
        (f"bigquery://project/dataset?credentials_info={SECRET}", SECRET),
        (f"trino://ana@host/cat?access_token={SECRET}", SECRET),
        (f"mssql://ana@host/db?api_key={SECRET}&x=1", SECRET),
    ],
)
def test_every_url_form_of_a_secret_is_redacted(url, secret):
    assert secret in url_secrets(url) or secret.replace("%40", "@") in url_secrets(url)
    shown = SourceUrl(url)
    for text in (str(shown), repr(shown), f"{shown}", f"{shown!r}", str([shown]), redact(url)):
        assert secret not in text
        assert "***" in text
    assert real_url(shown) == url
    assert secret not in pickle.dumps(shown).decode("latin-1")
    assert "@" in str(shown) or "?" in str(shown)  # still recognisable: host and database kept


def test_a_url_without_a_secret_is_shown_whole():
    url = "postgresql://ana@db.example.com:5432/shop?sslmode=require"
    assert str(SourceUrl(url)) == url
    assert redact("duckdb:///data/shop.duckdb") == "duckdb:///data/shop.duckdb"


def test_secret_environment_variables_are_redacted_from_any_text(monkeypatch):
    monkeypatch.setenv("SNOWFLAKE_PASSWORD", "env-Secret-31x")
    monkeypatch.setenv("XLKPI_API_TOKEN", "tok-77aa")
    monkeypatch.setenv("HOME_NAME", "not-a-secret-value")
    text = redact("auth failed with env-Secret-31x and tok-77aa for not-a-secret-value")
    assert "env-Secret-31x" not in text and "tok-77aa" not in text
    assert "not-a-secret-value" in text


def _assert_hidden(secret: str, exc: BaseException, caplog) -> None:
    shown = "".join(traceback.format_exception(exc))
    assert secret not in shown
    assert exc.__cause__ is None and exc.__context__ is None  # no driver text chained
    for record in caplog.records:
        assert secret not in record.getMessage()
        assert secret not in str(record.args or "")


def _unreachable(pg, case: str) -> tuple[str, str]:
    """(URL, secret) of a warehouse that refuses or cannot be reached."""
    if case == "wrong password":
        return pg.url(password=SECRET), SECRET
    if case == "token in query":
        return f"postgresql://xlkpi@127.0.0.1:{pg.port}/postgres?password={SECRET}", SECRET
    if case == "bad host":
        return f"postgresql://xlkpi:{SECRET}@no-such-host.invalid:5432/shop", SECRET
    return f"bigquery://project/dataset?credentials_info={SECRET}", SECRET  # not installed


CASES = ["wrong password", "token in query", "bad host", "backend not installed"]


@pytest.mark.parametrize("case", CASES)
def test_an_unreachable_warehouse_is_one_redacted_error(pg, case, caplog):
    caplog.set_level(logging.DEBUG)
    url, secret = _unreachable(pg, case)
    with pytest.raises(SourceError) as caught:
        open_source(url)
    message = str(caught.value)
    assert secret not in message
    assert message.startswith(str(SourceUrl(url)))  # the URL, redacted, names the source
    _assert_hidden(secret, caught.value, caplog)


def test_a_wrong_password_from_the_environment_never_shows(pg, monkeypatch, caplog):
    caplog.set_level(logging.DEBUG)
    monkeypatch.setenv("PGPASSWORD", SECRET)
    with pytest.raises(SourceError) as caught:
        open_source(f"postgresql://xlkpi@127.0.0.1:{pg.port}/postgres")
    assert "password authentication failed" in str(caught.value)
    _assert_hidden(SECRET, caught.value, caplog)


@pytest.mark.parametrize("case", CASES)
def test_the_cli_prints_one_error_line_without_the_secret(pg, tmp_path, case):
    """The real command, in its own process (as a user runs it): kpis."""
    url, secret = _unreachable(pg, case)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    env.pop("XLKPI_DEBUG", None)
    argv = [sys.executable, "-m", "xlkpi", "kpis", url]
    done = subprocess.run(argv, capture_output=True, text=True, env=env, timeout=120)
    assert done.returncode == 1
    assert secret not in done.stdout + done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"xlkpi: error: {url.split(':')[0]}://")


@pytest.mark.parametrize("command", ["check", "build"])
@pytest.mark.parametrize("case", CASES)
def test_check_and_build_print_one_error_line_without_the_secret(pg, tmp_path, command, case):
    from click.testing import CliRunner

    from xlkpi.cli import main

    url, secret = _unreachable(pg, case)
    argv = [command, url] + (["-o", str(tmp_path / "report.xlsx")] if command == "build" else [])
    done = CliRunner().invoke(main, argv)
    assert done.exit_code == 1
    assert secret not in done.output
    lines = done.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"xlkpi: error: {url.split(':')[0]}://")
    assert not list(tmp_path.iterdir())
