"""``python -m newsmap``: the ``newsmap`` command (newsmap.cli) without installing it."""

import sys

from newsmap.cli import main

sys.exit(main())
