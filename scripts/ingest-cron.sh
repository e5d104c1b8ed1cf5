#!/usr/bin/env sh
# Scheduled ingest for a hosted newsmap: read whatever landed in an inbox folder into the store,
# one run at a time, then move the files read to a dated archive folder. No watcher, no daemon:
# run it from cron, e.g. every 15 minutes (crontab -e):
#
#   */15 * * * * NEWSMAP_STORE=/srv/newsmap/data/newsmap.sqlite \
#       /srv/newsmap/scripts/ingest-cron.sh /srv/newsmap/inbox >> /var/log/newsmap-ingest.log 2>&1
#
# It works from any folder: it runs this project's own code (the folder above scripts/), with
# $PYTHON (default python3; e.g. PYTHON=/srv/newsmap/.venv/bin/python for a virtual
# environment). Without NEWSMAP_STORE the store is the project's data/newsmap.sqlite. Options
# after the inbox go to the ingest, e.g. --published-from-mtime to date the articles that give
# no publication date by when their file arrived.
#
# Feeds or pages to poll can be fetched into the inbox by another cron line first, e.g.
#   curl -fsS --max-time 30 --max-filesize 5000000 -o /srv/newsmap/inbox/feed-$(date +%s).xml URL
#
# Articles already in the store are recognised (by URL and content) and skipped, so a file read
# twice does no harm. The dashboard sees new events on its next rerun (no restart needed).
set -eu
INBOX="${1:?usage: ingest-cron.sh INBOX_FOLDER [ingest options...]}"
shift
if [ ! -d "$INBOX" ]; then
    echo "$(date -Is) $INBOX: no such folder (give the inbox folder to read)" >&2
    exit 2
fi
INBOX="$(cd "$INBOX" && pwd)"
ARCHIVE="$INBOX-done/$(date +%Y-%m-%d)"
LOCK="${TMPDIR:-/tmp}/newsmap-ingest.lock"
PYTHON="${PYTHON:-python3}"
# This checkout's packages first, whichever folder cron starts us in.
PROJECT="$(cd "$(dirname "$0")/.." && pwd)"
export PYTHONPATH="$PROJECT${PYTHONPATH:+:$PYTHONPATH}"

# Only one ingest at a time (flock from util-linux); a run still busy makes this one skip.
exec 9>"$LOCK"
flock -n 9 || { echo "$(date -Is) previous ingest still running: skipped"; exit 0; }

# Take a snapshot of the files present now; files arriving meanwhile wait for the next run.
BATCH="$(mktemp -d "$INBOX/.batch-XXXXXX")"
find "$INBOX" -maxdepth 1 -type f ! -name '.*' -exec mv {} "$BATCH"/ \;
if [ -z "$(ls -A "$BATCH")" ]; then
    rmdir "$BATCH"
    exit 0
fi
echo "$(date -Is) ingesting $(ls "$BATCH" | wc -l) file(s)"
if "$PYTHON" -m articles ingest "$BATCH" --quiet "$@"; then
    mkdir -p "$ARCHIVE"
    mv "$BATCH"/* "$ARCHIVE"/ && rmdir "$BATCH"
else
    status=$?
    # Leave the batch for a look (and a retry: move its files back into the inbox).
    echo "$(date -Is) ingest failed with status $status; files kept in $BATCH" >&2
    exit "$status"
fi
