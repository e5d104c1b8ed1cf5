"""Watching feeds: poll RSS/Atom feeds on a schedule and ingest each new item (``newsmap watch``).

``feedlist`` reads the list of feeds (text or OPML), ``state`` keeps what each feed gave,
``schedule`` says when each is due, ``politeness`` spaces requests per host and reads
robots.txt, ``items`` turns a feed and its pages into articles, ``poll`` runs a round,
``sink`` ingests into the store, and ``cli`` is the command. Importing it does no I/O.
"""
