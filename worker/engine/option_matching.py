"""Choose options (select, radio group, checkbox group, a widget's suggestions) for a profile value by fuzzy match.

rapidfuzz plus a small synonym table: category "Technology" finds "Computers & IT Services", a US state
finds its abbreviation or full name, country code "US" finds "United States".
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import fuzz
from rapidfuzz.utils import default_process

from .geo import country_forms, region_forms

# profile category (lower case) -> words/phrases a directory may use instead
CATEGORY_SYNONYMS: dict[str, tuple[str, ...]] = {
    "technology": ("computers", "it services", "information technology", "software", "tech", "internet",
                   "electronics", "web services", "digital"),
    "web design": ("web development", "website design", "internet", "computers", "digital agency", "marketing",
                   "technology", "graphic design"),
    "software": ("computers", "technology", "it services", "software development", "apps"),
    "it services": ("computers", "technology", "information technology", "tech support"),
    "marketing": ("advertising", "digital marketing", "seo", "media", "public relations"),
    "restaurant": ("restaurants", "food", "dining", "eatery", "cafe", "food & drink"),
    "food": ("restaurants", "dining", "food & drink", "grocery", "catering"),
    "cafe": ("coffee", "coffee shop", "food", "dining", "restaurants", "food & drink"),
    "bakery": ("bakeries", "food", "dining", "desserts", "food & drink"),
    "coffee": ("cafe", "food", "dining", "food & drink"),
    "plumbing": ("plumbers", "plumber", "home services", "contractors", "home improvement"),
    "hvac": ("heating", "air conditioning", "home services", "contractors"),
    "electrician": ("electrical", "electricians", "contractors", "home services"),
    "construction": ("contractors", "builders", "home improvement", "building"),
    "cleaning": ("cleaners", "janitorial", "maid", "home services"),
    "landscaping": ("lawn", "garden", "lawn care", "home services", "gardening"),
    "legal": ("lawyers", "attorneys", "law firm", "law", "legal services"),
    "lawyer": ("legal", "attorneys", "law firm", "legal services"),
    "accounting": ("accountants", "bookkeeping", "tax", "financial services", "finance", "cpa"),
    "finance": ("financial services", "banking", "accounting", "insurance"),
    "insurance": ("insurance agents", "financial services"),
    "real estate": ("realtors", "realtor", "property", "homes", "real estate agents"),
    "medical": ("health", "healthcare", "doctors", "physicians", "clinics", "health & medical"),
    "health": ("healthcare", "medical", "health & medical", "wellness"),
    "dentist": ("dental", "dentists", "health", "healthcare"),
    "beauty": ("salon", "spa", "hair", "beauty & spas", "cosmetics", "personal care"),
    "fitness": ("gym", "health & fitness", "sports", "personal training"),
    "automotive": ("auto", "car", "cars", "auto repair", "vehicles", "auto services"),
    "auto repair": ("automotive", "car repair", "mechanic", "auto services"),
    "education": ("schools", "tutoring", "training", "education & learning", "classes"),
    "retail": ("shopping", "stores", "shops", "retail stores"),
    "travel": ("hotels", "tourism", "lodging", "travel & tourism"),
    "photography": ("photographers", "arts", "arts & entertainment"),
    "pets": ("pet services", "veterinary", "animals", "pet care"),
    "consulting": ("business services", "professional services", "consultants"),
    "home services": ("home improvement", "contractors", "house"),
    "entertainment": ("arts & entertainment", "events", "music"),
    "events": ("event planning", "weddings", "entertainment"),
}

STOPWORDS = {"and", "&", "the", "of", "for", "a", "an", "services", "service", "other", "company",
             "companies", "business", "businesses", "general", "misc", "in"}

PLACEHOLDER_OPTION = re.compile(
    r"^\s*(?:-+|select|choose|pick|please|none|n/?a|\.\.\.|--.*--|\(.*\))\b|^\s*$|^select\b|^choose\b", re.I
)
OTHER_OPTION = re.compile(r"^\s*(?:other|others|miscellaneous|misc\.?|general|uncategori[sz]ed)\b", re.I)


@dataclass
class Choice:
    index: int
    value: str
    text: str
    score: float
    why: str


def is_placeholder(value: str, text: str) -> bool:
    return value.strip() == "" or bool(PLACEHOLDER_OPTION.search(text or ""))


def _words(s: str) -> list[str]:
    return [w for w in re.split(r"[^a-z0-9]+", default_process(s)) if w]


def _word_match(a: str, b: str) -> bool:
    if a == b:
        return True
    if len(a) >= 4 and len(b) >= 4:
        # one stem: plumbing / plumbers, accounting / accountants; but technology is not technical
        common = len(os.path.commonprefix([a, b]))
        if common >= 5 and common >= 0.6 * min(len(a), len(b)):
            return True
        return fuzz.ratio(a, b) >= 85
    return False


@lru_cache(maxsize=20000)
def term_score(term: str, option_text: str) -> float:
    """0..100: how well ``option_text`` stands for ``term``."""
    t, o = default_process(term), default_process(option_text)
    if not t or not o:
        return 0.0
    if t == o:
        return 100.0
    tw = [w for w in _words(t) if w not in STOPWORDS] or _words(t)
    ow = _words(o)
    if not tw or not ow:
        return 0.0
    matched = sum(1 for w in tw if any(_word_match(w, x) for x in ow))
    overlap = 100.0 * matched / len(tw)
    # a small penalty for option words the term does not cover (prefer the tighter option)
    ow_content = [w for w in ow if w not in STOPWORDS] or ow
    extra = sum(1 for x in ow_content if not any(_word_match(w, x) for w in tw))
    overlap -= min(15.0, 3.0 * extra) if matched else 0.0
    fuzzy = fuzz.token_sort_ratio(t, o) * 0.8
    return max(overlap, fuzzy)


def _options_clean(options: list[tuple[str, str]]) -> list[tuple[int, str, str]]:
    return [(i, v, t) for i, (v, t) in enumerate(options) if not is_placeholder(v, t)]


def match_category(categories: list[str], options: list[tuple[str, str]], threshold: float = 62.0) -> list[Choice]:
    """Best option per profile category (deduplicated, best first)."""
    opts = _options_clean(options)
    found: dict[int, Choice] = {}
    for rank, cat in enumerate(categories):
        terms: list[tuple[str, float]] = [(cat, 1.0)]
        for syn in CATEGORY_SYNONYMS.get(cat.lower().strip(), ()):
            terms.append((syn, 0.92))
        # synonyms of the category's own words ("IT Consulting" -> consulting, ...)
        for w in _words(cat):
            for syn in CATEGORY_SYNONYMS.get(w, ()):
                terms.append((syn, 0.85))
        best: Choice | None = None
        for i, v, t in opts:
            label = t or v
            for term, weight in terms:
                s = max(term_score(term, label), term_score(term, v) * 0.9) * weight - rank * 0.5
                if best is None or s > best.score:
                    best = Choice(i, v, t, s, f"category {cat!r} ~ {label!r} via {term!r} ({s:.0f})")
        if best and best.score >= threshold and (best.index not in found or found[best.index].score < best.score):
            found[best.index] = best
    return sorted(found.values(), key=lambda c: -c.score)


def fallback_other(options: list[tuple[str, str]]) -> Choice | None:
    for i, v, t in _options_clean(options):
        if OTHER_OPTION.search(t or v):
            return Choice(i, v, t, 50.0, f"no close category; chose {t!r}")
    return None


def match_region(region: str, country: str | None, options: list[tuple[str, str]]) -> Choice | None:
    code, name = region_forms(region, country)
    wanted = {x.lower() for x in (code, name, region) if x}
    opts = _options_clean(options)
    for i, v, t in opts:
        if t.lower() in wanted or v.lower() in wanted:
            return Choice(i, v, t, 100.0, f"region {region!r} = {t!r}")
    for i, v, t in opts:  # "TX - Texas", "Texas (TX)"
        tw = set(_words(t))
        if code and code.lower() in tw and name and all(w in tw for w in _words(name)):
            return Choice(i, v, t, 95.0, f"region {region!r} ~ {t!r}")
    best = None
    for i, v, t in opts:
        s = fuzz.ratio(default_process(name or region), default_process(t))
        if s >= 88 and (best is None or s > best.score):
            best = Choice(i, v, t, s, f"region {region!r} ~ {t!r} ({s:.0f})")
    return best


def match_country(country: str, options: list[tuple[str, str]]) -> Choice | None:
    code, names = country_forms(country)
    wanted = {x.lower() for x in (code, *names, country) if x}
    opts = _options_clean(options)
    for i, v, t in opts:
        if t.lower().strip() in wanted or v.lower().strip() in wanted:
            return Choice(i, v, t, 100.0, f"country {country!r} = {t!r}")
    best = None
    for i, v, t in opts:
        for n in names or (country,):
            s = fuzz.ratio(default_process(n), default_process(t))
            if s >= 88 and (best is None or s > best.score):
                best = Choice(i, v, t, s, f"country {country!r} ~ {t!r} ({s:.0f})")
    return best


_PLACE_PARTS = re.compile(r"\s*(?:,|\(|\)|\||/|\s[-\u2013]\s)\s*")


def match_place(city: str, region: str | None, country: str | None, options: list[tuple[str, str]]) -> Choice | None:
    """A city among options such as "Austin", "Austin, TX", "Austin (Texas), USA": the first part is the city;
    a region named after it must be the profile's ("Austin, MN" is another Austin)."""
    want = default_process(city)
    code, name = region_forms(region, country) if region else (None, None)
    ours = {x.lower() for x in (code, name) if x}
    best: Choice | None = None
    for i, v, t in _options_clean(options):
        label = t or v
        parts = [p for p in _PLACE_PARTS.split(label) if p.strip()]
        if not parts:
            continue
        head = default_process(parts[0])
        s = 100.0 if head == want else float(fuzz.ratio(head, want))
        if s < 90:
            continue
        regions: set[str] = set()
        for part in parts[1:]:
            rc, rn = region_forms(part.strip(), country)
            if rc and rn:
                regions |= {rc.lower(), rn.lower()}
        if regions and ours:
            if not regions & ours:
                continue
            s += 5.0
        if best is None or s > best.score:
            best = Choice(i, v, t, s, f"city {city!r} = {label!r}")
    return best


def match_text(value: str, options: list[tuple[str, str]], threshold: float = 80.0) -> Choice | None:
    """Generic: the option closest to ``value`` (e.g. an hours or a yes/no value)."""
    best = None
    for i, v, t in _options_clean(options):
        s = max(fuzz.WRatio(value, t, processor=default_process), fuzz.WRatio(value, v, processor=default_process))
        if s >= threshold and (best is None or s > best.score):
            best = Choice(i, v, t, s, f"{value!r} ~ {t!r} ({s:.0f})")
    return best


def looks_like_region_list(options: list[tuple[str, str]]) -> bool:
    from .geo import CA_PROVINCES, US_STATES

    names = {n.lower() for n in (*US_STATES.values(), *CA_PROVINCES.values())}
    codes = {c.lower() for c in (*US_STATES, *CA_PROVINCES)}
    hits = sum(1 for v, t in options if t.lower().strip() in names or (v.lower() in codes and len(options) > 10))
    return hits >= 8


def looks_like_country_list(options: list[tuple[str, str]]) -> bool:
    from .geo import COUNTRIES

    names = {n.lower() for names in COUNTRIES.values() for n in names[1:]}
    hits = sum(1 for _v, t in options if t.lower().strip() in names)
    return hits >= 6
