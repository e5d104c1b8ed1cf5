"""Bytes from disk to text: size limit first, then empty/binary checks, then the encoding.

The order matters: the size is checked with ``stat`` before anything is read, so a 50 GB file
costs nothing; at most ``max_bytes + 1`` bytes are ever read (a file growing meanwhile is still
caught). Text is UTF-8 (a BOM is dropped), else the encoding the file declares (XML, HTML), else
cp1252, else Latin-1 (which decodes any byte). A successful fallback is not reported: old
Windows-1252 news files are common and decode right. But UTF-8 with a few stray invalid bytes
(at most one for each valid non-ASCII character) is UTF-8 with those bytes replaced by U+FFFD,
and :func:`decode_text` says so: any single-byte fallback would garble every other non-ASCII
character, or turn them into so many control characters that the file looked binary. A file
with NUL bytes or many control characters is binary and is refused rather than turned into
mojibake.
"""

from __future__ import annotations

import codecs
import re
import stat
from dataclasses import dataclass
from pathlib import Path

DEFAULT_MAX_BYTES = 10_000_000

# Share of control characters (other than tab, newlines, form feed) above which bytes are binary.
_MAX_CONTROL_SHARE = 0.02
_FFFD = "\ufffd"
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")
_DECLARED = (
    re.compile(rb"""^\s*<\?xml[^>]+encoding\s*=\s*["']([A-Za-z0-9_.:-]+)""", re.IGNORECASE),
    re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE),
)


@dataclass(frozen=True)
class Loaded:
    """A file's bytes, read within the size limit."""

    raw: bytes


@dataclass(frozen=True)
class Refused:
    """Why a file was not read (a sentence ending in what to do)."""

    reason: str


def _mb(size: int) -> str:
    return f"{size / 1_000_000:.1f} MB"


def load_bytes(path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> Loaded | Refused:
    """Read a regular file's bytes, refusing missing, special, empty or too-large files."""
    try:
        info = path.stat()
    except FileNotFoundError:
        return Refused("file not found: check the path")
    except OSError as err:
        return Refused(f"cannot access the file ({err.strerror or err}): check its permissions")
    if stat.S_ISDIR(info.st_mode):
        return Refused("is a folder: pass it to discover() to list its files")
    if not stat.S_ISREG(info.st_mode):
        # A FIFO or device would block or never end: never open one.
        return Refused("not a regular file (a pipe, socket or device): save the article to a file")
    if info.st_size > max_bytes:
        return Refused(_too_large(info.st_size, max_bytes))
    if info.st_size == 0:
        return Refused("empty file: nothing to ingest")
    try:
        with open(path, "rb") as handle:
            raw = handle.read(max_bytes + 1)
    except OSError as err:
        return Refused(f"cannot read the file ({err.strerror or err}): check its permissions")
    if len(raw) > max_bytes:
        return Refused(_too_large(len(raw), max_bytes, growing=True))
    if not raw:
        return Refused("empty file: nothing to ingest")
    return Loaded(raw)


def _too_large(size: int, max_bytes: int, growing: bool = False) -> str:
    what = "file grew past" if growing else f"file is {_mb(size)}, over"
    return (
        f"{what} the {_mb(max_bytes)} limit: split it into smaller files "
        "(e.g. one JSON Lines file per day) or raise the limit "
        "(python -m articles ingest --max-mb N)"
    )


def declared_charset(raw: bytes) -> str | None:
    """The encoding an XML declaration or an HTML <meta> tag names, if Python knows it."""
    for pattern in _DECLARED:
        match = pattern.search(raw[:4096])
        if match:
            name = match.group(1).decode("ascii", "replace")
            try:
                return codecs.lookup(name).name
            except LookupError:
                return None
    return None


def looks_binary(raw: bytes) -> bool:
    """True for bytes that are not text in any encoding we read (NUL bytes, no UTF-16 BOM)."""
    return b"\x00" in raw and not raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE))


def decode(raw: bytes, declared: str | None = None) -> str | None:
    """Text of ``raw``, or None when it is binary. Tries UTF-8, ``declared``, cp1252, Latin-1."""
    return decode_text(raw, declared)[0]


def decode_text(raw: bytes, declared: str | None = None) -> tuple[str | None, str | None]:
    """Text of ``raw`` (None when binary), and a note when bytes had to be replaced."""
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        candidates = ["utf-16"]
    elif looks_binary(raw):
        return None, None
    else:
        mended = _mostly_utf8(raw)
        if mended is not None:
            text, bad = mended
            note = (
                f"UTF-8 text with {bad} invalid byte sequence(s), each replaced with \ufffd: "
                "check the file's encoding"
            )
            return (None, None) if _mostly_control(text) else (text, note if bad else None)
        candidates = [declared or "", "cp1252", "latin-1"]
    for encoding in filter(None, candidates):
        try:
            text = raw.decode(encoding)
        except (UnicodeDecodeError, LookupError):
            continue
        return (None if _mostly_control(text) else text), None
    return None, None


def _mostly_utf8(raw: bytes) -> tuple[str, int] | None:
    """``raw`` as UTF-8 and how many invalid sequences were replaced, if it is mostly UTF-8.

    Valid UTF-8 gives no replacement. Otherwise it counts as UTF-8 when it holds at least as
    many valid non-ASCII characters as invalid sequences: a Windows-1252 or Latin-1 file
    almost never holds a valid multi-byte sequence at all.
    """
    try:
        return raw.decode("utf-8-sig"), 0
    except UnicodeDecodeError:
        pass
    text = raw.decode("utf-8-sig", errors="replace")
    # U+FFFD the file itself holds (valid UTF-8 for it) are no replacement.
    bad = text.count(_FFFD) - raw.count(_FFFD.encode())
    valid = sum(1 for ch in text if ord(ch) > 0x7F) - bad
    return (text, bad) if 0 < bad <= valid else None


def _mostly_control(text: str) -> bool:
    if not text:
        return False
    return len(_CONTROL.findall(text)) > _MAX_CONTROL_SHARE * len(text)
