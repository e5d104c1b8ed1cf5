"""Project-wide pieces: ``errors`` and ``paths`` import nothing of ours and ``vocabulary`` (the
shared word lists, as data files) only ``errors``, so every package may import them without a
cycle; ``cli`` (the ``newsmap`` command) is the composition root above every package, and none
imports it."""
