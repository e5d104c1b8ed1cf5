"""The store's tables, as SQL, and the schema version they make.

Places are shared between events (one row per gazetteer place, keyed "gn:<geonameid>" or
"pl:<name>@<lat>,<lon>"), so an event row holds only what is particular to it: the name as
written, where it sits in the text, its date and what happened.

Version 2 (events, issue 4): an event may have no place (``place_key`` NULL: its sentence
names none); events carry their trigger, status (occurred/planned), their own location
precision, casualty qualifiers, revisions and victims. Links across articles are computed when
reading (pipeline/linking.py), so they never depend on ingest order.

Version 3 (issue 11): each event's confidence that it is real and that its kind is right
(events/classify; NULL for events stored before, which no judge weighed), whether it is told as
history (``background``), and where its place comes from (``place_source``: its own sentence,
or an earlier event, the dateline or the article's focus). A version 2 store is migrated in
place when opened for writing (MIGRATIONS).

Version 4 (issue 11): how sure the figure gate is of each event's killed and injured figures
(``killed_confidence``, ``injured_confidence``; NULL when there is no figure, or for events
stored before the gate).

Version 5: an article without a publication date of its own may be dated by the ingest's
fallback (``published_fallback``: 'default' for a date given with ``--published-default``,
'mtime' for its file's modification time; NULL for a date the article gave, or none); an
event whose date counts from such a fallback date is marked ``date_approximate``. A store of
version 4 or older reads as if nothing was dated by a fallback, and is migrated when written.
"""

from __future__ import annotations

SCHEMA_VERSION = 5

# Applied in one transaction on a fresh file; CHECKs stop bad records at the door so that a
# broken event aborts its whole article instead of landing half-written.
SCHEMA_SQL = """
CREATE TABLE meta (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE articles (
    id TEXT PRIMARY KEY,
    url TEXT UNIQUE,
    content_hash TEXT NOT NULL UNIQUE,
    title TEXT NOT NULL,
    byline TEXT,
    published DATE,
    source TEXT NOT NULL DEFAULT '',
    credit TEXT,
    text TEXT NOT NULL,
    ingested_at TEXT NOT NULL,
    published_fallback TEXT CHECK (published_fallback IN ('default', 'mtime'))
);
CREATE INDEX articles_published ON articles (published);

CREATE TABLE places (
    place_key TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    lat REAL NOT NULL CHECK (lat BETWEEN -90 AND 90),
    lon REAL NOT NULL CHECK (lon BETWEEN -180 AND 180),
    precision TEXT NOT NULL CHECK (precision IN ('town', 'admin', 'country', 'region')),
    country_code TEXT,
    geonameid INTEGER
);
CREATE INDEX places_country ON places (country_code);

CREATE TABLE events (
    id TEXT PRIMARY KEY,
    article_id TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    place_key TEXT REFERENCES places (place_key),
    role TEXT NOT NULL CHECK (role IN ('event', 'mention')),
    name TEXT NOT NULL,
    start INTEGER NOT NULL CHECK (start >= 0),
    "end" INTEGER NOT NULL CHECK ("end" >= start),
    snippet TEXT NOT NULL,
    name_start INTEGER NOT NULL,
    name_end INTEGER NOT NULL,
    date DATE,
    date_precision TEXT NOT NULL,
    kind TEXT,
    killed INTEGER CHECK (killed IS NULL OR killed >= 0),
    injured INTEGER CHECK (injured IS NULL OR injured >= 0),
    actors TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(actors)),
    status TEXT NOT NULL DEFAULT 'occurred' CHECK (status IN ('occurred', 'planned')),
    precision TEXT CHECK (precision IS NULL OR precision IN ('town', 'admin', 'country', 'region')),
    trigger TEXT NOT NULL DEFAULT '',
    trigger_start INTEGER,
    trigger_end INTEGER,
    sentence_start INTEGER,
    sentence_end INTEGER,
    killed_qualifier TEXT NOT NULL DEFAULT '',
    injured_qualifier TEXT NOT NULL DEFAULT '',
    killed_revisions TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(killed_revisions)),
    injured_revisions TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(injured_revisions)),
    victims TEXT NOT NULL DEFAULT '',
    confidence REAL CHECK (confidence IS NULL OR confidence BETWEEN 0 AND 1),
    kind_confidence REAL CHECK (kind_confidence IS NULL OR kind_confidence BETWEEN 0 AND 1),
    background INTEGER NOT NULL DEFAULT 0 CHECK (background IN (0, 1)),
    place_source TEXT NOT NULL DEFAULT 'sentence'
        CHECK (place_source IN ('sentence', 'previous', 'dateline', 'focus')),
    killed_confidence REAL
        CHECK (killed_confidence IS NULL OR killed_confidence BETWEEN 0 AND 1),
    injured_confidence REAL
        CHECK (injured_confidence IS NULL OR injured_confidence BETWEEN 0 AND 1),
    date_approximate INTEGER NOT NULL DEFAULT 0 CHECK (date_approximate IN (0, 1)),
    CHECK (place_key IS NOT NULL OR role = 'event')
);
CREATE INDEX events_date ON events (date);
CREATE INDEX events_article ON events (article_id);
CREATE INDEX events_place ON events (place_key);
CREATE INDEX events_kind ON events (kind, place_key, date);
"""

# From version N to N + 1: statements run in one transaction by store/db.py.
MIGRATIONS: dict[int, tuple[str, ...]] = {
    2: (
        "ALTER TABLE events ADD COLUMN confidence REAL "
        "CHECK (confidence IS NULL OR confidence BETWEEN 0 AND 1)",
        "ALTER TABLE events ADD COLUMN kind_confidence REAL "
        "CHECK (kind_confidence IS NULL OR kind_confidence BETWEEN 0 AND 1)",
        "ALTER TABLE events ADD COLUMN background INTEGER NOT NULL DEFAULT 0 "
        "CHECK (background IN (0, 1))",
        "ALTER TABLE events ADD COLUMN place_source TEXT NOT NULL DEFAULT 'sentence' "
        "CHECK (place_source IN ('sentence', 'previous', 'dateline', 'focus'))",
    ),
    3: (
        "ALTER TABLE events ADD COLUMN killed_confidence REAL "
        "CHECK (killed_confidence IS NULL OR killed_confidence BETWEEN 0 AND 1)",
        "ALTER TABLE events ADD COLUMN injured_confidence REAL "
        "CHECK (injured_confidence IS NULL OR injured_confidence BETWEEN 0 AND 1)",
    ),
    4: (
        "ALTER TABLE articles ADD COLUMN published_fallback TEXT "
        "CHECK (published_fallback IN ('default', 'mtime'))",
        "ALTER TABLE events ADD COLUMN date_approximate INTEGER NOT NULL DEFAULT 0 "
        "CHECK (date_approximate IN (0, 1))",
    ),
}
