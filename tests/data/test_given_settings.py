"""Settings given beside the source (``--setting KEY=VALUE``, the API's ``settings=``):
every key of the one declaration (``SETTINGS_KEYS``) is accepted, read by the Settings
sheet's own parser, and beats the source's Settings (a sheet, a warehouse's table)."""

from __future__ import annotations

import duckdb
import pandas as pd
import pytest
from click.testing import CliRunner

from xlkpi.cli import main
from xlkpi.data import read_source
from xlkpi.data.contract import SETTINGS_KEYS
from xlkpi.data.raw import RawSheet
from xlkpi.data.settings import choose, read_settings, setting_values
from xlkpi.errors import OptionError
from xlkpi.kpi.catalogue import report_kpis
from xlkpi.sources import api

#: a value of each kind of Settings key, as a user types it (a new kind fails the test
#: below until it has one here)
SAMPLES = {
    "text": "eur",
    "grain": "Quarter",
    "date": "2026-03-31",
    "number": "5",
    "fraction": "20%",
    "kpis": lambda key: f"{report_kpis()[1].id}, {report_kpis()[0].id}",
    "time_zone": "Australia/Sydney",
    "option": lambda key: _number_option(key),  # from its declared bounds
}
ORDERS = pd.DataFrame(
    {"order_id": ["1", "2"], "order_date": ["2025-02-01 03:00:00+00:00", "13/01/2025"],
     "customer_id": ["C1", "C2"], "revenue": [10.0, 5.0]}
)  # fmt: skip


def sample(key: str) -> str:
    """A value of Settings key ``key`` other than its default."""
    kind, allowed = SETTINGS_KEYS[key]
    if allowed:  # a choice, an option, a preset, a grain: not the default one
        default = getattr(_defaults(), key, None)
        return next(str(a).upper() for a in allowed if a != default)
    value = SAMPLES[kind]
    return value(key) if callable(value) else value


def _number_option(key: str) -> str:
    """A whole number inside the option's bounds, other than its default."""
    from xlkpi.kpi.options import by_setting

    option = by_setting(key)
    low = max(option.bounds[0], 0)
    return str(int(low) + 1 if option.default == int(low) else int(low))


def _defaults():
    from xlkpi.data.model import Settings

    return Settings()


def _sheet(pairs) -> RawSheet:
    keys = pd.Series([k for k, _ in pairs], dtype=object)
    values = pd.Series([v for _, v in pairs], dtype=object)
    return RawSheet("Settings", "settings", ["key", "value"], [keys, values], 2)


def test_every_kind_of_key_has_a_sample():
    kinds = {kind for kind, allowed in SETTINGS_KEYS.values() if not allowed}
    assert kinds <= set(SAMPLES)


@pytest.mark.parametrize("key", list(SETTINGS_KEYS))
def test_every_key_is_read_as_the_settings_sheet_reads_it(key):
    """One parser: ``--setting key=value`` gives what a sheet's cell gives, the value
    differs from the default (so the key is really set), and reading it back is the same
    (a parsed value is itself again)."""
    value = sample(key)
    sheet, fatal, _ = read_settings(_sheet([(key, value)]))
    assert fatal == []
    given = setting_values([f"{key}={value}"])
    assert given == {key: getattr(sheet, key)}
    assert given[key] != getattr(_defaults(), key)
    assert setting_values(given) == given


@pytest.mark.parametrize("key", list(SETTINGS_KEYS))
def test_every_key_reaches_the_workbook_reader_and_the_engine(key, tmp_path):
    value = sample(key)
    (parsed,) = setting_values({key: value}).values()
    raw = read_source({"Orders": ORDERS.head(1)}, settings={key: value})
    assert getattr(raw.settings, key) == parsed
    path = tmp_path / "shop.duckdb"
    con = duckdb.connect(str(path))
    con.execute("CREATE TABLE orders AS SELECT * FROM ORDERS LIMIT 1")
    con.close()
    source = api.opened(str(path), {key: value})
    assert getattr(source.settings().settings, key) == parsed


def test_unknown_keys_and_bad_values_are_named():
    with pytest.raises(OptionError, match=r"unknown setting 'timezone'; known: currency, "):
        setting_values(["timezone=UTC"])
    with pytest.raises(OptionError, match=r"setting date_order 'ymd': expected one of dmy, mdy"):
        setting_values({"date_order": "ymd"})
    with pytest.raises(OptionError, match=r"setting 'time_zone': expected KEY=VALUE"):
        setting_values(["time_zone"])
    with pytest.raises(OptionError, match=r"setting as_of: no value given"):
        setting_values(["as_of="])


def test_given_settings_beat_the_sheet_and_the_preset():
    """A sheet says UTC and mdy; the given Settings say Sydney and dmy: the given win,
    for the dates too (typed under them); a preset does not undo a given option."""
    settings_sheet = pd.DataFrame([("time_zone", "UTC"), ("date_order", "mdy")],
                                  columns=["key", "value"])  # fmt: skip
    given = {"time_zone": "Australia/Sydney", "date_order": "dmy", "churn_window": "period"}
    raw = read_source({"Orders": ORDERS, "Settings": settings_sheet}, settings=given,
                      preset="stripe")  # fmt: skip
    assert (raw.settings.time_zone, raw.settings.date_order) == ("Australia/Sydney", "dmy")
    assert raw.settings.churn_window == "period" and raw.settings.preset == "stripe"
    dates = raw.tables["orders"].frame.order_date.dt.strftime("%Y-%m-%d %H:%M").tolist()
    assert dates == ["2025-02-01 14:00", "2025-01-13 00:00"]
    assert choose(raw.settings, preset="stripe").churn_window == "period"
    assert choose(raw.settings.__class__(), preset="stripe").churn_window == "rolling_30d"


def _kpis(*args) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["kpis", *map(str, args)])
    return result.exit_code, result.stdout if result.exit_code == 0 else result.output


def test_the_flag_on_a_workbook_and_a_duckdb_file_gives_what_their_settings_give(tmp_path):
    """``--setting`` on each source equals the source's own Settings saying the same."""
    book = tmp_path / "shop.xlsx"
    with pd.ExcelWriter(book) as writer:
        ORDERS.to_excel(writer, sheet_name="Orders", index=False)
    path = tmp_path / "shop.duckdb"
    con = duckdb.connect(str(path))
    con.execute("CREATE TABLE orders AS SELECT * FROM ORDERS")
    con.close()
    flags = ["--setting", "date_order=dmy", "--setting", "time-zone=America/Los_Angeles"]
    code, from_book = _kpis(book, *flags)
    assert code == 0, from_book
    assert _kpis(path, *flags) == (0, from_book)
    con = duckdb.connect(str(path))
    con.execute("CREATE TABLE settings (key text, value text)")
    con.execute("INSERT INTO settings VALUES ('date_order', 'dmy'), ('time_zone', 'UTC')")
    con.close()
    assert _kpis(path, "--setting", "time_zone=America/Los_Angeles") == (0, from_book)
    assert _kpis(path) != (0, from_book)  # the table alone: UTC, another day
    assert "2025-01,orders,,2.0" in from_book  # 1 February 03:00 UTC is 31 January in LA


def test_a_bad_flag_is_a_usage_error_naming_it(tmp_path):
    code, out = _kpis(tmp_path, "--setting", "time_zone=Mars/Olympus")
    assert code == 2
    assert "Invalid value for '--setting': setting time_zone 'Mars/Olympus': expected a time" in out
    code, out = _kpis(tmp_path, "--setting", "colour=blue")
    assert code == 2 and "unknown setting 'colour'; known: currency" in out
