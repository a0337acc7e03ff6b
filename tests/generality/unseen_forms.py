"""Directory forms written apart from the engine and its sandbox, modelled on the shapes real
directories use (Bootstrap groups, React fields labelled by aria-labelledby, placeholder-only
inputs, definition lists, country-code phone pickers). The engine was not tuned to them: they
measure whether its form filling is general."""

SUCCESS_PAGE = "<html><body><h1>Thank you!</h1><p>{text}</p></body></html>"

FORMS: dict[str, dict] = {}

FORMS["bootstrap"] = {
    "html": """<!doctype html><html><head><title>Add your company – CityPages</title></head><body>
<div class="container"><h2>Add your company for free</h2>
<form method="post" action="/bootstrap/post" class="needs-validation">
 <div class="form-group"><label for="companyName">Company name <span>*</span></label>
   <input class="form-control" id="companyName" name="company[name]" required></div>
 <div class="form-group"><label for="cp">Contact person</label><input class="form-control" id="cp" name="company[contact]"></div>
 <div class="form-group"><label for="em">E-mail address *</label><input class="form-control" id="em" name="company[mail]" type="text" required></div>
 <div class="form-group"><label for="tel">Telephone</label><input class="form-control" id="tel" name="company[tel]"></div>
 <div class="form-group"><label for="www">Web site</label><input class="form-control" id="www" name="company[www]"></div>
 <div class="form-group"><label for="st">Street address</label><input class="form-control" id="st" name="company[street]"></div>
 <div class="form-row">
  <div class="col"><label for="town">Town / City</label><input class="form-control" id="town" name="company[town]"></div>
  <div class="col"><label for="state">State / Province</label>
    <select class="form-control" id="state" name="company[state]"><option value="">Choose…</option>
    <option>Arizona</option><option>California</option><option>Texas</option><option>Utah</option></select></div>
  <div class="col"><label for="zip">ZIP / Postal code</label><input class="form-control" id="zip" name="company[zip]"></div>
 </div>
 <div class="form-group"><label for="country">Country</label><select class="form-control" id="country" name="company[country]">
   <option value="CA">Canada</option><option value="MX">Mexico</option><option value="USA">United States of America</option></select></div>
 <div class="form-group"><label for="cat">Business category</label><select class="form-control" id="cat" name="company[category]">
   <option value="">Select a category</option><option value="11">Accountants</option><option value="12">Electricians</option>
   <option value="13">Plumbers &amp; Drain Services</option><option value="14">Restaurants</option><option value="15">Web Designers</option></select></div>
 <div class="form-group"><label for="about">Tell us about your business</label><textarea class="form-control" id="about" name="company[about]"></textarea></div>
 <div class="form-check"><input class="form-check-input" type="checkbox" id="tos" name="tos" value="1" required>
   <label class="form-check-label" for="tos">I accept the Terms of Service</label></div>
 <div class="form-check"><input class="form-check-input" type="checkbox" id="news" name="newsletter" value="1">
   <label class="form-check-label" for="news">Send me the monthly newsletter</label></div>
 <button type="submit" class="btn btn-primary">List my company</button>
</form></div></body></html>""",
    "response": SUCCESS_PAGE.format(text="Your company has been submitted and will appear after review by our editors."),
    "expect_status": "success",
    "expect": {"company[name]": "name", "company[mail]": "email", "company[tel]": "phone_digits",
               "company[www]": "website", "company[town]": "city", "company[state]": "Texas",
               "company[zip]": "postal_code", "company[country]": "USA", "company[category]": "13",
               "company[contact]": "contact_name", "tos": "1"},
    "must_be_empty": ["newsletter"],
}

FORMS["react_aria"] = {
    "html": """<!doctype html><html><head><title>Get listed</title></head><body>
<main><h1>Get your business listed</h1><div id="app">
<form id="f" onsubmit="return false">
 <div><span id="l1">Business or organisation</span><input aria-labelledby="l1" name="field_8812" autocomplete="off"></div>
 <div><span id="l2">First name</span><input aria-labelledby="l2" name="field_8813"></div>
 <div><span id="l3">Last name</span><input aria-labelledby="l3" name="field_8814"></div>
 <div><span id="l4">Email</span><input aria-labelledby="l4" name="field_8815" type="email"></div>
 <div><span id="l5">Mobile / phone</span>
   <select aria-label="Country calling code" name="field_8816_cc"><option value="+44">UK +44</option><option value="+1">US/Canada +1</option><option value="+61">Australia +61</option></select>
   <input aria-labelledby="l5" name="field_8816" type="tel"></div>
 <div><span id="l6">Website address</span><input aria-labelledby="l6" name="field_8817" type="url"></div>
 <div><span id="l7">Postcode / ZIP</span><input aria-labelledby="l7" name="field_8818"></div>
 <input type="text" name="field_hp" tabindex="-1" autocomplete="off" style="position:absolute;left:-5000px" aria-hidden="true">
 <div role="button" tabindex="0" id="go" style="padding:8px;background:#06c;color:#fff;width:120px">Submit listing</div>
</form><p id="msg" hidden></p></div>
<script>
document.getElementById('go').addEventListener('click', async () => {
  const data = new URLSearchParams(new FormData(document.getElementById('f')));
  const r = await fetch('/react_aria/post', {method: 'POST', body: data});
  if (r.ok) { document.getElementById('f').remove(); const m = document.getElementById('msg');
              m.hidden = false; m.textContent = 'Thanks! Your listing is live.'; }
});
</script></main></body></html>""",
    "response": '{"ok": true}',
    "expect_status": "success",
    "expect": {"field_8812": "name", "field_8813": "first", "field_8814": "last", "field_8815": "email",
               "field_8816_cc": "+1", "field_8816": "phone_national_digits", "field_8817": "website",
               "field_8818": "postal_code"},
    "must_be_empty": ["field_hp"],
}

FORMS["placeholders"] = {
    "html": """<!doctype html><html><head><title>Free listing</title>
<style>.hp{position:absolute;left:-9999px;top:-9999px}</style></head><body>
<form method="post" action="/placeholders/post">
 <input name="a1" placeholder="Business Name" required>
 <input name="a2" placeholder="Your Email" required>
 <input name="a3" placeholder="Phone (xxx) xxx-xxxx">
 <input name="a4" placeholder="https://">
 <input name="a5" placeholder="Address Line 1">
 <input name="a6" placeholder="City">
 <input name="a7" placeholder="State" maxlength="2">
 <input name="a8" placeholder="Zip">
 <div class="hp"><input name="website_url" placeholder="Leave this empty"></div>
 <textarea name="a9" placeholder="Short description (max 160 characters)" maxlength="160"></textarea>
 <a href="#" onclick="this.closest('form').submit(); return false;" class="btn">Add listing »</a>
</form></body></html>""",
    "redirect": "/placeholders/thanks",
    "response": SUCCESS_PAGE.format(text="Success! Your business has been added."),
    "expect_status": "success",
    "expect": {"a1": "name", "a2": "email", "a3": "phone_digits", "a4": "website", "a6": "city", "a7": "TX",
               "a8": "postal_code"},
    "must_be_empty": ["website_url"],
    "max_length": {"a9": 160},
}

FORMS["deflist"] = {
    "html": """<!doctype html><html><head><title>Register a business</title></head><body>
<form method="post" action="/deflist/post"><dl>
 <dt>Name of business</dt><dd><input name="n"></dd>
 <dt>E-mail</dt><dd><input name="m"></dd>
 <dt>Tel.</dt><dd><input name="t"></dd>
 <dt>Postal address</dt><dd><input name="ad"></dd>
 <dt>Locality</dt><dd><input name="loc"></dd>
 <dt>Postcode</dt><dd><input name="pc" maxlength="10"></dd>
 <dt>Description of services</dt><dd><textarea name="d"></textarea></dd>
</dl><input type="submit" value="Register"></form></body></html>""",
    "response": SUCCESS_PAGE.format(text="Registration received. Thank you for registering your business."),
    "expect_status": "success",
    "expect": {"n": "name", "m": "email", "t": "phone_digits", "loc": "city", "pc": "postal_code"},
    "must_be_empty": [],
}

FORMS["verify_email"] = {
    "html": FORMS["deflist"]["html"].replace("/deflist/post", "/verify_email/post"),
    "response": SUCCESS_PAGE.format(
        text="Almost done! We've sent a confirmation link to your email address. Please click it to activate your listing."),
    "expect_status": "requires_manual",
    "expect_reason": "email_verification",
    "expect": {},
    "must_be_empty": [],
}

FORMS["duplicate"] = {
    "html": FORMS["deflist"]["html"].replace("/deflist/post", "/duplicate/post"),
    "response": "<html><body><form><p class='error'>This business appears to already exist in our directory. "
                "If it is yours, claim it instead.</p></form></body></html>",
    "expect_status": "skipped",
    "expect_reason": "already_listed",
    "expect": {},
    "must_be_empty": [],
}

FORMS["unavailable"] = {
    "html": FORMS["deflist"]["html"].replace("/deflist/post", "/unavailable/post"),
    "status": 503,
    "retry_after": "7",
    "response": "<html><body><h1>Service Unavailable</h1></body></html>",
    "expect_status": "transient",
    "expect": {},
    "must_be_empty": [],
}
