"""Measure events: when each happened, how many were killed or injured, and who took part.

Dates are read from the sentence and resolved against the publication date (dating.py; events
of articles the ingest had to date are marked approximate, approximate_dates.py); casualty
figures are read from the sentence (casualties.py, with the numbers of counts.py, the groups
that add up of casualty_groups.py and deaths told without a number in lone_victims.py) and
given to their events (sentence_casualties.py); per-country totals count
each death once (tolls.py); actors come from the parse (actors.py).
"""
