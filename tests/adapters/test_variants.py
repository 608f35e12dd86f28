"""The variants real exports come in (issue 17): the same data, spelt or encoded as another
account, locale or export option writes it, gives the same hand-computed KPIs."""

from __future__ import annotations

import shutil
from pathlib import Path

import ibis
import pytest

from tests.adapters.expected import EXPECTED
from tests.adapters.test_exports import FIXTURES, _assert_expected, _values
from xlkpi.adapters import recognise
from xlkpi.adapters.base import number, whole
from xlkpi.data import check_source
from xlkpi.data.csvdir import read_headers
from xlkpi.engine.compute import kpi_table


def _write(folder: Path, name: str, text: str, encoding: str = "utf-8") -> Path:
    folder.mkdir(exist_ok=True)
    path = folder / name
    path.write_text(text, encoding=encoding, newline="")
    return path


def _note(path: Path) -> str:
    warnings: list = []
    check_source(path, warnings=warnings)
    [note] = [w for w in warnings if w.column == "(source)"]
    return note.message


def test_google_ads_csv_for_excel_utf16_tabs(tmp_path):
    """Google Ads' "Excel .csv": UTF-16 with a byte-order mark, tab-separated."""
    rows = (FIXTURES / "Campaign report.csv").read_text(encoding="utf-8").splitlines()
    import csv

    tabbed = ["\t".join(next(csv.reader([r]))) for r in rows]
    path = _write(tmp_path / "d", "Campaign report.csv", "\r\n".join(tabbed) + "\r\n", "utf-16")
    assert recognise(read_headers(path)).name == "google_ads"
    _assert_expected(_values(kpi_table(path)), EXPECTED["Campaign report.csv"])


def test_meta_ads_in_a_european_locale_semicolons_and_decimal_commas(tmp_path):
    """Amounts as ``1.234,50`` / ``123,00`` in a semicolon-separated file; the summary row
    left out; the header's currency in its name."""
    head = "Reporting starts;Reporting ends;Campaign name;Day;Amount spent (EUR);Impressions"
    head += ";Link clicks"
    text = "\n".join([
        head,
        "2025-01-01;2025-01-31;Winter sale;2025-01-13;1.123,00;20.000;400",
        "2025-01-01;2025-01-31;Winter sale;2025-01-14;77,00;10.000;100",
        "2025-01-01;2025-01-31;;;1.200,00;30.000;500",
    ]) + "\n"  # fmt: skip
    path = _write(tmp_path / "d", "export_meta.csv", text)
    values = _values(kpi_table(path))
    assert values[("2025-01", "cpc", "Meta Ads")] == pytest.approx(1200 / 500)
    assert values[("2025-01", "ctr", "Meta Ads")] == pytest.approx(500 / 30000)
    assert "1 summary row(s) without a name" in _note(path)


def test_meta_ads_at_the_account_or_ad_set_level(tmp_path):
    """An account-level report (``Account name``, ``Currency``, the dates last) and an ad
    set report, each with its summary row first: the same Spend."""
    account = "\n".join([
        '"Account name",Day,Currency,"Amount spent (USD)",Impressions,"Link clicks",'
        '"Reporting starts","Reporting ends"',
        ',,,200.00,30000,500,2025-01-13,2025-01-14',
        '"Leaf Tea",2025-01-13,USD,123.00,20000,400,2025-01-13,2025-01-14',
        '"Leaf Tea",2025-01-14,USD,77.00,10000,100,2025-01-13,2025-01-14',
    ]) + "\n"  # fmt: skip
    ad_set = account.replace('"Account name"', '"Ad set name"').replace('"Leaf Tea"', "Tea")
    for name, text in (("account.csv", account), ("ad sets.csv", ad_set)):
        path = _write(tmp_path / name, name, text)
        assert recognise(read_headers(path)).name == "meta_ads"
        values = _values(kpi_table(path))
        assert values[("2025-01", "cpc", "Meta Ads")] == pytest.approx(200 / 500), name
        assert values[("2025-01", "ctr", "Meta Ads")] == pytest.approx(500 / 30000), name


@pytest.mark.parametrize(
    ("text", "want"),
    [("1,234", 1234.0), ("1,234.50", 1234.5), ("1.234,50", 1234.5), ("12,5", 12.5),
     ("1\u00a0234,50", 1234.5), ("$49.00", 49.0), ("-3,5", -3.5), ("1234,56", 1234.56),
     ("", None), ("--", None), ("lots", None)],
)  # fmt: skip
def test_numbers_in_the_formats_exports_write(text, want):
    t = ibis.memtable({"a": [text]}, schema={"a": "string"})
    got = ibis.duckdb.connect().to_pandas(t.select(n=number(t.a)))["n"].iloc[0]
    assert (got != got) if want is None else got == pytest.approx(want)


@pytest.mark.parametrize(
    ("text", "want"), [("20.000", 20000.0), ("20,000", 20000.0), ("1.234.567", 1234567.0),
                       ("400", 400.0), ("", None)],
)  # fmt: skip
def test_counts_in_any_locale(text, want):
    t = ibis.memtable({"a": [text]}, schema={"a": "string"})
    got = ibis.duckdb.connect().to_pandas(t.select(n=whole(t.a)))["n"].iloc[0]
    assert (got != got) if want is None else got == pytest.approx(want)


def test_stripe_subscriptions_newer_headers(tmp_path):
    """Newer exports say ``Customer Name`` and ``Start Date (UTC)``: the same MRR."""
    text = (FIXTURES / "stripe_subscriptions.csv").read_text(encoding="utf-8")
    head, rest = text.split("\n", 1)
    head = head.replace("Customer Description", "Customer Name").replace(
        ",Start (UTC),", ",Start Date (UTC),"
    )
    path = _write(tmp_path / "d", "subscriptions (3).csv", head + "\n" + rest)
    assert recognise(read_headers(path)).name == "stripe_subscriptions"
    _assert_expected(_values(kpi_table(path)), EXPECTED["stripe_subscriptions.csv"])


def test_delighted_api_spelling_and_csat_rows_left_out(tmp_path):
    text = "\n".join([
        "id,person,survey_type,score,comment,created_at",
        "1,10,nps,9,,1738400000", "2,11,nps,6,too pricey,1738500000",
        "3,12,csat,5,,1738550000", "4,13,nps,10,,1738600000", "5,14,nps,4,,1738700000",
    ]) + "\n"  # fmt: skip
    path = _write(tmp_path / "d", "responses.csv", text)
    _assert_expected(_values(kpi_table(path)), EXPECTED["delighted-responses.csv"])
    assert "1 CSAT / CES response(s) (not NPS)" in _note(path)


def test_salesforce_leads_report_without_lead_id_is_keyed_by_email(tmp_path):
    src = FIXTURES / "report1736791384000.csv"
    folder = tmp_path / "d"
    folder.mkdir()
    text = src.read_text(encoding="utf-8").replace("Lead ID,", "Email,")
    _write(folder, src.name, text)
    (folder / "settings.csv").write_text("date_order,dmy\n")
    _assert_expected(_values(kpi_table(folder)), EXPECTED[src.name])
    shutil.rmtree(folder)


def test_a_ga4_aggregate_report_names_what_it_cannot_give():
    note = _note(FIXTURES / "sessions_by_day_api.csv")
    assert "11 session(s) from an aggregated report" in note
    assert "unique visitors, repeat visits, returning visitor rate, bounce rate" in note
    assert "1 session(s) on another device" in note and "3 converted session(s)" in note


def test_a_ga4_report_with_key_events_only_has_no_conversion_rate(tmp_path):
    """Key events count events (a session may have several): never a conversion rate."""
    text = "Date,Session default channel group,Sessions,Engaged sessions,Key events\n"
    text += "20250113,Direct,4,2,6\n20250114,Email,3,3,1\n"
    path = _write(tmp_path / "d", "GA4 report.csv", text)
    values = _values(kpi_table(path))
    assert values[("2025-01", "sessions")] == 7
    assert ("2025-01", "conversion_rate") not in values
    assert "conversion rate not available: Key events count events" in _note(path)


def test_a_ga4_report_without_the_date_dimension_is_named(tmp_path):
    text = "Session primary channel group (Default channel group),Sessions,Engaged sessions\n"
    text += "Organic Search,40,30\nDirect,20,10\n"
    path = _write(tmp_path / "d", "Traffic acquisition.csv", text)
    assert "2 row(s) without a Date (a totals row, or the report lacks the Date" in _note(path)


def test_nps_answers_written_with_their_labels(tmp_path):
    """SurveyMonkey (and Qualtrics with "Use choice text") may write the end points with
    their labels: "10 - Extremely likely" is 10, "0 - Not at all likely" is 0."""
    text = (FIXTURES / "Leaf NPS March.csv").read_text(encoding="utf-8")
    text = text.replace(",10,love it", ",10 - Extremely likely,love it")
    text = text.replace(",2,broken", ",0 - Not at all likely,broken")
    path = _write(tmp_path / "d", "Leaf NPS March.csv", text)
    values = _values(kpi_table(path))
    assert values[("2025-03", "nps")] == 0.0  # 8, 10, 0: one promoter, one detractor of 3
    assert values[("2025-03", "nps_responses")] == 3
