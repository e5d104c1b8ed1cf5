"""What the watcher remembers of each feed between rounds and restarts, in one JSON file.

Per feed: the validators of its last answer (ETag, Last-Modified) for a conditional GET, the
items already taken (so a restart fetches no page twice), how many polls in a row failed, the
last error, and when to try next. The file sits beside the store (``newsmap-watch.json`` for
``newsmap.sqlite``) and is replaced whole: written to a temporary file in the same folder,
synced, then renamed over the old one, so a crash or a power cut mid-write leaves the old
file or the new one, never half of one. A lock file keeps a second watcher off the same state.
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path

from newsmap.errors import NewsmapError

FORMAT_VERSION = 1
# Item keys kept per feed beyond those the feed lists now: enough to cover items that drop
# out of a feed and come back (a re-sorted feed), small enough to keep the file small.
SEEN_KEPT = 1000


class WatchStateError(NewsmapError):
    """The state file cannot be read, written or locked; the message says what to do."""


@dataclass(frozen=True)
class FeedState:
    """One feed's memory: validators, items taken, failures and the next try (epoch s)."""

    etag: str | None = None
    last_modified: str | None = None
    seen: tuple[str, ...] = ()
    failures: int = 0
    next_try: float = 0.0
    last_error: str | None = None
    last_polled: float | None = None
    last_success: float | None = None
    backlog: bool = False  # items were left for the next round: fetch in full, not 304

    def with_seen(self, keys: list[str], current: set[str]) -> FeedState:
        """This state with ``keys`` taken: the newest first, those the feed still lists
        always kept, older ones up to SEEN_KEPT."""
        merged = list(dict.fromkeys([*keys, *self.seen]))
        keep = max(SEEN_KEPT, len(current))
        listed = [key for key in merged if key in current]
        others = [key for key in merged if key not in current][: max(0, keep - len(listed))]
        return replace(self, seen=tuple(listed + others))


@dataclass
class WatchState:
    """Every feed's FeedState by URL, read from and written to ``path``."""

    path: Path
    feeds: dict[str, FeedState] = field(default_factory=dict)

    def get(self, url: str) -> FeedState:
        """The state of the feed at ``url`` (a fresh one for a feed never polled)."""
        return self.feeds.get(url, FeedState())

    def put(self, url: str, state: FeedState) -> None:
        """Set one feed's state and write the whole file at once (see the module)."""
        self.feeds[url] = state
        self.save()

    def save(self) -> None:
        """Write the file atomically: a temporary file, synced, renamed over the old one."""
        data = {
            "version": FORMAT_VERSION,
            "feeds": {url: _to_json(state) for url, state in sorted(self.feeds.items())},
        }
        text = json.dumps(data, indent=1, ensure_ascii=True)
        folder = self.path.parent
        try:
            folder.mkdir(parents=True, exist_ok=True)
            handle, tmp = tempfile.mkstemp(prefix=self.path.name + ".", suffix=".tmp", dir=folder)
            try:
                with os.fdopen(handle, "w", encoding="utf-8") as out:
                    out.write(text)
                    out.flush()
                    os.fsync(out.fileno())
                os.replace(tmp, self.path)
            except BaseException:
                with contextlib.suppress(OSError):
                    os.unlink(tmp)
                raise
            _sync_folder(folder)
        except OSError as error:
            raise WatchStateError(
                f"{self.path}: cannot write the watch state ({error.strerror or error}): "
                "check that its folder is writable, or give another file with --state"
            ) from error

    @classmethod
    def load(cls, path: Path) -> WatchState:
        """The state in ``path``; an empty one when the file does not exist yet."""
        path = Path(path)
        try:
            text = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return cls(path)
        except (OSError, UnicodeDecodeError) as error:
            raise _unreadable(path, str(getattr(error, "strerror", None) or error)) from error
        try:
            data = json.loads(text)
            if data.get("version") != FORMAT_VERSION:
                raise ValueError(f"format version {data.get('version')!r}")
            feeds = {str(url): _from_json(item) for url, item in data["feeds"].items()}
        except (ValueError, TypeError, KeyError, AttributeError) as error:
            raise _unreadable(path, f"not a watch state file: {error}") from error
        return cls(path, feeds)


def default_state_path(store: Path) -> Path:
    """The state file of a store: ``newsmap-watch.json`` beside ``newsmap.sqlite``."""
    store = Path(store)
    return store.with_name(f"{store.stem}-watch.json")


@contextlib.contextmanager
def locked(path: Path) -> Iterator[None]:
    """Hold ``path``.lock for the block: a second watcher of the same state is refused."""
    try:
        import fcntl
    except ImportError:  # Windows: no advisory locks here; one watcher is the user's care
        yield
        return
    lock_path = Path(f"{path}.lock")
    try:
        lock_path.parent.mkdir(parents=True, exist_ok=True)
        handle = open(lock_path, "a+b")  # noqa: SIM115 - held open for the whole block
    except OSError as error:
        raise WatchStateError(
            f"{lock_path}: cannot create the lock file ({error.strerror or error}): check "
            "that the folder is writable, or give another state file with --state"
        ) from error
    with handle:
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as error:
            raise WatchStateError(
                f"{path}: another newsmap watch is using this state file: stop it first, or "
                "give this one its own file with --state"
            ) from error
        try:
            yield
        finally:
            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)


def _to_json(state: FeedState) -> dict:
    data = asdict(state)
    data["seen"] = list(state.seen)
    return data


def _from_json(item: dict) -> FeedState:
    known = {name: item[name] for name in FeedState.__dataclass_fields__ if name in item}
    state = FeedState(**known)
    if not isinstance(state.seen, list | tuple) or not isinstance(state.failures, int):
        raise ValueError("a feed's 'seen' must be a list and 'failures' a number")
    return replace(
        state, seen=tuple(str(key) for key in state.seen), next_try=float(state.next_try)
    )


def _sync_folder(folder: Path) -> None:
    """Make the rename itself durable (POSIX); a no-op where folders cannot be opened."""
    try:
        handle = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(handle)
    except OSError:
        pass
    finally:
        os.close(handle)


def _unreadable(path: Path, why: str) -> WatchStateError:
    return WatchStateError(
        f"{path}: cannot read the watch state ({why}). Move it aside to start afresh: every "
        "feed is then fetched in full once, and what the store holds is not stored again"
    )
