"""Read a BusinessProfile from the JSON order format.

{"packageType": "...", "businessData": {"name", "address", "phone", "email", "website", "description",
 "categories", optional "street", "city", "region", "postal_code", "country", "contact_name", ...}}

A bare businessData object is accepted too. Missing street/city/region/postal code are taken from a
one-line US-style address ("1200 Congress Ave, Austin, TX 78701") when possible.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import phonenumbers

from worker.submission import BusinessProfile


class ProfileError(ValueError):
    pass


_ADDR = re.compile(
    r"^\s*(?P<street>[^,]+?)\s*,\s*(?:(?P<extra>[^,]+?)\s*,\s*)?(?P<city>[^,]+?)\s*,\s*"
    r"(?P<region>[A-Za-z .]{2,30}?)\s+(?P<postal>[A-Z0-9][A-Z0-9 -]{2,9})\s*(?:,\s*(?P<country>[^,]+))?\s*$"
)


def split_address(address: str) -> dict[str, str]:
    m = _ADDR.match(address or "")
    if not m:
        return {}
    street = m.group("street")
    if m.group("extra"):
        street = f"{street} {m.group('extra')}"
    out = {"street": street, "city": m.group("city"), "region": m.group("region").strip(), "postal_code": m.group("postal").strip()}
    if m.group("country"):
        out["country"] = m.group("country").strip()
    return out


def _str(d: dict[str, Any], *keys: str) -> str | None:
    for k in keys:
        v = d.get(k)
        if isinstance(v, str) and v.strip():
            return v.strip()
    return None


def _list(v: Any) -> tuple[str, ...]:
    if v is None:
        return ()
    if isinstance(v, str):
        return tuple(x.strip() for x in v.split(",") if x.strip())
    return tuple(str(x).strip() for x in v if str(x).strip())


def _e164(phone: str | None, country: str | None) -> str | None:
    if not phone:
        return None
    try:
        num = phonenumbers.parse(phone, (country or "US").upper() if country and len(country) == 2 else "US")
        return phonenumbers.format_number(num, phonenumbers.PhoneNumberFormat.E164)
    except phonenumbers.NumberParseException:
        return phone


def profile_from_dict(data: dict[str, Any]) -> BusinessProfile:
    bd = data.get("businessData", data)
    if not isinstance(bd, dict):
        raise ProfileError("businessData must be an object")
    name = _str(bd, "name", "business_name", "businessName")
    email = _str(bd, "email")
    if not name:
        raise ProfileError("businessData.name is required")
    if not email:
        raise ProfileError("businessData.email is required")
    address = _str(bd, "address")
    parts = split_address(address) if address else {}
    country = _str(bd, "country") or parts.get("country")
    contact = _str(bd, "contact_name", "contactName")
    first = _str(bd, "contact_first_name", "firstName", "first_name")
    last = _str(bd, "contact_last_name", "lastName", "last_name")
    social = bd.get("social_links") or bd.get("socialLinks") or {}
    return BusinessProfile(
        business_name=name,
        email=email,
        phone=_e164(_str(bd, "phone"), country or "US"),
        website=_str(bd, "website", "url"),
        contact_name=contact,
        contact_first_name=first,
        contact_last_name=last,
        address=address,
        street=_str(bd, "street") or parts.get("street"),
        city=_str(bd, "city") or parts.get("city"),
        region=_str(bd, "region", "state") or parts.get("region"),
        postal_code=_str(bd, "postal_code", "postalCode", "zip") or parts.get("postal_code"),
        country=country or ("US" if parts else None),
        description=_str(bd, "description"),
        categories=_list(bd.get("categories") or bd.get("category")),
        hours=_str(bd, "hours"),
        social_links={str(k): str(v) for k, v in social.items()} if isinstance(social, dict) else {},
        keywords=_list(bd.get("keywords")),
    )


def load_profile(path: str | Path) -> BusinessProfile:
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise ProfileError(f"{path}: not valid JSON ({exc})") from exc
    if not isinstance(data, dict):
        raise ProfileError(f"{path}: expected a JSON object")
    return profile_from_dict(data)
