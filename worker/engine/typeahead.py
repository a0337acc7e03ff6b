"""Choose a value in a widget that offers a list instead of taking free text: a typeahead / combobox input
(suggestions appear as you type; a click on one sets the real, often hidden, value) or a button / div that
opens a listbox of options.

Typing is done by the keyboard (the widgets listen to keydown/keyup/input), the suggestions are found by ARIA
(the listbox the field controls, else the shown listbox nearest to it) or by position (a list that appeared
right under the field, e.g. a <ul> appended to <body>), and the suggestion is chosen with the same fuzzy
matching as a <select> (field_mapping.choose_options). When nothing matches, the field is emptied again and the
plan says why: no half-typed value is left for the site to store.
"""

from __future__ import annotations

from typing import Any

from . import option_matching as om
from .field_mapping import FieldPlan, choose_options
from .profile_values import ProfileValues
from .shadow_dom import SHADOW_JS

OPTION_ATTR = "data-dbolt-opt"

# shared by the two probes below: ``el`` is the widget
_FINDER_JS = SHADOW_JS + r"""
  const el = findDeep(args.sel);
  const clean = (s) => (s || '').replace(/[\u00a0\s]+/g, ' ').trim();
  const shown = (n) => { const r = n.getBoundingClientRect(); if (r.width < 1 || r.height < 1) return false;
    for (let m = n; m && m.nodeType === 1; m = upComposed(m)) { const cs = getComputedStyle(m);
      if (cs.display === 'none' || cs.visibility === 'hidden' || parseFloat(cs.opacity) < 0.05) return false; }
    return true; };
  const STATUS = /^(?:no (?:results?|matches?|suggestions?|options?)|nothing found|not found|searching|loading|type (?:at least|more)|please (?:enter|type)|start typing|min(?:imum)? \d)/i;
  const byId = (id) => { const r = el.getRootNode(); return (r.getElementById && r.getElementById(id)) || document.getElementById(id); };
  const seen = window.__dboltSeenLists || new WeakSet();
  // ARIA: the listbox the field (or its combobox wrapper) controls, else the shown listbox nearest to the field
  function ariaList() {
    const owners = [el];
    if (el.parentElement && el.parentElement.getAttribute('role') === 'combobox') owners.push(el.parentElement);
    const ids = owners.flatMap(n => ((n.getAttribute('aria-controls') || '') + ' ' + (n.getAttribute('aria-owns') || '')).split(/\s+/)).filter(Boolean);
    let boxes = [...new Set(ids.map(byId))].filter(b => b && shown(b));
    if (!boxes.length) {
      const r = el.getBoundingClientRect();
      const gap = (b) => Math.abs(b.getBoundingClientRect().top - r.bottom);
      boxes = queryDeep(document, '[role=listbox]').filter(b => shown(b) && gap(b) < 400).sort((a, b) => gap(a) - gap(b)).slice(0, 1);
    }
    const options = [];
    for (const b of boxes) for (const o of b.querySelectorAll('[role=option]')) if (o.getAttribute('aria-disabled') !== 'true' && shown(o)) options.push(o);
    return {boxes, options};
  }
  // no ARIA: a list that appeared right under (or above) the field, found by what lies at a few points there
  function itemsAround(hit) {
    for (let n = hit, k = 0; n && k < 5; n = n.parentElement, k++) {
      const p = n.parentElement;
      if (!p || p === document.body || p.contains(el) || p.querySelector('input, select, textarea')) return null;
      const items = Array.from(p.children).filter(c => c.tagName === n.tagName && shown(c));
      // one suggestion in a <div>: its box says it is a dropdown (laid over the page, or named so)
      const overlay = () => ['absolute', 'fixed'].includes(getComputedStyle(p).position) ||
        /menu|dropdown|suggest|results?\b|list|options?\b|autocomplete|popup/i.test((typeof p.className === 'string' ? p.className : '') + ' ' + p.id);
      if (p.tagName === 'UL' || p.tagName === 'OL' || items.length >= 2 || (items.length === 1 && overlay())) return seen.has(p) ? null : {box: p, items};
    }
    return null;
  }
  function listNear() {
    const r = el.getBoundingClientRect();
    for (const y of [r.bottom + 6, r.bottom + 18, r.top - 12]) {
      if (y < 0 || y > window.innerHeight) continue;
      for (const x of [r.left + 10, r.left + r.width / 2]) {
        for (const hit of document.elementsFromPoint(x, y)) {
          if (hit === el || hit.contains(el)) break;
          const found = itemsAround(hit);
          if (found) return found;
        }
      }
    }
    return null;
  }
  function current() {
    const aria = ariaList();
    let items = aria.options, boxes = aria.boxes;
    if (!items.length) { const near = listNear(); if (near) { items = near.items; boxes = [near.box]; } }
    const options = items.map(o => [o, clean(o.innerText || o.textContent).slice(0, 150)]).filter(([, t]) => t && !STATUS.test(t));
    const status = options.length ? '' : clean(boxes.map(b => b.innerText || '').join(' ')).slice(0, 120);
    return {options, status, boxes};
  }
"""

# after the field was emptied: wait for the last list to go, then remember what is still shown near the field
ARM_JS = "async (args) => {\n" + _FINDER_JS + r"""
  if (!el) return false;
  const until = performance.now() + args.wait;
  while (performance.now() < until && current().options.length) await new Promise(r => setTimeout(r, 50));
  const keep = new WeakSet();
  const near = listNear();
  if (near) keep.add(near.box);
  window.__dboltSeenLists = keep;
  // from here on, count changes of the page outside the field: a widget shows itself by them
  if (window.__dboltStirObserver) window.__dboltStirObserver.disconnect();
  const stir = window.__dboltStir = {n: 0};
  const observer = window.__dboltStirObserver = new MutationObserver((records) => {
    for (const m of records) if (m.target !== el && !el.contains(m.target)) stir.n++;
  });
  const watch = {subtree: true, childList: true, attributes: true, characterData: true};
  observer.observe(document, watch);
  if (el.getRootNode() !== document) observer.observe(el.getRootNode(), watch);
  return true;
}
"""

# whether the page changed outside the field since ARM_JS
STIRRED_JS = "() => !!(window.__dboltStir && window.__dboltStir.n)"

# wait for suggestions to appear and hold still; tag them and return their texts (or the list's status text)
SUGGESTIONS_JS = "async (args) => {\n" + _FINDER_JS + r"""
  if (!el) return {options: [], status: 'field missing'};
  const until = performance.now() + args.timeout;
  let last = null, since = 0, got = null;
  while (true) {
    got = current();
    const sig = got.options.map(([, t]) => t).join('\n') + '|' + got.status;
    const now = performance.now();
    if (sig !== last) { last = sig; since = now; }
    else if ((got.options.length || got.status) && now - since >= args.settle) break;
    if (now >= until) break;
    await new Promise(r => setTimeout(r, 50));
  }
  window.__dboltOptSeq = (window.__dboltOptSeq || 0) + 1;
  const options = got.options.map(([o, text], k) => {
    const key = 'o' + window.__dboltOptSeq + '_' + k;
    o.setAttribute(args.attr, key);
    return {key, text};
  });
  return {options, status: got.status};
}
"""

# the widget's own box (the largest of a few ancestors holding no other visible field) and what it holds: the text its
# field shows and the values of its hidden fields
_WIDGET_JS = r"""
  function widgetBox() {
    let box = el;
    for (let k = 0; k < 4; k++) {
      const p = upComposed(box);
      if (!p || p === document.body || p.tagName === 'FORM') break;
      const others = Array.from(p.querySelectorAll('input, select, textarea, [contenteditable]'))
        .filter(c => c !== el && !el.contains(c) && !c.contains(el) && c.type !== 'hidden' && shown(c));
      if (others.length) break;
      box = p;
    }
    return box;
  }
  const valuesIn = (box) => Array.from(box.querySelectorAll('input, select, textarea'))
    .filter(c => c !== el && (c.type === 'hidden' || !shown(c)))
    .map(c => c.tagName === 'SELECT' ? Array.from(c.selectedOptions).map(o => o.value).join('\u0001') : c.value);
  const shownValue = () => el.matches('input, textarea') ? el.value : clean(flatText(el));
  // the form's hidden fields too: some widgets keep their value away from their own markup
  const formOf = () => el.form || closestComposed(el, 'form');
  const formValues = () => { const f = formOf(); return f ? Array.from(f.querySelectorAll('input[type=hidden]')).map(c => c.value) : []; };
"""

# right before a suggestion is clicked: remember the widget's state and the elements already in it
BEFORE_CLICK_JS = "(args) => {\n" + _FINDER_JS + _WIDGET_JS + r"""
  if (!el) return false;
  const box = widgetBox();
  const old = new WeakSet(box.querySelectorAll('*'));
  const opt = findDeep('[' + args.attr + '="' + args.key + '"]');
  window.__dboltPick = {box, old, list: opt ? opt.parentElement : null, value: shownValue(), values: valuesIn(box), formValues: formValues()};
  return true;
}
"""

# after the click: did the widget take the suggestion? Its field now shows it, a hidden field got a value, or a new
# element in the widget (a chip) shows it. Waits a little: widgets often update after an animation or a request.
TOOK_JS = "async (args) => {\n" + _FINDER_JS + _WIDGET_JS + r"""
  const st = window.__dboltPick;
  if (!el || !st) return {took: false, how: 'the field is gone'};
  const norm = (s) => clean(s).toLowerCase();
  const want = norm(args.text);
  const inList = (n) => (st.list && (st.list.contains(n) || n.contains(st.list))) ||
    !!closestComposed(n, '[role=listbox], [role=option]') || !!n.querySelector('[role=option], [' + args.attr + ']');
  const until = performance.now() + args.wait;
  while (true) {
    const values = valuesIn(st.box);
    if (values.some((v, i) => v && v !== st.values[i]) || formValues().some((v, i) => v && v !== st.formValues[i]))
      return {took: true, how: 'a hidden field holds it'};
    const value = norm(shownValue());
    if (value && value !== norm(st.value) && (value.includes(want) || want.includes(value))) return {took: true, how: 'the field shows it'};
    for (const n of st.box.querySelectorAll('*')) {
      if (st.old.has(n) || n.contains(el) || !shown(n) || inList(n)) continue;
      if (norm(flatText(n)).includes(want)) return {took: true, how: 'a chip shows it'};
    }
    if (performance.now() >= until) break;
    await new Promise(r => setTimeout(r, 50));
  }
  // the typed text was already the suggestion's: with no hidden field to tell otherwise, the field showing it is all
  if (norm(shownValue()) === want && !valuesIn(st.box).length) return {took: true, how: 'the field shows it'};
  return {took: false, how: 'nothing in the widget changed', value: shownValue()};
}
"""

# when a real click is refused (covered, animating): the events a click on a suggestion sends
CLICK_OPTION_JS = """(o) => { for (const t of ['pointerdown', 'mousedown', 'pointerup', 'mouseup', 'click'])
  o.dispatchEvent(new MouseEvent(t, {bubbles: true, cancelable: true, view: window})); }"""

MAX_TERMS = 5
ARM_WAIT_MS = 600
SUGGESTION_WAIT_MS = 1500
# a field that only hints at suggestions (autocomplete=off, a class name) and whose page stays still this long after
# the typing is a plain text box
QUIET_MS = 600
SETTLE_MS = 250


def search_terms(attr: str, pv: ProfileValues) -> list[str]:
    """What to type to make the widget offer the profile's value: the value itself, then (categories) the words a
    directory may use instead, primary category first."""
    if attr == "categories":
        terms: list[str] = []
        for cat in pv.categories:
            terms += _category_terms(cat)
    elif attr == "region":
        terms = [t for t in (pv.region_name, pv.region_code, pv.get("region")) if t]
    else:
        terms = [pv.get(attr) or ""]
    out: list[str] = []
    for t in terms:
        if len(t.strip()) >= 2 and t.lower() not in (o.lower() for o in out):
            out.append(t.strip())
    return out[:MAX_TERMS]


TOOK_WAIT_MS = 1000


def _category_terms(cat: str) -> list[str]:
    return [cat, *om.CATEGORY_SYNONYMS.get(cat.lower().strip(), ())[:2]]


def _choose(plan: FieldPlan, options: list[dict[str, str]], pv: ProfileValues) -> tuple[dict[str, str], str] | None:
    choices = choose_options(plan.attribute or "", [(o["text"], o["text"]) for o in options], pv, required=plan.required)
    if not choices:
        return None
    return options[choices[0].index], choices[0].why


async def _click_option(frame: Any, option: dict[str, str], timeout_ms: float) -> None:
    loc = frame.locator(f'[{OPTION_ATTR}="{option["key"]}"]').first
    try:
        await loc.click(timeout=min(timeout_ms, 3000))
    except Exception:  # noqa: BLE001 - covered or moving: send the click's events to the option itself
        await loc.evaluate(CLICK_OPTION_JS)


async def _click_and_check(frame: Any, plan: FieldPlan, option: dict[str, str], timeout_ms: float) -> dict[str, Any]:
    """Click a suggestion and tell whether the widget took it (and how it shows it)."""
    await frame.evaluate(BEFORE_CLICK_JS, {"sel": plan.selector, "key": option["key"], "attr": OPTION_ATTR})
    await _click_option(frame, option, timeout_ms)
    return await frame.evaluate(TOOK_JS, {"sel": plan.selector, "text": option["text"], "wait": TOOK_WAIT_MS,
                                          "attr": OPTION_ATTR})


async def _listed(frame: Any, selector: str, timeout_ms: float = SUGGESTION_WAIT_MS) -> dict[str, Any]:
    return await frame.evaluate(SUGGESTIONS_JS, {"sel": selector, "timeout": timeout_ms,
                                                  "settle": SETTLE_MS, "attr": OPTION_ATTR})


async def _type_and_look(frame: Any, plan: FieldPlan, field: Any, term: str, timeout_ms: float) -> dict[str, Any]:
    """Type ``term`` into the emptied field and return the suggestions the widget then shows. A field that only
    hints at suggestions gets a short look first: if the page neither changed outside the field nor sent a request
    since the typing began, nothing is coming and the long wait is skipped."""
    await field.fill("", timeout=timeout_ms)
    await frame.evaluate(ARM_JS, {"sel": plan.selector, "wait": ARM_WAIT_MS})
    requests: list[Any] = []

    def note_request(request: Any) -> None:
        requests.append(request)

    page = getattr(frame, "page", frame)  # the page itself or one of its frames
    page.on("request", note_request)
    try:
        await field.press_sequentially(term, delay=25, timeout=timeout_ms)
        if plan.widget != "suggest":
            return await _listed(frame, plan.selector)
        found = await _listed(frame, plan.selector, QUIET_MS)
        if found["options"] or found["status"] or not (requests or await frame.evaluate(STIRRED_JS)):
            return found
        return await _listed(frame, plan.selector, SUGGESTION_WAIT_MS - QUIET_MS)
    finally:
        page.remove_listener("request", note_request)


def _give_up(plan: FieldPlan, why: str) -> None:
    plan.action = "skip"
    plan.skip_reason = why


async def _pick_several(frame: Any, plan: FieldPlan, pv: ProfileValues, timeout_ms: float) -> None:
    """A tag/chip widget: each profile category that one of its suggestions matches well, up to its limit."""
    field = frame.locator(plan.selector).first
    chosen: list[str] = []
    offered: list[str] = []
    refused: list[str] = []
    listed = kept_in_field = False
    for cat in pv.categories:
        if len(chosen) >= plan.max_items:
            break
        for term in _category_terms(cat):
            found = await _type_and_look(frame, plan, field, term, timeout_ms)
            listed = listed or bool(found["options"] or found["status"])
            offered += [o["text"] for o in found["options"] if o["text"] not in offered]
            taken = {t.lower() for t in chosen}
            options = [o for o in found["options"] if o["text"].lower() not in taken]
            match = om.match_category([cat], [(o["text"], o["text"]) for o in options])
            if not match:
                continue
            option = options[match[0].index]
            took = await _click_and_check(frame, plan, option, timeout_ms)
            if not took["took"]:
                refused.append(option["text"])
                break
            chosen.append(option["text"])
            plan.why.append(f"typed {term!r}, chose suggestion {option['text']!r}: {match[0].why}; {took['how']}")
            kept_in_field = took["how"] == "the field shows it"
            if kept_in_field:
                plan.max_items = len(chosen)  # it keeps one value in the field itself: a second would replace it
            break
        if not listed and plan.widget == "suggest":
            break  # nothing appears as you type: a plain box that takes its values as text
    if not listed and plan.widget == "suggest":
        value = ", ".join(pv.categories[:plan.max_items])
        await field.fill(value, timeout=timeout_ms)
        await field.evaluate("el => el.blur()")
        plan.display_value = value
        plan.why.append("no suggestions appeared: typed as text")
        return
    if not kept_in_field and await field.input_value() and await field.is_editable():
        await field.fill("", timeout=timeout_ms)  # no search term left behind (the chosen values are chips)
    await field.evaluate("el => el.blur()")
    if refused:
        plan.why.append(f"clicked {', '.join(map(repr, refused))} but the widget did not take it")
    if not chosen:
        shown = "; ".join(offered[:8])
        _give_up(plan, (f"clicked {', '.join(map(repr, refused))} but the widget did not take it" if refused else
                        "no suggestion matches a profile category") + (f" (offered: {shown})" if shown else " (none offered)"))
        return
    plan.display_value = ", ".join(chosen)


async def _pick_suggestion(frame: Any, plan: FieldPlan, pv: ProfileValues, timeout_ms: float) -> None:
    if plan.max_items > 1:
        await _pick_several(frame, plan, pv, timeout_ms)
        return
    field = frame.locator(plan.selector).first
    offered: list[str] = []
    listed = False
    for term in search_terms(plan.attribute or "", pv):
        found = await _type_and_look(frame, plan, field, term, timeout_ms)
        if not found["options"]:
            if not found["status"] and plan.widget == "suggest":
                break  # nothing appeared at all: most likely a plain text box with autocomplete=off
            continue
        listed = True
        offered += [o["text"] for o in found["options"] if o["text"] not in offered]
        chosen = _choose(plan, found["options"], pv)
        if chosen is not None:
            option, why = chosen
            took = await _click_and_check(frame, plan, option, timeout_ms)
            if not took["took"]:
                await field.fill("", timeout=timeout_ms)
                await field.evaluate("el => el.blur()")
                _give_up(plan, f"clicked suggestion {option['text']!r} but the widget did not take it ({took['how']})")
                return
            plan.display_value = option["text"]
            plan.why.append(f"typed {term!r}, chose suggestion {option['text']!r}: {why}; {took['how']}")
            return
    if not listed and (plan.widget == "suggest" or plan.attribute != "categories"):
        # no list ever appeared: a text box after all, so the value is typed like any other
        await field.fill(str(plan.value), timeout=timeout_ms)
        await field.evaluate("el => el.blur()")
        plan.display_value = str(plan.value)
        plan.why.append("no suggestions appeared: typed as text")
        return
    await field.fill("", timeout=timeout_ms)
    await field.evaluate("el => el.blur()")
    shown = "; ".join(offered[:8])
    _give_up(plan, f"no suggestion matches {plan.value!r}" + (f" (offered: {shown})" if shown else " (none offered)"))


async def _pick_in_listbox(frame: Any, plan: FieldPlan, pv: ProfileValues, timeout_ms: float) -> None:
    opener = frame.locator(plan.selector).first
    await frame.evaluate(ARM_JS, {"sel": plan.selector, "wait": 0})
    await opener.click(timeout=timeout_ms)
    found = await _listed(frame, plan.selector)
    if not found["options"]:
        _give_up(plan, "the list of options did not open")
        return
    chosen = _choose(plan, found["options"], pv)
    if chosen is None:
        await frame.page.keyboard.press("Escape")
        shown = "; ".join(o["text"] for o in found["options"][:8])
        _give_up(plan, f"no option matches {plan.value!r} (offered: {shown})")
        return
    option, why = chosen
    took = await _click_and_check(frame, plan, option, timeout_ms)
    if not took["took"]:
        _give_up(plan, f"chose {option['text']!r} in the list but the widget did not take it ({took['how']})")
        return
    plan.display_value = option["text"]
    plan.why.append(f"opened the list, chose {option['text']!r}: {why}; {took['how']}")


async def pick(frame: Any, plan: FieldPlan, pv: ProfileValues, timeout_ms: float = 5000) -> None:
    """Choose ``plan``'s value in its widget; when nothing fits, the plan becomes a skip that says why."""
    if plan.widget == "listbox":
        await _pick_in_listbox(frame, plan, pv, timeout_ms)
        return
    try:
        await _pick_suggestion(frame, plan, pv, timeout_ms)
    except Exception:
        try:  # a half-done pick must not leave a typed search term for the site to store
            await frame.locator(plan.selector).first.fill("", timeout=min(timeout_ms, 2000))
        except Exception:  # noqa: BLE001 - the field itself is gone or covered: the original error says more
            pass
        raise
