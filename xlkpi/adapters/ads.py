"""Ad platforms' campaign reports: Google Ads, Meta Ads Manager, LinkedIn Campaign Manager.

Each row (a campaign on a day, or over the report's range) becomes a Spend row: channel
from the platform (``Google Ads``, ``Meta Ads``, ``LinkedIn Ads``), category
``marketing``, amount = the cost in the account's currency, clicks and impressions. A
row dated by the start of a range that spans more than one month puts all of that spend
in its first month: it is stated (download the report by day or by month instead).
Total rows (Google Ads' ``Total: ...`` lines, Meta's summary row without a campaign name)
are left out, counted. Report-title and date-range lines above the header are skipped by
the reader (it looks for the header in the first lines), and so is a UTF-16, tab-separated
file (Google Ads' "CSV for Excel", LinkedIn's exports).

Sources for the headers:

- Meta: ``Reporting starts``, ``Reporting ends``, ``Amount spent (USD)``, ``Day``, the
  summary row with an empty name (written as the first data row), and reports at the
  campaign (``Campaign name``), ad set (``Ad set name``), ad (``Ad name``) or account
  (``Account name``) level: public parsers of real Ads Manager downloads and their test
  files (GitHub code search "Parser cho Facebook Ads Manager CSV" with its sample
  ``reportads.csv``, and '"Reporting starts","Reporting ends"' test fixtures);
- Google Ads: ``Campaign report`` and the date range above the header, ``Campaign``,
  ``Day``, ``Currency code``, ``Impr.``, ``Clicks``, ``Cost``, ``Total: ...`` lines: the
  Google Ads help "Download a report" (support.google.com/google-ads/answer/2375431),
  not checked against a real file;
- LinkedIn: ``Start Date (in UTC)``, ``Account Name``, ``Campaign Name``, ``Total Spent``,
  ``Impressions``, ``Clicks`` and the title lines above them: a public SAS import of real
  Campaign Manager exports (GitHub code search "linkedin_clean_default"), whose dates are
  month-first (``mmddyy10.``).
"""

from __future__ import annotations

import ibis

from xlkpi.adapters.base import ROW, Adapter, has, maybe, passed, pick, text, us_date, whole


def _spend(t, *, channel, date, amount, clicks, impressions):
    return {
        "spend": t.select(
            date=date,
            channel=ibis.literal(channel),
            category=ibis.literal("marketing"),
            amount=ibis.cases((text(amount).isnull(), "0"), else_=passed(amount)),
            impressions=passed(impressions, whole(impressions)),
            clicks=passed(clicks, whole(clicks)),
            **{ROW: t[ROW]},
        )
    }


def _spans_months(start, end):
    """``(label, count)`` for rows whose range crosses a month boundary."""
    return (
        "{n:,} row(s) cover more than one month and are dated at their start: download "
        "the report by day or by month",
        (start.substr(0, 7) != end.substr(0, 7)).fill_null(False).sum(),
    )


# Meta Ads Manager > Reports > Export table data (.csv); "Day" when broken down by day.
def _meta_tables(t):
    day = text(maybe(t, "day")).fill_null(text(t.reporting_starts))
    clicks = text(maybe(t, "link_clicks")).fill_null(text(maybe(t, "clicks_all")))
    return _spend(t, channel="Meta Ads", date=day, amount=pick(t, "amount_spent*"),
                  clicks=clicks, impressions=t.impressions)  # fmt: skip


# the level the report is at: campaigns, ad sets, ads, or the account (one of them)
_META_NAME = "campaign_name|ad_set_name|ad_name|account_name"


def _meta_drops(t):
    blank = ibis.literal(True)
    for name in t.columns:
        if has({name}, _META_NAME):
            blank = blank & text(t[name]).isnull()
    return [("summary row(s) without a name (the report's totals, written first)", blank)]


def _meta_notes(t):
    if "day" in t.columns:
        return []
    return [_spans_months(text(t.reporting_starts), text(t.reporting_ends))]


META = Adapter(
    name="meta_ads",
    title="Meta Ads Manager report",
    signature=("reporting_starts", "reporting_ends", _META_NAME, "impressions",
               "amount_spent*"),
    labels={"date": "day|reporting_starts", "amount": "amount_spent*",
            "impressions": "impressions", "clicks": "link_clicks|clicks_all"},
    tables=_meta_tables,
    drops=_meta_drops,
    notes=_meta_notes,
    yields=("spend",),
    optional=("day", "link_clicks", "clicks_all"),
    steps="Meta Ads Manager > Campaigns > Reports > Export table data > .csv, with "
    "Breakdown > By time > Day (or Month)",
)  # fmt: skip


# Google Ads > Campaigns > Download > .csv: two title lines above the header; "Day" when
# segmented by day; total lines at the end.
_COST = "cost|cost_*"  # "Cost", or "Cost (USD)" when the currency is in the header


def _cost(t):
    """The cost column: ``cost`` or ``cost_<currency>`` (not ``cost_conv``, ``avg_cost``)."""
    for name in t.columns:
        if name == "cost" or (has({name}, "cost_*") and len(name) == len("cost_usd")):
            return t[name]
    raise KeyError("cost")


def _google_drops(t):
    total = text(t.campaign).startswith("Total") | text(t.day).startswith("Total")
    if "campaign_status" in t.columns:
        total = total | text(t.campaign_status).startswith("Total")
    return [("total line(s)", total | text(t.campaign).isnull())]


def _google_tables(t):
    return _spend(t, channel="Google Ads", date=text(t.day), amount=_cost(t),
                  clicks=t.clicks, impressions=t.impr)  # fmt: skip


GOOGLE = Adapter(
    name="google_ads",
    title="Google Ads campaign report",
    signature=("campaign", "day", "impr", "clicks", _COST),
    labels={"date": "day", "amount": _COST, "impressions": "impr", "clicks": "clicks"},
    tables=_google_tables,
    drops=_google_drops,
    yields=("spend",),
    optional=("campaign_status",),
    steps="Google Ads > Campaigns > Segment > Time > Day > Download > .csv",
)


# LinkedIn Campaign Manager > Analyze > Export (CSV): title lines above the header.
def _linkedin_tables(t):
    return _spend(t, channel="LinkedIn Ads", date=us_date(t.start_date_in_utc),
                  amount=pick(t, "total_spent*"), clicks=t.clicks,
                  impressions=t.impressions)  # fmt: skip


LINKEDIN = Adapter(
    name="linkedin_ads",
    title="LinkedIn Campaign Manager report",
    signature=("start_date_in_utc", "campaign_name", "total_spent*", "impressions", "clicks"),
    labels={
        "date": "start_date_in_utc",
        "amount": "total_spent*",
        "impressions": "impressions",
        "clicks": "clicks",
    },
    tables=_linkedin_tables,
    yields=("spend",),
    steps="LinkedIn Campaign Manager > Analyze > Time breakdown: Daily > Export > "
    "Campaign performance, CSV",
)
