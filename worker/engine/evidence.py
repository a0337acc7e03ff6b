"""Evidence of one attempt: screenshots, the final URL, an HTML snapshot and the mapping used.

Stored under <evidence_dir>/<job_id>/<result_id>-<attempt>/; every path ends up in the JSON-serialisable
``evidence`` dict of the SubmissionOutcome.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any


def _safe(part: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]+", "_", str(part))[:80] or "_"


class Evidence:
    def __init__(self, root: Path, job_id: str, result_id: int, attempt: int, enabled: bool = True) -> None:
        self.dir = Path(root) / _safe(job_id) / f"{_safe(str(result_id))}-{_safe(str(attempt))}"
        self.enabled = enabled
        self.data: dict[str, Any] = {"dir": str(self.dir), "screenshots": {}, "steps": []}
        self.best_screenshot: str | None = None
        if enabled:
            try:
                self.dir.mkdir(parents=True, exist_ok=True)
            except OSError as exc:  # an unwritable evidence dir must not fail the submission
                self.enabled = False
                self.data["errors"] = [f"evidence dir {self.dir}: {exc}"]

    async def screenshot(self, page: Any, name: str, full_page: bool = True) -> str | None:
        if not self.enabled:
            return None
        path = self.dir / f"{name}.jpg"
        try:
            # JPEG: a full-page PNG costs ~4x the CPU, which matters at dozens of submissions a minute
            await page.screenshot(path=str(path), full_page=full_page, timeout=8000, type="jpeg", quality=70,
                                  animations="disabled")
        except Exception as exc:  # noqa: BLE001 - evidence must never break a submission
            self.data.setdefault("errors", []).append(f"screenshot {name}: {exc.__class__.__name__}: {str(exc)[:200]}")
            return None
        self.data["screenshots"][name] = str(path)
        self.best_screenshot = str(path)
        return str(path)

    async def html(self, page: Any, name: str = "final") -> str | None:
        if not self.enabled:
            return None
        path = self.dir / f"{name}.html"
        try:
            content = await page.content()
            path.write_text(content, encoding="utf-8")
        except Exception as exc:  # noqa: BLE001 - includes OSError
            self.data.setdefault("errors", []).append(f"html {name}: {exc.__class__.__name__}: {str(exc)[:200]}")
            return None
        self.data[f"html_{name}"] = str(path)
        return str(path)

    def write_json(self, name: str, obj: Any) -> str | None:
        if not self.enabled:
            return None
        path = self.dir / f"{name}.json"
        try:
            path.write_text(json.dumps(obj, indent=2, default=str), encoding="utf-8")
        except OSError as exc:
            self.data.setdefault("errors", []).append(f"{name}.json: {exc}")
            return None
        self.data[f"{name}_json"] = str(path)
        return str(path)

    def step(self, what: str, **info: Any) -> None:
        entry = {"step": what}
        entry.update({k: v for k, v in info.items() if v is not None})
        self.data["steps"].append(entry)
