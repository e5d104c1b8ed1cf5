"""Learned judgements on the events the rules propose: is it an event at all, which kind.

The rules (events/detect/triggers.py, kinds.py, events/detect/status.py...) propose drafts;
the models here, trained on hand-annotated sentences (``python -m events.train``), weigh each
draft's words and the rules' own answers, and give it a calibrated confidence and a kind.
"""
