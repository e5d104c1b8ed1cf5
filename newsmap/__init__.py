"""Project-wide pieces: ``errors`` and ``paths`` import nothing of ours, so every package may
import them without a cycle; ``cli`` (the ``newsmap`` command) is the composition root above
every package, and none imports it."""
