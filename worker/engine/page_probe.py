"""Small in-page probes: buttons of a form, "add your business" links, captcha widgets, visible text,
fields marked invalid and error messages. Each returns plain data; the flow decides."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from .patterns import ADD_LISTING_LINK, NEGATIVE_BUTTON_TEXT, NEXT_TEXT, SUBMIT_TEXT
from .shadow_dom import SHADOW_JS

BUTTON_ATTR = "data-dbolt-btn"

BUTTONS_JS = "(args) => {\n" + SHADOW_JS + r"""
  const clean = (s) => (s || '').replace(/\s+/g, ' ').trim();
  const keys = args.keys || [];
  const roots = shadowRootsUnder(document);
  const tagged = new Map(queryDeep(document, '[data-dbolt-id]', roots).map(e => [e.getAttribute('data-dbolt-id'), e]));
  const fields = keys.map(k => tagged.get(k)).filter(Boolean);
  const forms = new Set(fields.map(f => f.form || closestComposed(f, 'form')).filter(Boolean));
  // the scope: the form(s) of the fields, or the smallest ancestor holding all fields (formless)
  let scopes = Array.from(forms);
  if (!scopes.length && fields.length) {
    let anc = upComposed(fields[0]);
    while (anc && !fields.every(f => containsComposed(anc, f))) anc = upComposed(anc);
    // widen a little: the submit control is often a sibling of the field container
    for (let i = 0; anc && i < 2 && anc.parentElement && anc !== document.body; i++) anc = anc.parentElement;
    scopes = [anc || document.body];
  }
  if (!scopes.length) scopes = [document.body];
  const sel = 'button, input[type=submit], input[type=image], input[type=button], a, [role=button], [onclick]';
  const seen = new Set(); const out = [];
  window.__dboltSeq = (window.__dboltSeq || 0) + 1; const pre = 'b' + window.__dboltSeq + '_'; let i = 0;
  for (const old of queryDeep(document, '[' + args.attr + ']', roots)) old.removeAttribute(args.attr);
  const visible = (el) => {
    const r = el.getBoundingClientRect();
    if (r.width < 2 || r.height < 2) return false;
    for (let n = el; n && n.nodeType === 1; n = upComposed(n)) {
      const cs = getComputedStyle(n);
      if (cs.display === 'none' || cs.visibility === 'hidden' || parseFloat(cs.opacity) < 0.05) return false;
    }
    return true;
  };
  const consider = (el, inScope) => {
    if (seen.has(el)) return; seen.add(el);
    if (el.matches('input, select, textarea') && !el.matches('input[type=submit], input[type=image], input[type=button]')) return;
    if (el.hasAttribute('data-dbolt-id')) return;  // a field (a button that opens a list of options)
    if (!visible(el) || el.disabled || el.getAttribute('aria-disabled') === 'true') return;
    const tag = el.tagName.toLowerCase();
    const type = (el.getAttribute('type') || (tag === 'button' ? 'submit' : '')).toLowerCase();
    const text = clean(el.innerText || el.value || el.getAttribute('aria-label') || el.getAttribute('title') || el.getAttribute('alt') ||
                       flatText(el));  // a button in a shadow root shows its slotted text, which innerText leaves out
    const href = tag === 'a' ? (el.getAttribute('href') || '') : '';
    const key = pre + (i++);
    el.setAttribute(args.attr, key);
    const r = el.getBoundingClientRect();
    out.push({key, tag, type, text: text.slice(0, 80), href, in_scope: inScope, in_form: !!(el.form || closestComposed(el, 'form')),
              role: el.getAttribute('role') || '', id: el.id || '', name: el.getAttribute('name') || '',
              cls: (el.className && el.className.baseVal === undefined ? el.className : '').slice(0, 80),
              y: r.top + window.scrollY});
  };
  for (const s of scopes) for (const el of queryDeep(s, sel, roots)) consider(el, true);
  for (const f of forms) if (f.id) for (const el of document.querySelectorAll('[form="' + f.id + '"]')) consider(el, true);
  return out;
}
"""

LINKS_JS = "(args) => {\n" + SHADOW_JS + r"""
  const clean = (s) => (s || '').replace(/\s+/g, ' ').trim();
  const out = [];
  window.__dboltSeq = (window.__dboltSeq || 0) + 1; const pre = 'l' + window.__dboltSeq + '_'; let i = 0;
  // a site header or call-to-action built as a web component keeps its links in its (open) shadow root
  for (const el of queryDeep(document, 'a[href], button, [role=button], [role=link]', shadowRootsUnder(document))) {
    const r = el.getBoundingClientRect();
    if (r.width < 2 || r.height < 2) continue;
    const cs = getComputedStyle(el);
    if (cs.visibility === 'hidden' || cs.display === 'none') continue;
    const text = clean(el.innerText || el.getAttribute('aria-label') || el.getAttribute('title') || flatText(el));
    const key = pre + (i++);
    el.setAttribute(args.attr, key);
    out.push({key, text: text.slice(0, 100), href: el.getAttribute('href') || '', tag: el.tagName.toLowerCase()});
  }
  return out;
}
"""

CAPTCHA_JS = "() => {\n" + SHADOW_JS + r"""
  const vis = (el) => { const r = el.getBoundingClientRect(); if (r.width < 2 || r.height < 2) return false;
    for (let n = el; n && n.nodeType === 1; n = upComposed(n)) { const cs = getComputedStyle(n);
      if (cs.display === 'none' || cs.visibility === 'hidden') return false; } return true; };
  // a captcha web component (or a form inside one) renders its widget in its shadow root
  const roots = shadowRootsUnder(document);
  const hits = [];
  for (const el of queryDeep(document, 'iframe', roots)) {
    const src = (el.getAttribute('src') || '') + ' ' + (el.getAttribute('title') || '');
    if (/recaptcha|hcaptcha|turnstile|captcha|challenge/i.test(src) && vis(el) && !/size=invisible/.test(src)) hits.push('iframe:' + src.slice(0, 80));
  }
  for (const el of queryDeep(document, '.g-recaptcha, .h-captcha, .cf-turnstile, [data-sitekey], #captcha, .captcha, img[src*=captcha i], img[alt*=captcha i], canvas[id*=captcha i]', roots)) {
    if (el.getAttribute('data-size') === 'invisible') continue;
    if (vis(el)) hits.push('widget:' + (el.className || el.id || el.tagName));
  }
  return hits;
}
"""

STATE_JS = "(args) => {\n" + SHADOW_JS + r"""
  const clean = (s) => (s || '').replace(/[\u00a0\s]+/g, ' ').trim();
  const vis = (el) => { const r = el.getBoundingClientRect(); if (r.width < 1 || r.height < 1) return false;
    for (let n = el; n && n.nodeType === 1; n = upComposed(n)) { const cs = getComputedStyle(n);
      if (cs.display === 'none' || cs.visibility === 'hidden' || parseFloat(cs.opacity) < 0.05) return false; } return true; };
  const roots = shadowRootsUnder(document);
  const text = renderedText(roots);
  const tagged = queryDeep(document, '[data-dbolt-id]', roots);
  const invalid = [];
  for (const el of tagged) {
    if (!vis(el)) continue;
    const bad = el.getAttribute('aria-invalid') === 'true' || (el.willValidate && !el.checkValidity()) ||
                /(^|[\s_-])(error|invalid|is-invalid|has-error)([\s_-]|$)/i.test(el.className || '');
    if (bad) invalid.push(el.getAttribute('name') || el.id || el.getAttribute('data-dbolt-id'));
  }
  const errSel = '[role=alert], .error, .errors, .alert-danger, .alert-error, .invalid-feedback, .field-error, .errorlist, ' +
                 '.form-error, .error-message, .notice-error, .validation-error, .help-block.error, .text-danger, .message.error, [aria-live=assertive]';
  const errors = [];
  for (const el of queryDeep(document, errSel, roots)) {
    if (!vis(el)) continue; const t = clean(el.innerText); if (t && !errors.includes(t)) errors.push(t.slice(0, 300));
  }
  const present = tagged.filter(vis).map(el => el.getAttribute('data-dbolt-id'));
  return {url: location.href, text: text.slice(0, 20000), invalid, errors: errors.slice(0, 10), present};
}
"""

VALIDITY_JS = "(keys) => {\n" + SHADOW_JS + r"""
  return keys.map(k => { const el = findDeep('[data-dbolt-id="' + k + '"]');
  if (!el || !el.willValidate) return [k, true, ''];
  return [k, el.checkValidity(), el.validationMessage || '']; });
}
"""

COOKIE_JS = r"""
() => {
  const boxes = document.querySelectorAll('[id*=cookie i], [class*=cookie i], [id*=consent i], [class*=consent i], [id*=gdpr i], [class*=gdpr i], [aria-label*=cookie i]');
  for (const box of boxes) {
    const r = box.getBoundingClientRect();
    if (r.width < 2 || r.height < 2) continue;
    for (const b of box.querySelectorAll('button, a, [role=button], input[type=button], input[type=submit]')) {
      const t = (b.innerText || b.value || b.getAttribute('aria-label') || '').trim();
      if (/^(accept|accept all|accept cookies|accept all cookies|allow all|allow cookies|i agree|agree|got it|ok|okay|i understand|continue)$/i.test(t)) {
        b.click(); return t;
      }
    }
  }
  return null;
}
"""

MUTATION_INIT_JS = r"""
(() => { try {
  window.__dboltMut = 0; window.__dboltMutAt = Date.now();
  const start = () => { const mo = new MutationObserver(() => { window.__dboltMut++; window.__dboltMutAt = Date.now(); });
    mo.observe(document.documentElement, {subtree: true, childList: true, attributes: true}); };
  if (document.documentElement) start(); else document.addEventListener('DOMContentLoaded', start);
  window.addEventListener('beforeunload', () => { window.__dboltLeaving = Date.now(); }, true);
  window.addEventListener('pagehide', () => { window.__dboltLeaving = window.__dboltLeaving || Date.now(); }, true);
} catch (e) {} })();
"""


@dataclass
class Button:
    key: str
    tag: str
    type: str
    text: str
    href: str
    in_scope: bool
    in_form: bool
    role: str
    kind: str  # submit | next | other | negative
    score: float
    y: float = 0.0

    @property
    def selector(self) -> str:
        return f'[{BUTTON_ATTR}="{self.key}"]'


def classify_button(b: dict[str, Any]) -> tuple[str, float]:
    text = b.get("text") or ""
    ident = f"{b.get('id', '')} {b.get('name', '')} {b.get('cls', '')}".lower()
    href = (b.get("href") or "").strip()
    if NEGATIVE_BUTTON_TEXT.search(text) and not SUBMIT_TEXT.search(text.split()[0] if text else ""):
        return "negative", -10.0
    if b.get("type") in ("reset",):
        return "negative", -10.0
    score = 0.0
    kind = "other"
    if NEXT_TEXT.search(text) or re.search(r"\bnext\b|continue", ident):
        kind, score = "next", 6.0
    if SUBMIT_TEXT.search(text) or re.search(r"submit|send|save", ident):
        if kind == "next" and re.search(r"continue|next", text, re.I):
            pass
        else:
            kind, score = "submit", 8.0
    if b.get("tag") in ("button", "input") and b.get("type") in ("submit", "image") and b.get("in_form"):
        score += 3.0
        if kind == "other":
            kind = "submit"
    if b.get("tag") == "a" and href and not href.startswith(("#", "javascript:")) and kind == "other":
        return "negative", -5.0  # an ordinary link leaves the page
    if b.get("role") == "button" or b.get("tag") in ("button", "input"):
        score += 1.0
    if not b.get("in_scope"):
        score -= 4.0
    return kind, score


async def find_buttons(frame: Any, field_keys: list[str]) -> list[Button]:
    rows = await frame.evaluate(BUTTONS_JS, {"keys": field_keys, "attr": BUTTON_ATTR})
    out = []
    for r in rows:
        kind, score = classify_button(r)
        out.append(Button(r["key"], r["tag"], r["type"], r["text"], r["href"], r["in_scope"], r["in_form"], r["role"],
                          kind, score, r.get("y", 0.0)))
    return out


def best_button(buttons: list[Button], fields_bottom: float = 0.0) -> Button | None:
    cands = [b for b in buttons if b.kind in ("submit", "next") and b.in_scope]
    if not cands:
        return None
    # prefer high score, then the control below the fields (the form's own button, not a header button)
    return max(cands, key=lambda b: (b.score, 1 if b.y >= fields_bottom - 5 else 0, b.y))


async def find_add_listing_link(frame: Any) -> dict[str, Any] | None:
    rows = await frame.evaluate(LINKS_JS, {"attr": BUTTON_ATTR})
    best = None
    for r in rows:
        text, href = r.get("text") or "", r.get("href") or ""
        score = 0.0
        if ADD_LISTING_LINK.search(text):
            score += 10.0
        if re.search(r"(?:add|submit|new|list|create|register)[-_/]?(?:your[-_])?(?:business|listing|site|company|place|url)|"
                     r"/(?:add|submit|signup|join|get-listed)(?:[/?.]|$)", href, re.I):
            score += 5.0
        if len(text) > 60:
            score -= 5.0
        if score >= 5.0 and (best is None or score > best[0]):
            best = (score, r)
    if best is None:
        return None
    r = dict(best[1])
    r["selector"] = f'[{BUTTON_ATTR}="{r["key"]}"]'
    return r


async def captcha_widgets(frame: Any) -> list[str]:
    try:
        return await frame.evaluate(CAPTCHA_JS)
    except Exception:  # noqa: BLE001
        return []


async def page_state(frame: Any) -> dict[str, Any]:
    return await frame.evaluate(STATE_JS, {})


async def validity(frame: Any, keys: list[str]) -> list[tuple[str, bool, str]]:
    return [tuple(x) for x in await frame.evaluate(VALIDITY_JS, keys)]  # type: ignore[misc]


async def dismiss_cookie_banner(frame: Any) -> str | None:
    """Click "Accept" in a visible cookie/consent banner (it would cover the form and the screenshots)."""
    try:
        return await frame.evaluate(COOKIE_JS)
    except Exception:  # noqa: BLE001
        return None
