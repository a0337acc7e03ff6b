"""Read a BusinessProfile from the JSON order format.

{"packageType": "...", "businessData": {"name", "address", "phone", "email", "website", "description",
 "categories", optional "street", "city", "region", "postal_code", "country", "contact_name", ...}}

A bare businessData object is accepted too. A one-line address is kept whole; the engine reads the
parts a form asks for from it (address_parts).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import phonenumbers

from worker.submission import BusinessProfile


class ProfileError(ValueError):
    pass


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
    country = _str(bd, "country")
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
        street=_str(bd, "street"),
        city=_str(bd, "city"),
        region=_str(bd, "region", "state"),
        postal_code=_str(bd, "postal_code", "postalCode", "zip"),
        country=country,
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
