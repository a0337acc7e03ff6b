"""In-page JavaScript helpers that see into open shadow roots (web components), shared by the probes.

``querySelectorAll``, ``parentElement``, ``closest`` and ``innerText`` all stop at a shadow root, so a form built
from web components looks empty to them. ``SHADOW_JS`` is a block of function declarations pasted at the top
of a probe's function body (no globals are left behind); Playwright's own CSS locators already pierce open
shadow roots, so a control tagged inside one is found again by its ``data-dbolt-*`` selector.
"""

SHADOW_JS = r"""
  // the parent in the composed tree: parentElement, or the host when stepping out of a shadow root
  const upComposed = (n) => n.parentElement || (n.parentNode && n.parentNode.host) || null;
  const closestComposed = (el, sel) => { for (let n = el; n; n = upComposed(n)) if (n.matches(sel)) return n; return null; };
  const containsComposed = (a, b) => { for (let n = b; n; n = upComposed(n)) if (n === a) return true; return false; };
  const hostOf = (el) => { const r = el.getRootNode(); return r && r.host ? r.host : null; };
  // the open shadow roots under ``root`` (nested ones included), in document order; one pass over its elements
  function shadowRootsUnder(root) {
    const out = [];
    const walk = (r) => {
      const w = document.createTreeWalker(r, NodeFilter.SHOW_ELEMENT);
      for (let n = w.nextNode(); n; n = w.nextNode()) if (n.shadowRoot) { out.push(n.shadowRoot); walk(n.shadowRoot); }
    };
    walk(root);
    return out;
  }
  // querySelectorAll over ``root`` and the open shadow roots inside it (``roots``: shadowRootsUnder(document), when known)
  function queryDeep(root, sel, roots) {
    const out = Array.from(root.querySelectorAll(sel));
    for (const sr of (roots || shadowRootsUnder(root))) {
      if (root === document || containsComposed(root, sr.host)) out.push(...sr.querySelectorAll(sel));
    }
    return out;
  }
  // document.querySelector, then the open shadow roots (walked once per call of the probe, and only on a miss)
  let openRoots = null;
  function findDeep(sel) {
    const el = document.querySelector(sel);
    if (el) return el;
    if (!openRoots) openRoots = shadowRootsUnder(document);
    for (const r of openRoots) { const x = r.querySelector(sel); if (x) return x; }
    return null;
  }
  // innerText, plus the rendered text inside open shadow roots (innerText leaves it out)
  function renderedText(roots) {
    let text = document.body ? (document.body.innerText || '') : '';
    for (const r of roots) {
      for (const c of r.children) {
        if (c.tagName === 'STYLE' || c.tagName === 'SCRIPT' || !c.getClientRects().length) continue;
        const t = c.innerText;
        if (t) text += '\n' + t;
      }
    }
    return text;
  }
  // text as rendered, through slots (their assigned light-DOM nodes) and leaving out the controls' own text
  const TEXT_SKIP = new Set(['INPUT','SELECT','TEXTAREA','SCRIPT','STYLE','OPTION','BUTTON']);
  function textInto(n, parts, top) {
    if (n.nodeType === 3) { parts.push(n.data); return; }
    if (n.nodeType !== 1 || (!top && TEXT_SKIP.has(n.tagName))) return;
    if (n.tagName === 'SLOT') {
      const assigned = n.assignedNodes({flatten: true});
      if (assigned.length) { for (const a of assigned) textInto(a, parts, false); return; }
    }
    for (let c = n.firstChild; c; c = c.nextSibling) textInto(c, parts, false);
  }
  const flatText = (el) => { if (!el) return ''; const parts = []; textInto(el, parts, true); return parts.join(''); };
"""
