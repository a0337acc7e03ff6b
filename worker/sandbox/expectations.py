"""Compare what a sandbox site received with the profile (used by the tests and the demo)."""

from __future__ import annotations

import re
from typing import Any

from worker.engine.geo import country_forms, region_forms
from worker.engine.profile_values import build_values
from worker.submission import BusinessProfile

from .html import HONEYPOTS_HTML
from .sites import Site


def _digits(s: Any) -> str:
    return re.sub(r"\D", "", str(s or ""))


def _national(d: str) -> str:
    return d[1:] if len(d) == 11 and d.startswith("1") else d


def check_received(site: Site, fields: dict[str, Any], profile: BusinessProfile) -> list[str]:
    """Problems (empty list = the site got exactly the profile's values and no honeypot was filled)."""
    pv = build_values(profile)
    problems: list[str] = []
    for f in site.expectations():
        got = fields.get(f.name)
        want: Any
        if f.expect is not None:
            want = f.expect
            if isinstance(want, list):
                got_list = got if isinstance(got, list) else ([got] if got else [])
                if sorted(got_list) != sorted(want):
                    problems.append(f"{f.name}: got {got_list!r}, want {want!r}")
                continue
            if got != want:
                problems.append(f"{f.name}: got {got!r}, want {want!r}")
            continue
        a = f.attr
        if a == "empty":
            if got:
                problems.append(f"{f.name}: should stay empty, got {got!r}")
            continue
        if a == "consent":
            if not got:
                problems.append(f"{f.name}: terms box not ticked")
            continue
        if a == "phone":
            if _national(_digits(got)) != _national(_digits(profile.phone)):
                problems.append(f"{f.name}: phone digits {got!r} != {profile.phone!r}")
            continue
        if a in ("phone_area", "phone_prefix", "phone_line"):
            if _digits(got) != pv.values[a]:
                problems.append(f"{f.name}: {a} {got!r} != {pv.values[a]!r}")
            continue
        if a == "region":
            code, name = region_forms(profile.region, profile.country)
            if str(got or "").lower() not in {x.lower() for x in (code, name, profile.region) if x}:
                problems.append(f"{f.name}: region {got!r} not {profile.region!r}")
            continue
        if a == "country":
            code, names = country_forms(profile.country)
            if str(got or "").lower() not in {x.lower() for x in (code, *names) if x}:
                problems.append(f"{f.name}: country {got!r} not {profile.country!r}")
            continue
        if a == "categories":
            want_s = ", ".join(profile.categories)
            if got not in (want_s, *(profile.categories)):
                problems.append(f"{f.name}: categories {got!r}")
            continue
        want = pv.values.get(a or "", "")
        if f.maxlength and want and len(want) > f.maxlength:
            if not (got and want.startswith(str(got).rstrip(" .,"))):
                problems.append(f"{f.name}: {a} {got!r} is not a prefix of {want!r}")
            continue
        if (got or "") != (want or ""):
            problems.append(f"{f.name}: {a} got {got!r}, want {want!r}")
    for hp in site.honeypots:
        if fields.get(hp):
            problems.append(f"honeypot {hp} filled with {fields.get(hp)!r}")
    return problems


def honeypot_names() -> list[str]:
    return list(HONEYPOTS_HTML)
