"""Customer and directory text shown as inert text: never markup, never terminal control.

`inert("[bold red]ACME[/] \\x1b[2J")` is a rich Text whose characters are exactly those of the
value, except that control characters are replaced by visible stand-ins (ESC -> "␛", other C0
controls -> the matching Control Pictures character, C1 controls and bidi/zero-width format
characters -> "\\x9b"-style escapes) and long values end in an ellipsis.
"""

from __future__ import annotations

import unicodedata
from typing import Any

from rich.text import Text

ELLIPSIS = "…"
_BIDI_AND_INVISIBLE = {
    0x200B, 0x200C, 0x200D, 0x200E, 0x200F, 0x202A, 0x202B, 0x202C, 0x202D, 0x202E,
    0x2060, 0x2066, 0x2067, 0x2068, 0x2069, 0xFEFF,
}


def _stand_in(ch: str) -> str:
    code = ord(ch)
    if code < 0x20:
        return chr(0x2400 + code)  # ␀ .. ␟ (ESC is ␛)
    if code == 0x7F:
        return "␡"
    if 0x80 <= code < 0xA0:
        return f"\\x{code:02x}"
    if code in _BIDI_AND_INVISIBLE or unicodedata.category(ch) in ("Cc", "Cs", "Co"):
        return f"\\u{code:04x}"
    return ch


def neutralize(value: Any) -> str:
    """The value as a single-line string with every control/format character made visible."""
    if value is None:
        return ""
    s = value if isinstance(value, str) else str(value)
    if s.isprintable():
        return s
    return "".join(_stand_in(ch) if not ch.isprintable() or ord(ch) in _BIDI_AND_INVISIBLE else ch for ch in s)


def clip(s: str, max_len: int | None) -> str:
    if max_len is not None and max_len > 0 and len(s) > max_len:
        return s[: max(max_len - 1, 0)] + ELLIPSIS
    return s


def inert(value: Any, max_len: int | None = 60, style: str = "") -> Text:
    """A Text showing `value` literally (no markup, controls neutralised), cut to max_len with …"""
    return Text(clip(neutralize(value), max_len), style=style, no_wrap=True, overflow="ellipsis")
