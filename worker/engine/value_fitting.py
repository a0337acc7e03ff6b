"""Fit a profile value to a text field: maxlength, pattern, placeholder format, input type.

``candidates(attr, field, pv)`` lists the acceptable formats best first; ``fit`` picks the first one the
field's constraints allow. ``alternative`` gives the next format after the directory rejected one
(validation error), guided by the directory's message ("digits only", "include the country code"...).
"""

from __future__ import annotations

import re

from .field_signals import FieldSignals
from .opening_hours import time_formats
from .profile_values import ProfileValues

PHONE_PLACEHOLDER = re.compile(r"[0-9xX#_9]")


def _template_format(template: str, digits: str) -> str | None:
    """Fill a placeholder like '(555) 555-5555' / 'xxx-xxx-xxxx' / '+1 ### ### ####' with ``digits``."""
    template = template.strip()
    if template.count("(") != template.count(")"):
        template = template.strip("()").strip()
    slots = [i for i, ch in enumerate(template) if ch.isdigit() or ch in "xX#_"]
    if len(slots) < 7 or len(slots) > 15:
        return None
    if len(slots) != len(digits):
        return None
    out = list(template)
    for pos, d in zip(slots, digits):
        out[pos] = d
    return "".join(out)


def phone_candidates(pv: ProfileValues, f: FieldSignals | None) -> list[str]:
    p = pv.phone
    if not p:
        return []
    cands: list[str] = []
    hint = " ".join(x for x in ((f.placeholder if f else ""), (f.help if f else ""), (f.label_text if f else "")) if x)
    if hint:
        for template in re.findall(r"[+(]?[\dxX#_][\dxX#_ ().\-]{6,}[\dxX#_]", hint):
            digits_needed = sum(1 for ch in template if ch.isdigit() or ch in "xX#_")
            if template.lstrip().startswith("+"):
                src = p.country_code + p.national_digits
            else:
                src = p.national_digits if digits_needed == len(p.national_digits) else p.country_code + p.national_digits
            formatted = _template_format(template, src)
            if formatted:
                cands.append(formatted)
    cands += [p.national, p.dashed, p.national_digits, p.e164, p.international, p.dotted]
    seen: list[str] = []
    for c in cands:
        if c and c not in seen:
            seen.append(c)
    return seen


_NO_SCHEME = re.compile(r"without (?:the |an? )?(?:https?|protocol|scheme)|\bno https?\b|omit(?:ting)? (?:the )?https?"
                        r"|(?:do not|don't|never) (?:include|add|type|enter) (?:the )?https?|exclud\w* (?:the )?https?", re.I)
# a placeholder that shows an address without a scheme: "www.example.com", "facebook.com/yourpage"
_BARE_ADDRESS = re.compile(r"^(?:www\.)?[\w-]+(?:\.[\w-]+)+(?:/\S*)?$", re.I)
_HANDLE = re.compile(r"\bhandle\b|user ?name", re.I)
_PROFILE_PATH_PREFIXES = {"company", "in", "user", "users", "channel", "c", "pages", "pg", "biz", "profile"}


def _asks(f: FieldSignals | None) -> str:
    """What the field says it wants: its label, placeholder, title and help text."""
    return " ".join((f.label_text, f.placeholder, f.title, f.help)).strip() if f is not None else ""


def _handle(url: str) -> str:
    """'https://www.instagram.com/northwind.pixel/' -> 'northwind.pixel' (the account name in a profile address)."""
    path = re.sub(r"^https?://[^/]+", "", url).split("?")[0]
    parts = [p for p in path.split("/") if p and p.lower() not in _PROFILE_PATH_PREFIXES]
    return parts[-1].lstrip("@") if parts else ""


def text_candidates(attr: str, pv: ProfileValues, f: FieldSignals | None) -> list[str]:
    v = pv.values
    if attr == "phone":
        return phone_candidates(pv, f)
    if attr == "phone_national":
        return [pv.phone.national_digits] if pv.phone else []
    if attr == "region":
        out = [v.get("region") or ""]
        if pv.region_code:
            out.append(pv.region_code)
        if pv.region_name:
            out.append(pv.region_name)
        return [x for x in dict.fromkeys(out) if x]
    if attr == "country":
        out = [v.get("country") or ""]
        if pv.country_code:
            out += [pv.country_code, *pv.country_names]
        return [x for x in dict.fromkeys(out) if x]
    if attr == "website" or attr.startswith("social_"):
        url = v.get(attr) or ""
        if not url:
            return []
        bare = re.sub(r"^https?://", "", url).rstrip("/")
        out = [url, bare, "http://" + bare]
        asks = _asks(f)
        if _NO_SCHEME.search(asks) or (f is not None and _BARE_ADDRESS.match(f.placeholder.strip())):
            out = [bare, url, "http://" + bare]
        at_sign = f is not None and f.placeholder.strip().startswith("@")  # "@yourbusiness"
        if attr.startswith("social_") and (at_sign or _HANDLE.search(asks)):
            handle = _handle(url)
            at_first = at_sign or bool(re.search(r"\bhandle\b", asks, re.I))
            out = ([f"@{handle}", handle] if at_first else [handle, f"@{handle}"]) + out if handle else out
        return [x for x in dict.fromkeys(out) if x]
    if attr.startswith("hours_"):
        return time_formats(v.get(attr) or "", f.placeholder if f else "", twenty_four_only=f is not None and f.type == "time")
    if attr == "postal_code":
        pc = v.get("postal_code") or ""
        return [x for x in dict.fromkeys([pc, pc.split("-")[0], pc.replace(" ", "")]) if x]
    if attr == "categories":
        return [", ".join(pv.categories), pv.categories[0] if pv.categories else ""]
    if attr == "keywords":
        return [", ".join(pv.keywords), ",".join(pv.keywords), " ".join(pv.keywords)]
    if attr in ("description", "x_comments"):
        return [v.get("description") or ""]
    val = v.get(attr) or ""
    return [val] if val else []


def _pattern_ok(pattern: str, value: str) -> bool:
    if not pattern:
        return True
    try:
        return re.fullmatch(pattern, value) is not None
    except re.error:
        return True


def _truncate(value: str, n: int, words: bool) -> str:
    if len(value) <= n:
        return value
    cut = value[:n]
    if words:
        sentence = max(cut.rfind(". "), cut.rfind("! "), cut.rfind("? "))
        if sentence >= n * 0.6:
            return cut[: sentence + 1]
        space = cut.rfind(" ")
        if space >= n * 0.6:
            return cut[:space].rstrip(",;:-")
    return cut


MAX_CHARS_TEXT = re.compile(
    r"(?:max(?:imum)?\.?|up to|no more than|at most|limit(?:ed)? to|less than)\s*(?:of\s*)?(\d{2,5})\s*(?:char|letter|symbol)|"
    r"(\d{2,5})\s*(?:char(?:acter)?s?|letters)\s*(?:max(?:imum)?|or (?:less|fewer)|limit)",
    re.I,
)


def text_maxlength(f: FieldSignals) -> int | None:
    """A limit stated in words next to the field ("max 160 characters"), when there is no maxlength attribute."""
    for text in (f.label_text, f.help, f.placeholder, f.preceding):
        m = MAX_CHARS_TEXT.search(text or "")
        if m:
            return int(m.group(1) or m.group(2))
    return None


def _maxlength(f: FieldSignals) -> int | None:
    return f.maxlength or text_maxlength(f)


def fits(f: FieldSignals, value: str) -> bool:
    ml = _maxlength(f)
    if ml and len(value) > ml:
        return False
    if not _pattern_ok(f.pattern, value):
        return False
    if f.type == "url" and not re.match(r"^[a-z][a-z0-9+.-]*:", value, re.I):
        return False
    if f.type == "email" and "@" not in value:
        return False
    if f.type == "number" and not re.fullmatch(r"-?\d+(?:\.\d+)?", value):
        return False
    return True


def fit(attr: str, f: FieldSignals, pv: ProfileValues, skip: int = 0) -> tuple[str | None, str]:
    """(value, why) - the first candidate the field accepts, after ``skip`` rejected formats."""
    cands = text_candidates(attr, pv, f)
    if not cands:
        return None, "profile has no value"
    if f.type in ("number",) or f.inputmode == "numeric":
        digits = [re.sub(r"\D", "", c) for c in cands if attr.startswith("phone") or attr == "postal_code"]
        cands = [d for d in dict.fromkeys(digits + cands) if d]
    ok = [c for c in cands if fits(f, c)]
    if skip:
        ok = ok[skip:]
    if ok:
        why = "first format" if ok[0] == cands[0] else f"format fitted to the field ({_constraints(f)})"
        return ok[0], why
    if skip:
        return None, "no further format"
    # nothing fits: truncate long texts to maxlength
    first = cands[0]
    ml = _maxlength(f)
    if ml and len(first) > ml:
        words = attr in ("description", "x_comments", "keywords", "categories", "hours", "business_name", "street")
        return _truncate(first, ml, words), f"truncated to {ml} characters"
    return first, "no format satisfies the field's pattern; used the first"


def _constraints(f: FieldSignals) -> str:
    parts = []
    if f.maxlength:
        parts.append(f"maxlength={f.maxlength}")
    if f.pattern:
        parts.append(f"pattern={f.pattern}")
    if f.placeholder:
        parts.append(f"placeholder={f.placeholder!r}")
    if f.type not in ("text", "textarea"):
        parts.append(f"type={f.type}")
    return ", ".join(parts)


def alternative_index(attr: str, message: str, f: FieldSignals, pv: ProfileValues) -> int | None:
    """Which candidate (index into the accepted list) to try after the directory rejected the first one."""
    ok = [c for c in text_candidates(attr, pv, f) if fits(f, c)]
    if len(ok) < 2:
        return None
    m = (message or "").lower()
    if attr == "phone" and pv.phone:
        p = pv.phone
        wanted = None
        if re.search(r"country code|international|\+\d|e\.?164|with \+|including \+", m):
            wanted = p.e164 if re.search(r"e\.?164|no spaces|without spaces", m) else p.international
            if wanted not in ok:
                wanted = p.e164
        elif re.search(r"digits only|numbers only|only digits|only numbers|no (?:dashes|spaces|symbols|punctuation)|numeric", m):
            wanted = p.national_digits
        else:
            for template in re.findall(r"[+(]?[\dxX#][\dxX# ().\-]{6,}[\dxX#]", m):
                src = p.national_digits
                if template.startswith("+"):
                    src = p.country_code + p.national_digits
                formatted = _template_format(template, src)
                if formatted:
                    wanted = formatted
                    break
        if wanted and wanted in ok and ok.index(wanted) > 0:
            return ok.index(wanted)
        return 1 if ok[0] != p.national_digits else 2 if len(ok) > 2 else None
    return 1
