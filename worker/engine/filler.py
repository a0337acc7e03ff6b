"""Apply a field plan to a frame: type text, choose options, tick boxes (never anything skipped).

One in-page pass sets every value the way a framework expects it (native value setter, then focus,
input, change and blur events, so React/Vue-controlled inputs and validate-on-blur scripts see it);
controls that pass refuses (or that reject the value) are retried one by one through Playwright.
Widgets come after that pass, one by one and only when the form has them: rich-text editors are typed
into (rich_text.py), suggestion and listbox widgets are chosen in (typeahead.py).
"""

from __future__ import annotations

from typing import Any

from . import rich_text, typeahead
from .field_mapping import FieldPlan
from .profile_values import ProfileValues
from .shadow_dom import SHADOW_JS

CLICK_JS = "(el) => { if (!el.checked) { el.click(); } if (!el.checked) { el.checked = true; el.dispatchEvent(new Event('change', {bubbles: true})); } }"

BATCH_JS = "(items) => {\n" + SHADOW_JS + r"""
  const fire = (el, type) => el.dispatchEvent(new Event(type, {bubbles: true}));
  const failed = [];
  for (const it of items) {
    const el = findDeep(it.sel);
    if (!el) { failed.push([it.key, 'missing']); continue; }
    try {
      if (it.action === 'fill') {
        el.focus();
        const last = it.value.slice(-1);
        el.dispatchEvent(new KeyboardEvent('keydown', {bubbles: true, key: last}));
        const proto = el.tagName === 'TEXTAREA' ? HTMLTextAreaElement.prototype : HTMLInputElement.prototype;
        Object.getOwnPropertyDescriptor(proto, 'value').set.call(el, it.value);
        el.dispatchEvent(new InputEvent('input', {bubbles: true, inputType: 'insertText', data: it.value}));
        el.dispatchEvent(new KeyboardEvent('keyup', {bubbles: true, key: last}));
        fire(el, 'change');
        el.blur();
        if (el.value !== it.value) failed.push([it.key, 'value not kept']);
      } else if (it.action === 'select') {
        const want = new Set(it.value);
        let hit = 0;
        for (const o of el.options) { const on = want.has(o.value); if (on) hit++; if (el.multiple || on) o.selected = on; }
        fire(el, 'input'); fire(el, 'change');
        if (!hit) failed.push([it.key, 'option missing']);
      } else if (it.action === 'check') {
        if (!el.checked) el.click();
        if (!el.checked) { el.checked = true; fire(el, 'change'); }
      }
    } catch (e) { failed.push([it.key, String(e)]); }
  }
  return failed;
}
"""


async def _one(frame: Any, p: FieldPlan, timeout_ms: float) -> None:
    loc = frame.locator(p.selector).first
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


def _is_widget(p: FieldPlan) -> bool:
    return p.action == "pick" or p.type == "richtext"


async def apply_plan(frame: Any, plans: list[FieldPlan], timeout_ms: float = 5000,
                     pv: ProfileValues | None = None) -> list[dict[str, Any]]:
    """Fill every planned control; returns problems (key, error) - the plan rows are annotated in place.
    ``pv`` is needed only by widgets that offer a list to choose from."""
    todo = [p for p in plans if p.action != "skip"]
    if not todo:
        return []
    batch = [p for p in todo if not _is_widget(p)]
    items = [{"key": p.key, "sel": p.selector, "action": p.action,
              "value": p.value if p.action != "fill" else str(p.value)} for p in batch]
    failed: dict[str, str] = {}
    if items:
        try:
            failed = {k: why for k, why in await frame.evaluate(BATCH_JS, items)}
        except Exception as exc:  # noqa: BLE001 - fall back to Playwright for everything
            failed = {p.key: str(exc) for p in batch}
    problems = []
    for p in todo:
        if p.key not in failed and not _is_widget(p):
            continue
        try:
            if p.type == "richtext":
                await rich_text.type_into_editor(frame, p, timeout_ms)
            elif p.action == "pick":
                if pv is None:
                    raise RuntimeError("no profile values to choose with")
                await typeahead.pick(frame, p, pv, timeout_ms)
            else:
                await _one(frame, p, timeout_ms)
        except Exception as exc:  # noqa: BLE001
            problems.append({"key": p.key, "name": p.name, "error": f"{exc.__class__.__name__}: {str(exc)[:200]}"})
            p.skip_reason = f"could not {p.action}: {exc.__class__.__name__}"
    return problems
