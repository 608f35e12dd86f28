"""The computation's in-process executor: the per-period KPIs as NumPy functions over the
reader's pandas frames, registered against their catalogue ids.

Why here, and why kept. The computation is one package, :mod:`xlkpi.engine`, entered
through :func:`xlkpi.engine.compute.compute_kpis` (``KpiResult``), which chooses the
executor (:mod:`xlkpi.engine.switch`): these functions, or the same definitions as Ibis
expressions run by DuckDB (``xlkpi.engine.run``, ``side``), which reproduce them value for
value (``tests/engine/test_switch.py``). This executor stays the report's default because
at workbook scale, in one fresh process, it costs less CPU than importing and running the
engine (the figures are at :data:`xlkpi.engine.switch.DEFAULT`), and it is the only one in
xlwings Lite (Pyodide has no Ibis): importing this package, or any module of it, never imports Ibis,
DuckDB or sqlglot (``tests/test_compute_boundary.py``).

- :mod:`.base`: the context (``Ctx``: frames cut at the as-of date, periods) and
  ``report_kpi``, the registration (``REPORT_FUNCTIONS``);
- one module per family: :mod:`.orders`, :mod:`.web`, :mod:`.leads`, :mod:`.customers`,
  :mod:`.spend`, :mod:`.nps`, :mod:`.recurring` (their side tables too: MRR bridge,
  cohorts, funnel, channels);
- :mod:`.trials` (the n behind each rate) and :mod:`.rules` (the counting rules stated).

The report (:mod:`xlkpi.report`) imports none of these: it lays out a ``KpiResult``.
"""
