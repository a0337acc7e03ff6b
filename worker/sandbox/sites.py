"""The sandbox directory sites: each one a small "directory" with its own form quirks and outcome.

Every site lives under /d/<slug>/; GET "" is its submission page (or landing page), POSTs go to
"submit" (or a step). Each site records what it receives (thread-safe store) and declares the outcome
class a correct engine must report (``expected``), plus per-field expectations for the tests.
"""

from __future__ import annotations

import json
import threading
import time
from dataclasses import dataclass, field
from typing import Any, Callable

from .html import (
    CATEGORY_OPTIONS,
    COUNTRY_OPTIONS,
    HONEYPOTS_HTML,
    STATE_ABBR_OPTIONS,
    STATE_OPTIONS,
    F,
    esc,
    page,
    render_fields,
)


@dataclass
class Response:
    status: int = 200
    body: str | bytes = ""
    headers: dict[str, str] = field(default_factory=dict)
    content_type: str = "text/html; charset=utf-8"
    delay: float = 0.0


def redirect(location: str) -> Response:
    return Response(303, "", {"Location": location})


def json_response(obj: Any, status: int = 200) -> Response:
    return Response(status, json.dumps(obj), content_type="application/json")


class Store:
    """What every site received; thread-safe."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.records: dict[str, list[dict[str, Any]]] = {}

    def add(self, slug: str, data: dict[str, Any], accepted: bool, outcome: str) -> None:
        with self.lock:
            self.records.setdefault(slug, []).append(
                {"fields": data, "accepted": accepted, "outcome": outcome, "at": time.time()}
            )

    def get(self, slug: str) -> list[dict[str, Any]]:
        with self.lock:
            return [dict(r, fields=dict(r["fields"])) for r in self.records.get(slug, [])]

    def all(self) -> dict[str, list[dict[str, Any]]]:
        with self.lock:
            return {k: [dict(r) for r in v] for k, v in self.records.items()}

    def reset(self) -> None:
        with self.lock:
            self.records.clear()


# --------------------------------------------------------------------------------------------- fields
def std_fields(**over: Any) -> list[F]:
    """The usual listing form; keyword overrides replace a field by key (None drops it)."""
    base: dict[str, F | None] = {
        "name": F("business_name", "Business name", "business_name", required=True),
        "contact": F("contact_name", "Your name", "contact_name"),
        "email": F("email", "Email address", "email", "email", required=True),
        "phone": F("phone", "Phone", "phone", "tel", required=True),
        "website": F("website", "Website", "website", "url"),
        "street": F("street", "Street address", "street"),
        "city": F("city", "City", "city"),
        "state": F("state", "State", "region", "select", options=STATE_OPTIONS),
        "zip": F("zip", "ZIP code", "postal_code"),
        "category": F("category", "Category", "categories", "select", required=True, options=CATEGORY_OPTIONS,
                      expect="computers-it"),
        "description": F("description", "Description", "description", "textarea"),
        "terms": F("terms", "I agree to the terms of service", "consent", "checkbox", required=True),
    }
    for k, v in over.items():
        base[k] = v
    return [f for f in base.values() if f is not None]


class Site:
    slug = "base"
    title = "Base Directory"
    expected: tuple[str, str | None] = ("success", None)
    style = "label_for"
    category = "General"
    region = "US"
    notes = ""
    has_captcha = False
    requires_login = False
    max_concurrent = 4
    min_interval_seconds = 0.0
    priority = 50
    submit_label = "Submit listing"
    honeypots: tuple[str, ...] = ()
    entry = ""  # path of the submission URL under /d/<slug>/
    thanks_text = "Thank you! Your listing has been submitted."
    success_pool = True  # usable by the bench (repeatable success)

    def __init__(self, store: Store) -> None:
        self.store = store
        self.fields: list[F] = self.make_fields()

    # ---- definition
    def make_fields(self) -> list[F]:
        return std_fields()

    @property
    def root(self) -> str:
        return f"/d/{self.slug}/"

    def catalog_entry(self, base_url: str) -> dict[str, Any]:
        status, reason = self.expected
        return {
            "name": f"Sandbox: {self.title}",
            "homepage": f"{base_url}{self.root}",
            "submission_url": f"{base_url}{self.root}{self.entry}",
            "category": self.category,
            "region": self.region,
            "enabled": True,
            "priority": self.priority,
            "has_captcha": self.has_captcha,
            "requires_login": self.requires_login,
            "max_concurrent": self.max_concurrent,
            "min_interval_seconds": self.min_interval_seconds,
            "field_hints": {},
            "notes": self.notes or self.__doc__ or "",
            "expected_outcome": {"status": status, "reason": reason},
            "sandbox_slug": self.slug,
        }

    # ---- pages
    def form_body(self, errors: list[str] | None = None, invalid: set[str] | None = None) -> str:
        err = "".join(f'<div class="error" role="alert">{esc(e)}</div>' for e in errors or [])
        fields = render_fields(self.fields, self.style)
        if invalid:
            for name in invalid:
                fields = fields.replace(f'name="{name}"', f'name="{name}" aria-invalid="true"', 1)
        hps = "".join(HONEYPOTS_HTML[h] for h in self.honeypots)
        return (f"<h1>Add your business to {esc(self.title)}</h1><p>Listings are free. Fields marked * are required.</p>"
                f"{err}<form method=\"post\" action=\"{self.root}submit\">{fields}{hps}"
                f"<div class=row><button type=\"submit\">{esc(self.submit_label)}</button></div></form>")

    def form_page(self, errors: list[str] | None = None, invalid: set[str] | None = None) -> Response:
        return Response(200, page(self.title, self.form_body(errors, invalid), self.slug))

    def get(self, path: str, query: dict[str, list[str]]) -> Response:
        if path == self.entry:
            return self.form_page()
        if path == "thanks":
            return Response(200, page(self.title, f'<div class="ok"><h2>{esc(self.thanks_text)}</h2></div>'
                                      f'<p><a href="{self.root}">Back to the directory</a></p>', self.slug))
        if path in ("about", "contact", "privacy", ""):
            return Response(200, page(self.title, f"<h1>{esc(self.title)}</h1><p>A local business directory.</p>", self.slug))
        return Response(404, page(self.title, "<h1>Not found</h1>", self.slug))

    def post(self, path: str, data: dict[str, Any]) -> Response:
        if path != "submit":
            return Response(404, "not found", content_type="text/plain")
        errors, invalid = self.validate(data)
        if errors:
            self.store.add(self.slug, data, False, "validation_error")
            return self.form_page(errors, invalid)
        return self.accept(data)

    def accept(self, data: dict[str, Any]) -> Response:
        self.store.add(self.slug, data, True, self.expected[0])
        return redirect(f"{self.root}thanks")

    def validate(self, data: dict[str, Any]) -> tuple[list[str], set[str]]:
        errors, invalid = [], set()
        for f in self.all_fields():
            if f.required and not data.get(f.name):
                errors.append(f"{f.label} is required.")
                invalid.add(f.name)
        return errors, invalid

    def all_fields(self) -> list[F]:
        return self.fields

    # ---- expectations (tests)
    def expectations(self) -> list[F]:
        return [f for f in self.all_fields() if f.attr]


# ---------------------------------------------------------------------------------------- the sites
class LabelFor(Site):
    """Classic <label for> form with a state select, a category select needing a fuzzy match and an off-screen honeypot."""

    slug, title = "label-for", "Austin Local Listings"
    honeypots = ("website2",)


class Wrapping(Site):
    """Labels wrapping their inputs; contact first/last name; country select."""

    slug, title, style = "wrapping", "Main Street Finder", "wrap"

    def make_fields(self) -> list[F]:
        return std_fields(
            contact=None,
            first=F("first_name", "First name", "contact_first_name"),
            last=F("last_name", "Last name", "contact_last_name"),
            country=F("country", "Country", "country", "select", options=COUNTRY_OPTIONS, expect="US"),
        )


class Aria(Site):
    """No visible labels: aria-label on every control, aria-labelledby on a few."""

    slug, title, style = "aria", "CityPages Online", "aria"

    def make_fields(self) -> list[F]:
        fs = std_fields(zip=F("postcode", "Postal code", "postal_code", style="labelledby"),
                        city=F("town", "City", "city", style="labelledby"))
        return fs


class PlaceholderOnly(Site):
    """Placeholders are the only labels; names are short."""

    slug, title, style = "placeholder", "QuickList Directory", "placeholder"

    def make_fields(self) -> list[F]:
        return std_fields(
            name=F("bn", "Business Name", "business_name", required=True),
            contact=F("cn", "Contact Person", "contact_name"),
            email=F("em", "Email", "email", "email", required=True),
            phone=F("ph", "Phone Number", "phone", "tel", required=True),
            website=F("web", "Website URL", "website"),
            street=F("addr", "Street Address", "street"),
            city=F("ct", "City", "city"),
            state=F("st", "State", "region", "select", options=STATE_ABBR_OPTIONS),
            zip=F("z", "ZIP", "postal_code"),
            description=F("d", "Tell us about your business", "description", "textarea"),
        )


class TableLayout(Site):
    """Table layout, label text in the previous cell, cryptic names f1..f12."""

    slug, title, style = "table", "Tri-County Business Register", "table"

    def make_fields(self) -> list[F]:
        names = iter(f"f{i}" for i in range(1, 30))
        fs = std_fields()
        for f in fs:
            f.name = next(names)
        return fs


class DlLayout(Site):
    """dl/dt/dd layout with fld_NN names."""

    slug, title, style = "dl", "Texas Biz Index", "dl"

    def make_fields(self) -> list[F]:
        fs = std_fields(contact=None, hours=F("fld_40", "Opening hours", "hours"))
        for i, f in enumerate(fs):
            if not f.name.startswith("fld_"):
                f.name = f"fld_{21 + i}"
        return fs


class SplitFields(Site):
    """Split phone in three boxes (area / prefix / line) under one label, split address, state abbreviations."""

    slug, title, style = "split", "Lone Star Yellow Book", "div"

    def make_fields(self) -> list[F]:
        return std_fields(
            phone=None,
            street=F("addr1", "Address line 1", "street_line1"),
            state=F("st", "State", "region", "select", options=STATE_ABBR_OPTIONS),
        )

    def form_body(self, errors: list[str] | None = None, invalid: set[str] | None = None) -> str:
        body = super().form_body(errors, invalid)
        phone = ('<div class="field small"><div class="caption">Phone *</div><div class="input">'
                 '(<input name="ph_a" maxlength="3" size="3" required>) '
                 '<input name="ph_b" maxlength="3" size="3" required> - '
                 '<input name="ph_c" maxlength="4" size="4" required></div></div>'
                 '<div class="field"><div class="caption">Suite / unit</div><div class="input"><input name="addr2"></div></div>')
        return body.replace('<div class="field "><div class="caption">City', phone + '<div class="field "><div class="caption">City', 1)

    def all_fields(self) -> list[F]:
        return self.fields + [F("ph_a", "Area", "phone_area", required=True), F("ph_b", "Prefix", "phone_prefix", required=True),
                              F("ph_c", "Line", "phone_line", required=True),
                              F("addr2", "Suite", "address_line2")]


class CheckboxCategories(Site):
    """Categories as a checkbox group (fieldset/legend); business type radio group; newsletter opt-in left alone."""

    slug, title = "checkbox-cats", "Hill Country Guide"

    def make_fields(self) -> list[F]:
        cats = [(v, t) for v, t in CATEGORY_OPTIONS if v]
        return std_fields(
            category=F("cats[]", "Categories", "categories", "checkgroup", options=cats, expect=["computers-it"]),
            newsletter=F("newsletter", "Send me the monthly newsletter", None, "checkbox"),
        )

    def expectations(self) -> list[F]:
        return super().expectations() + [F("newsletter", "newsletter", "empty")]


class Honeypots(Site):
    """Six honeypot kinds: off-screen, display:none, 1px + aria-hidden, zero-size clip, 'leave empty', opacity 0."""

    slug, title = "honeypots", "Capital City Directory"
    honeypots = ("website2", "hp_email", "url_confirm", "fax_only", "hp", "nickname")

    def accept(self, data: dict[str, Any]) -> Response:
        trapped = [h for h in self.honeypots if data.get(h)]
        self.store.add(self.slug, data, not trapped, "bot" if trapped else "success")
        return redirect(f"{self.root}thanks")  # like real sites: a bot gets a fake success


WIZARD_JS = """
<script>
function go(n){
  const cur = document.querySelector('.step:not([style*="none"])');
  if (n > Number(cur.dataset.n)) {
    for (const el of cur.querySelectorAll('[required]')) {
      if (!el.value) { document.getElementById('werr').textContent = 'Please fill in all required fields.'; el.setAttribute('aria-invalid','true'); return; }
    }
  }
  document.getElementById('werr').textContent = '';
  document.querySelectorAll('.step').forEach(s => s.style.display = (Number(s.dataset.n) === n) ? 'block' : 'none');
}
</script>"""


class Wizard(Site):
    """Client-side three-step wizard: fill, Next, fill, Next, Submit (later steps hidden until reached)."""

    slug, title = "wizard", "Big Bend Business Network"

    def form_body(self, errors: list[str] | None = None, invalid: set[str] | None = None) -> str:
        fs = {f.name: f for f in self.fields}
        s1 = [fs["business_name"], fs["email"], fs["phone"]]
        s2 = [fs["contact_name"], fs["street"], fs["city"], fs["state"], fs["zip"], fs["website"]]
        s3 = [fs["category"], fs["description"], fs["terms"]]
        err = "".join(f'<div class="error" role="alert">{esc(e)}</div>' for e in errors or [])
        return (
            f"<h1>List your business</h1>{err}<div id=werr class=quiet role=status></div>"
            f'<form method="post" action="{self.root}submit">'
            f'<div class="step" data-n="1"><h2>Step 1 of 3: Business</h2>{render_fields(s1, "label_for", 0)}'
            f'<button type="button" onclick="go(2)">Next</button></div>'
            f'<div class="step" data-n="2" style="display:none"><h2>Step 2 of 3: Location</h2>{render_fields(s2, "label_for", 10)}'
            f'<button type="button" onclick="go(1)">Back</button> <button type="button" onclick="go(3)">Next</button></div>'
            f'<div class="step" data-n="3" style="display:none"><h2>Step 3 of 3: Details</h2>{render_fields(s3, "label_for", 20)}'
            f'<button type="button" onclick="go(2)">Back</button> <button type="submit">Submit listing</button></div>'
            f"</form>{WIZARD_JS}"
        )


class WizardServer(Site):
    """Server-side two-step form: step 1 posts to step2, which carries step 1 in hidden inputs."""

    slug, title = "wizard-server", "Gulf Coast Listings"
    STEP1 = ("business_name", "email", "phone", "website")

    def form_body(self, errors: list[str] | None = None, invalid: set[str] | None = None) -> str:
        s1 = [f for f in self.fields if f.name in self.STEP1]
        err = "".join(f'<div class="error" role="alert">{esc(e)}</div>' for e in errors or [])
        return (f"<h1>Add a listing - step 1 of 2</h1>{err}<form method=post action=\"{self.root}step2\">"
                f"{render_fields(s1, 'label_for')}<button type=submit>Continue</button></form>")

    def post(self, path: str, data: dict[str, Any]) -> Response:
        if path == "step2":
            missing = [f.label for f in self.fields if f.name in self.STEP1 and f.required and not data.get(f.name)]
            if missing:
                return self.form_page([f"{m} is required." for m in missing])
            hidden = "".join(f'<input type=hidden name="{esc(k)}" value="{esc(data.get(k, ""))}">' for k in self.STEP1)
            s2 = [f for f in self.fields if f.name not in self.STEP1]
            body = (f"<h1>Add a listing - step 2 of 2</h1><form method=post action=\"{self.root}submit\">{hidden}"
                    f"{render_fields(s2, 'label_for')}<button type=submit>Submit listing</button></form>")
            return Response(200, page(self.title, body, self.slug))
        return super().post(path, data)


def _ajax_script(slug: str, done_html: str, form_id: str = "lf") -> str:
    return f"""
<script>
function bindForm() {{
  const form = document.getElementById('{form_id}');
  form.addEventListener('submit', async (e) => {{
    e.preventDefault();
    const body = new URLSearchParams(new FormData(form));
    const r = await fetch('/d/{slug}/api', {{method: 'POST', body, headers: {{'Content-Type': 'application/x-www-form-urlencoded'}}}});
    const j = await r.json();
    if (j.ok) {{ form.outerHTML = {json.dumps(done_html)}; }}
    else {{ document.getElementById('err').textContent = j.error; }}
  }});
}}
</script>"""


class LateJs(Site):
    """The form is rendered by JavaScript 1.2 s after load and submitted with fetch(); success replaces the form."""

    slug, title = "late-js", "Metro Startup Directory"
    thanks_text = "Success! Your business was added to the directory."

    def form_page(self, errors: list[str] | None = None, invalid: set[str] | None = None) -> Response:
        inner = (f'<div id=err class=error role=alert style="display:none"></div><form id="lf">{render_fields(self.fields, "label_for")}'
                 f'<button type="submit">Add business</button></form>')
        done = f'<div class="ok"><h2>{esc(self.thanks_text)}</h2></div>'
        body = (f"<h1>Add your startup</h1><div id=app>Loading form...</div>{_ajax_script(self.slug, done)}"
                f"<script>setTimeout(() => {{ document.getElementById('app').innerHTML = {json.dumps(inner)}; bindForm(); }}, 1200);</script>")
        return Response(200, page(self.title, body, self.slug))

    def post(self, path: str, data: dict[str, Any]) -> Response:
        if path != "api":
            return Response(404, "not found")
        errors, _ = self.validate(data)
        if errors:
            self.store.add(self.slug, data, False, "validation_error")
            return json_response({"ok": False, "error": " ".join(errors)}, 422)
        self.store.add(self.slug, data, True, "success")
        return json_response({"ok": True})


class QuietSuccess(LateJs):
    """AJAX form; on success the form is replaced by a small grey 'Thanks, we'll review it.'"""

    slug, title = "quiet", "Pecan Valley Pages"
    expected = ("success", "pending_review")
    thanks_text = "Thanks, we'll review it."

    def form_page(self, errors: list[str] | None = None, invalid: set[str] | None = None) -> Response:
        done = f'<p class="quiet">{esc(self.thanks_text)}</p>'
        body = (f"<h1>Suggest a business</h1><div id=err class=error role=alert style='display:none'></div>"
                f'<form id="lf">{render_fields(self.fields, "wrap")}<button type="submit">Send</button></form>'
                f"{_ajax_script(self.slug, done)}<script>bindForm()</script>")
        return Response(200, page(self.title, body, self.slug))


class IframeForm(Site):
    """The form lives inside an iframe; the confirmation shows inside the frame."""

    slug, title = "iframe", "Riverside Business Hub"

    def get(self, path: str, query: dict[str, list[str]]) -> Response:
        if path == "":
            body = (f"<h1>Get listed on {esc(self.title)}</h1><p>Use the form below.</p>"
                    f'<iframe src="{self.root}frame" title="Listing form" width="760" height="1100" style="border:1px solid #ccc"></iframe>')
            return Response(200, page(self.title, body, self.slug))
        if path == "frame":
            return Response(200, page(self.title, self.form_body(), ""))
        if path == "thanks":
            return Response(200, page(self.title, f'<div class="ok"><h2>{esc(self.thanks_text)}</h2></div>', ""))
        return super().get(path, query)

    def post(self, path: str, data: dict[str, Any]) -> Response:
        errors, invalid = self.validate(data)
        if path == "submit" and errors:
            self.store.add(self.slug, data, False, "validation_error")
            return Response(200, page(self.title, self.form_body(errors, invalid), ""))
        return super().post(path, data)


COOKIE_BANNER = """
<div id="cookie-consent" style="position:fixed;inset:0;background:rgba(0,0,0,.45);display:flex;align-items:flex-end;z-index:99">
 <div style="background:#fff;padding:16px;width:100%">We use cookies to improve your experience.
  <button type="button" onclick="document.getElementById('cookie-consent').remove()">Accept all cookies</button>
  <button type="button">Settings</button></div></div>"""


class Landing(Site):
    """The submission URL is the directory's home page (search box, featured listings, an 'Add your business' link),
    behind a cookie-consent overlay."""

    slug, title = "landing", "Hometown Yellow Pages"
    entry = ""

    def get(self, path: str, query: dict[str, list[str]]) -> Response:
        if path == "":
            body = (f"<h1>{esc(self.title)}</h1><form action=\"{self.root}search\"><input name=q placeholder=\"Search businesses\">"
                    f"<button>Search</button></form><h2>Featured</h2><ul><li>Joe's Diner</li><li>Bright Smiles Dental</li></ul>"
                    f'<p>Own a business? <a class="btn" href="{self.root}add-your-business">Add your business</a></p>')
            return Response(200, page(self.title, body + COOKIE_BANNER, self.slug))
        if path == "add-your-business":
            resp = self.form_page()
            resp.body = str(resp.body).replace("</body>", COOKIE_BANNER + "</body>")
            return resp
        return super().get(path, query)


class Captcha(Site):
    """An image captcha the engine cannot and must not pass."""

    slug, title = "captcha", "Secure Biz Listings"
    expected = ("captcha_failed", "captcha")
    has_captcha = True
    success_pool = False

    def form_body(self, errors: list[str] | None = None, invalid: set[str] | None = None) -> str:
        body = super().form_body(errors, invalid)
        cap = (f'<div class="row captcha"><img src="{self.root}captcha.svg" alt="captcha" width="120" height="40"><br>'
               '<label for="cap">Enter the characters shown *</label> <input id="cap" name="captcha_code" required></div>')
        return body.replace('<div class=row><button', cap + '<div class=row><button', 1)

    def get(self, path: str, query: dict[str, list[str]]) -> Response:
        if path == "captcha.svg":
            svg = '<svg xmlns="http://www.w3.org/2000/svg" width="120" height="40"><text x="10" y="28" font-size="24">X7K2P</text></svg>'
            return Response(200, svg, content_type="image/svg+xml")
        return super().get(path, query)

    def validate(self, data: dict[str, Any]) -> tuple[list[str], set[str]]:
        errors, invalid = super().validate(data)
        if data.get("captcha_code") != "X7K2P":
            errors.append("The captcha code was incorrect.")
            invalid.add("captcha_code")
        return errors, invalid


class _MessageAfter(Site):
    message = ""
    success_pool = False

    def accept(self, data: dict[str, Any]) -> Response:
        self.store.add(self.slug, data, True, self.expected[1] or self.expected[0])
        msg = self.message.format(email=esc(data.get("email", "")), name=esc(data.get("business_name", "")))
        return Response(200, page(self.title, f"<div class=notice><h2>Almost done</h2><p>{msg}</p></div>", self.slug))


class EmailVerify(_MessageAfter):
    """After the submit: 'we sent a confirmation link to your email'."""

    slug, title = "email-verify", "Prairie Business List"
    expected = ("requires_manual", "email_verification")
    message = ("Thanks! We've sent a confirmation link to {email}. Click the link in that email to activate your "
               "listing.")


class PhoneVerify(_MessageAfter):
    """After the submit: an SMS code to enter."""

    slug, title = "phone-verify", "Texan Trade Finder"
    expected = ("requires_manual", "phone_verification")
    message = "We sent a 6-digit code by SMS to your phone. Enter the code below to verify your phone number."

    def accept(self, data: dict[str, Any]) -> Response:
        resp = super().accept(data)
        extra = (f'<form method=post action="{self.root}code"><label for=c>Verification code</label> '
                 f'<input id=c name=code maxlength=6><button>Verify</button></form>')
        resp.body = str(resp.body).replace("</div><footer", extra + "</div><footer")
        return resp


class PostcardVerify(_MessageAfter):
    """After the submit: a postcard with a code will be mailed to the business address."""

    slug, title = "postcard", "Neighborhood Maps"
    expected = ("requires_manual", "postcard_verification")
    message = ("Your listing is almost ready. We will mail a postcard with a verification code to your business "
               "address within 5 days; enter the code to publish {name}.")


class Duplicate(Site):
    """Answers 'already listed' for a business name or email it has already received (seeded with the sample)."""

    slug, title = "duplicate", "Statewide Listings"
    expected = ("skipped", "already_listed")
    success_pool = False
    SEED_NAMES = ("northwind pixel labs",)

    def __init__(self, store: Store) -> None:
        super().__init__(store)
        self.seen_lock = threading.Lock()
        self.seen: set[str] = set()

    def reset(self) -> None:
        with self.seen_lock:
            self.seen.clear()

    def accept(self, data: dict[str, Any]) -> Response:
        name = str(data.get("business_name", "")).strip().lower()
        email = str(data.get("email", "")).strip().lower()
        with self.seen_lock:
            dup = name in self.SEED_NAMES or name in self.seen or email in self.seen
            self.seen |= {name, email}
        if dup:
            self.store.add(self.slug, data, False, "already_listed")
            body = (f'<div class="error" role="alert">This business is already listed in our directory. '
                    f'If you own it, claim the existing listing instead.</div>')
            return Response(200, page(self.title, body, self.slug))
        self.store.add(self.slug, data, True, "success")
        return redirect(f"{self.root}thanks")


class ServerError(Site):
    """The submission answers HTTP 500."""

    slug, title = "server-error", "Broken Biz Board"
    expected = ("failed", "http_500")
    success_pool = False

    def accept(self, data: dict[str, Any]) -> Response:
        self.store.add(self.slug, data, False, "http_500")
        return Response(500, "<html><body><h1>Internal Server Error</h1><p>Something went wrong.</p></body></html>")


class RateLimited(Site):
    """The submission page answers 429 with Retry-After: 90."""

    slug, title = "rate-limited", "Busy Directory"
    expected = ("failed", "rate_limited")
    success_pool = False

    def get(self, path: str, query: dict[str, list[str]]) -> Response:
        if path == "":
            return Response(429, "<html><body><h1>Too Many Requests</h1></body></html>", {"Retry-After": "90"})
        return super().get(path, query)


class Slow(Site):
    """The form page takes 2 s and the submission 1.5 s to answer."""

    slug, title, style = "slow", "Tortoise Listings", "wrap"
    success_pool = False

    def get(self, path: str, query: dict[str, list[str]]) -> Response:
        resp = super().get(path, query)
        if path == "":
            delay = float((query.get("delay") or ["2.0"])[0])
            resp.delay = delay
        return resp

    def post(self, path: str, data: dict[str, Any]) -> Response:
        resp = super().post(path, data)
        resp.delay = 1.5
        return resp


LINK_JS = """
<script>
document.getElementById('send').addEventListener('click', async (e) => {
  e.preventDefault();
  const box = document.getElementById('listing');
  const body = new URLSearchParams();
  for (const el of box.querySelectorAll('input, select, textarea')) {
    if ((el.type === 'checkbox' || el.type === 'radio') && !el.checked) continue;
    body.append(el.name, el.value);
  }
  const r = await fetch('/d/%s/api', {method: 'POST', body});
  const j = await r.json();
  if (j.ok) location.href = '/d/%s/thanks'; else document.getElementById('err').textContent = j.error;
});
</script>"""


class LinkSubmit(LateJs):
    """No <form>: fields in a div, the submit control is an <a href="#">; success navigates to a thanks page."""

    slug, title = "link-submit", "Bluebonnet Business Finder"
    thanks_text = "Your listing has been received. Thank you!"

    def form_page(self, errors: list[str] | None = None, invalid: set[str] | None = None) -> Response:
        body = (f'<h1>New listing</h1><div id=err class=error role=alert></div><div id="listing">{render_fields(self.fields, "div")}'
                f'<p><a href="#" id="send" class="btn">Submit listing</a></p></div>{LINK_JS % (self.slug, self.slug)}')
        return Response(200, page(self.title, body, self.slug))

    def get(self, path: str, query: dict[str, list[str]]) -> Response:
        return Site.get(self, path, query)


class RoleButton(Site):
    """The submit control is a <div role=button> that calls form.requestSubmit()."""

    slug, title = "role-button", "Cedar Park Connect"

    def form_body(self, errors: list[str] | None = None, invalid: set[str] | None = None) -> str:
        body = super().form_body(errors, invalid)
        btn = ('<div class=row><div role="button" tabindex="0" class="btn" '
               "onclick=\"this.closest('form').requestSubmit()\">Send listing</div></div>")
        return body.replace('<div class=row><button type="submit">Submit listing</button></div>', btn)


class PhoneFormat(Site):
    """Rejects any phone without the +1 country code ('e.g. +1 555 123 4567'); the engine must retry once."""

    slug, title = "phone-format", "International Biz Registry"

    def validate(self, data: dict[str, Any]) -> tuple[list[str], set[str]]:
        import re

        errors, invalid = super().validate(data)
        if data.get("phone") and not re.fullmatch(r"\+1[ .-]?\(?\d{3}\)?[ .-]?\d{3}[ .-]?\d{4}", data["phone"]):
            errors.append("Please enter the phone number with the country code, e.g. +1 555 123 4567.")
            invalid.add("phone")
        return errors, invalid


class PreviewConfirm(Site):
    """Submitting shows a preview of the listing; only 'Confirm and publish' on that page sends it."""

    slug, title = "preview-confirm", "Bayou Business Index"

    def post(self, path: str, data: dict[str, Any]) -> Response:
        if path == "submit":
            errors, invalid = self.validate(data)
            if errors:
                self.store.add(self.slug, data, False, "validation_error")
                return self.form_page(errors, invalid)
            hidden = "".join(
                f'<input type="hidden" name="{esc(k)}" value="{esc(v)}">'
                for k, vs in data.items() for v in (vs if isinstance(vs, list) else [vs])
            )
            rows = "".join(f"<tr><th>{esc(f.label)}</th><td>{esc(data.get(f.name, ''))}</td></tr>" for f in self.fields)
            body = (f"<h1>Preview your listing</h1><p>Please check the details below.</p><table>{rows}</table>"
                    f'<form method="post" action="{self.root}confirm">{hidden}'
                    f'<a href="{self.root}">Edit</a> <button type="submit">Confirm and publish</button></form>')
            return Response(200, page(self.title, body, self.slug))
        if path == "confirm":
            return self.accept(data)
        return super().post(path, data)


class Pending(Site):
    """Success lands on 'pending review' (a moderator approves it later)."""

    slug, title = "pending", "Hill Country Moderated Guide"
    expected = ("success", "pending_review")
    thanks_text = "Thanks! Your listing is pending review. A moderator will approve it within 2 business days."


DEPENDENT_JS = """
<script>
const STATES = {US: %s, CA: [["ON","Ontario"],["QC","Quebec"],["BC","British Columbia"]]};
document.querySelector('[name=country]').addEventListener('change', (e) => {
  const st = document.getElementById('state');
  st.innerHTML = '<option value="">Loading...</option>';
  setTimeout(() => {
    st.innerHTML = '<option value="">Select a state</option>' +
      (STATES[e.target.value] || []).map(([v, t]) => `<option value="${v}">${t}</option>`).join('');
  }, 400);
});
const cat = document.getElementById('category');
cat.addEventListener('change', () => {
  document.getElementById('cat-widget').textContent = cat.options[cat.selectedIndex].text;
});
</script>"""


class DependentSelects(Site):
    """Country select that loads the state list after a change; a select2-style widget over the category select;
    a visually-hidden custom terms checkbox behind its label."""

    slug, title = "dependent-select", "North American Business Atlas"

    def make_fields(self) -> list[F]:
        return std_fields(
            state=None,
            country=F("country", "Country", "country", "select", required=True,
                      options=[("", "Choose a country"), ("US", "United States"), ("CA", "Canada")], expect="US"),
        )

    def all_fields(self) -> list[F]:
        return self.fields + [F("state", "State", "region", required=True)]

    def form_body(self, errors: list[str] | None = None, invalid: set[str] | None = None) -> str:
        import re

        body = super().form_body(errors, invalid)
        state = ('<div class="row"><label for="state">State / Province *</label> '
                 '<select id="state" name="state" required><option value="">Select a country first</option></select></div>')
        body = re.sub(r'(<div class="row "><label for="fld\d+">City)', lambda m: state + m.group(1), body, count=1)
        # the category select hidden behind a widget, select2 style
        body = re.sub(r'<select name="category" id="fld\d+" required>(.*?)</select>',
                      lambda m: ('<select name="category" id="category" class="select2-hidden-accessible" '
                                 'style="border:0;clip:rect(0 0 0 0);height:1px;overflow:hidden;padding:0;position:absolute;width:1px" '
                                 f'required>{m.group(1)}</select><span class="select2 select2-container" id="cat-widget" '
                                 'style="display:inline-block;border:1px solid #aaa;padding:6px;min-width:240px">-- Select a category --</span>'),
                      body, count=1, flags=re.S)
        # custom checkbox: the input is visually hidden, the label is what people click
        body = re.sub(r'<label><input type="checkbox" value="yes" name="terms" id="(fld\d+)" required> ([^<]*)</label>',
                      lambda m: (f'<input type="checkbox" value="yes" name="terms" id="{m.group(1)}" required '
                                 f'style="position:absolute;opacity:0;width:1px;height:1px"><label for="{m.group(1)}">'
                                 f'&#9744; {m.group(2)}</label>'), body, count=1)
        states = json.dumps([[c, n] for c, n in STATE_OPTIONS if c])
        return body + DEPENDENT_JS % states


class NoForm(Site):
    """No form and no 'add your business' link anywhere."""

    slug, title = "no-form", "Closed Directory"
    expected = ("requires_manual", "unknown_form")
    success_pool = False

    def get(self, path: str, query: dict[str, list[str]]) -> Response:
        if path == "":
            return Response(200, page(self.title, "<h1>Closed Directory</h1><p>We are not accepting new listings right now.</p>", self.slug))
        return super().get(path, query)


SITE_CLASSES: list[Callable[[Store], Site]] = [
    LabelFor, Wrapping, Aria, PlaceholderOnly, TableLayout, DlLayout, SplitFields, CheckboxCategories, Honeypots,
    Wizard, WizardServer, LateJs, QuietSuccess, IframeForm, Landing, Captcha, EmailVerify, PhoneVerify,
    PostcardVerify, Duplicate, ServerError, RateLimited, Slow, LinkSubmit, RoleButton, PhoneFormat, Pending, NoForm,
    DependentSelects, PreviewConfirm,
]


def build_sites(store: Store) -> dict[str, Site]:
    sites = [cls(store) for cls in SITE_CLASSES]
    return {s.slug: s for s in sites}
