"""Apply a field plan to a frame: type text, choose options, tick boxes (never anything skipped)."""

from __future__ import annotations

from typing import Any

from .field_mapping import FieldPlan

CLICK_JS = "(el) => { if (!el.checked) { el.click(); } if (!el.checked) { el.checked = true; el.dispatchEvent(new Event('change', {bubbles: true})); } }"


async def apply_plan(frame: Any, plans: list[FieldPlan], timeout_ms: float = 5000) -> list[dict[str, Any]]:
    """Fill every planned control; returns problems (key, error) - the plan rows are annotated in place."""
    problems = []
    for p in plans:
        if p.action == "skip":
            continue
        loc = frame.locator(p.selector).first
        try:
            if p.action == "fill":
                await loc.fill(str(p.value), timeout=timeout_ms)
            elif p.action == "select":
                values = p.value if isinstance(p.value, list) else [p.value]
                await loc.select_option(value=values, timeout=timeout_ms)
            elif p.action == "check":
                if p.use_label_click:
                    await loc.evaluate(CLICK_JS)
                else:
                    try:
                        await loc.check(timeout=min(timeout_ms, 2000))
                    except Exception:  # noqa: BLE001 - custom widgets: click through JS
                        await loc.evaluate(CLICK_JS)
        except Exception as exc:  # noqa: BLE001
            problems.append({"key": p.key, "name": p.name, "error": f"{exc.__class__.__name__}: {str(exc)[:200]}"})
            p.skip_reason = f"could not {p.action}: {exc.__class__.__name__}"
    return problems
