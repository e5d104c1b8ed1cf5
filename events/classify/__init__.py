"""Classify events: which kind each event is, and how sure to be that it is one.

The kind table (kind_table.py) and the rules that pick a kind (kinds.py, with the diseases of
diseases.py and the arrests and abductions of captives.py) name each draft's kind; the learned
models here (judge.py), trained on hand-annotated sentences (``python -m events.train``), weigh
each draft's words and the rules' own answers, and give it a calibrated confidence and a kind.
"""
