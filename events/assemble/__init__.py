"""Assemble events: one event told in several sentences becomes one, then stored records.

Drafts of one article are merged (merge.py: later tellings join the first, with all their
figures) and written as Event records (records.py: one per event and place, mentions for the
other places).
"""
