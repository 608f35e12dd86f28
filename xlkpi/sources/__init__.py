"""Sources read where they lie, for the engine: CSV/Parquet files and folders (DuckDB),
DuckDB database files, connection URLs (PostgreSQL, BigQuery, Snowflake, ... through
``ibis.connect``), a live Ibis backend or a Spark session.

- :mod:`xlkpi.sources.connect` opens a source and finds the contract's tables in it;
- :mod:`xlkpi.sources.cast` casts their columns to the contract's types (expressions);
- :mod:`xlkpi.sources.validate` runs the contract's validation as queries;
- :mod:`xlkpi.sources.api` is what the commands call (check, KPI Data, frames);
- :mod:`xlkpi.sources.secrets` keeps passwords and tokens out of every output.

Workbooks, folders of CSV files and DataFrames stay with :mod:`xlkpi.data`'s reader.
"""
