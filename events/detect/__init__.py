"""Detect events: split sentences, parse them, find trigger words, and read whether each happened.

The first step of extraction (events/extract.py): sentence splitting, the dependency parser,
the trigger lexicon and its other senses, negation and hypotheticals (modality) and whether an
event occurred or is only planned (status)."""
