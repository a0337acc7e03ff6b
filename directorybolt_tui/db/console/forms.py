"""Validation of console forms (mirrors the table constraints, so errors show before the database says no)."""

from __future__ import annotations

import re
from typing import Any

URL_RE = re.compile(r"^https?://[^\s/]+\S*$", re.IGNORECASE)
PROOF_RE = re.compile(r"^(https?://\S+|file:/\S+|/\S+)$", re.IGNORECASE)

DIRECTORY_FIELDS = [
    "name", "homepage", "submission_url", "category", "region", "priority", "max_concurrent",
    "min_interval_seconds", "requires_login", "has_captcha", "enabled", "notes",
]


def _int(values: dict[str, Any], name: str, low: int, high: int, errors: dict[str, str]) -> int | None:
    raw = str(values.get(name, "")).strip()
    try:
        v = int(raw)
    except ValueError:
        errors[name] = f"a whole number from {low} to {high}"
        return None
    if not low <= v <= high:
        errors[name] = f"must be between {low} and {high}"
        return None
    return v


def validate_directory(values: dict[str, Any]) -> tuple[dict[str, Any], dict[str, str]]:
    errors: dict[str, str] = {}
    clean: dict[str, Any] = {}
    name = str(values.get("name", "")).strip()
    if not 1 <= len(name) <= 200:
        errors["name"] = "1 to 200 characters"
    clean["name"] = name
    homepage = str(values.get("homepage", "")).strip()
    if not URL_RE.match(homepage):
        errors["homepage"] = "an http(s):// URL"
    clean["homepage"] = homepage
    sub = str(values.get("submission_url", "") or "").strip()
    if sub and not URL_RE.match(sub):
        errors["submission_url"] = "an http(s):// URL or empty"
    clean["submission_url"] = sub
    for k in ("category", "region", "notes"):
        clean[k] = str(values.get(k, "") or "").strip()
    for k, lo, hi in (("priority", 0, 1000), ("max_concurrent", 1, 1000)):
        v = _int(values, k, lo, hi, errors)
        if v is not None:
            clean[k] = v
    raw = str(values.get("min_interval_seconds", "0")).strip() or "0"
    try:
        interval = float(raw)
        if interval < 0 or interval > 1e8:
            raise ValueError
        clean["min_interval_seconds"] = interval
    except ValueError:
        errors["min_interval_seconds"] = "a number of seconds, 0 or more"
    for k in ("requires_login", "has_captcha", "enabled"):
        if k in values:
            clean[k] = bool(values[k])
    return clean, errors


def validate_resolution(values: dict[str, Any]) -> tuple[dict[str, Any], dict[str, str]]:
    errors: dict[str, str] = {}
    proof = str(values.get("proof", "") or "").strip()
    if proof and not PROOF_RE.match(proof):
        errors["proof"] = "an http(s) URL or an absolute file path"
    elif proof and not proof.lower().startswith(("http://", "https://")):
        from pathlib import Path
        from urllib.parse import unquote, urlsplit

        path = Path(unquote(urlsplit(proof).path)) if proof.startswith("file:") else Path(proof)
        if not path.is_file():
            errors["proof"] = f"no such file: {path}"
    note = str(values.get("note", "") or "").strip()
    if len(note) > 2000:
        errors["note"] = "at most 2000 characters"
    return {"proof": proof or None, "note": note or None}, errors
