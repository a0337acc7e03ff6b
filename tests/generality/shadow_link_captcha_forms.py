"""Directory sites whose navigation or anti-spam widget is a web component with an open shadow root, written the
way a site built on a design system or an embeddable captcha wrapper would write them: the "List your business"
call to action sits in the header component's (nested) shadow root, and the captcha widget is rendered by a
component inside the form. A page with ``expect_posts: 0`` must never reach its server."""

PAGES: dict[str, dict] = {}

# The landing page has no listing form; its header is a component whose shadow root holds a nav component whose
# own shadow root renders each slotted link text into an <a>. The form lives behind "List your business".
# (``pages`` are str.format()ed by the test server: braces in them are doubled.)
PAGES["shadow_header_cta"] = {
    "profile": "sample",
    "html": """<!doctype html><html><head><meta charset="utf-8"><title>CityPages - find local businesses</title></head><body>
<site-header></site-header>
<main><h1>Find great local businesses</h1>
<form action="/search" role="search"><input name="q" placeholder="Search plumbers, cafes..." aria-label="Search">
<button>Search</button></form>
<p>Thousands of local businesses, reviewed by your neighbours.</p></main>
<script>
customElements.define('nav-item', class extends HTMLElement {
  connectedCallback() {
    this.attachShadow({mode: 'open'}).innerHTML =
      '<style>a{padding:6px 12px;text-decoration:none;color:#036} :host([primary]) a{background:#f60;color:#fff;border-radius:4px}</style>' +
      '<a part="link" href="' + this.getAttribute('href') + '"><slot></slot></a>';
  }
});
customElements.define('site-header', class extends HTMLElement {
  connectedCallback() {
    this.attachShadow({mode: 'open'}).innerHTML =
      '<style>header{display:flex;gap:8px;padding:10px;border-bottom:1px solid #ccc}</style>' +
      '<header><nav-item href="/">CityPages</nav-item><nav-item href="/shadow_header_cta/browse">Browse categories</nav-item>' +
      '<nav-item href="/shadow_header_cta/login">Sign in</nav-item>' +
      '<nav-item href="/shadow_header_cta/for-owners" primary>List your business</nav-item></header>';
  }
});
</script></body></html>""",
    "pages": {
        "for-owners": """<!doctype html><html><head><meta charset="utf-8"><title>Add your listing - CityPages</title></head>
<body><h1>Add your listing</h1>
<form method="post" action="/shadow_header_cta/post">
<p><label for="n">Business name</label><br><input id="n" name="listing_name" required></p>
<p><label for="e">Email</label><br><input id="e" name="owner_email" type="email" required></p>
<p><label for="w">Website</label><br><input id="w" name="site_url" type="url"></p>
<p><label for="c">City</label><br><input id="c" name="listing_city"></p>
<p><button type="submit">Create listing</button></p>
</form></body></html>""",
    },
    "response": "<html><body><h1>Thanks!</h1><p>Your listing was received and is awaiting moderation.</p></body></html>",
    "expect_status": "success",
    "expect": {"listing_name": "name", "owner_email": "email", "site_url": "website", "listing_city": "city"},
    "must_be_empty": [],
}

# An ordinary form with an anti-spam component: its shadow root holds the hCaptcha markup (a div with
# data-sitekey and the challenge iframe). The server here would accept anything, so only the engine can stop.
PAGES["shadow_hcaptcha"] = {
    "profile": "sample",
    "html": """<!doctype html><html><head><meta charset="utf-8"><title>Submit a business - FindIt Local</title></head><body>
<h1>Submit a business</h1>
<form method="post" action="/shadow_hcaptcha/post">
<p><label for="bn">Business name</label><br><input id="bn" name="business" required></p>
<p><label for="em">Your email</label><br><input id="em" name="email" type="email" required></p>
<p><label for="ph">Phone</label><br><input id="ph" name="phone" type="tel"></p>
<p><label for="ds">Description</label><br><textarea id="ds" name="about" rows="4"></textarea></p>
<spam-shield sitekey="10000000-ffff-ffff-ffff-000000000001"></spam-shield>
<p><button type="submit">Submit business</button></p>
</form>
<script>
customElements.define('spam-shield', class extends HTMLElement {
  connectedCallback() {
    const key = this.getAttribute('sitekey');
    this.attachShadow({mode: 'open'}).innerHTML =
      '<div class="h-captcha" data-sitekey="' + key + '" style="width:303px;height:78px">' +
      '<iframe title="Widget containing checkbox for hCaptcha security challenge" width="303" height="78" ' +
      'style="border:0" srcdoc="<label><input type=checkbox> I am human</label>"></iframe></div>' +
      '<textarea name="h-captcha-response" style="display:none"></textarea>';
  }
});
</script></body></html>""",
    "response": "<html><body><h1>Thank you!</h1><p>Your business has been submitted.</p></body></html>",
    "expect_status": "captcha_failed",
    "expect_posts": 0,
    "expect": {},
    "must_be_empty": [],
}

# An embeddable listing widget: the whole form is in the widget's shadow root and its reCAPTCHA-style checkbox
# comes from a nested component (a div.g-recaptcha with data-sitekey in a second shadow root, no iframe).
PAGES["shadow_recaptcha_widget"] = {
    "profile": "plumbing",
    "html": """<!doctype html><html><head><meta charset="utf-8"><title>Join the Trades Register</title></head><body>
<h1>Join the Trades Register</h1>
<trades-join></trades-join>
<script>
customElements.define('human-check', class extends HTMLElement {
  connectedCallback() {
    this.attachShadow({mode: 'open'}).innerHTML =
      '<div class="g-recaptcha" data-sitekey="6LeIxAcTAAAAAJcZVRqyHh71UMIEGNQ_MXjiZKhI" ' +
      'style="width:300px;height:74px;border:1px solid #d3d3d3;display:flex;align-items:center;gap:8px">' +
      '<span role="checkbox" aria-checked="false" tabindex="0" style="width:24px;height:24px;border:2px solid #c1c1c1"></span>' +
      '<span>I\\'m not a robot</span></div>';
  }
});
customElements.define('trades-join', class extends HTMLElement {
  connectedCallback() {
    const root = this.attachShadow({mode: 'open'});
    root.innerHTML = `<form>
      <p><label>Company name<br><input name="company" required></label></p>
      <p><label>Email address<br><input name="mail" type="email" required></label></p>
      <p><label>Town<br><input name="town"></label></p>
      <human-check></human-check>
      <p><button type="submit">Join now</button></p></form>`;
    root.querySelector('form').addEventListener('submit', async (e) => {
      e.preventDefault();
      await fetch('/shadow_recaptcha_widget/post', {method: 'POST', body: new URLSearchParams(new FormData(e.target))});
      e.target.outerHTML = '<p>Thanks, you are on the register!</p>';
    });
  }
});
</script></body></html>""",
    "response": '{"ok": true}',
    "expect_status": "captcha_failed",
    "expect_posts": 0,
    "expect": {},
    "must_be_empty": [],
}

# A bot check served in place of the page, drawn by one component: its words are only in the shadow root.
PAGES["shadow_bot_check"] = {
    "profile": "sample",
    "html": """<!doctype html><html><head><meta charset="utf-8"><title>BizFinder</title></head><body>
<guard-interstitial></guard-interstitial>
<script>
customElements.define('guard-interstitial', class extends HTMLElement {
  connectedCallback() {
    this.attachShadow({mode: 'open'}).innerHTML =
      '<style>.box{max-width:520px;margin:15vh auto;font-family:sans-serif}</style><div class="box">' +
      '<h1>One more step</h1><p>Checking your browser before accessing bizfinder.example.</p>' +
      '<p>This process is automatic. Your browser will redirect to your requested content shortly.</p></div>';
  }
});
</script></body></html>""",
    "response": "<html><body><h1>Thank you!</h1></body></html>",
    "expect_status": "captcha_failed",
    "expect_posts": 0,
    "expect": {},
    "must_be_empty": [],
}
