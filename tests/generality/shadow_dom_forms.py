"""Directory forms built from web components with open shadow roots, written the way a site built on a
design system or an embeddable sign-up widget would write them (not from the engine's point of view).

Each page: ``html``, the ``response`` to its POST, the ``profile`` used, the expected outcome and the
values the server must receive (see test_widget_forms.py for the kinds)."""

PAGES: dict[str, dict] = {}

# A design system's form-associated custom elements inside an ordinary <form>: the real <input>s live in
# each component's shadow root, labels come from a ``label`` attribute or from slotted light-DOM text, and
# the submit control is a custom button whose <button> is in its own shadow root.
PAGES["shadow_fields"] = {
    "profile": "sample",
    "html": """<!doctype html><html><head><meta charset="utf-8"><title>List your business - LocalHub</title>
<style>body{font-family:sans-serif;max-width:640px;margin:2rem auto} lh-field,lh-textarea{display:block;margin:0 0 1rem}</style>
</head><body>
<header><a href="/">LocalHub</a>
  <form action="/search" class="search"><input name="q" placeholder="Search LocalHub" aria-label="Search"></form></header>
<h1>List your business</h1>
<form id="listing" method="post" action="/shadow_fields/post">
  <lh-field name="business_name" label="Business name" required></lh-field>
  <lh-field name="email" type="email" label="Email address" required></lh-field>
  <lh-field name="phone" type="tel" label="Phone"></lh-field>
  <lh-field name="website" type="url" placeholder="https://"><span slot="label">Website</span></lh-field>
  <lh-field name="city"><span slot="label">Town / City</span></lh-field>
  <lh-textarea name="summary" label="Describe your business" maxlength="400"></lh-textarea>
  <label><input type="checkbox" name="terms" value="accepted" required> I agree to the LocalHub listing guidelines</label>
  <p><lh-button type="submit">Publish my listing</lh-button></p>
</form>
<script>
class LhField extends HTMLElement {
  static formAssociated = true;
  constructor() { super(); this.internals = this.attachInternals(); this.attachShadow({mode: 'open'}); }
  connectedCallback() {
    const multi = this.localName === 'lh-textarea';
    this.shadowRoot.innerHTML = '<style>:host{display:block} label{display:block;font-weight:600} input,textarea{width:100%;padding:6px}</style>' +
      '<label for="control" part="label"><slot name="label"></slot></label>' +
      (multi ? '<textarea id="control" rows="4"></textarea>' : '<input id="control">');
    const control = this.shadowRoot.getElementById('control');
    if (this.hasAttribute('label')) this.shadowRoot.querySelector('slot').textContent = this.getAttribute('label');
    for (const a of ['type', 'placeholder', 'maxlength']) if (this.hasAttribute(a)) control.setAttribute(a, this.getAttribute(a));
    control.required = this.hasAttribute('required');
    const sync = () => {
      this.internals.setFormValue(control.value);
      this.internals.setValidity(control.validity, control.validationMessage, control);
    };
    control.addEventListener('input', sync);
    control.addEventListener('change', sync);
    sync();
  }
}
customElements.define('lh-field', LhField);
customElements.define('lh-textarea', class extends LhField {});
customElements.define('lh-button', class extends HTMLElement {
  constructor() {
    super();
    this.attachShadow({mode: 'open'}).innerHTML =
      '<style>button{padding:8px 16px;background:#2a6;color:#fff;border:0}</style><button part="button"><slot></slot></button>';
  }
  connectedCallback() {
    this.shadowRoot.querySelector('button').addEventListener('click', () => {
      const form = this.closest('form');
      if (form) form.requestSubmit();
    });
  }
});
</script></body></html>""",
    "response": "<html><body><h1>Thank you!</h1><p>Your listing has been submitted and will go live after a quick review.</p></body></html>",
    "expect_status": "success",
    "expect": {"business_name": "name", "email": "email", "phone": "phone_digits", "website": "website",
               "city": "city", "summary": "description", "terms": "accepted"},
    "must_be_empty": [],
}

# A third-party sign-up widget: the whole form lives in the widget's shadow root (labels wrapping, aria-label,
# aria-labelledby, a paragraph before the input, a nested component with its own shadow root for the postcode),
# posts with fetch and shows its thank-you text inside the shadow root only.
PAGES["shadow_widget"] = {
    "profile": "plumbing",
    "html": """<!doctype html><html><head><meta charset="utf-8"><title>Get listed on TradeFinder</title></head><body>
<nav><a href="/">TradeFinder</a> | <a href="/login">Log in</a></nav>
<main><h1>Get listed on TradeFinder</h1><p>Free for tradespeople. Fill in the form below.</p>
<tradefinder-signup data-source="homepage"></tradefinder-signup>
</main>
<script>
customElements.define('postcode-input', class extends HTMLElement {
  constructor() {
    super();
    this.attachShadow({mode: 'open'}).innerHTML = '<input part="input" inputmode="numeric" placeholder="ZIP / Postcode" maxlength="10">';
  }
  get value() { return this.shadowRoot.querySelector('input').value; }
});
customElements.define('tradefinder-signup', class extends HTMLElement {
  connectedCallback() {
    const root = this.attachShadow({mode: 'open'});
    root.innerHTML = `<style>.row{margin:8px 0} .err{color:#b00} input,select,textarea{min-width:260px}</style>
    <form novalidate>
      <div class="row"><label>Trading name<br><input name="trading_name" required></label></div>
      <div class="row"><input name="contact_email" type="email" aria-label="Email" placeholder="you@example.com"></div>
      <div class="row"><span id="tel-lbl">Phone number</span><br><input name="tel" aria-labelledby="tel-lbl"></div>
      <div class="row"><p class="q">Street address</p><input name="street"></div>
      <div class="row"><p class="q">Town</p><input name="town"></div>
      <div class="row"><postcode-input></postcode-input></div>
      <div class="row"><label for="trade">Main trade</label>
        <select id="trade" name="trade"><option value="">Pick one</option><option value="elec">Electrician</option>
        <option value="plumb">Plumbing &amp; Heating</option><option value="roof">Roofing</option>
        <option value="garden">Gardening &amp; Landscaping</option></select></div>
      <div class="row"><label for="blurb">About your work</label><textarea id="blurb" name="blurb" rows="4"></textarea></div>
      <p class="err" role="alert" hidden></p>
      <button type="submit">Send my details</button>
    </form>`;
    const form = root.querySelector('form');
    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      const data = new URLSearchParams(new FormData(form));
      data.set('postcode', root.querySelector('postcode-input').value);
      const err = root.querySelector('.err');
      if (!data.get('trading_name') || !data.get('contact_email')) {
        err.hidden = false; err.textContent = 'Please fill in your trading name and email.'; return;
      }
      const r = await fetch('/shadow_widget/post', {method: 'POST', body: data});
      if (r.ok) form.outerHTML = '<p class="done">Thanks! We received your details and will review your listing within 48 hours.</p>';
      else { err.hidden = false; err.textContent = 'Something went wrong, please try again.'; }
    });
  }
});
</script></body></html>""",
    "response": '{"ok": true}',
    "expect_status": "success",
    "expect": {"trading_name": "name", "contact_email": "email", "tel": "phone_digits", "street": "street",
               "town": "city", "postcode": "postal_code", "trade": "plumb", "blurb": "description"},
    "must_be_empty": [],
}
