"""CRM exports -> Leads: HubSpot contacts and deals, Salesforce leads and opportunities.

- **HubSpot contacts** (Contacts > Export, all properties): one lead per contact;
  ``Became a Marketing Qualified Lead Date`` / ``... Sales Qualified Lead Date`` /
  ``Became a Customer Date`` are the funnel dates, ``Original Source`` the source.
- **HubSpot deals** (Deals > Export): one lead per deal, won at its ``Close Date`` when its
  ``Deal Stage`` is closed won.
- **Salesforce leads** (a Leads report, Export > Details only, CSV): ``Converted Date``
  is when the lead became a qualified opportunity (sql_date).
- **Salesforce opportunities** (an Opportunities report): won at ``Close Date`` when
  ``Won`` is true.

Salesforce writes dates in the user's locale (``13/01/2025`` or ``1/13/2025``): set
Settings ``date_order`` when they are day/month dates. A report exported from Salesforce
Classic ends with footer lines (``"Grand Totals (3 records)"``, ``"Confidential Information
- Do Not Distribute"``, ``"Copyright (c) 2000-2025 salesforce.com, inc. ..."``, ``"Generated
By: ..."``): rows without a create date are left out, counted.

Sources: the Salesforce footer lines as a public pipeline analyser's tests reproduce a real
export (GitHub code search "Grand Totals (5700 records)"); HubSpot's ``Record ID``, ``Create
Date``, ``Became a ... Date`` and ``Deal Stage`` property labels from HubSpot's knowledge
base ("Export your records", knowledge.hubspot.com), not checked against a real file.
A leads report lacks ``Lead ID`` unless it was added: the lead is then its ``Email``.
"""

from __future__ import annotations

import ibis

from xlkpi.adapters.base import ROW, Adapter, lower, maybe, pick, text


def _leads(t, *, lead_id, created, source, mql=None, sql=None, won=None, customer=None):
    none = ibis.null("string")
    return {
        "leads": t.select(
            lead_id=lead_id,
            created_date=created,
            source=source,
            mql_date=none if mql is None else mql,
            sql_date=none if sql is None else sql,
            won_date=none if won is None else won,
            customer_id=none if customer is None else customer,
            **{ROW: t[ROW]},
        )
    }


def _footer(date_column: str):
    """Drops for a report's footer lines and blank rows: no create date."""

    def drops(t):
        return [("footer line(s) or row(s) without a create date",
                 text(pick(t, date_column)).isnull())]  # fmt: skip

    return drops


def _hubspot_contacts(t):
    return _leads(
        t,
        lead_id=text(t.record_id),
        created=text(t.create_date),
        source=lower(maybe(t, "original_source")),
        mql=text(maybe(t, "became_a_marketing_qualified_lead_date")),
        sql=text(maybe(t, "became_a_sales_qualified_lead_date")),
        won=text(maybe(t, "became_a_customer_date")),
        customer=text(maybe(t, "associated_company")),
    )


HUBSPOT_CONTACTS = Adapter(
    name="hubspot_contacts",
    title="HubSpot contacts export",
    signature=("record_id", "create_date", "email|first_name",
               "became_a_customer_date|became_a_marketing_qualified_lead_date"),
    labels={"lead_id": "record_id", "created_date": "create_date", "source": "original_source",
            "mql_date": "became_a_marketing_qualified_lead_date",
            "sql_date": "became_a_sales_qualified_lead_date",
            "won_date": "became_a_customer_date"},
    tables=_hubspot_contacts,
    drops=_footer("create_date"),
    yields=("leads",),
    optional=("original_source", "associated_company", "became_a_marketing_qualified_lead_date",
              "became_a_sales_qualified_lead_date", "became_a_customer_date"),
    steps="HubSpot > CRM > Contacts > Export > All properties on records, CSV",
)  # fmt: skip


def _hubspot_deals(t):
    won = lower(t.deal_stage).isin(("closed won", "closedwon"))
    return _leads(
        t,
        lead_id=text(t.record_id),
        created=text(t.create_date),
        source=lower(maybe(t, "original_source_type")),
        won=ibis.cases((won, text(t.close_date))),
        customer=text(maybe(t, "associated_company")),
    )


HUBSPOT_DEALS = Adapter(
    name="hubspot_deals",
    title="HubSpot deals export",
    signature=("record_id", "deal_name", "deal_stage", "close_date", "create_date"),
    labels={"lead_id": "record_id", "created_date": "create_date", "won_date": "close_date"},
    tables=_hubspot_deals,
    drops=_footer("create_date"),
    yields=("leads",),
    optional=("original_source_type", "associated_company"),
    steps="HubSpot > CRM > Deals > Export > All properties on records, CSV",
)


def _salesforce_leads(t):
    return _leads(
        t,
        lead_id=text(pick(t, "lead_id|email")),
        created=text(t.create_date),
        source=lower(maybe(t, "lead_source")),
        sql=text(maybe(t, "converted_date")),
    )


SALESFORCE_LEADS = Adapter(
    name="salesforce_leads",
    title="Salesforce leads report",
    signature=("lead_id|email", "lead_source", "lead_status", "create_date"),
    labels={
        "lead_id": "lead_id|email",
        "created_date": "create_date",
        "sql_date": "converted_date",
        "source": "lead_source",
    },
    tables=_salesforce_leads,
    drops=_footer("create_date"),
    yields=("leads",),
    optional=("converted_date",),
    steps="Salesforce > Reports > New Report > Leads > Export > Details Only, .csv",
)


def _salesforce_opportunities(t):
    won = lower(maybe(t, "won")).isin(("1", "true", "yes")) | (lower(t.stage) == "closed won")
    return _leads(
        t,
        lead_id=text(pick(t, "opportunity_id|opportunity_name")),
        created=text(t.created_date),
        source=lower(maybe(t, "lead_source")),
        won=ibis.cases((won, text(t.close_date))),
        customer=text(maybe(t, "account_id")),
    )


SALESFORCE_OPPORTUNITIES = Adapter(
    name="salesforce_opportunities",
    title="Salesforce opportunities report",
    signature=("opportunity_id|opportunity_name", "stage", "close_date", "created_date"),
    labels={
        "lead_id": "opportunity_id|opportunity_name",
        "created_date": "created_date",
        "won_date": "close_date",
        "source": "lead_source",
    },
    tables=_salesforce_opportunities,
    drops=_footer("created_date"),
    yields=("leads",),
    optional=("won", "lead_source", "account_id"),
    steps="Salesforce > Reports > New Report > Opportunities > Export > Details Only, .csv",
)
