"""Keep passwords and tokens out of every message, log record and traceback.

A warehouse URL can hold a secret in two places: the password of its user part
(``postgresql://ana:s3cret@db/shop``) and a query parameter (``?token=...``,
``?password=...``, ``?private_key=...``). The environment can hold more
(``PGPASSWORD``, ``SNOWFLAKE_PASSWORD``, ...). This module:

- :class:`SourceUrl` - a URL as a ``str`` whose text IS the redacted form, so printing it,
  formatting it into a message or a report shows ``***``; the real URL is kept apart and
  only :func:`real_url` hands it to the driver;
- :func:`redact` - removes every secret it knows of from a text (URL passwords and
  secret query values by pattern, plus every secret registered or found in the
  environment, literally);
- a log-record factory, installed once a secret is registered, that redacts every log
  record's message before any handler sees it.

Pure Python, no pandas/ibis: the CLI imports it to redact its error line.

>>> url = SourceUrl("postgresql://ana:s3cret@db.example.com:5432/shop?sslmode=require")
>>> str(url)
'postgresql://ana:***@db.example.com:5432/shop?sslmode=require'
>>> "s3cret" in f"{url} {url!r} {[url]}"
False
>>> redact("snowflake://u@acct/db?token=abc123&warehouse=wh")
'snowflake://u@acct/db?token=***&warehouse=wh'
"""

from __future__ import annotations

import logging
import os
import re
import threading

MASK = "***"
#: Query parameters and environment variables whose value is a secret (by name).
_SECRET_NAME = re.compile(
    r"pass(word|wd)?|pwd|token|secret|credential|private_?key|api_?key|access_?key|"
    r"auth|session_?key|sig(nature)?|jwt|client_?secret",
    re.I,
)
# scheme://user:password@host  (the password ends at the last @ before the host)
_URL_PASSWORD = re.compile(r"(?P<head>\b[a-z][a-z0-9+.\-]*://[^/\s:@]*:)(?P<pw>[^\s/?#]*)@", re.I)
_QUERY_VALUE = re.compile(r"(?P<key>[?&;][^=&\s#]+)=(?P<value>[^&\s#]*)")
_MIN_LITERAL = 4  # shorter "secrets" (an empty or 1-3 character value) are not replaced

_secrets: set[str] = set()
_lock = threading.Lock()
_factory_installed = False


def register(secret: str | None) -> None:
    """Remember ``secret`` so :func:`redact` (and every log record) removes it from now on."""
    if not secret or len(secret) < _MIN_LITERAL:
        return
    from urllib.parse import quote, unquote

    with _lock:
        _secrets.update({secret, quote(secret, safe=""), unquote(secret)})
    _install_record_factory()


def environment_secrets() -> list[str]:
    """Values of the environment variables whose name says they are secret."""
    return [
        value
        for name, value in os.environ.items()
        if _SECRET_NAME.search(name) and value and len(value) >= _MIN_LITERAL
    ]


def redact(text: object) -> str:
    """``text`` with URL passwords, secret query values and every known secret masked."""
    text = str(text)
    text = _URL_PASSWORD.sub(lambda m: m["head"] + MASK + "@", text)
    text = _QUERY_VALUE.sub(_query_value, text)
    with _lock:
        known = sorted(_secrets | set(environment_secrets()), key=len, reverse=True)
    for secret in known:
        if secret in text:
            text = text.replace(secret, MASK)
    return text


def _query_value(match: re.Match) -> str:
    if _SECRET_NAME.search(match["key"]) and match["value"]:
        return f"{match['key']}={MASK}"
    return match[0]


class SourceUrl(str):
    """A connection URL whose ``str`` is its redacted form; :func:`real_url` gives the URL.

    The real URL's secrets are registered, so they are also removed from any text that
    :func:`redact` sees (a driver's error message quoting the connection string).
    """

    _real: str

    def __new__(cls, url: str) -> SourceUrl:
        url = real_url(url) if isinstance(url, SourceUrl) else str(url)
        for secret in url_secrets(url):
            register(secret)
        shown = super().__new__(cls, redact(url))
        shown._real = url
        return shown

    def __repr__(self) -> str:
        return f"SourceUrl({str.__repr__(self)})"

    def __reduce__(self):  # pickling must not write the secret either
        return (str, (str(self),))


def as_source(value):
    """A command-line SOURCE: a connection URL as a :class:`SourceUrl`, else a ``Path``."""
    if isinstance(value, str) and "://" in value:
        return SourceUrl(value)
    from pathlib import Path

    return Path(value)


def real_url(url: str) -> str:
    """The URL with its secrets, for the driver only."""
    return url._real if isinstance(url, SourceUrl) else url


def url_secrets(url: str) -> list[str]:
    """The password of the user part and the values of secret-named query parameters."""
    from urllib.parse import parse_qsl, urlsplit

    try:
        parts = urlsplit(url)
        found = [parts.password] if parts.password else []
        query = parse_qsl(parts.query, keep_blank_values=True)
    except ValueError:  # a malformed port or bracket: fall back to the patterns
        return [m["pw"] for m in _URL_PASSWORD.finditer(url)]
    found += [value for key, value in query if _SECRET_NAME.search(key) and value]
    return found


def _install_record_factory() -> None:
    """Every log record created from now on has its message redacted (args merged in)."""
    global _factory_installed
    with _lock:
        if _factory_installed:
            return
        _factory_installed = True
    previous = logging.getLogRecordFactory()

    def factory(*args, **kwargs):
        record = previous(*args, **kwargs)
        try:
            message = record.getMessage()
        except Exception:  # a malformed record: leave it to logging's own error path
            return record
        cleaned = redact(message)
        if cleaned != message or record.args:
            record.msg, record.args = cleaned, None
        return record

    logging.setLogRecordFactory(factory)
