"""Directory forms that show their answer in a new tab or window: ``target=_blank``, a window opened by the
submit handler and filled once the API answered, and a named window the form targets."""

PAGES: dict[str, dict] = {}

PAGES["popup_target_blank"] = {
    "profile": "plumbing",
    "html": """<!doctype html><html><head><meta charset="utf-8"><title>Add your listing - Lone Star Pages</title></head><body>
<h1>Add your listing</h1><p>Your confirmation opens in a new tab.</p>
<form method="post" action="/popup_target_blank/post" target="_blank">
<dl>
 <dt>Business name</dt><dd><input name="listing_name" required></dd>
 <dt>E-mail</dt><dd><input name="listing_email" required></dd>
 <dt>Phone</dt><dd><input name="listing_phone"></dd>
 <dt>City</dt><dd><input name="listing_city"></dd>
 <dt>Website</dt><dd><input name="listing_url"></dd>
</dl>
<button type="submit">Submit listing</button>
</form></body></html>""",
    "response": "<html><body><h1>Thank you!</h1><p>Your listing has been submitted and is awaiting approval.</p></body></html>",
    "expect_status": "success",
    "expect": {"listing_name": "name", "listing_email": "email", "listing_phone": "phone_digits",
               "listing_city": "city", "listing_url": "website"},
    "must_be_empty": [],
    "final_text": "awaiting approval",
    "answer_in": "popup",
}

# The submit handler opens an empty window first (so no popup blocker stops it), posts with fetch, then sends
# that window to the receipt page.
PAGES["popup_window_open"] = {
    "profile": "sample",
    "pages": {"receipt": "<html><body><h1>Listing received</h1><p>Reference {ref}. Our editors will review your listing "
                         "within two business days.</p></body></html>"},
    "html": """<!doctype html><html><head><meta charset="utf-8"><title>Suggest a business - CityGuide</title></head><body>
<h1>Suggest a business</h1>
<form id="suggest">
 <div><label for="a">Name of the business</label> <input id="a" name="business"></div>
 <div><label for="b">Your email</label> <input id="b" name="email" type="email"></div>
 <div><label for="c">Website</label> <input id="c" name="url" type="url"></div>
 <div><label for="d">Postcode</label> <input id="d" name="zip"></div>
 <button type="submit">Send suggestion</button>
</form>
<p id="note"></p>
<script>
document.getElementById('suggest').addEventListener('submit', async (e) => {
  e.preventDefault();
  const receipt = window.open('', 'listing-receipt', 'width=600,height=500');
  const r = await fetch('/popup_window_open/post', {method: 'POST', body: new URLSearchParams(new FormData(e.target))});
  const data = await r.json();
  receipt.location.href = '/popup_window_open/receipt?ref=' + encodeURIComponent(data.reference);
  document.getElementById('note').textContent = 'Your receipt opened in a new window.';
});
</script></body></html>""",
    "response": '{"reference": "CG-20417"}',
    "expect_status": "success",
    "expect": {"business": "name", "email": "email", "url": "website", "zip": "postal_code"},
    "must_be_empty": [],
    "final_text": "CG-20417",
    "answer_in": "popup",
}

# A form that targets a named window it opens itself; the answer there says the business is already listed.
PAGES["popup_named_window"] = {
    "profile": "plumbing",
    "html": """<!doctype html><html><head><meta charset="utf-8"><title>Free listing - AustinFinds</title></head><body>
<h2>Get a free listing</h2>
<form method="post" action="/popup_named_window/post" target="af_result"
      onsubmit="window.open('', 'af_result', 'width=520,height=420,scrollbars=yes')">
 <p>Company<br><input name="co" required></p>
 <p>Email<br><input name="em" required></p>
 <p>Street<br><input name="st"></p>
 <p>ZIP<br><input name="zp"></p>
 <p><input type="submit" value="Add my business"></p>
</form></body></html>""",
    "response": "<html><body><h3>Sorry</h3><p>This business is already listed on AustinFinds. Claim it instead.</p></body></html>",
    "expect_status": "skipped",
    "expect_reason": "already_listed",
    "expect": {"co": "name", "em": "email", "zp": "postal_code"},
    "must_be_empty": [],
    "final_text": "already listed",
    "answer_in": "popup",
}

# The submit handler also opens a "share it" window; the answer itself is shown in the page.
PAGES["popup_share_window"] = {
    "profile": "sample",
    "pages": {"share": "<html><body><h2>Spread the word</h2><p>Share your page with your customers:</p>"
                       "<p><a href='#'>Facebook</a> &middot; <a href='#'>LinkedIn</a></p></body></html>"},
    "html": """<!doctype html><html><head><meta charset="utf-8"><title>Add a business - NearMe</title></head><body>
<h1>Add a business</h1>
<form id="add">
 <p><label>Business name <input name="title"></label></p>
 <p><label>Email <input name="mail" type="email"></label></p>
 <p><label>Web address <input name="web"></label></p>
 <p><button type="submit">Add business</button></p>
</form>
<div id="done" hidden><h2>Thanks, your business was submitted!</h2><p>It will be visible after a short review.</p></div>
<script>
document.getElementById('add').addEventListener('submit', async (e) => {
  e.preventDefault();
  window.open('/popup_share_window/share', 'share', 'width=480,height=360');
  const r = await fetch('/popup_share_window/post', {method: 'POST', body: new URLSearchParams(new FormData(e.target))});
  if (r.ok) { e.target.remove(); document.getElementById('done').hidden = false; }
});
</script></body></html>""",
    "response": '{"ok": true}',
    "expect_status": "success",
    "expect": {"title": "name", "mail": "email", "web": "website"},
    "must_be_empty": [],
    "final_text": "your business was submitted",
    "answer_in": "page",
}
