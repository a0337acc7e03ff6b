"""The values a BusinessProfile offers, per attribute (names, phone parts, region/country forms...)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import phonenumbers

from worker.submission import BusinessProfile

from .address_parts import split_address
from .geo import country_display_name, country_forms, region_forms
from .opening_hours import Schedule, parse_hours

# "... Suite 400", "..., Ste. 4B", "... #5": a unit marker, then a number or a single letter, at the end of the street
_UNIT = re.compile(r"^(?P<line1>.*[^\s,])[,\s]+(?P<unit>(?:(?:suite|ste\.?|apt\.?|apartment|unit|floor|fl\.|bldg\.?|building|room"
                   r"|rm\.?)\s*#?|#)\s*(?:[\w-]*\d[\w-]*|[a-z]))$", re.I)

SOCIAL_KEYS = ("facebook", "twitter", "instagram", "linkedin", "youtube", "tiktok", "pinterest", "yelp")


@dataclass
class PhoneForms:
    e164: str
    country_code: str
    national_digits: str
    national: str  # the country's usual national format, e.g. (512) 555-0147
    international: str  # +1 512-555-0147
    area: str
    prefix: str
    line: str
    dashed: str  # 512-555-0147 (NANP), else national digits grouped
    dotted: str


def phone_forms(phone: str | None, country: str | None = None) -> PhoneForms | None:
    if not phone:
        return None
    region = (country or "US").upper() if country and len(country) == 2 else "US"
    try:
        num = phonenumbers.parse(phone, region)
    except phonenumbers.NumberParseException:
        digits = "".join(ch for ch in phone if ch.isdigit())
        if len(digits) < 6:
            return None
        nat = digits[-10:]
        return PhoneForms(
            e164="+" + digits, country_code=digits[: len(digits) - len(nat)] or "1", national_digits=nat,
            national=nat, international="+" + digits, area=nat[:3], prefix=nat[3:6], line=nat[6:],
            dashed=f"{nat[:3]}-{nat[3:6]}-{nat[6:]}", dotted=f"{nat[:3]}.{nat[3:6]}.{nat[6:]}",
        )
    nat_digits = phonenumbers.national_significant_number(num)
    cc = str(num.country_code)
    national = phonenumbers.format_number(num, phonenumbers.PhoneNumberFormat.NATIONAL)
    international = phonenumbers.format_number(num, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
    if cc == "1" and len(nat_digits) == 10:
        area, prefix, line = nat_digits[:3], nat_digits[3:6], nat_digits[6:]
        international = f"+1 {area}-{prefix}-{line}"
    else:
        ndc_len = phonenumbers.length_of_national_destination_code(num) or 3
        area = nat_digits[:ndc_len]
        rest = nat_digits[ndc_len:]
        half = len(rest) // 2
        prefix, line = rest[:half], rest[half:]
    return PhoneForms(
        e164=phonenumbers.format_number(num, phonenumbers.PhoneNumberFormat.E164),
        country_code=cc,
        national_digits=nat_digits,
        national=national,
        international=international,
        area=area,
        prefix=prefix,
        line=line,
        dashed=f"{area}-{prefix}-{line}",
        dotted=f"{area}.{prefix}.{line}",
    )


@dataclass
class ProfileValues:
    profile: BusinessProfile
    values: dict[str, str] = field(default_factory=dict)
    categories: list[str] = field(default_factory=list)
    keywords: list[str] = field(default_factory=list)
    phone: PhoneForms | None = None
    region_code: str | None = None
    region_name: str | None = None
    country_code: str | None = None
    country_names: tuple[str, ...] = ()
    country: str | None = None  # as given or read from the one-line address
    schedule: Schedule = field(default_factory=dict)  # the hours by day, {} when the text is no schedule

    def has(self, attr: str) -> bool:
        if attr == "categories":
            return bool(self.categories)
        if attr == "keywords":
            return bool(self.keywords)
        return bool(self.values.get(attr))

    def get(self, attr: str) -> str | None:
        return self.values.get(attr) or None


def _split_name(full: str) -> tuple[str, str]:
    parts = full.strip().split()
    if len(parts) == 1:
        return parts[0], ""
    return " ".join(parts[:-1]), parts[-1]


def normalize_url(url: str | None) -> str | None:
    if not url:
        return None
    u = url.strip()
    if not u.lower().startswith(("http://", "https://")):
        u = "https://" + u.lstrip("/")
    return u


def build_values(profile: BusinessProfile) -> ProfileValues:
    pv = ProfileValues(profile=profile)
    v = pv.values
    v["business_name"] = profile.business_name
    v["email"] = profile.email
    first, last = profile.contact_first_name, profile.contact_last_name
    full = profile.contact_name
    if full and not (first or last):
        first, last = _split_name(full)
    if not full and (first or last):
        full = " ".join(p for p in (first, last) if p)
    v["contact_name"] = full or ""
    v["contact_first_name"] = first or ""
    v["contact_last_name"] = last or ""
    v["website"] = normalize_url(profile.website) or ""
    parts = split_address(profile.address)
    street = profile.street or parts.get("street") or (profile.address or "").split(",")[0].strip()
    city = profile.city or parts.get("city")
    region = profile.region or parts.get("region")
    postal_code = profile.postal_code or parts.get("postal_code")
    country = profile.country or parts.get("country")
    pv.country = country
    pv.country_code, pv.country_names = country_forms(country)
    pv.region_code, pv.region_name = region_forms(region, pv.country_code)
    v["street"] = street or ""
    v["city"] = city or ""
    v["region"] = region or ""
    v["postal_code"] = postal_code or ""
    v["country"] = country_display_name(country) or ""
    address = profile.address
    if not address and street:
        tail = " ".join(p for p in (region, postal_code) if p)
        address = ", ".join(p for p in (street, city, tail) if p)
    v["address"] = address or ""
    unit = _UNIT.match(v["street"])
    # for forms with an "address line 2": the unit goes there, the rest on line 1
    v["street_line1"] = unit.group("line1") if unit else v["street"]
    v["address_line2"] = unit.group("unit") if unit else ""
    zip_plus4 = re.fullmatch(r"\d{5}[- ](\d{4})", v["postal_code"])
    v["postal_code_ext"] = zip_plus4.group(1) if zip_plus4 else ""
    v["description"] = profile.description or ""
    v["hours"] = profile.hours or ""
    pv.schedule = parse_hours(profile.hours)
    for day, span in pv.schedule.items():
        if span:
            v[f"hours_{day}_open"], v[f"hours_{day}_close"] = span
    pv.categories = [c for c in profile.categories if c]
    pv.keywords = [k for k in profile.keywords if k]
    v["categories"] = ", ".join(pv.categories)
    v["keywords"] = ", ".join(pv.keywords)
    for key, url in (profile.social_links or {}).items():
        k = key.lower().strip()
        if k == "x":
            k = "twitter"
        v[f"social_{k}"] = url
    pv.phone = phone_forms(profile.phone, pv.country_code)
    if pv.phone:
        v["phone"] = pv.phone.national
        v["phone_country_code"] = pv.phone.country_code
        v["phone_area"] = pv.phone.area
        v["phone_prefix"] = pv.phone.prefix
        v["phone_line"] = pv.phone.line
        v["phone_local"] = pv.phone.prefix + pv.phone.line
        v["phone_national"] = pv.phone.national_digits
    return pv
