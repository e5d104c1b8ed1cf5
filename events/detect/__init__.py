"""Detect events: split sentences, parse them, find trigger words, and group them into events.

The first step of extraction (events/extract.py): sentence splitting (sentences.py), the
dependency parser (parsing.py) and which sentences it parses (parse_gate.py), the trigger
lexicon and its other senses (triggers.py, trigger_senses.py), which triggers of a sentence
tell one event (grouping.py), negation and hypotheticals (modality.py) and whether an event
occurred or is only planned (status.py).
"""
