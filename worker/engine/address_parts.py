"""Street, city, region, postal code and country read from a one-line address.

Web shops often send only "1200 Congress Ave, Austin, TX 78701"; directory forms ask for the parts.
"""

from __future__ import annotations

import re

from .geo import AU_STATES, CA_PROVINCES, US_STATES, region_forms

# every shape starts with the street (and an optional unit or building part) and may end with the country
_STREET = r"^\s*(?P<street>[^,]+?)\s*,\s*(?:(?P<extra>[^,]+?)\s*,\s*)?"
_COUNTRY_TAIL = r"\s*(?:,\s*(?P<country>[^,]+))?\s*$"

# "1200 Congress Ave, Austin, TX 78701"
_ADDR = re.compile(_STREET + r"(?P<city>[^,]+?)\s*,\s*(?P<region>[A-Za-z .]{2,30}?)\s+(?P<postal>[A-Z0-9][A-Z0-9 -]{2,9})"
                   + _COUNTRY_TAIL)
# "5 George St, Sydney NSW 2000", "1200 Congress Ave, Austin TX 78701": no comma before a state given as its code
_ADDR_NO_COMMA = re.compile(_STREET + r"(?P<city>[^,]+?)\s+(?P<region>[A-Z]{2,3})\s+(?P<postal>[A-Z0-9][A-Z0-9 -]{2,9})"
                            + _COUNTRY_TAIL)
# "10 Downing St, London SW1A 2AA[, United Kingdom]": the town, then the postcode
_UK = re.compile(_STREET + r"(?P<city>[^,\d]+?)\s*,?\s+(?P<postal>[A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2})" + _COUNTRY_TAIL, re.I)
# "Hauptstraße 5, 10115 Berlin[, Germany]", "12 rue de Rivoli, 75001 Paris": the postal code before the town
_POSTAL_FIRST = re.compile(_STREET + r"(?:[A-Z]{1,2}-)?(?P<postal>\d{4} ?[A-Z]{2}(?=\s)|\d{4,5})\s+(?P<city>[^,\d]+?)"
                           + _COUNTRY_TAIL, re.I)

# (shape, the country it implies when the address names none)
_SHAPES = ((_ADDR, None), (_ADDR_NO_COMMA, None), (_UK, "GB"), (_POSTAL_FIRST, None))

_POSTAL_COUNTRIES = (
    (re.compile(r"\d{5}(-\d{4})?"), US_STATES, "US"),
    (re.compile(r"[A-Z]\d[A-Z] ?\d[A-Z]\d"), CA_PROVINCES, "CA"),
    (re.compile(r"\d{4}"), AU_STATES, "AU"),
)


def split_address(address: str | None) -> dict[str, str]:
    """The parts of a one-line address: "street[, unit], city[,] region postal[, country]" (US, Canada, Australia),
    "street, town POSTCODE[, country]" (UK) or "street, postal town[, country]" (most of Europe); {} otherwise."""
    for shape, implied_country in _SHAPES:
        m = shape.match(address or "")
        if m:
            return _parts(m.groupdict(), implied_country)
    return {}


def _parts(g: dict[str, str | None], implied_country: str | None) -> dict[str, str]:
    street = g["street"] or ""
    if g["extra"]:
        street = f"{street} {g['extra']}"
    postal = (g["postal"] or "").strip().upper()
    out = {"street": street, "city": (g["city"] or "").strip()}
    region = (g.get("region") or "").strip()
    if region:
        out["region"] = region
    out["postal_code"] = postal
    country = g["country"] or implied_country or (_country_of(region, postal) if region else None)
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
