"""Locate events: which place an event happened at.

The dependency parse climbs from a trigger to the place phrases around it (phrases.py); rules
and a learned ranker (attach.py, attach_features.py, attach_model.py with attach_weights.json,
made by ``python -m events.train_attach``) pick the event's place; a disaster sentence is
placed without a parse (shallow.py), and an event whose sentence names no place takes the
article's (article_place.py).
"""
