"""HTML building blocks of the sandbox directories: one field rendered in many label styles."""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from typing import Any

from worker.engine.geo import COUNTRIES, US_STATES

CSS = """
body{font-family:system-ui,Arial,sans-serif;max-width:860px;margin:24px auto;color:#222;padding:0 12px}
header{border-bottom:1px solid #ddd;margin-bottom:16px;padding-bottom:8px} header a{margin-right:12px}
.row,.field{margin:8px 0} label{display:inline-block;min-width:150px}
input[type=text],input[type=email],input[type=tel],input[type=url],input:not([type]),select,textarea{padding:6px;min-width:260px;border:1px solid #aaa;border-radius:3px}
textarea{min-height:80px} .btn,button{padding:8px 16px;background:#2c6bed;color:#fff;border:0;border-radius:4px;cursor:pointer;text-decoration:none;display:inline-block}
.error{color:#b00020;border:1px solid #b00020;padding:8px;margin:8px 0}
.ok{color:#0a6b2d;padding:8px} .quiet{color:#888;font-size:12px}
.hp-off{position:absolute;left:-10000px;top:auto;width:1px;height:1px;overflow:hidden}
.hp-none{display:none} .hp-zero{width:0;height:0;padding:0;border:0;min-width:0!important}
.hp-opacity{opacity:0;position:absolute} .caption{font-weight:bold} td{padding:4px}
.small input{min-width:40px!important;width:48px} .step{border:1px solid #ddd;padding:12px}
footer{margin-top:40px;color:#777;font-size:12px;border-top:1px solid #eee;padding-top:8px}
"""

CATEGORY_OPTIONS: list[tuple[str, str]] = [
    ("", "-- Select a category --"),
    ("arts", "Arts & Entertainment"),
    ("auto", "Automotive"),
    ("beauty", "Beauty & Spas"),
    ("business", "Business Services"),
    ("computers-it", "Computers & IT Services"),
    ("construction", "Construction & Contractors"),
    ("education", "Education"),
    ("finance", "Financial Services"),
    ("food", "Food & Dining"),
    ("health", "Health & Medical"),
    ("home", "Home Services"),
    ("legal", "Legal Services"),
    ("pets", "Pets"),
    ("real-estate", "Real Estate"),
    ("shopping", "Shopping & Retail"),
    ("travel", "Travel & Lodging"),
    ("other", "Other"),
]
STATE_OPTIONS: list[tuple[str, str]] = [("", "Select state")] + [(c, n) for c, n in US_STATES.items()]
STATE_ABBR_OPTIONS: list[tuple[str, str]] = [("", "--")] + [(c, c) for c in US_STATES]
COUNTRY_OPTIONS: list[tuple[str, str]] = [("", "Choose country")] + sorted(
    ((c, names[1]) for c, names in COUNTRIES.items()), key=lambda x: x[1]
)


def esc(s: Any) -> str:
    return html.escape(str(s), quote=True)


@dataclass
class F:
    """One field of a sandbox form: ``attr`` is the profile attribute the site expects in it."""

    name: str
    label: str
    attr: str | None = None
    kind: str = "text"  # text email tel url textarea select checkbox checkgroup radiogroup
    required: bool = False
    options: list[tuple[str, str]] = field(default_factory=list)
    expect: Any = None  # a literal expected value (option value(s)) instead of the profile's
    maxlength: int | None = None
    placeholder: str | None = None
    extra: str = ""
    style: str | None = None  # override the site's label style
    cls: str = ""


def _control(f: F, fid: str, extra_attrs: str = "") -> str:
    req = " required" if f.required else ""
    ml = f' maxlength="{f.maxlength}"' if f.maxlength else ""
    ph = f' placeholder="{esc(f.placeholder)}"' if f.placeholder else ""
    attrs = f'name="{esc(f.name)}" id="{fid}"{req}{ml}{ph} {f.extra} {extra_attrs}'.strip()
    if f.kind == "textarea":
        return f"<textarea {attrs}></textarea>"
    if f.kind == "select":
        opts = "".join(f'<option value="{esc(v)}">{esc(t)}</option>' for v, t in f.options)
        return f"<select {attrs}>{opts}</select>"
    if f.kind == "checkbox":
        return f'<input type="checkbox" value="yes" {attrs}>'
    t = {"text": "text", "email": "email", "tel": "tel", "url": "url"}.get(f.kind, "text")
    return f'<input type="{t}" {attrs}>'


def render_field(f: F, style: str, n: int) -> str:
    """Render one field in a label style: label_for, wrap, aria, labelledby, placeholder, table, dl, div, li."""
    style = f.style or style
    fid = f"fld{n}"
    if f.kind in ("checkgroup", "radiogroup"):
        t = "checkbox" if f.kind == "checkgroup" else "radio"
        items = "".join(
            f'<label><input type="{t}" name="{esc(f.name)}" value="{esc(v)}"> {esc(txt)}</label><br>'
            for v, txt in f.options
        )
        return f'<fieldset class="{f.cls}"><legend>{esc(f.label)}</legend>{items}</fieldset>'
    if f.kind == "checkbox":
        return f'<div class="row {f.cls}"><label>{_control(f, fid)} {esc(f.label)}</label></div>'
    star = " *" if f.required else ""
    if style == "label_for":
        return f'<div class="row {f.cls}"><label for="{fid}">{esc(f.label)}{star}</label> {_control(f, fid)}</div>'
    if style == "wrap":
        return f'<div class="row {f.cls}"><label>{esc(f.label)}{star} {_control(f, fid)}</label></div>'
    if style == "aria":
        aria = f'aria-label="{esc(f.label)}"'
        return f'<div class="row {f.cls}">{_control(f, fid, aria)}</div>'
    if style == "labelledby":
        return (f'<div class="row {f.cls}"><span id="lb{n}" class="caption">{esc(f.label)}</span> '
                f'{_control(f, fid, f"aria-labelledby=lb{n}")}</div>')
    if style == "placeholder":
        if f.kind == "select":
            return f'<div class="row {f.cls}">{_control(f, fid)}</div>'
        g = F(**{**f.__dict__, "placeholder": f.placeholder or f.label + star})
        return f'<div class="row {f.cls}">{_control(g, fid)}</div>'
    if style == "table":
        return f'<tr class="{f.cls}"><td>{esc(f.label)}{star}</td><td>{_control(f, fid)}</td></tr>'
    if style == "dl":
        return f'<dt class="{f.cls}">{esc(f.label)}{star}</dt><dd class="{f.cls}">{_control(f, fid)}</dd>'
    if style == "div":
        return (f'<div class="field {f.cls}"><div class="caption">{esc(f.label)}{star}</div>'
                f'<div class="input">{_control(f, fid)}</div></div>')
    if style == "li":
        return f'<li class="{f.cls}">{esc(f.label)}{star}: {_control(f, fid)}</li>'
    raise ValueError(style)


def render_fields(fields: list[F], style: str, start: int = 0) -> str:
    parts = [render_field(f, style, start + i) for i, f in enumerate(fields)]
    body = "\n".join(parts)
    if style == "table":
        return f"<table>{body}</table>"
    if style == "dl":
        return f"<dl>{body}</dl>"
    if style == "li":
        return f"<ul>{body}</ul>"
    return body


def page(title: str, body: str, slug: str = "", head: str = "") -> str:
    nav = (f'<header><b>{esc(title)}</b> <a href="/d/{slug}/">Home</a> <a href="/d/{slug}/about">About</a> '
           f'<a href="/d/{slug}/contact">Contact</a></header>' if slug else "")
    return (f"<!doctype html><html lang=en><head><meta charset=utf-8><title>{esc(title)}</title>"
            f"<style>{CSS}</style>{head}</head><body>{nav}{body}"
            f"<footer>&copy; 2026 {esc(title)} &middot; Thank you for visiting. <a href='/d/{slug}/privacy'>Privacy</a></footer>"
            f"</body></html>")


HONEYPOTS_HTML = {
    # name -> markup (all must stay empty)
    "website2": '<input type="text" name="website2" class="hp-off" tabindex="-1" autocomplete="off">',
    "hp_email": '<div class="hp-none"><label>Email again <input type="email" name="hp_email"></label></div>',
    "url_confirm": '<input type="url" name="url_confirm" tabindex="-1" aria-hidden="true" style="position:absolute;width:1px;height:1px;left:0;top:0;opacity:0.01">',
    "fax_only": '<span style="display:block;width:0;height:0;overflow:hidden"><label>Business fax<input name="fax_only"></label></span>',
    "hp": '<p style="position:absolute;left:-5000px" aria-hidden="true"><label>Leave this field empty <input name="hp" tabindex="-1"></label></p>',
    "nickname": '<label class="hp-opacity">Your name <input name="nickname" tabindex="-1"></label>',
}
