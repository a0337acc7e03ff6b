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


# "5 George St, Sydney NSW 2000", "1200 Congress Ave, Austin TX 78701": no comma before a state given as its code
_ADDR_NO_COMMA = re.compile(
    r"^\s*(?P<street>[^,]+?)\s*,\s*(?:(?P<extra>[^,]+?)\s*,\s*)?(?P<city>[^,]+?)\s+(?P<region>[A-Z]{2,3})\s+"
    r"(?P<postal>[A-Z0-9][A-Z0-9 -]{2,9})\s*(?:,\s*(?P<country>[^,]+))?\s*$")
# "10 Downing St, London SW1A 2AA[, United Kingdom]": the town, then the postcode
_UK = re.compile(
    r"^\s*(?P<street>[^,]+?)\s*,\s*(?:(?P<extra>[^,]+?)\s*,\s*)?(?P<city>[^,\d]+?)\s*,?\s+"
    r"(?P<postal>[A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2})\s*(?:,\s*(?P<country>[^,]+))?\s*$", re.I)
# "Hauptstraße 5, 10115 Berlin[, Germany]", "12 rue de Rivoli, 75001 Paris": the postal code before the town
_POSTAL_FIRST = re.compile(
    r"^\s*(?P<street>[^,]+?)\s*,\s*(?:(?P<extra>[^,]+?)\s*,\s*)?(?:[A-Z]{1,2}-)?(?P<postal>\d{4} ?[A-Z]{2}(?=\s)|\d{4,5})\s+(?P<city>[^,\d]+?)"
    r"\s*(?:,\s*(?P<country>[^,]+))?\s*$", re.I)


def split_address(address: str | None) -> dict[str, str]:
    """The parts of a one-line address: "street[, unit], city[,] region postal[, country]" (US, Canada, Australia),
    "street, town POSTCODE[, country]" (UK) or "street, postal town[, country]" (most of Europe); {} otherwise."""
    m = _ADDR.match(address or "") or _ADDR_NO_COMMA.match(address or "")
    if not m:
        return _split_other(address or "")
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


def _split_other(address: str) -> dict[str, str]:
    for rx, country in ((_UK, "GB"), (_POSTAL_FIRST, None)):
        m = rx.match(address)
        if m:
            street = m.group("street") + (f" {m.group('extra')}" if m.group("extra") else "")
            out = {"street": street, "city": m.group("city").strip(), "postal_code": m.group("postal").upper()}
            if m.group("country") or country:
                out["country"] = (m.group("country") or country or "").strip()
            return out
    return {}
