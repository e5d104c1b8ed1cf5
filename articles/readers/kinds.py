"""The kinds of file the readers read, by extension."""

PLAIN, HTML, JSONL, FEED = "plain", "html", "jsonl", "feed"
KIND_BY_SUFFIX = {
    ".txt": PLAIN,
    ".text": PLAIN,
    ".md": PLAIN,
    ".html": HTML,
    ".htm": HTML,
    ".xhtml": HTML,
    ".jsonl": JSONL,
    ".ndjson": JSONL,
    ".json": JSONL,
    ".xml": FEED,
    ".rss": FEED,
    ".atom": FEED,
    ".feed": FEED,
}
SUPPORTED_SUFFIXES = tuple(KIND_BY_SUFFIX)
