"""The sandbox catalog: one dict per site in the directory-import format, plus ``expected_outcome``.

Keys: name, homepage, submission_url, category, region, enabled, priority, has_captcha, requires_login,
max_concurrent, min_interval_seconds, field_hints, notes, expected_outcome {status, reason}
(and sandbox_slug). The importer ignores unknown keys.
"""

from __future__ import annotations

from typing import Any

from .sites import SITE_CLASSES, Store, build_sites


def catalog(base_url: str) -> list[dict[str, Any]]:
    base = base_url.rstrip("/")
    return [site.catalog_entry(base) for site in build_sites(Store()).values()]


def success_slugs() -> list[str]:
    """Sites where repeated submissions of the same business succeed (used by the bench)."""
    return [s.slug for s in build_sites(Store()).values() if s.expected[0] == "success" and s.success_pool]


def site_count() -> int:
    return len(SITE_CLASSES)
