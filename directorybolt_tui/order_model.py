"""Validation of incoming orders: the web shop's request body ({"packageType", "businessData"}),
optionally with structured address fields, or one CSV row. Every bad field gets its own message."""

from __future__ import annotations

import re
import unicodedata
from typing import Any

import phonenumbers
from email_validator import EmailNotValidError, validate_email
from pydantic import BaseModel, ConfigDict, Field, ValidationError, ValidationInfo, field_validator, model_validator

# Control characters (C0, DEL, C1) and bidi overrides have no place in a business listing.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_CONTROL_SINGLE_LINE = re.compile(r"[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


class OrderInvalid(ValueError):
    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("; ".join(problems))


def _clean(value: Any, *, multiline: bool = False) -> Any:
    if value is None or not isinstance(value, str):
        return value
    pattern = _CONTROL if multiline else _CONTROL_SINGLE_LINE
    if pattern.search(value):
        raise ValueError("contains control characters")
    value = unicodedata.normalize("NFC", value).strip()
    return value or None


class BusinessData(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, populate_by_name=True)

    name: str = Field(min_length=1, max_length=255)
    email: str = Field(max_length=255)
    country: str | None = Field(default=None, max_length=56)
    phone: str = Field(max_length=50)
    website: str | None = Field(default=None, max_length=500)
    address: str | None = Field(default=None, max_length=500)
    street: str | None = Field(default=None, max_length=200)
    city: str | None = Field(default=None, max_length=100)
    region: str | None = Field(default=None, max_length=100)
    postal_code: str | None = Field(default=None, max_length=20, alias="postalCode")
    description: str | None = Field(default=None, max_length=2000)
    categories: list[str] = Field(default_factory=list, max_length=20)
    contact_name: str | None = Field(default=None, max_length=120, alias="contactName")
    hours: str | None = Field(default=None, max_length=300)
    keywords: list[str] = Field(default_factory=list, max_length=30)
    social_links: dict[str, str] = Field(default_factory=dict, alias="socialLinks")

    @field_validator("name", "email", "phone", "website", "address", "street", "city", "region",
                     "postal_code", "country", "contact_name", "hours", mode="before")
    @classmethod
    def _single_line(cls, value: Any) -> Any:
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            value = str(value)
        return _clean(value)

    @field_validator("description", mode="before")
    @classmethod
    def _multi_line(cls, value: Any) -> Any:
        return _clean(value, multiline=True)

    @field_validator("categories", "keywords", mode="before")
    @classmethod
    def _split_list(cls, value: Any) -> Any:
        if value is None:
            return []
        if isinstance(value, str):
            value = re.split(r"[;,]", value)
        if not isinstance(value, list):
            raise ValueError("must be a list of words or a comma-separated text")
        out = []
        for item in value:
            if not isinstance(item, str):
                raise ValueError("every entry must be text")
            item = _clean(item)
            if item:
                if len(item) > 80:
                    raise ValueError(f"entry longer than 80 characters: {item[:20]}…")
                out.append(item)
        return out

    @field_validator("email")
    @classmethod
    def _email(cls, value: str) -> str:
        try:
            return validate_email(value, check_deliverability=False).normalized
        except EmailNotValidError as exc:
            raise ValueError(f"not a valid email address ({exc})") from None

    @field_validator("website")
    @classmethod
    def _website(cls, value: str | None) -> str | None:
        if value is None:
            return None
        if not re.match(r"^https?://", value, re.I):
            value = "https://" + value
        if not re.match(r"^https?://[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)+(?::\d+)?(?:[/?#]\S*)?$", value, re.I):
            raise ValueError("not a valid website URL (expected e.g. https://example.com)")
        return value

    @field_validator("country")
    @classmethod
    def _country(cls, value: str | None) -> str | None:
        if value and len(value) == 2:
            return value.upper()
        return value

    @field_validator("social_links")
    @classmethod
    def _social(cls, value: dict[str, str]) -> dict[str, str]:
        for key, url in value.items():
            _clean(key)
            if not re.match(r"^https?://\S+$", _clean(url) or ""):
                raise ValueError(f"{key}: not a URL")
        return value

    @field_validator("phone")
    @classmethod
    def _phone(cls, value: str, info: ValidationInfo) -> str:
        country = info.data.get("country")
        region = country if country and len(country) == 2 else "US"
        try:
            parsed = phonenumbers.parse(value, region)
        except phonenumbers.NumberParseException:
            raise ValueError(f"not a phone number ({value!r})") from None
        if not phonenumbers.is_valid_number(parsed):
            raise ValueError(f"not a valid phone number ({value!r}); include the area code, or +country code")
        return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)

    @model_validator(mode="after")
    def _display_address(self) -> "BusinessData":
        if not self.address:
            tail = " ".join(p for p in (self.region, self.postal_code) if p)
            self.address = ", ".join(p for p in (self.street, self.city, tail) if p)
        return self

    def to_api(self) -> dict[str, Any]:
        return self.model_dump(mode="json", by_alias=False)


class Order(BaseModel):
    package: str
    business: BusinessData
    order_key: str | None = None
    priority: int = 0


_PACKAGE_NAME = re.compile(r"^[a-z][a-z0-9_]{1,40}$")


def _problems(exc: ValidationError, prefix: str) -> list[str]:
    out = []
    for err in exc.errors():
        loc = ".".join(str(p) for p in err["loc"] if p != "__root__")
        msg = err["msg"]
        msg = re.sub(r"^(Value error|Assertion failed), ", "", msg)
        if not loc and ": " in msg and msg.split(": ", 1)[0].isidentifier():
            loc, msg = msg.split(": ", 1)
        if err["type"] == "missing":
            msg = "is required"
        elif err["type"] == "extra_forbidden":
            msg = "is not a known field"
        where = f"{prefix}.{loc}" if loc else prefix
        out.append(f"{where}: {msg}")
    return out


def parse_order(document: Any, *, package: str | None = None, order_key: str | None = None,
                priority: int = 0) -> Order:
    """Validate one order document; raise OrderInvalid with one message per bad field."""
    problems: list[str] = []
    if not isinstance(document, dict):
        raise OrderInvalid(["the order must be a JSON object"])
    if "businessData" in document:
        business_raw = document["businessData"]
        prefix = "businessData"
        unknown = set(document) - {"packageType", "businessData", "orderKey", "order_key", "priority"}
        problems += [f"{key}: is not a known field" for key in sorted(unknown)]
    else:
        business_raw = {k: v for k, v in document.items()
                        if k not in {"packageType", "package", "orderKey", "order_key", "priority"}}
        prefix = "business"
    chosen_package = package or document.get("packageType") or document.get("package")
    if not chosen_package:
        problems.append("packageType: is required (in the file or with --package)")
    elif not isinstance(chosen_package, str) or not _PACKAGE_NAME.match(chosen_package.strip().lower()):
        problems.append(f"packageType: not a package name ({chosen_package!r})")
    key = order_key or document.get("orderKey") or document.get("order_key")
    if key is not None and (not isinstance(key, str) or not 1 <= len(key) <= 200 or _CONTROL_SINGLE_LINE.search(key)):
        problems.append("orderKey: must be text of 1 to 200 characters")
    business: BusinessData | None = None
    if not isinstance(business_raw, dict):
        problems.append(f"{prefix}: must be an object")
    else:
        def given(field: str) -> bool:
            return isinstance(business_raw.get(field), str) and bool(business_raw[field].strip())

        if not given("address") and not (given("street") and given("city")):
            problems.append(f"{prefix}.address: is required (or street and city)")
        try:
            business = BusinessData.model_validate(business_raw)
        except ValidationError as exc:
            problems += _problems(exc, prefix)
    if problems or business is None:
        raise OrderInvalid(problems)
    return Order(package=chosen_package.strip().lower(), business=business, order_key=key, priority=priority)
