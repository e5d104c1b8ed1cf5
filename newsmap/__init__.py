"""Project-wide pieces: ``errors``, ``paths``, ``pattern_reading`` and ``prefilter`` (a regular
expression behind a cheap test that rules out a match) import nothing of ours but each other,
and ``vocabulary`` (the shared word lists, as data files) only ``errors``, so every package may
import them without a cycle; ``cli`` (the ``newsmap`` command) is the composition root above
every package, and none imports it."""
