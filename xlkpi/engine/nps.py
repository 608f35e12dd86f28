"""NPS family as engine expressions, per period and per NPS segment (``""`` = all):
NPS, promoter/passive/detractor shares, responses, margin of error (Wald or adjusted Wald).

Valid scores are whole numbers 0-10; blank and invalid ones are left out (the reader has
already reported or, with ``nps.invalid`` ``skip``, dropped and counted them).
"""

from __future__ import annotations

import ibis

from xlkpi.engine import keys as K
from xlkpi.engine.frames.nps import COUNTS
from xlkpi.engine.plan import Plan, div, engine_kpi, on_periods, ones
from xlkpi.kpi.net_promoter import ADJUSTED_ANSWERS, ADJUSTED_EACH, PASSIVE_MIN, PROMOTER_MIN
from xlkpi.kpi.options import NPS_INTERVAL
from xlkpi.kpi.stats import z_value

Z95 = z_value(0.95)  # as K.nps_margin_of_error's default confidence


def group_counts(plan: Plan, periods: ibis.Table, segmented: bool) -> ibis.Table:
    """(p, covered, segment, promoters, passives, detractors, responses): the total (segment
    ``""``) and, when ``segmented``, each segment (trimmed, case kept)."""
    t = plan.rows("nps")
    s = t.score
    valid = s.notnull() & (s >= 0) & (s <= 10) & (s == s.round())
    t = t.mutate(
        promoters=ones(valid & (s >= PROMOTER_MIN)),
        passives=ones(valid & (s >= PASSIVE_MIN) & (s < PROMOTER_MIN)),
        detractors=ones(valid & (s < PASSIVE_MIN)),
        responses=ones(valid),
    )
    sums = {c: t[c].sum() for c in COUNTS}
    total = on_periods(periods, t.group_by("p").aggregate(**sums), zero=COUNTS)
    total = total.mutate(segment=ibis.literal(""))
    if not segmented or "segment" not in t.columns:
        return total
    t = t.mutate(segment=K.strip(t.segment))
    t = t.filter(t.segment.notnull() & (t.segment != ""))
    labels = t.select("segment").distinct()
    part = t.group_by(["p", "segment"]).aggregate(**sums).rename(p_seg="p", segment_seg="segment")
    grid = periods.cross_join(labels)
    j = grid.left_join(part, (grid.p == part.p_seg) & (grid.segment == part.segment_seg))
    each = j.select("p", "covered", **{c: j[c].fill_null(0) for c in COUNTS}, segment=j.segment)
    return ibis.union(total, each.select(*total.columns), distinct=False)


def _kpi(kpi_id: str, value, segmented: bool = False) -> None:
    @engine_kpi(kpi_id, total=segmented)
    def build(plan: Plan, periods: ibis.Table) -> ibis.Table:
        f = group_counts(plan, periods, segmented)
        return f.select("p", "covered", "segment", value=value(f, plan))


_kpi("nps", lambda f, _: 100.0 * div(f.promoters - f.detractors, f.responses), segmented=True)
_kpi("promoters_share", lambda f, _: div(f.promoters, f.responses))
_kpi("passives_share", lambda f, _: div(f.passives, f.responses))
_kpi("detractors_share", lambda f, _: div(f.detractors, f.responses))
_kpi("nps_responses", lambda f, _: f.responses.cast("float64"))


def _margin(f: ibis.Table, plan: Plan) -> ibis.Value:
    """``z × 100 × sqrt((p + d − (p − d)²) / n)`` of shares p, d (NULL without responses)."""
    p, d, size = f.promoters.cast("float64"), f.detractors.cast("float64"), f.responses
    if plan.settings.nps_interval == NPS_INTERVAL.ADJUSTED_WALD:
        p, d, size = p + ADJUSTED_EACH, d + ADJUSTED_EACH, size + float(ADJUSTED_ANSWERS)
    ps, ds = div(p, size), div(d, size)
    variance = ps + ds - (ps - ds) * (ps - ds)
    variance = ibis.ifelse(variance < 0, 0.0, variance)
    margin = Z95 * 100.0 * div(variance, size).sqrt()
    return ibis.ifelse(f.responses > 0, margin, ibis.null("float64"))


_kpi("nps_margin", _margin)
