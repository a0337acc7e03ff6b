"""Validation of directory catalog entries (CSV or JSON), for import and for the console's edit form."""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

_URL = re.compile(r"^https?://[a-z0-9](?:[a-z0-9.-]*[a-z0-9])?(?::\d+)?(?:[/?#]\S*)?$", re.I)
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


class DirectorySpec(BaseModel):
    model_config = ConfigDict(extra="ignore", str_strip_whitespace=True)

    name: str = Field(min_length=1, max_length=200)
    homepage: str = Field(max_length=500)
    submission_url: str | None = Field(default=None, max_length=2000)
    category: str | None = Field(default=None, max_length=60)
    region: str | None = Field(default=None, max_length=60)
    enabled: bool | None = None
    priority: int | None = Field(default=None, ge=0, le=1000)
    requires_login: bool | None = None
    has_captcha: bool | None = None
    max_concurrent: int | None = Field(default=None, ge=1, le=1000)
    min_interval_seconds: float | None = Field(default=None, ge=0, le=86400)
    field_hints: dict[str, str] | None = None
    notes: str | None = Field(default=None, max_length=2000)

    @field_validator("*", mode="before")
    @classmethod
    def _empty_is_none(cls, value: Any) -> Any:
        if isinstance(value, str) and not value.strip():
            return None
        return value

    @field_validator("name", "homepage", "submission_url", "category", "region")
    @classmethod
    def _no_control(cls, value: str | None) -> str | None:
        if value is not None and _CONTROL.search(value):
            raise ValueError("contains control characters")
        return value

    @field_validator("homepage", "submission_url")
    @classmethod
    def _url(cls, value: str | None) -> str | None:
        if value is not None and not _URL.match(value):
            raise ValueError(f"not an http(s) URL ({value!r})")
        return value

    @field_validator("field_hints", mode="before")
    @classmethod
    def _hints(cls, value: Any) -> Any:
        if isinstance(value, str) and not value.strip():
            return None
        if isinstance(value, str):
            try:
                value = json.loads(value)
            except json.JSONDecodeError:
                raise ValueError("must be a JSON object of CSS selector -> profile attribute") from None
        return value

    def to_api(self) -> dict[str, Any]:
        """Only the fields that were given, so an upsert never resets what the file did not mention."""
        return self.model_dump(mode="json", exclude_none=True)


def problems_of(exc: ValidationError) -> list[str]:
    out = []
    for err in exc.errors():
        loc = ".".join(str(p) for p in err["loc"])
        msg = re.sub(r"^Value error, ", "", err["msg"])
        out.append(f"{loc}: {'is required' if err['type'] == 'missing' else msg}")
    return out


def read_catalog(path: Path) -> tuple[list[DirectorySpec], list[tuple[str, list[str]]]]:
    """Parse a CSV or JSON catalog; returns (good entries, [(where, problems)])."""
    good: list[DirectorySpec] = []
    bad: list[tuple[str, list[str]]] = []
    text = path.read_text(encoding="utf-8-sig")
    if path.suffix.lower() == ".json" or text.lstrip().startswith(("[", "{")):
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            return [], [(str(path), [f"not valid JSON ({exc})"])]
        if isinstance(data, dict):
            data = data.get("directories", [])
        if not isinstance(data, list):
            return [], [(str(path), ["expected a list of directories or {\"directories\": [...]}"])]
        rows = [(f"entry {i + 1}", item) for i, item in enumerate(data)]
    else:
        reader = csv.DictReader(text.splitlines())
        rows = []
        for item in reader:
            rows.append((f"line {reader.line_num}", {k: v for k, v in item.items() if k}))
    for where, item in rows:
        if not isinstance(item, dict):
            bad.append((where, ["must be an object"]))
            continue
        try:
            good.append(DirectorySpec.model_validate(item))
        except ValidationError as exc:
            bad.append((where, problems_of(exc)))
    return good, bad


def shipped_catalog_path() -> Path:
    return Path(__file__).resolve().parent / "data" / "directories_catalog.csv"
