"""Ingest benchmarks: they run the runtime's commands (pipeline/), which never import them.
The command keeps its documented name, ``python -m articles.bench_ingest`` (a thin entry point
in articles/ that calls :mod:`tools.ingesttools.bench`)."""
