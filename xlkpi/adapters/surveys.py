"""NPS survey exports: Qualtrics, Delighted, SurveyMonkey -> NPS (one row per response).

- **Qualtrics** (Data & Analysis > Export & Import > Export Data > CSV): three header
  rows (the field ids, the question texts, ``{"ImportId": ...}``); the NPS question is the
  column whose companion ``<question>_NPS_GROUP`` Qualtrics adds. Survey previews and
  test responses (``Status``) are left out, counted.
- **Delighted** (Responses > Export > CSV): ``Score`` and the response time.
- **SurveyMonkey** (Analyze Results > Save as > Export file > All responses data, CSV):
  two header rows (question, then answer labels); the NPS question is the column whose
  text asks how likely the respondent would recommend; dates are month-first.

A blank score is a non-response, skipped by the NPS reader as the contract says.

Sources: Qualtrics' three header rows and ``Status`` codes (0 IP Address, 1 Survey
Preview, 2 Survey Test, 4 Imported, 8 Spam, 9 Preview Spam, 12 Imported Spam, 16 Offline,
17 Offline Preview) from the Qualtrics support page "Response types" / "Data export
formats" (qualtrics.com/support); SurveyMonkey's ``Respondent ID``, ``Collector ID``,
``Start Date``, ``End Date``, ``IP Address``, ``Email Address``, ``First Name``,
``Last Name``, ``Custom Data 1`` and its second header row from SurveyMonkey's help
"Understanding exported data" (help.surveymonkey.com); both as those pages describe them,
not checked against a real file in this review. Delighted: NOT verified against a
real CSV; its API documents ``id``, ``person``, ``survey_type``, ``score``, ``comment``,
``created_at`` (Unix seconds) per response (delighted.com/docs/api/listing-survey-responses),
so the adapter accepts either spelling and leaves non-NPS (CSAT, CES) rows out, counted.
"""

from __future__ import annotations

import ibis

from xlkpi.adapters.base import ROW, Adapter, lower, maybe, pick, text, us_date

_LABELLED = r"^(\d{1,2})\s*[-–:]\s*\D.*$"  # "10 - Extremely likely", "0 - Not at all likely"


def _score(col):
    """The 0-10 answer: as written, or its number when the export writes the choice's
    label with it (Qualtrics' "Use choice text", SurveyMonkey's end points); anything else
    is passed on, for the NPS reader to name."""
    s = text(col)
    return ibis.cases((s.re_search(_LABELLED), s.re_extract(_LABELLED, 1)), else_=s)


def _nps_column(t):
    """Qualtrics: the question whose ``<id>_NPS_GROUP`` column is present."""
    group = next(c for c in t.columns if c.endswith("_nps_group"))
    return t[group[: -len("_nps_group")]]


def _qualtrics_prepare(t):
    # the 2nd and 3rd header rows: the question texts and the {"ImportId": ...} row
    start = text(t.startdate)
    return t.filter(~(start.startswith("{") | (lower(start) == "start date")))


def _qualtrics_drops(t):
    status = lower(t.status)
    preview = ("survey preview", "survey test", "offline survey preview", "1", "2", "17")
    spam = ("spam", "survey preview spam", "imported spam", "8", "9", "12")
    return [("survey preview or test response(s)", status.isin(preview)),
            ("response(s) flagged as spam", status.isin(spam))]  # fmt: skip


def _qualtrics_tables(t):
    email = lower(maybe(t, "recipientemail"))
    return {
        "nps": t.select(
            response_date=text(t.recordeddate).fill_null(text(t.enddate)),
            score=_score(_nps_column(t)),
            customer_id=email.fill_null(text(maybe(t, "externalreference"))),
            **{ROW: t[ROW]},
        )
    }


QUALTRICS = Adapter(
    name="qualtrics_nps",
    title="Qualtrics survey export",
    signature=("startdate", "enddate", "status", "recordeddate", "responseid", "*_nps_group"),
    labels={"response_date": "recordeddate", "customer_id": "recipientemail"},
    tables=_qualtrics_tables,
    drops=_qualtrics_drops,
    prepare=_qualtrics_prepare,
    yields=("nps",),
    optional=("recipientemail", "externalreference"),
    steps="Qualtrics > Data & Analysis > Export & Import > Export Data > CSV (Use numeric values)",
)


_DELIGHTED_DATE = "response_timestamp|created_at|response_date"


def _delighted_drops(t):
    survey = lower(maybe(t, "survey_type"))
    return [("CSAT / CES response(s) (not NPS)", survey.notnull() & (survey != "nps"))]


def _delighted_tables(t):
    return {
        "nps": t.select(
            response_date=text(pick(t, _DELIGHTED_DATE)),
            score=text(t.score),
            customer_id=lower(maybe(t, "email")),
            **{ROW: t[ROW]},
        )
    }


DELIGHTED = Adapter(
    name="delighted_nps",
    title="Delighted responses export",
    signature=("response_id|id", "score", "comment", _DELIGHTED_DATE),
    labels={"response_date": _DELIGHTED_DATE, "score": "score", "customer_id": "email"},
    tables=_delighted_tables,
    drops=_delighted_drops,
    yields=("nps",),
    optional=("email", "survey_type"),
    steps="Delighted > Responses > Export > CSV",
)


def _surveymonkey_prepare(t):
    return t.filter(text(t.respondent_id).notnull())  # the answer-label header row


def _surveymonkey_tables(t):
    return {
        "nps": t.select(
            response_date=us_date(t.end_date),
            score=_score(pick(t, "*would_recommend")),
            customer_id=lower(maybe(t, "email_address")),
            **{ROW: t[ROW]},
        )
    }


SURVEYMONKEY = Adapter(
    name="surveymonkey_nps",
    title="SurveyMonkey responses export",
    signature=("respondent_id", "collector_id", "start_date", "end_date", "*would_recommend"),
    labels={
        "response_date": "end_date",
        "score": "*would_recommend",
        "customer_id": "email_address",
    },
    tables=_surveymonkey_tables,
    prepare=_surveymonkey_prepare,
    yields=("nps",),
    optional=("email_address",),
    steps="SurveyMonkey > Analyze Results > Save as > Export file > All responses data > CSV",
)
