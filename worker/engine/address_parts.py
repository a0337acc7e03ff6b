"""Street, city, region, postal code and country read from a one-line address.

Web shops often send only "1200 Congress Ave, Austin, TX 78701"; directory forms ask for the parts.
"""

from __future__ import annotations

import re

from .geo import AU_STATES, CA_PROVINCES, US_STATES, region_forms

_ADDR = re.compile(
    r"^\s*(?P<street>[^,]+?)\s*,\s*(?:(?P<extra>[^,]+?)\s*,\s*)?(?P<city>[^,]+?)\s*,\s*"
    r"(?P<region>[A-Za-z .]{2,30}?)\s+(?P<postal>[A-Z0-9][A-Z0-9 -]{2,9})\s*(?:,\s*(?P<country>[^,]+))?\s*$"
)

_POSTAL_COUNTRIES = (
    (re.compile(r"\d{5}(-\d{4})?"), US_STATES, "US"),
    (re.compile(r"[A-Z]\d[A-Z] ?\d[A-Z]\d"), CA_PROVINCES, "CA"),
    (re.compile(r"\d{4}"), AU_STATES, "AU"),
)


def split_address(address: str | None) -> dict[str, str]:
    """The parts of a "street[, unit], city, region postal[, country]" line; {} when it has another shape."""
    m = _ADDR.match(address or "")
    if not m:
        return {}
    street = m.group("street")
    if m.group("extra"):
        street = f"{street} {m.group('extra')}"
    region, postal = m.group("region").strip(), m.group("postal").strip()
    out = {"street": street, "city": m.group("city"), "region": region, "postal_code": postal}
    country = m.group("country") or _country_of(region, postal)
    if country:
        out["country"] = country.strip()
    return out


def _country_of(region: str, postal: str) -> str | None:
    """The country only when the region and the postal code's shape both point at it."""
    for shape, regions, country in _POSTAL_COUNTRIES:
        code, _ = region_forms(region, country)
        if shape.fullmatch(postal.upper()) and code in regions:
            return country
    return None
