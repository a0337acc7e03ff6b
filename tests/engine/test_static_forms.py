"""Forms shaped like real directory software (not the sandbox): the mapping must generalise."""

from __future__ import annotations

from urllib.parse import parse_qs


BDP = """
<html><body><h1>Submit a Listing</h1>
<form id="wpbdp-submit-listing-form" method="post" action="/bdp/post">
<div class="wpbdp-form-field"><div class="wpbdp-form-field-label"><label for="wpbdp-field-1">Business Name</label><span>*</span></div>
 <div class="wpbdp-form-field-inner"><input type="text" id="wpbdp-field-1" name="listingfields[1]" required></div></div>
<div class="wpbdp-form-field"><div class="wpbdp-form-field-label"><label for="wpbdp-field-2">Business Genre</label></div>
 <div class="wpbdp-form-field-inner"><select id="wpbdp-field-2" name="listingfields[2]"><option value="">Choose One</option>
 <option value="11">Restaurants</option><option value="12">Computers &amp; Technology</option><option value="13">Hotels</option>
 <option value="14">Shopping</option></select></div></div>
<div class="wpbdp-form-field"><div class="wpbdp-form-field-label"><label for="wpbdp-field-3">Short Business Description</label></div>
 <div class="wpbdp-form-field-inner"><textarea id="wpbdp-field-3" name="listingfields[3]" maxlength="100"></textarea></div></div>
<div class="wpbdp-form-field"><div class="wpbdp-form-field-label"><label for="wpbdp-field-5">Business Website Address</label></div>
 <div class="wpbdp-form-field-inner"><input type="text" id="wpbdp-field-5" name="listingfields[5]"></div></div>
<div class="wpbdp-form-field"><div class="wpbdp-form-field-label"><label for="wpbdp-field-6">Business Phone Number</label></div>
 <div class="wpbdp-form-field-inner"><input type="text" id="wpbdp-field-6" name="listingfields[6]"></div></div>
<div class="wpbdp-form-field"><div class="wpbdp-form-field-label"><label for="wpbdp-field-7">Business Fax</label></div>
 <div class="wpbdp-form-field-inner"><input type="text" id="wpbdp-field-7" name="listingfields[7]"></div></div>
<div class="wpbdp-form-field"><div class="wpbdp-form-field-label"><label for="wpbdp-field-8">Business Contact Email</label></div>
 <div class="wpbdp-form-field-inner"><input type="text" id="wpbdp-field-8" name="listingfields[8]"></div></div>
<div class="wpbdp-form-field"><div class="wpbdp-form-field-label"><label for="wpbdp-field-9">Business Tags</label></div>
 <div class="wpbdp-form-field-inner"><input type="text" id="wpbdp-field-9" name="listingfields[9]"></div></div>
<div class="wpbdp-form-field"><div class="wpbdp-form-field-label"><label for="wpbdp-field-10">Business Address</label></div>
 <div class="wpbdp-form-field-inner"><textarea id="wpbdp-field-10" name="listingfields[10]"></textarea></div></div>
<div class="wpbdp-form-field"><div class="wpbdp-form-field-label"><label for="wpbdp-field-11">ZIP Code</label></div>
 <div class="wpbdp-form-field-inner"><input type="text" id="wpbdp-field-11" name="listingfields[11]"></div></div>
<p style="display: none !important;"><label>&#916;<textarea name="ak_hp_textarea" cols="45" rows="8" maxlength="100"></textarea></label></p>
<div class="wpbdp-form-field"><label><input type="checkbox" name="terms" value="1" required> I agree to the terms and conditions</label></div>
<input type="submit" value="Submit Listing" class="button">
</form></body></html>
"""

BOOTSTRAP = """
<html><body><nav><form action="/search"><input name="q" placeholder="Search"><button>Go</button></form></nav>
<div class="container"><h2>Create your free listing</h2>
<form action="/listings" method="post">
 <div class="form-group"><label for="title">Listing Title</label><input class="form-control" id="title" name="title"></div>
 <div class="form-group"><label for="owner">Owner Name</label><input class="form-control" id="owner" name="owner"></div>
 <div class="form-row"><div class="col"><label for="fn">First Name</label><input id="fn" name="fn"></div>
   <div class="col"><label for="ln">Last Name</label><input id="ln" name="ln"></div></div>
 <div class="form-group"><label for="tel">Telephone</label><input type="tel" id="tel" name="tel" placeholder="555-555-5555">
   <small class="form-text text-muted">Format: 555-555-5555</small></div>
 <div class="form-group"><label for="mail">E-mail</label><input id="mail" name="mail"></div>
 <div class="form-group"><label for="a1">Street</label><input id="a1" name="address1"></div>
 <div class="form-group"><label for="a2">Apt / Suite</label><input id="a2" name="address2"></div>
 <div class="form-group"><label for="town">Town / City</label><input id="town" name="town"></div>
 <div class="form-group"><label for="prov">State / Province / Region</label><input id="prov" name="prov" maxlength="2"></div>
 <div class="form-group"><label for="pc">Postcode</label><input id="pc" name="pc"></div>
 <div class="form-group"><label for="ctry">Country</label><select id="ctry" name="ctry"><option>Select</option>
   <option value="1">Canada</option><option value="2">United States</option><option value="3">Mexico</option></select></div>
 <div class="form-group"><label for="fb">Facebook</label><input id="fb" name="fb"></div>
 <div class="form-group"><label for="tw">Twitter</label><input id="tw" name="tw"></div>
 <div class="form-group"><label for="hrs">Opening Hours</label><input id="hrs" name="hrs"></div>
 <div class="form-group"><label for="kw">Keywords</label><input id="kw" name="kw"></div>
 <div class="form-group"><label for="hear">How did you hear about us?</label><input id="hear" name="hear"></div>
 <div class="form-group"><label for="msg">Message</label><textarea id="msg" name="msg"></textarea></div>
 <input type="text" name="email_confirm" style="display:none" tabindex="-1">
 <div class="form-check"><input type="checkbox" class="form-check-input" id="news" name="news">
   <label class="form-check-label" for="news">Subscribe to our newsletter</label></div>
 <button type="submit" class="btn btn-primary">Create Listing</button>
</form></div></body></html>
"""

CF7 = """
<html><body><form action="/cf7" method="post" class="wpcf7-form">
<p>Your Name (required)<br><span class="wpcf7-form-control-wrap your-name"><input type="text" name="your-name" size="40" aria-required="true"></span></p>
<p>Your Email (required)<br><span class="wpcf7-form-control-wrap your-email"><input type="email" name="your-email" size="40"></span></p>
<p>Business Name<br><span class="wpcf7-form-control-wrap text-biz"><input type="text" name="text-biz" size="40"></span></p>
<p>Website<br><span class="wpcf7-form-control-wrap url-site"><input type="url" name="url-site"></span></p>
<p>Business Category<br><span class="wpcf7-form-control-wrap menu-cat"><select name="menu-cat"><option value="">---</option>
<option value="Automotive">Automotive</option><option value="IT &amp; Software">IT &amp; Software</option><option value="Restaurants">Restaurants</option></select></span></p>
<p>Description<br><span class="wpcf7-form-control-wrap your-message"><textarea name="your-message" cols="40" rows="10"></textarea></span></p>
<span class="wpcf7-form-control-wrap honeypot-942"><input type="text" name="honeypot-942" value="" size="40" tabindex="-1" autocomplete="nope" style="display:none"></span>
<div class="gform_validation_container" style="position:absolute;left:-9000px"><label>Comments <input name="input_999"></label>
<div>This field is for validation purposes and should be left unchanged.</div></div>
<p><input type="submit" value="Send"></p>
</form></body></html>
"""

REQUIRED_UNKNOWN = """
<html><body><form method="post" action="/x">
<label for="b">Company name</label><input id="b" name="b" required>
<label for="e">Email</label><input id="e" name="e" type="email" required>
<fieldset><legend>Do you offer home delivery? *</legend>
<label><input type="radio" name="delivery" value="y" required> Yes</label><label><input type="radio" name="delivery" value="n"> No</label></fieldset>
<label for="emp">Number of employees *</label><input id="emp" name="emp" required>
<button>Submit</button></form></body></html>
"""


def test_business_directory_plugin_form(plan_html) -> None:
    p = plan_html(BDP)
    attrs = {k: (v.attribute if v.action != "skip" else None) for k, v in p.items()}
    assert attrs["listingfields[1]"] == "business_name"
    assert attrs["listingfields[2]"] == "categories" and p["listingfields[2]"].value == ["12"]
    assert attrs["listingfields[3]"] == "description" and len(p["listingfields[3]"].value) <= 100
    assert attrs["listingfields[5]"] == "website"
    assert attrs["listingfields[6]"] == "phone"
    assert attrs["listingfields[7]"] is None  # fax: nothing to put there
    assert attrs["listingfields[8]"] == "email"
    assert attrs["listingfields[9]"] == "keywords"
    assert attrs["listingfields[10]"] == "address" and "Austin" in p["listingfields[10]"].value
    assert attrs["listingfields[11]"] == "postal_code"
    assert p["ak_hp_textarea"].action == "skip"
    assert p["terms"].action == "check"


def test_bootstrap_listing_form(plan_html) -> None:
    p = plan_html(BOOTSTRAP)
    got = {k: (v.attribute, v.value) for k, v in p.items() if v.action != "skip"}
    assert got["title"] == ("business_name", "Northwind Pixel Labs")
    assert got["owner"] == ("contact_name", "Dana Whitfield")
    assert got["fn"] == ("contact_first_name", "Dana") and got["ln"] == ("contact_last_name", "Whitfield")
    assert got["tel"] == ("phone", "512-555-0147")  # the placeholder's format
    assert got["mail"][0] == "email"
    assert got["address1"] == ("street_line1", "1200 Congress Ave") and got["address2"] == ("address_line2", "Suite 400")
    assert got["town"] == ("city", "Austin")
    assert got["prov"] == ("region", "TX")
    assert got["pc"] == ("postal_code", "78701")
    assert got["ctry"] == ("country", ["2"])
    assert got["fb"][0] == "social_facebook"
    assert got["hrs"][0] == "hours" and got["kw"][0] == "keywords"
    for name in ("tw", "hear", "msg", "email_confirm", "news", "q"):
        assert name not in got, name


def test_contact_form_7_style(plan_html) -> None:
    p = plan_html(CF7)
    got = {k: (v.attribute, v.value) for k, v in p.items() if v.action != "skip"}
    assert got["your-name"][0] == "contact_name"
    assert got["your-email"][0] == "email"
    assert got["text-biz"][0] == "business_name"
    assert got["url-site"][0] == "website"
    assert got["menu-cat"] == ("categories", ["IT & Software"])
    assert got["your-message"][0] == "description"
    assert "honeypot-942" not in got and "input_999" not in got


def test_required_fields_without_a_profile_value_are_reported(engine, static_pages) -> None:
    static_pages.pages["/req"] = REQUIRED_UNKNOWN
    out, phases = engine.submit(static_pages.base_url + "/req")
    assert (out.status, out.reason_code) == ("requires_manual", "missing_required_fields")
    assert not out.submitted and "submitting" not in phases
    labels = " ".join(g["label"] or g["name"] for g in out.evidence["required_gaps"])
    assert "employees" in labels.lower() and "delivery" in " ".join(g["name"] for g in out.evidence["required_gaps"])


def test_full_submission_of_a_plugin_style_form(engine, static_pages) -> None:
    static_pages.pages["/bdp"] = BDP
    static_pages.posts.clear()
    out, phases = engine.submit(static_pages.base_url + "/bdp")
    assert out.status == "success", out.message
    path, body = static_pages.posts[-1]
    fields = parse_qs(body.decode())
    assert fields["listingfields[1]"] == ["Northwind Pixel Labs"]
    assert fields["listingfields[2]"] == ["12"]
    assert fields["terms"] == ["1"]
    assert fields.get("ak_hp_textarea", [""]) == [""]
    assert fields.get("listingfields[7]", [""]) == [""]


HOTFROG_LIKE = """
<html><body><h1>Add your business</h1><form method="post" action="/hf">
<div><label>Business owner <input name="owner"></label></div>
<div><label>Company name <input name="co"></label></div>
<div><label>Street <input name="street"></label> <label>House number <input name="houseno"></label></div>
<div><label>Cross street <input name="cross"></label></div>
<div><label>Suburb / City <input name="suburb"></label></div>
<div><label>Phone (xxx-xxx-xxxx) <input name="ph"></label></div>
<div><label>Reciprocal link URL <input name="recip"></label></div>
<div><label>Short description (max 80 characters) <textarea name="short"></textarea></label></div>
<button>Add business</button></form></body></html>
"""

SIGNUP = """
<html><body><form method="post" action="/signup">
<label>Business name <input name="biz" required></label>
<label>Email <input type="email" name="email" required></label>
<label>Password <input type="password" name="pw" required></label>
<button>Create account</button></form></body></html>
"""


def test_owner_house_number_reciprocal_and_stated_limits(plan_html) -> None:
    p = plan_html(HOTFROG_LIKE)
    got = {k: (v.attribute, v.value) for k, v in p.items() if v.action != "skip"}
    assert got["owner"] == ("contact_name", "Dana Whitfield")
    assert got["co"][0] == "business_name"
    assert got["street"][0] == "street" and "houseno" not in got and "cross" not in got
    assert got["suburb"] == ("city", "Austin")
    assert got["ph"] == ("phone", "512-555-0147")  # format taken from the label
    assert "recip" not in got  # the backlink page is not our website
    assert got["short"][0] == "description" and len(got["short"][1]) <= 80


def test_signup_forms_need_a_person(engine, static_pages) -> None:
    static_pages.pages["/signup"] = SIGNUP
    out, _ = engine.submit(static_pages.base_url + "/signup")
    assert (out.status, out.reason_code, out.submitted) == ("requires_manual", "account_required", False)


def test_network_error_after_submit_is_transient(engine, static_pages) -> None:
    static_pages.pages["/dead"] = BDP.replace('action="/bdp/post"', 'action="http://127.0.0.1:9/post"')
    out, phases = engine.submit(static_pages.base_url + "/dead")
    assert out.status == "failed" and out.transient and out.reason_code == "network_error", (out.reason_code, out.message)
    assert out.submitted and phases[-1] == "submitting"


ZIP_FORM = """
<html><body><form method="post" action="/zip/post">
<label>Business name <input name="biz"></label><label>Email <input name="email" type="email"></label>
<label>ZIP <input name="zip"></label>{error}<button>Submit</button></form></body></html>
"""


def test_unfixable_validation_error_reports_the_directory_message(engine, static_pages) -> None:
    static_pages.pages["/zip"] = ZIP_FORM.format(error="")
    static_pages.post_responses["/zip/post"] = (
        200, ZIP_FORM.format(error='<div class="error">Please enter a valid ZIP code for your county.</div>'))
    static_pages.posts.clear()
    out, _ = engine.submit(static_pages.base_url + "/zip")
    assert (out.status, out.reason_code, out.submitted) == ("failed", "validation_error", True)
    assert "valid ZIP code" in out.message
    assert len(static_pages.posts) == 1  # no second format exists for a ZIP code: no blind resubmission


NAMED_CHECKBOXES = """
<html><body><form method="post" action="/nc"><label>Company <input name="co"></label>
<label>E-mail <input name="em"></label>
<p>Choose your categories:</p>
<label><input type="checkbox" name="cat_11" value="1"> Restaurants</label>
<label><input type="checkbox" name="cat_12" value="1"> Computers &amp; Internet</label>
<label><input type="checkbox" name="cat_13" value="1"> Real Estate</label>
<button>Send</button></form></body></html>
"""


def test_checkbox_categories_with_numbered_names(plan_html) -> None:
    p = plan_html(NAMED_CHECKBOXES)
    checked = {k for k, v in p.items() if v.action == "check"}
    assert checked == {"cat_12"}


def test_bot_challenge_page_is_a_captcha_wall(engine, static_pages) -> None:
    static_pages.pages["/cf"] = ("<html><head><title>Just a moment...</title></head><body><h1>Checking if the site "
                                 "connection is secure</h1><p>Enable JavaScript and cookies to continue</p></body></html>")
    out, phases = engine.submit(static_pages.base_url + "/cf")
    assert (out.status, out.reason_code, out.submitted) == ("captcha_failed", "captcha", False)
    assert "submitting" not in phases


def test_pricing_page_leads_to_the_free_listing_form(engine, static_pages) -> None:
    static_pages.pages["/plans"] = ("<html><body><h1>List your business</h1><div class=plan><h2>Premium</h2>"
                                    "<a href='/pay'>Buy premium - $49</a></div><div class=plan><h2>Basic</h2>"
                                    "<a href='/bdp'>Choose free listing</a></div></body></html>")
    static_pages.pages["/bdp"] = BDP
    out, _ = engine.submit(static_pages.base_url + "/plans")
    assert out.status == "success", (out.reason_code, out.message)
    assert any(s.get("href") == "/bdp" for s in out.evidence["steps"] if s["step"] == "follow_link")


FLOATING = """
<html><body><form method="post" action="/fl">
<div class="form-floating"><input class="form-control" name="a1" placeholder=" "><label>Business name</label></div>
<div class="form-floating"><input class="form-control" name="a2" placeholder=" "><label>Email address</label></div>
<div class="form-floating"><input class="form-control" name="a3" placeholder=" "><label>City</label></div>
<button>Save</button></form></body></html>
"""


def test_floating_labels_after_the_input(plan_html) -> None:
    p = plan_html(FLOATING)
    assert (p["a1"].attribute, p["a2"].attribute, p["a3"].attribute) == ("business_name", "email", "city")
