"""Collect, for every form control of a frame, the signals that tell what it asks for.

One JavaScript pass per frame tags each control with ``data-dbolt-id`` (so the filler can find it again)
and returns: autocomplete, type, name, id, <label for>, wrapping label, aria-label(ledby), placeholder,
title, the text before it (table cell, dt, li, div...), the fieldset legend, the nearest heading,
constraints (required, maxlength, pattern...), options of selects, and the facts needed to tell a
usable field from a hidden one or a honeypot (rendered, box, clipping, aria-hidden, tabindex).

The same pass looks into open shadow roots (a field inside a web component also gets the component's label and
name), and reports widgets that stand for a field: rich-text editors (``type="richtext"``: a contenteditable
element or an iframe whose body is editable, with the hidden field it keeps in sync as context), buttons or
divs that open a listbox (``type="listbox"``), and text inputs that offer suggestions (``widget``: combobox,
datalist, or "suggest" when only hints such as autocomplete=off say so).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .patterns import HONEYPOT_NAME, normalize_identifier
from .shadow_dom import SHADOW_JS

ID_ATTR = "data-dbolt-id"

COLLECT_JS = (
    "(args) => {\n" + SHADOW_JS + r"""
  const ATTR = args.attr, PREFIX = args.prefix;
  const clean = (s) => (s || '').replace(/[\u00a0\s]+/g, ' ').trim();
  const FIELD_SEL = 'input, select, textarea';
  // besides form fields: rich-text editors (contenteditable, an editable iframe) and listbox/combobox widgets
  const CANDIDATE_SEL = 'input, select, textarea, [contenteditable], iframe, [aria-haspopup=listbox], [role=combobox]';
  const ENHANCED_WRAP = '.select2, .select2-container, .chosen-container, .selectize-control, .ts-wrapper, .choices, .nice-select, .bootstrap-select';
  const BLOCK = new Set(['TD','TH','DT','DD','LI','P','DIV','LABEL','LEGEND','H1','H2','H3','H4','H5','H6',
                         'FIELDSET','FORM','TR','TABLE','SECTION','ARTICLE','UL','OL','DL','BODY','HEADER','MAIN']);
  const SKIP_TEXT_PARENT = new Set(['SCRIPT','STYLE','NOSCRIPT','OPTION','SELECT','TEXTAREA','BUTTON','TEMPLATE']);
  const NOT_TYPED = new Set(['hidden','button','submit','reset','image','checkbox','radio','file']);
  const textOf = (el) => clean(flatText(el));
  const byId = (el, id) => { const r = el.getRootNode(); return (r.getElementById && r.getElementById(id)) || el.ownerDocument.getElementById(id); };
  function blockOf(node) {
    let n = node.nodeType === 1 ? node : node.parentElement;
    while (n && !BLOCK.has(n.tagName)) n = n.parentElement;
    return n;
  }
  function isControl(n) {
    if (n.nodeType !== 1) return false;
    if (n.matches('select, textarea, button')) return true;
    if (n.tagName === 'INPUT') return (n.type || '').toLowerCase() !== 'hidden';
    // a web component wrapping a field stands for that field
    return !!(n.shadowRoot && n.shadowRoot.querySelector('input, select, textarea, button, [contenteditable]'));
  }
  // before an editor only a visible field someone types into is "the previous control": toolbars and the hidden
  // field the editor keeps in sync sit between the editor and its label
  function endsTextBeforeEditor(n) {
    if (n.tagName === 'BUTTON' || n.closest('[role=toolbar], [role=menubar]')) return false;
    if (n.tagName === 'INPUT' && NOT_TYPED.has((n.type || '').toLowerCase())) return false;
    return n.getClientRects().length > 0;
  }
  // text right before the control, stopping at the previous control or when leaving the nearest block
  function precedingText(el, editor) {
    const tree = el.getRootNode();
    const root = el.form || (tree.host ? tree : el.ownerDocument.body);
    const walker = el.ownerDocument.createTreeWalker(tree.host ? tree : el.ownerDocument.body, NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT);
    walker.currentNode = el;
    const parts = []; let block = null; let chars = 0;
    let n;
    while ((n = walker.previousNode())) {
      if (n.nodeType === 1) {
        if (isControl(n) && !n.contains(el) && (!editor || endsTextBeforeEditor(n))) break;
        if (n === root) break;
        if (n.tagName === 'LABEL' && n.htmlFor && n.htmlFor !== el.id) { if (parts.length) break; else continue; }
        continue;
      }
      const p = n.parentElement;
      if (!p || SKIP_TEXT_PARENT.has(p.tagName)) continue;
      if (editor && p.closest('button, [role=toolbar], [role=menubar]')) continue;  // the editor's own toolbar
      if (p.closest('label') && p.closest('label').htmlFor && p.closest('label').htmlFor !== el.id) { if (parts.length) break; else continue; }
      const t = clean(n.textContent);
      if (!t) continue;
      const b = blockOf(n);
      if (block === null) block = b;
      else if (b !== block && !(b && b.contains(block))) {
        if (/[A-Za-z\u00c0-\uffff]/.test(parts.join(''))) break;
        block = b;
      }
      parts.unshift(t); chars += t.length;
      if (chars > 120) break;
    }
    return clean(parts.join(' ')).slice(-160);
  }
  function followingHelp(el) {
    let s = '';
    const ids = (el.getAttribute('aria-describedby') || '').split(/\s+/).filter(Boolean);
    for (const id of ids) { const d = byId(el, id); if (d) s += ' ' + textOf(d); }
    let sib = el.nextElementSibling;
    for (let i = 0; sib && i < 2; i++, sib = sib.nextElementSibling) {
      if (isControl(sib) || sib.querySelector(FIELD_SEL)) break;
      if (sib.matches('small, .help, .hint, .help-block, .form-text, .description, span, em, i, p')) s += ' ' + textOf(sib);
    }
    return clean(s).slice(0, 200);
  }
  function headingBefore(el) {
    const tree = el.getRootNode();
    const walker = el.ownerDocument.createTreeWalker(tree.host ? tree : el.ownerDocument.body, NodeFilter.SHOW_ELEMENT);
    walker.currentNode = el; let n; let k = 0;
    while ((n = walker.previousNode()) && k < 400) {
      k++;
      if (/^H[1-6]$/.test(n.tagName) || n.tagName === 'LEGEND') return textOf(n).slice(0, 100);
    }
    return tree.host ? headingBefore(tree.host) : '';
  }
  function hiddenByAncestors(el) {
    for (let n = el; n && n.nodeType === 1; n = upComposed(n)) {
      const cs = getComputedStyle(n);
      if (cs.display === 'none' || cs.visibility === 'hidden' || cs.visibility === 'collapse') return 'display/visibility';
      if (parseFloat(cs.opacity) < 0.05) return 'opacity';
      if (n.hasAttribute('hidden')) return 'hidden-attribute';
    }
    return '';
  }
  function clippedArea(el) {
    const r = el.getBoundingClientRect();
    let left = r.left, top = r.top, right = r.right, bottom = r.bottom;
    for (let n = upComposed(el); n && n.nodeType === 1 && n !== el.ownerDocument.documentElement; n = upComposed(n)) {
      const cs = getComputedStyle(n);
      const clips = cs.overflow !== 'visible' || cs.overflowX !== 'visible' || cs.overflowY !== 'visible';
      const clipProp = cs.clip && cs.clip !== 'auto' && /rect\(\s*0/.test(cs.clip);
      if (clipProp) return 0;
      if (clips) {
        const pr = n.getBoundingClientRect();
        left = Math.max(left, pr.left); top = Math.max(top, pr.top);
        right = Math.min(right, pr.right); bottom = Math.min(bottom, pr.bottom);
      }
    }
    const cs = getComputedStyle(el);
    if (cs.clip && cs.clip !== 'auto' && /rect\(\s*0/.test(cs.clip)) return 0;
    if (cs.clipPath && /inset\(\s*(50|100)%/.test(cs.clipPath)) return 0;
    return Math.max(0, right - left) * Math.max(0, bottom - top);
  }
  function labelsOf(el) {
    const forLabels = [], wrapping = [];
    if (el.labels) {
      for (const l of el.labels) {
        if (l.contains(el)) wrapping.push(textOf(l)); else forLabels.push(textOf(l));
      }
    }
    if (!forLabels.length && !wrapping.length) {
      // floating-label layouts: <input placeholder=" "><label>Email</label> (a label right after, bound to nothing)
      const nx = el.nextElementSibling;
      if (nx && nx.tagName === 'LABEL' && !nx.htmlFor && !nx.querySelector('input,select,textarea')) forLabels.push(textOf(nx));
    }
    return [clean(forLabels.join(' ')), clean(wrapping.join(' '))];
  }
  function labelledBy(el) {
    const ids = (el.getAttribute('aria-labelledby') || '').split(/\s+/).filter(Boolean);
    return clean(ids.map(id => textOf(byId(el, id))).join(' '));
  }
  const partOfEnhancedSelect = (el) => !!el.closest(ENHANCED_WRAP) || !!(el.parentElement && el.parentElement.querySelector('select'));
  function inputWidget(el, type) {
    if (type !== 'text' && type !== 'search') return '';
    if (partOfEnhancedSelect(el)) return '';
    const ac = (el.getAttribute('aria-autocomplete') || '').toLowerCase();
    const wrapper = el.parentElement && el.parentElement.getAttribute('role') === 'combobox';
    if (el.getAttribute('role') === 'combobox' || ac === 'list' || ac === 'both' || wrapper ||
        el.getAttribute('aria-haspopup') === 'listbox') return 'combobox';
    if (el.list) return 'datalist';
    if ((el.getAttribute('autocomplete') || '').toLowerCase() === 'off' ||
        /auto-?complete|typeahead|suggest|lookup/i.test(el.className + ' ' + el.id)) return 'suggest';
    return '';
  }
  // a widget that keeps several values (tags/chips, a multi-select): what its wrappers or its listbox say, and the
  // most it takes when a data attribute says so
  const MULTI_CLASS = /(?:^|[\s_-])(?:tags?|chips?|tokens?|pills?)(?:[-_]?(?:input|field|container|wrap(?:per)?|box|list|editor|select))?(?:$|[\s_-])|tagify|tokenfield|taggle|multi(?:ple)?[-_]?(?:select|tags?|values?|choice)|select2-selection--multiple/i;
  const MAX_ATTR = /^(?:data-)?(?:max|limit)(?:[-_]?(?:items?|tags?|selected|selections?|choices|values|item[-_]?count|count))?$/i;
  function multiOf(el) {
    let multi = false, max = null;
    for (let n = el, k = 0; n && n.nodeType === 1 && k < 4; n = upComposed(n), k++) {
      if (n.tagName === 'FORM' || n === document.body) break;
      if (k && n.querySelectorAll('input:not([type=hidden]), select, textarea').length > 3) break;  // left the widget
      const cls = (typeof n.className === 'string' ? n.className : '') + ' ' + (k ? n.id || '' : '');
      if (MULTI_CLASS.test(cls)) multi = true;
      if (max === null && n !== el) for (const a of n.attributes) {
        const v = parseInt(a.value, 10);
        if (v > 0 && MAX_ATTR.test(a.name)) { max = v; break; }
      }
    }
    for (const id of ((el.getAttribute('aria-controls') || '') + ' ' + (el.getAttribute('aria-owns') || '')).split(/\s+/).filter(Boolean)) {
      const box = byId(el, id);
      if (box && box.getAttribute('aria-multiselectable') === 'true') multi = true;
    }
    return {multi, max};
  }
  function editableDocOf(frameEl) {
    let d = null;
    try { d = frameEl.contentDocument; } catch (e) { return null; }
    return d && d.body && (d.body.isContentEditable || d.designMode === 'on') ? d : null;
  }
  // the hidden textarea/input an editor keeps in sync (what the server reads): the nearest one around the editor,
  // looking no further than the editor's own wrapper (a level that holds another visible field is too far)
  function syncedFieldOf(el) {
    let n = el;
    for (let k = 0; k < 6; k++) {
      const p = upComposed(n);
      if (!p || p === el.ownerDocument.body || p.tagName === 'FORM') return null;
      let hidden = null;
      for (const c of p.querySelectorAll('input, textarea, [contenteditable]')) {
        if (c === el || el.contains(c)) continue;
        const shown = c.getClientRects().length > 0 && !(c.tagName === 'INPUT' && c.type === 'hidden');
        if (shown && !(c.tagName === 'INPUT' && NOT_TYPED.has((c.type || '').toLowerCase()))) return null;
        if (!shown && !hidden && (c.tagName === 'TEXTAREA' || c.type === 'hidden')) hidden = c;
      }
      if (hidden) return hidden;
      n = p;
    }
    return null;
  }
  function listboxOptions(el) {
    const ids = ((el.getAttribute('aria-controls') || '') + ' ' + (el.getAttribute('aria-owns') || '')).split(/\s+/).filter(Boolean);
    for (const id of ids) {
      const box = byId(el, id);
      if (!box) continue;
      return Array.from(box.querySelectorAll('[role=option]')).map((o, k) => ({
        index: k, value: o.getAttribute('data-value') || o.id || textOf(o), text: textOf(o),
        disabled: o.getAttribute('aria-disabled') === 'true', selected: o.getAttribute('aria-selected') === 'true'}));
    }
    return [];
  }
  // a control inside web components: the components' label / name attributes, and the text before the nearest one
  function hostContext(el) {
    const ctx = {label: '', name: '', preceding: precedingText(hostOf(el), false)};
    for (let h = hostOf(el); h; h = hostOf(h)) {
      if (!ctx.label) ctx.label = clean(h.getAttribute('label') || h.getAttribute('aria-label') || h.getAttribute('data-label'));
      if (!ctx.name) ctx.name = h.getAttribute('name') || '';
    }
    return ctx;
  }
  const formKeys = new Map();
  Array.from(document.forms).forEach((f, k) => formKeys.set(f, 'form' + k));
  function groupKey(form) {
    if (!form) return 'formless';
    if (!formKeys.has(form)) formKeys.set(form, 'sform' + formKeys.size);  // a form inside a shadow root
    return formKeys.get(form);
  }
  // candidates in composed order: a component's shadow content counts where the component stands
  const hostsIn = new Map();
  for (const sr of shadowRootsUnder(document)) {
    const tree = sr.host.getRootNode();
    if (!hostsIn.has(tree)) hostsIn.set(tree, []);
    hostsIn.get(tree).push(sr.host);
  }
  function candidatesIn(root) {
    const els = Array.from(root.querySelectorAll(CANDIDATE_SEL));
    const hosts = hostsIn.get(root);
    if (!hosts) return els;
    const out = []; let i = 0;
    for (const h of hosts) {
      while (i < els.length && (els[i].compareDocumentPosition(h) & Node.DOCUMENT_POSITION_FOLLOWING)) out.push(els[i++]);
      out.push(...candidatesIn(h.shadowRoot));
    }
    while (i < els.length) out.push(els[i++]);
    return out;
  }
  const doc = document;
  const sx = window.scrollX, sy = window.scrollY;
  const docW = Math.max(doc.documentElement.scrollWidth, window.innerWidth);
  const out = [];
  const toTag = [];
  let i = 0;
  for (const el of candidatesIn(doc)) {
    const tag = el.tagName.toLowerCase();
    let type, widget = '', editable = null;
    if (tag === 'input' || tag === 'select' || tag === 'textarea') {
      type = tag === 'input' ? (el.getAttribute('type') || 'text').toLowerCase() : tag;
      if (['hidden','submit','button','image','reset','file'].includes(type)) continue;
      if (tag === 'input') widget = inputWidget(el, type);
      if (widget === 'combobox' && el.readOnly) { type = 'listbox'; widget = ''; }  // a select-only combobox: click, choose
    } else if (tag === 'iframe') {
      const d = editableDocOf(el);
      if (!d) continue;
      type = 'richtext'; editable = d.body;
    } else if (el.isContentEditable) {
      if ((el.parentElement && el.parentElement.isContentEditable) || (el === doc.body && window.frameElement)) continue;
      type = 'richtext'; editable = el;
    } else if (el.matches('[aria-haspopup=listbox], [role=combobox]')) {
      if (el.querySelector(FIELD_SEL) || partOfEnhancedSelect(el)) continue;
      type = 'listbox';
    } else continue;
    const typed = tag === 'input' && (type === 'text' || type === 'search') && !partOfEnhancedSelect(el);
    const several = (el.multiple || type === 'listbox' || typed) ? multiOf(el) : null;
    if (typed && !widget && several.multi) widget = 'suggest';  // a tags input: each value is chosen or entered apart
    const native = !editable && type !== 'listbox';
    const key = PREFIX + (i++);
    toTag.push([el, key]);
    const r = el.getBoundingClientRect();
    const [labelFor, wrapping] = labelsOf(el);
    const fieldset = closestComposed(el, 'fieldset');
    const legend = fieldset ? textOf(fieldset.querySelector('legend')) : '';
    let options = [];
    if (tag === 'select') {
      options = Array.from(el.options).map((o, k) => ({index: k, value: o.value, text: clean(o.text), disabled: o.disabled, selected: o.selected}));
    } else if (widget === 'datalist') {
      options = Array.from(el.list.options).map((o, k) => ({index: k, value: o.value, text: clean(o.label || o.value), disabled: o.disabled, selected: false}));
    } else if (type === 'listbox') {
      options = listboxOptions(el);
    }
    let labelVisible = false;
    if (el.labels) for (const l of el.labels) { const lr = l.getBoundingClientRect(); if (lr.width > 1 && lr.height > 1 && !hiddenByAncestors(l)) labelVisible = true; }
    const form = el.form || closestComposed(el, 'form');
    const ariaLabel = clean(el.getAttribute('aria-label')), ariaBy = labelledBy(el);
    const host = hostOf(el) ? hostContext(el) : null;
    const synced = editable ? syncedFieldOf(el) : null;
    const ownLabel = labelFor || wrapping || ariaLabel || ariaBy;
    let contextLabel = '', contextName = '';
    if (synced) { contextLabel = synced.labels ? clean(Array.from(synced.labels).map(textOf).join(' ')) : ''; contextName = synced.getAttribute('name') || synced.id || ''; }
    if (host) { contextLabel = contextLabel || host.label; contextName = contextName || host.name; }
    let placeholder = clean(el.getAttribute('placeholder'));
    if (editable) {
      const ph = editable.matches('[data-placeholder], [aria-placeholder]') ? editable : editable.querySelector('[data-placeholder]');
      placeholder = placeholder || clean(ph ? (ph.getAttribute('data-placeholder') || ph.getAttribute('aria-placeholder')) : '');
    } else if (type === 'listbox') {
      placeholder = placeholder || textOf(el).slice(0, 80);
    }
    let preceding = precedingText(el, !!editable);
    if (!preceding && host && !ownLabel) preceding = host.preceding;
    out.push({
      key, tag, type, widget,
      name: el.getAttribute('name') || '', id: el.id || '',
      autocomplete: (el.getAttribute('autocomplete') || '').toLowerCase(),
      label_for: labelFor, label_wrap: wrapping,
      aria_label: ariaLabel, aria_labelledby: ariaBy,
      // an editor's own aria-label is mostly boilerplate ("Rich Text Editor, editor1"): its synced field's label counts too
      context_label: ownLabel && !synced ? '' : contextLabel, context_name: contextName,
      placeholder, title: clean(el.getAttribute('title')),
      preceding, legend, heading: headingBefore(el), help: followingHelp(el),
      required: el.required || el.getAttribute('aria-required') === 'true' || !!(synced && synced.required),
      maxlength: el.maxLength > 0 ? el.maxLength : (synced && synced.maxLength > 0 ? synced.maxLength : null),
      minlength: el.minLength > 0 ? el.minLength : null,
      pattern: el.getAttribute('pattern') || '', inputmode: el.getAttribute('inputmode') || '',
      min: el.getAttribute('min') || '', max: el.getAttribute('max') || '',
      disabled: !!(el.disabled || (el.readOnly && type !== 'listbox') || closestComposed(el, 'fieldset[disabled]') !== null ||
                   (!native && el.getAttribute('aria-disabled') === 'true')),
      multiple: !!el.multiple, multi_widget: !!(several && several.multi), max_items: several ? several.max : null,
      value: tag === 'select' ? el.value : editable ? clean(editable.innerText) : type === 'listbox' ? '' : (el.value || ''),
      checked: !!el.checked,
      value_attr: el.getAttribute('value') || '',
      options,
      hidden_reason: hiddenByAncestors(el),
      label_visible: labelVisible,
      enhanced: tag === 'select' && (el.classList.contains('select2-hidden-accessible') ||
                !!(el.nextElementSibling && el.nextElementSibling.matches('.select2, .select2-container, .chosen-container, .selectize-control, .ts-wrapper, .nice-select')) ||
                !!el.closest('.choices, .selectize-control, .bootstrap-select') ||
                !!(el.parentElement && el.parentElement.querySelector('[aria-haspopup=listbox], [role=combobox]'))),
      box: {x: r.left + sx, y: r.top + sy, w: r.width, h: r.height},
      doc_width: docW,
      clipped_area: clippedArea(el),
      aria_hidden: closestComposed(el, '[aria-hidden="true"]') !== null,
      inert: closestComposed(el, '[inert]') !== null,
      tabindex: el.getAttribute('tabindex'),
      group: groupKey(form),
      form_action: form ? (form.getAttribute('action') || '') : '',
      form_method: form ? (form.getAttribute('method') || 'get').toLowerCase() : '',
    });
  }
  // tag last: attribute writes invalidate style, and every getComputedStyle above would recompute it
  for (const [el, key] of toTag) el.setAttribute(ATTR, key);
  return out;
}
"""
)


@dataclass
class FieldSignals:
    key: str
    tag: str
    type: str  # the input type, "select", "textarea", "richtext" (an editor) or "listbox" (a button opening one)
    widget: str = ""  # on text inputs: "combobox", "datalist", "suggest" (suggestions probably appear) or ""
    context_label: str = ""  # no label of its own: the web component's label, or the editor's synced field's label
    context_name: str = ""  # the web component's name, or the name of the field an editor keeps in sync
    name: str = ""
    id: str = ""
    autocomplete: str = ""
    label_for: str = ""
    label_wrap: str = ""
    aria_label: str = ""
    aria_labelledby: str = ""
    placeholder: str = ""
    title: str = ""
    preceding: str = ""
    legend: str = ""
    heading: str = ""
    help: str = ""
    required: bool = False
    maxlength: int | None = None
    minlength: int | None = None
    pattern: str = ""
    inputmode: str = ""
    min: str = ""
    max: str = ""
    disabled: bool = False
    multiple: bool = False
    multi_widget: bool = False  # a tag/chip input or multi-select widget (its markup says it keeps several values)
    max_items: int | None = None  # the most values it takes, when a data attribute says so
    value: str = ""
    checked: bool = False
    value_attr: str = ""
    options: list[dict[str, Any]] = field(default_factory=list)
    hidden_reason: str = ""
    label_visible: bool = False
    enhanced: bool = False  # a native select driven by a widget (select2, chosen, choices...)
    box: dict[str, float] = field(default_factory=dict)
    doc_width: float = 0.0
    clipped_area: float = 0.0
    aria_hidden: bool = False
    inert: bool = False
    tabindex: str | None = None
    group: str = ""
    form_action: str = ""
    form_method: str = ""
    frame_index: int = 0

    # ---- derived -----------------------------------------------------------------------------
    @property
    def selector(self) -> str:
        return f'[{ID_ATTR}="{self.key}"]'

    @property
    def is_choice(self) -> bool:
        return self.type in ("checkbox", "radio")

    @property
    def label_text(self) -> str:
        return " ".join(t for t in (self.label_for, self.label_wrap, self.aria_label, self.aria_labelledby,
                                    self.context_label) if t)

    def texts(self) -> dict[str, str]:
        """Signal source -> text (identifiers normalised to words)."""
        return {
            "label": self.label_text,
            "name": normalize_identifier(self.name or self.context_name),
            "id": normalize_identifier(self.id) if self.id != self.name else "",
            "placeholder": self.placeholder,
            "title": self.title,
            "preceding": self.preceding,
            "legend": self.legend,
        }

    def honeypot_reason(self) -> str | None:
        """Why this control looks like a trap for bots (None when it looks like a normal field)."""
        ident = f"{self.name} {self.id}".strip()
        name_hit = bool(HONEYPOT_NAME.search(self.name or "") or HONEYPOT_NAME.search(self.id or ""))
        box = self.box or {}
        if self.hidden_reason in ("display/visibility", "hidden-attribute"):
            return None  # simply not shown (e.g. a later wizard step); never filled either way
        if self.enhanced or (self.is_choice and self.label_visible and not self.aria_hidden):
            return None  # visually-hidden native control behind a visible widget / label
        if self.aria_hidden:
            return "aria-hidden"
        if self.inert:
            return "inert"
        if box:
            if box.get("x", 0) + box.get("w", 0) <= 0 or box.get("y", 0) + box.get("h", 0) <= 0:
                return "off-screen"
            if self.doc_width and box.get("x", 0) >= self.doc_width + 50:
                return "off-screen"
            if box.get("x", 0) < -500 or box.get("y", 0) < -500:
                return "off-screen"
        if not self.is_choice and not self.hidden_reason:
            if box and (box.get("w", 0) <= 2 or box.get("h", 0) <= 2):
                return "zero-size"
            if self.clipped_area <= 4:
                return "clipped"
        if self.tabindex is not None and self.tabindex.strip() == "-1" and (name_hit or self.autocomplete in ("off", "nope")):
            return f"tabindex=-1 + name {ident!r}"
        return None

    def usable(self) -> tuple[bool, str | None]:
        """(can be filled, reason it cannot)."""
        if self.disabled:
            return False, "disabled"
        hp = self.honeypot_reason()
        if hp:
            return False, f"honeypot: {hp}"
        if self.hidden_reason:
            # custom-styled checkbox/radio: the input is invisible but its label is clickable;
            # a select behind a select2/chosen widget is set directly (the widget follows "change")
            if (self.is_choice and self.label_visible) or self.enhanced:
                return True, None
            return False, f"hidden ({self.hidden_reason})"
        return True, None

    def summary(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "frame": self.frame_index,
            "tag": self.tag,
            "type": self.type,
            "widget": self.widget,
            "name": self.name or self.context_name,
            "id": self.id,
            "label": self.label_text,
            "placeholder": self.placeholder,
            "preceding": self.preceding,
            "required": self.required,
        }


_FIELD_NAMES = {f for f in FieldSignals.__dataclass_fields__}  # noqa: SLF001


def signals_from_dicts(rows: list[dict[str, Any]], frame_index: int = 0) -> list[FieldSignals]:
    out = []
    for row in rows:
        data = {k: v for k, v in row.items() if k in _FIELD_NAMES}
        data["frame_index"] = frame_index
        out.append(FieldSignals(**data))
    return out


async def collect_signals(frame: Any, frame_index: int = 0) -> list[FieldSignals]:
    """Run the collector in one Playwright frame."""
    rows = await frame.evaluate(COLLECT_JS, {"attr": ID_ATTR, "prefix": f"f{frame_index}_"})
    return signals_from_dicts(rows, frame_index)
