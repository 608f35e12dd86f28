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
Settings ``date_order`` when they are day/month dates.
"""

from __future__ import annotations

import ibis

from xlkpi.adapters.base import ROW, Adapter, lower, maybe, text


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


def _hubspot_contacts(t):
    return _leads(
        t,
        lead_id=text(t.record_id),
        created=text(t.create_date),
        source=lower(maybe(t, "original_source")),
        mql=text(t.became_a_marketing_qualified_lead_date),
        sql=text(t.became_a_sales_qualified_lead_date),
        won=text(t.became_a_customer_date),
        customer=text(maybe(t, "associated_company")),
    )


HUBSPOT_CONTACTS = Adapter(
    name="hubspot_contacts",
    title="HubSpot contacts export",
    signature=("record_id", "create_date", "became_a_marketing_qualified_lead_date",
               "became_a_sales_qualified_lead_date", "became_a_customer_date"),
    tables=_hubspot_contacts,
    yields=("leads",),
    optional=("original_source", "associated_company"),
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
    tables=_hubspot_deals,
    yields=("leads",),
    optional=("original_source_type", "associated_company"),
    steps="HubSpot > CRM > Deals > Export > All properties on records, CSV",
)


def _salesforce_leads(t):
    return _leads(
        t,
        lead_id=text(t.lead_id),
        created=text(t.create_date),
        source=lower(maybe(t, "lead_source")),
        sql=text(t.converted_date),
    )


SALESFORCE_LEADS = Adapter(
    name="salesforce_leads",
    title="Salesforce leads report",
    signature=("lead_id", "lead_source", "lead_status", "create_date", "converted_date"),
    tables=_salesforce_leads,
    yields=("leads",),
    steps="Salesforce > Reports > New Report > Leads > Export > Details Only, .csv",
)


def _salesforce_opportunities(t):
    won = lower(t.won).isin(("1", "true", "yes"))
    return _leads(
        t,
        lead_id=text(t.opportunity_id),
        created=text(t.created_date),
        source=lower(maybe(t, "lead_source")),
        won=ibis.cases((won, text(t.close_date))),
        customer=text(maybe(t, "account_id")),
    )


SALESFORCE_OPPORTUNITIES = Adapter(
    name="salesforce_opportunities",
    title="Salesforce opportunities report",
    signature=("opportunity_id", "stage", "close_date", "created_date", "won"),
    tables=_salesforce_opportunities,
    yields=("leads",),
    optional=("lead_source", "account_id"),
    steps="Salesforce > Reports > New Report > Opportunities > Export > Details Only, .csv",
)
