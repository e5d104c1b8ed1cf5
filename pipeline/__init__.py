"""The composition root: the ingest (read -> geoparse -> events -> store, in one process or on
a Dask cluster), the command line, the settings and the choice of models.

Every package below (articles, geodata, events, store, dashboard) is a stage or a view that
takes its inputs as arguments; this package decides which ones run together. Nothing below
imports it at module level; the dashboard's page reaches the same ingest through
:func:`pipeline.ingest.ingest_paths`.
"""
