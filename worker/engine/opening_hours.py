"""Opening hours as a week: the profile's text ("Mon-Fri 9:00-17:00, Sat 10am-2pm") read into a time per day,
and the day and side (opens, closes, closed) a form's hours grid asks for in one control."""

from __future__ import annotations

import re

DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")

Schedule = dict[str, "tuple[str, str] | None"]  # day -> (opens "HH:MM", closes "HH:MM"), None when closed

_DAY_WORD = r"\b(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?"
_CLOCK = r"(?:\d{1,2}(?:[:.h]\d{2})?\s*(?:[ap]\.?\s?m\.?)?|noon|midnight)"
_RANGE_SEP = r"\s*(?:-|–|—|to|until|till)\s*"
_SEGMENT = re.compile(
    rf"(?P<days>{_DAY_WORD}(?:\s*(?:-|–|—|to|through|thru|&|and|,|/)\s*{_DAY_WORD})*)\s*:?\s*"
    rf"(?:(?P<t1>{_CLOCK}){_RANGE_SEP}(?P<t2>{_CLOCK})|(?P<closed>closed))",
    re.I,
)
_ALL_WEEK = re.compile(r"\b24\s*/\s*7\b|open 24 hours(?: a day)?(?:,? 7 days)?|24 hours,? (?:7|seven) days", re.I)


def _day(word: str) -> str:
    return word.strip(". ").lower()[:3]


def _expand(days_text: str) -> list[str]:
    out: list[str] = []
    parts = re.split(r"\s*(?:&|and|,|/)\s*", days_text.strip(), flags=re.I)
    for part in parts:
        ends = re.split(r"\s*(?:-|–|—|to|through|thru)\s*", part, flags=re.I)
        if len(ends) == 2 and _day(ends[0]) in DAYS and _day(ends[1]) in DAYS:
            i, j = DAYS.index(_day(ends[0])), DAYS.index(_day(ends[1]))
            out += [DAYS[k % 7] for k in range(i, j + 1 if j >= i else j + 8)]
        elif _day(part) in DAYS:
            out.append(_day(part))
    return out


def minutes(text: str) -> int | None:
    """'9', '9:30', '09.30', '17h30', '5pm', '12:00 a.m.', 'noon' -> minutes after midnight (None if no time)."""
    t = (text or "").strip().lower()
    if t == "noon":
        return 12 * 60
    if t == "midnight":
        return 0
    m = re.fullmatch(r"(\d{1,2})(?:[:.h](\d{2}))?\s*(?:([ap])\.?\s?m\.?)?", t)
    if not m:
        return None
    h, mins, half = int(m.group(1)), int(m.group(2) or 0), m.group(3)
    if half == "p" and h < 12:
        h += 12
    elif half == "a" and h == 12:
        h = 0
    return h * 60 + mins if h < 24 and mins < 60 else None


def _half(text: str) -> str | None:
    m = re.search(r"([ap])\.?\s?m\.?\s*$", text.strip(), re.I)
    return m.group(1).lower() if m else None


def _hhmm(total: int) -> str:
    return f"{total // 60:02d}:{total % 60:02d}"


def _range(t1: str, t2: str) -> tuple[str, str] | None:
    # "9-5pm": the opening time without am/pm takes the closing one's when that keeps it earlier, else the other
    if _half(t2) and not _half(t1) and minutes(t1) is not None:
        same = minutes(f"{t1.strip()} {_half(t2)}m")
        other = minutes(f"{t1.strip()} {'a' if _half(t2) == 'p' else 'p'}m")
        closes = minutes(t2)
        t1_min = same if same is not None and closes is not None and same < closes else other
    else:
        t1_min = minutes(t1)
    t2_min = minutes(t2)
    if t1_min is None or t2_min is None:
        return None
    if t2_min <= t1_min and t2_min < 12 * 60 and not _half(t2):
        t2_min += 12 * 60  # "9-5": closes in the afternoon
    return _hhmm(t1_min), _hhmm(t2_min)


def parse_hours(text: str | None) -> Schedule:
    """Every day of the week -> (opens, closes) or None (closed); {} when the text is not a schedule we can read.
    Days the text does not name are closed."""
    if not text:
        return {}
    if _ALL_WEEK.search(text):
        return {d: ("00:00", "23:59") for d in DAYS}
    week: Schedule = {}
    for m in _SEGMENT.finditer(text):
        span = None if m.group("closed") else _range(m.group("t1"), m.group("t2"))
        if span is None and not m.group("closed"):
            return {}
        for d in _expand(m.group("days")):
            week[d] = span
    if not week:
        return {}
    return {d: week.get(d) for d in DAYS}


def time_formats(hhmm: str, placeholder: str = "", twenty_four_only: bool = False) -> list[str]:
    """The ways a time is written, the one a placeholder shows first ('09:00', '9:00', '9:00 AM', '9am')."""
    total = minutes(hhmm)
    if total is None:
        return []
    h, m = divmod(total, 60)
    h12 = h % 12 or 12
    half = "AM" if h < 12 else "PM"
    h24 = [f"{h:02d}:{m:02d}", f"{h}:{m:02d}"]
    h12s = [f"{h12}:{m:02d} {half}", f"{h12}:{m:02d}{half.lower()}", f"{h12}{half.lower()}" if m == 0 else f"{h12}:{m:02d}{half.lower()}"]
    if twenty_four_only:
        return h24[:1]
    if _half(placeholder or ""):
        return list(dict.fromkeys(h12s + h24))
    return list(dict.fromkeys(h24 + h12s))


_DAY_NAMES = {
    "mon": r"mon(?:day)?|montag|lundi|lunes|lunedi",
    "tue": r"tue(?:s|sday)?|dienstag|mardi|martes|martedi",
    "wed": r"wed(?:nesday)?|mittwoch|mercredi|miercoles|mercoledi",
    "thu": r"thu(?:r|rs|rsday)?|donnerstag|jeudi|jueves|giovedi",
    "fri": r"fri(?:day)?|freitag|vendredi|viernes|venerdi",
    "sat": r"sat(?:urday)?|samstag|samedi|sabado",
    "sun": r"sun(?:day)?|sonntag|dimanche|domingo|domenica",
}
_DAY_IN_TEXT = [(d, re.compile(rf"\b(?:{rx})\b")) for d, rx in _DAY_NAMES.items()]
_CLOSED = re.compile(r"\b(?:closed|geschlossen|ferme|cerrado|chiuso)\b")
_OPENS = re.compile(r"\b(?:open(?:s|ing)?|from|start(?:s)?|begin(?:s)?|von|ouverture|desde|apertura)\b")
_CLOSES = re.compile(r"\b(?:clos(?:e|es|ing)|to|until|till|end(?:s)?|bis|fermeture|hasta|cierre|chiusura)\b")


def day_and_side(text: str) -> tuple[str | None, str | None]:
    """(day, side) named by a control's folded texts: side is 'open', 'close', 'closed' or None."""
    days = [d for d, rx in _DAY_IN_TEXT if rx.search(text)]
    day = days[0] if len(days) == 1 else None
    if _CLOSED.search(text):
        return day, "closed"
    if _OPENS.search(text):
        return day, "open"
    if _CLOSES.search(text):
        return day, "close"
    return day, None
