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

# The three below are shaped like the submit forms of common WordPress directory plugins. They were added after
# the engine failed on them; the fixes are general: required/optional marks and a trailing colon are not part of a
# label's meaning ("Title *", "Title:"), a tagline is neither the keywords nor the description, and a website's
# "link text" is the business's name.
FORMS["plugin_sections"] = {
    "html": """<!doctype html><html><head><title>Submit A Listing - Town Directory</title></head><body>
<div class="wpbdp-submit-page"><h2>Add Listing</h2>
<form action="/plugin_sections/post" method="post">
<div class="section"><span class="section-title">Category selection</span>
 <div class="wpbdp-form-field wpbdp-form-field-type-select"><div class="wpbdp-form-field-label"><label for="wpbdp-field-2">Listing Category</label><span class="req">*</span></div>
 <div class="wpbdp-form-field-inner"><select id="wpbdp-field-2" name="listingfields[2][]" multiple required>
 <option value="11">Automotive</option><option value="12">Food &amp; Drink</option><option value="14">Home Services</option>
 <option value="15">IT &amp; Computers</option><option value="16">Legal</option></select></div></div></div>
<div class="section"><span class="section-title">Listing Information</span>
 <div class="wpbdp-form-field"><div class="wpbdp-form-field-label"><label for="wpbdp-field-1">Listing Title</label><span class="req">*</span></div>
  <div class="wpbdp-form-field-inner"><input type="text" id="wpbdp-field-1" name="listingfields[1]" required></div></div>
 <div class="wpbdp-form-field"><div class="wpbdp-form-field-label"><label for="wpbdp-field-4">Description</label></div>
  <div class="wpbdp-form-field-inner"><textarea id="wpbdp-field-4" name="listingfields[4]" required></textarea></div></div>
 <div class="wpbdp-form-field"><div class="wpbdp-form-field-label"><label for="wpbdp-field-5">Website</label></div>
  <div class="wpbdp-form-field-inner"><input type="text" id="wpbdp-field-5" name="listingfields[5][0]"><input type="text"
   id="wpbdp-field-5-title" name="listingfields[5][1]" placeholder="Link Text (optional)"></div></div>
 <div class="wpbdp-form-field"><div class="wpbdp-form-field-label"><label for="wpbdp-field-6">Phone</label></div>
  <div class="wpbdp-form-field-inner"><input type="text" id="wpbdp-field-6" name="listingfields[6]"></div></div>
 <div class="wpbdp-form-field"><div class="wpbdp-form-field-label"><label for="wpbdp-field-7">Email</label><span class="req">*</span></div>
  <div class="wpbdp-form-field-inner"><input type="text" id="wpbdp-field-7" name="listingfields[7]" required></div></div>
 <div class="wpbdp-form-field"><div class="wpbdp-form-field-label"><label for="wpbdp-field-10">ZIP Code</label></div>
  <div class="wpbdp-form-field-inner"><input type="text" id="wpbdp-field-10" name="listingfields[10]"></div></div>
 <div class="wpbdp-form-field"><label><input type="checkbox" name="terms-and-conditions-agreement" value="1" required>
  I agree to the <a href="#">Terms and Conditions</a></label></div></div>
<input type="reset" value="Clear Form"><input type="submit" value="Complete Listing">
</form></div></body></html>""",
    "response": SUCCESS_PAGE.format(text="Your listing has been submitted and is pending review."),
    "expect_status": "success",
    "expect": {"listingfields[2][]": "14", "listingfields[1]": "name", "listingfields[5][0]": "website",
               "listingfields[5][1]": "name", "listingfields[6]": "phone_digits", "listingfields[7]": "email",
               "listingfields[10]": "postal_code", "terms-and-conditions-agreement": "1"},
    "must_be_empty": [],
}

FORMS["plugin_colon_labels"] = {
    "html": """<!doctype html><html><head><title>Add Listing - CityGuide</title></head><body>
<div class="add-listing-wrapper"><form action="/plugin_colon_labels/post" method="post">
<h2>General Information</h2>
<div class="form-group"><label for="f_01" class="form-label">Title:</label><input type="text" name="f_01" id="f_01" placeholder="Enter a title" required></div>
<div class="form-group"><label for="f_02" class="form-label">Tagline:</label><input type="text" name="f_02" id="f_02" placeholder="Your listing's motto or tag-line"></div>
<div class="form-group"><label class="form-label" for="f_03">Description:</label><textarea name="f_03" id="f_03" rows="8"></textarea></div>
<div class="form-group"><label for="f_04" class="form-label">Select Category:</label><select name="f_04[]" id="f_04" multiple data-max="2">
 <option value="">Select Category</option><option value="31">Restaurants</option><option value="32">Plumbing</option><option value="35">Real Estate</option></select></div>
<h2>Contact Information</h2>
<div class="form-group"><label for="f_05" class="form-label">Zip/Post Code:</label><input type="text" id="f_05" name="f_05"></div>
<div class="form-group"><label for="f_06" class="form-label">Phone:</label><input type="tel" name="f_06" id="f_06"></div>
<div class="form-group"><label for="f_07" class="form-label">Fax:</label><input type="tel" name="f_07" id="f_07"></div>
<div class="form-group"><label for="f_08" class="form-label">Email:</label><input type="email" name="f_08" id="f_08"></div>
<div class="form-group"><label for="f_09" class="form-label">Website:</label><input type="text" id="f_09" name="f_09" placeholder="eg. http://example.com"></div>
<div><input id="pp" type="checkbox" name="privacy_policy" required><label for="pp">I agree to the <a href="#">Privacy Policy</a> and <a href="#">Terms of Service</a></label></div>
<button type="submit">Save &amp; Publish</button>
</form></div></body></html>""",
    "response": SUCCESS_PAGE.format(text="Your listing has been submitted successfully."),
    "profile": {"keywords": ("drain repair", "water heaters")},  # keywords at hand: the tagline must still stay empty
    "expect_status": "success",
    "expect": {"f_01": "name", "f_04[]": "32", "f_05": "postal_code", "f_06": "phone_digits", "f_08": "email",
               "f_09": "website", "privacy_policy": "on"},
    "must_be_empty": ["f_02", "f_07"],
}

FORMS["plugin_star_labels"] = {
    "html": """<!doctype html><html><head><title>Add Listing - Local Places</title></head><body>
<form id="add-post" action="/plugin_star_labels/post" method="post">
<h5>Enter Listing Details</h5>
<div class="form-group row"><label for="post_title" class="col-form-label">Title <span class="text-danger">*</span></label>
 <div><input type="text" class="form-control" id="post_title" name="post_title" required><small>Enter the title.</small></div></div>
<div class="form-group row"><label for="post_content" class="col-form-label">Description <span class="text-danger">*</span></label>
 <div><textarea class="form-control" id="post_content" name="post_content" required rows="8"></textarea></div></div>
<div class="form-group row"><label for="post_category" class="col-form-label">Category <span class="text-danger">*</span></label>
 <div><select id="post_category" name="post_category" class="form-control" required><option value="">Select Category&hellip;</option>
 <option value="2">Attractions</option><option value="4">Hotels</option><option value="5">Plumbers</option><option value="6">Restaurants</option></select></div></div>
<h5>Address</h5>
<div class="form-group row"><label for="a_1" class="col-form-label">Address <span class="text-danger">*</span></label>
 <div><input type="text" class="form-control" id="a_1" name="a_1" placeholder="Enter a location" required></div></div>
<div class="form-group row"><label for="a_2" class="col-form-label">City <span class="text-danger">*</span></label><div><input type="text" class="form-control" id="a_2" name="a_2" required></div></div>
<div class="form-group row"><label for="a_3" class="col-form-label">Zip/Post Code (optional)</label><div><input type="text" class="form-control" id="a_3" name="a_3"></div></div>
<div class="form-group row"><label for="email" class="col-form-label">Email</label><div><input type="email" class="form-control" id="email" name="email"></div></div>
<div class="form-group row"><label for="twitter" class="col-form-label">Twitter</label><div><input type="url" class="form-control" id="twitter" name="twitter"></div></div>
<div class="form-check"><input type="checkbox" class="form-check-input" id="accept" name="accept_terms" value="1" required>
 <label class="form-check-label" for="accept">Please accept our <a href="#">terms and conditions</a></label></div>
<button type="submit" class="btn btn-primary">Submit Listing</button>
</form></body></html>""",
    "response": SUCCESS_PAGE.format(text="Thank you, your listing was received and will be published after review."),
    "expect_status": "success",
    "expect": {"post_title": "name", "post_category": "5", "a_2": "city", "a_3": "postal_code", "email": "email",
               "accept_terms": "1"},
    "must_be_empty": ["twitter"],
}

# Shaped like the two most common WordPress form builders' output: sub-labels after their inputs (First/Last,
# Street Address/City/State/ZIP), a consent box, a hidden honeypot labelled "Comments"/"Message", a "how did you
# hear about us" select. The Gravity-style form passed as it was; the WPForms-style one's required "Which services
# do you offer?" checkbox group was not recognised as the categories until the pattern learned such questions.
FORMS["plugin_gravity"] = {
    "html": """<!doctype html><html><head><title>List Your Business - Hill Country Guide</title></head><body>
<div class="gform_wrapper" id="gform_wrapper_3"><form method="post" id="gform_3" action="/plugin_gravity/post">
<div class="gform_heading"><h3 class="gform_title">List Your Business</h3></div>
<div class="gform_body"><ul id="gform_fields_3" class="gform_fields top_label form_sublabel_below description_below">
<li id="field_3_1" class="gfield gfield_contains_required field_sublabel_below field_description_below"><label class="gfield_label" for="input_3_1">Business Name<span class="gfield_required">*</span></label><div class="ginput_container ginput_container_text"><input name="input_1" id="input_3_1" type="text" value="" class="large" aria-required="true" aria-invalid="false"></div></li>
<li id="field_3_2" class="gfield gfield_contains_required field_sublabel_below"><label class="gfield_label gfield_label_before_complex">Contact Name<span class="gfield_required">*</span></label><div class="ginput_complex ginput_container no_prefix has_first_name no_middle_name has_last_name no_suffix gf_name_has_2 ginput_container_name" id="input_3_2">
<span id="input_3_2_3_container" class="name_first"><input type="text" name="input_2.3" id="input_3_2_3" value="" aria-required="true"><label for="input_3_2_3">First</label></span>
<span id="input_3_2_6_container" class="name_last"><input type="text" name="input_2.6" id="input_3_2_6" value="" aria-required="true"><label for="input_3_2_6">Last</label></span></div></li>
<li id="field_3_3" class="gfield gfield_contains_required"><label class="gfield_label" for="input_3_3">Email<span class="gfield_required">*</span></label><div class="ginput_container ginput_container_email"><input name="input_3" id="input_3_3" type="text" value="" class="medium" aria-required="true"></div></li>
<li id="field_3_4" class="gfield"><label class="gfield_label" for="input_3_4">Phone</label><div class="ginput_container ginput_container_phone"><input name="input_4" id="input_3_4" type="tel" value="" class="medium"></div></li>
<li id="field_3_5" class="gfield"><label class="gfield_label" for="input_3_5">Website</label><div class="ginput_container ginput_container_website"><input name="input_5" id="input_3_5" type="text" value="" class="medium" placeholder="http://"></div></li>
<li id="field_3_6" class="gfield gfield_contains_required field_sublabel_below"><label class="gfield_label gfield_label_before_complex">Address<span class="gfield_required">*</span></label><div class="ginput_complex ginput_container has_street has_street2 has_city has_state has_zip has_country ginput_container_address" id="input_3_6">
<span class="ginput_full address_line_1" id="input_3_6_1_container"><input type="text" name="input_6.1" id="input_3_6_1" value="" aria-required="true"><label for="input_3_6_1" id="input_3_6_1_label">Street Address</label></span>
<span class="ginput_full address_line_2" id="input_3_6_2_container"><input type="text" name="input_6.2" id="input_3_6_2" value=""><label for="input_3_6_2" id="input_3_6_2_label">Address Line 2</label></span>
<span class="ginput_left address_city" id="input_3_6_3_container"><input type="text" name="input_6.3" id="input_3_6_3" value="" aria-required="true"><label for="input_3_6_3" id="input_3_6_3_label">City</label></span>
<span class="ginput_right address_state" id="input_3_6_4_container"><select name="input_6.4" id="input_3_6_4" aria-required="true"><option value="" selected></option><option value="Arkansas">Arkansas</option><option value="Louisiana">Louisiana</option><option value="Oklahoma">Oklahoma</option><option value="Texas">Texas</option></select><label for="input_3_6_4" id="input_3_6_4_label">State</label></span>
<span class="ginput_left address_zip" id="input_3_6_5_container"><input type="text" name="input_6.5" id="input_3_6_5" value="" aria-required="true"><label for="input_3_6_5" id="input_3_6_5_label">ZIP Code</label></span>
<input type="hidden" class="gform_hidden" name="input_6.6" id="input_3_6_6" value="United States"></div></li>
<li id="field_3_7" class="gfield gfield_contains_required"><label class="gfield_label" for="input_3_7">Business Category<span class="gfield_required">*</span></label><div class="ginput_container ginput_container_select"><select name="input_7" id="input_3_7" class="medium gfield_select" aria-required="true"><option value="" selected="selected">Select One</option><option value="Dining">Dining</option><option value="Lodging">Lodging</option><option value="Professional Services">Professional Services</option><option value="Shopping">Shopping</option><option value="Home &amp; Garden">Home &amp; Garden</option></select></div></li>
<li id="field_3_8" class="gfield"><label class="gfield_label" for="input_3_8">Business Description</label><div class="ginput_container ginput_container_textarea"><textarea name="input_8" id="input_3_8" class="textarea medium" rows="10" cols="50" maxlength="300"></textarea></div><div class="gfield_description">Max 300 characters</div></li>
<li id="field_3_9" class="gfield gfield_contains_required"><label class="gfield_label">Listing Agreement<span class="gfield_required">*</span></label><div class="ginput_container ginput_container_consent"><input name="input_9.1" id="input_3_9_1" type="checkbox" value="1" aria-required="true"><label class="gfield_consent_label" for="input_3_9_1">I confirm I am authorized to list this business.</label><input type="hidden" name="input_9.2" value="I confirm I am authorized to list this business."></div></li>
<li id="field_3_10" class="gfield gform_validation_container field_sublabel_below"><label class="gfield_label" for="input_3_10">Comments</label><div class="ginput_container"><input name="input_10" id="input_3_10" type="text" value=""></div><div class="gfield_description" id="gfield_description_3_10">This field is for validation purposes and should be left unchanged.</div></li>
</ul></div>
<div class="gform_footer top_label"><input type="submit" id="gform_submit_button_3" class="gform_button button" value="Submit"><input type="hidden" class="gform_hidden" name="is_submit_3" value="1"></div>
</form></div>
<style>.gform_validation_container{display:none !important;position:absolute !important;left:-9000px}</style>
</body></html>""",
    "response": SUCCESS_PAGE.format(text="Thanks for contacting us! Your business listing was received."),
    "expect_status": "success",
    "expect": {"input_1": "name", "input_2.3": "first", "input_2.6": "last", "input_3": "email", "input_4": "phone_digits",
               "input_5": "website", "input_6.1": "123 Main St", "input_6.3": "city", "input_6.4": "Texas",
               "input_6.5": "postal_code", "input_7": "Home & Garden", "input_9.1": "1"},
    "must_be_empty": ["input_6.2", "input_10"],
}

FORMS["plugin_wpforms"] = {
    "html": """<!doctype html><html><head><title>Get Listed &#8211; Metro Biz</title></head><body>
<div class="wpforms-container" id="wpforms-88"><form id="wpforms-form-88" class="wpforms-validate wpforms-form" method="post" action="/plugin_wpforms/post">
<div class="wpforms-field-container">
<div id="wpforms-88-field_1-container" class="wpforms-field wpforms-field-name"><label class="wpforms-field-label">Your Name <span class="wpforms-required-label">*</span></label>
<div class="wpforms-field-row wpforms-field-medium"><div class="wpforms-field-row-block wpforms-first wpforms-one-half"><input type="text" id="wpforms-88-field_1" class="wpforms-field-name-first wpforms-field-required" name="wpforms[fields][1][first]" required><label for="wpforms-88-field_1" class="wpforms-field-sublabel after">First</label></div>
<div class="wpforms-field-row-block wpforms-one-half"><input type="text" id="wpforms-88-field_1-last" class="wpforms-field-name-last wpforms-field-required" name="wpforms[fields][1][last]" required><label for="wpforms-88-field_1-last" class="wpforms-field-sublabel after">Last</label></div></div></div>
<div id="wpforms-88-field_2-container" class="wpforms-field wpforms-field-text"><label class="wpforms-field-label" for="wpforms-88-field_2">Name of Business <span class="wpforms-required-label">*</span></label><input type="text" id="wpforms-88-field_2" class="wpforms-field-medium wpforms-field-required" name="wpforms[fields][2]" required></div>
<div id="wpforms-88-field_3-container" class="wpforms-field wpforms-field-email"><label class="wpforms-field-label" for="wpforms-88-field_3">Email <span class="wpforms-required-label">*</span></label><input type="email" id="wpforms-88-field_3" class="wpforms-field-medium wpforms-field-required" name="wpforms[fields][3]" required></div>
<div id="wpforms-88-field_4-container" class="wpforms-field wpforms-field-phone"><label class="wpforms-field-label" for="wpforms-88-field_4">Phone</label><input type="tel" id="wpforms-88-field_4" class="wpforms-field-medium wpforms-smart-phone-field" name="wpforms[fields][4]"></div>
<div id="wpforms-88-field_5-container" class="wpforms-field wpforms-field-url"><label class="wpforms-field-label" for="wpforms-88-field_5">Business URL</label><input type="url" id="wpforms-88-field_5" class="wpforms-field-medium" name="wpforms[fields][5]"></div>
<div id="wpforms-88-field_6-container" class="wpforms-field wpforms-field-checkbox"><label class="wpforms-field-label">Which services do you offer? <span class="wpforms-required-label">*</span></label><ul id="wpforms-88-field_6">
<li class="choice-1"><input type="checkbox" id="wpforms-88-field_6_1" name="wpforms[fields][6][]" value="Catering"><label class="wpforms-field-label-inline" for="wpforms-88-field_6_1">Catering</label></li>
<li class="choice-2"><input type="checkbox" id="wpforms-88-field_6_2" name="wpforms[fields][6][]" value="Plumbing &amp; Heating"><label class="wpforms-field-label-inline" for="wpforms-88-field_6_2">Plumbing &amp; Heating</label></li>
<li class="choice-3"><input type="checkbox" id="wpforms-88-field_6_3" name="wpforms[fields][6][]" value="Landscaping"><label class="wpforms-field-label-inline" for="wpforms-88-field_6_3">Landscaping</label></li>
<li class="choice-4"><input type="checkbox" id="wpforms-88-field_6_4" name="wpforms[fields][6][]" value="Web Design"><label class="wpforms-field-label-inline" for="wpforms-88-field_6_4">Web Design</label></li></ul></div>
<div id="wpforms-88-field_7-container" class="wpforms-field wpforms-field-textarea"><label class="wpforms-field-label" for="wpforms-88-field_7">Short bio of your business</label><textarea id="wpforms-88-field_7" class="wpforms-field-medium" name="wpforms[fields][7]" maxlength="250"></textarea></div>
<div id="wpforms-88-field_8-container" class="wpforms-field wpforms-field-select"><label class="wpforms-field-label" for="wpforms-88-field_8">How did you hear about us?</label><select id="wpforms-88-field_8" class="wpforms-field-medium" name="wpforms[fields][8]"><option value="" class="placeholder" disabled selected>Choose</option><option value="Google">Google</option><option value="Friend">Friend</option></select></div>
<div id="wpforms-88-field_9-container" class="wpforms-field wpforms-field-gdpr-checkbox"><label class="wpforms-field-label">GDPR Agreement <span class="wpforms-required-label">*</span></label><ul id="wpforms-88-field_9"><li class="choice-1"><input type="checkbox" id="wpforms-88-field_9_1" name="wpforms[fields][9][]" value="I consent to having this website store my submitted information so they can respond to my inquiry." required><label class="wpforms-field-label-inline" for="wpforms-88-field_9_1">I consent to having this website store my submitted information so they can respond to my inquiry.</label></li></ul></div>
</div>
<div class="wpforms-field wpforms-field-hp"><label for="wpforms-88-field-hp" class="wpforms-field-label">Message</label><input type="text" name="wpforms[hp]" id="wpforms-88-field-hp" class="wpforms-field-medium"></div>
<style>.wpforms-field-hp{display:none!important;position:absolute!important;left:-9000px!important}</style>
<div class="wpforms-submit-container"><input type="hidden" name="wpforms[id]" value="88"><button type="submit" name="wpforms[submit]" id="wpforms-submit-88" class="wpforms-submit" value="wpforms-submit">Submit</button></div>
</form></div></body></html>""",
    "response": SUCCESS_PAGE.format(text="Thanks! Your listing request has been submitted."),
    "expect_status": "success",
    "expect": {"wpforms[fields][1][first]": "first", "wpforms[fields][1][last]": "last", "wpforms[fields][2]": "name",
               "wpforms[fields][3]": "email", "wpforms[fields][4]": "phone_digits", "wpforms[fields][5]": "website",
               "wpforms[fields][6][]": "Plumbing & Heating"},
    "must_be_empty": ["wpforms[hp]", "wpforms[fields][8]"],
}

# A US form that asks for the address on two lines and the ZIP as 5 + 4 digits; the profile's street carries a suite.
FORMS["address_two_lines_zip4"] = {
    "profile": {"street": "123 Main St Suite 200", "postal_code": "78701-4433"},
    "html": """<!doctype html><html><head><meta charset="utf-8"><title>Add Listing | Lakeside Business Pages</title></head><body>
<h1>Add your business</h1>
<form method="post" action="/address_two_lines_zip4/post">
<table>
<tr><td>Business Name:*</td><td><input name="bname" required></td></tr>
<tr><td>Address Line 1:</td><td><input name="addr_line1"></td></tr>
<tr><td>Address Line 2:</td><td><input name="addr_line2"></td></tr>
<tr><td>City:</td><td><input name="city"></td></tr>
<tr><td>State:</td><td><input name="st" maxlength="2" size="2"></td></tr>
<tr><td>Zip:</td><td><input name="zip5" maxlength="5" size="5"> - <input name="zip4" maxlength="4" size="4" aria-label="Zip+4"></td></tr>
<tr><td>Business Phone:</td><td><input name="bphone"></td></tr>
<tr><td>Fax:</td><td><input name="fax"></td></tr>
<tr><td>Email:*</td><td><input name="mail" required></td></tr>
<tr><td>Year Established:</td><td><input name="year"></td></tr>
</table>
<input type="submit" value="Submit">
</form></body></html>""",
    "response": SUCCESS_PAGE.format(text="Your listing has been submitted for review."),
    "expect_status": "success",
    "expect": {"bname": "name", "addr_line1": "123 Main St", "addr_line2": "Suite 200", "city": "city", "st": "TX",
               "zip5": "78701", "zip4": "4433", "bphone": "phone_digits", "mail": "email"},
    "must_be_empty": ["fax", "year"],
}

# A German directory ("Firma eintragen"): the labels are German, one has an sharp s, the terms are the AGB.
FORMS["german_entry"] = {
    "html": """<!doctype html><html lang="de"><head><meta charset="utf-8"><title>Firma kostenlos eintragen</title></head><body>
<h1>Firma kostenlos eintragen</h1>
<form method="post" action="/german_entry/post">
<p><label for="f">Firmenname *</label> <input id="f" name="firma" required></p>
<p><label for="a">Ansprechpartner</label> <input id="a" name="ansprechpartner"></p>
<p><label for="s">Straße und Hausnummer</label> <input id="s" name="strasse"></p>
<p><label for="plz">PLZ</label> <input id="plz" name="plz" size="5"> <label for="ort">Ort</label> <input id="ort" name="ort"></p>
<p><label for="t">Telefon</label> <input id="t" name="telefon"></p>
<p><label for="m">E-Mail-Adresse *</label> <input id="m" name="email_adresse" required></p>
<p><label for="w">Webseite</label> <input id="w" name="webseite"></p>
<p><label for="b">Beschreibung</label> <textarea id="b" name="beschreibung"></textarea></p>
<p><label><input type="checkbox" name="agb" value="1" required> Ich akzeptiere die AGB und die Datenschutzerklärung</label></p>
<p><label><input type="checkbox" name="newsletter" value="1"> Newsletter abonnieren</label></p>
<button type="submit">Eintrag absenden</button>
</form></body></html>""",
    "response": SUCCESS_PAGE.format(text="Vielen Dank! Ihr Eintrag wurde übermittelt und wird von uns geprüft."),
    "expect_status": "success",
    "expect": {"firma": "name", "ansprechpartner": "contact_name", "strasse": "123 Main St", "plz": "postal_code",
               "ort": "city", "telefon": "phone_digits", "email_adresse": "email", "webseite": "website", "beschreibung": "description", "agb": "1"},
    "must_be_empty": ["newsletter"],
}

# A French directory ("Inscrivez votre entreprise"): accented labels, first and last name apart.
FORMS["french_entry"] = {
    "html": """<!doctype html><html lang="fr"><head><meta charset="utf-8"><title>Ajouter votre entreprise</title></head><body>
<h1>Inscrivez votre entreprise</h1>
<form method="post" action="/french_entry/post">
<p><label for="r">Raison sociale *</label> <input id="r" name="raison_sociale" required></p>
<p><label for="nom">Nom</label> <input id="nom" name="nom"> <label for="pre">Prénom</label> <input id="pre" name="prenom"></p>
<p><label for="ad">Adresse</label> <input id="ad" name="adresse"></p>
<p><label for="cp">Code postal</label> <input id="cp" name="code_postal"> <label for="v">Ville</label> <input id="v" name="ville"></p>
<p><label for="t">Téléphone</label> <input id="t" name="tel"></p>
<p><label for="c">Courriel *</label> <input id="c" name="courriel" required></p>
<p><label for="si">Site internet</label> <input id="si" name="site"></p>
<p><label for="d">Description de l'activité</label> <textarea id="d" name="activite"></textarea></p>
<button type="submit">Envoyer</button>
</form></body></html>""",
    "response": SUCCESS_PAGE.format(text="Merci ! Votre entreprise a bien été enregistrée et sera publiée après validation."),
    "expect_status": "success",
    "expect": {"raison_sociale": "name", "nom": "last", "prenom": "first", "adresse": "123 Main St",
               "code_postal": "postal_code", "ville": "city", "tel": "phone_digits", "courriel": "email", "site": "website",
               "activite": "description"},
    "must_be_empty": [],
}

# A Spanish directory ("Añade tu negocio"): accented labels, a province select, the terms in Spanish.
FORMS["spanish_entry"] = {
    "html": """<!doctype html><html lang="es"><head><meta charset="utf-8"><title>Añade tu negocio gratis</title></head><body>
<h1>Añade tu negocio gratis</h1>
<form method="post" action="/spanish_entry/post">
<div><label for="e1">Nombre de la empresa *</label><input id="e1" name="empresa" required></div>
<div><label for="e2">Persona de contacto</label><input id="e2" name="contacto"></div>
<div><label for="e3">Dirección</label><input id="e3" name="direccion"></div>
<div><label for="e4">Ciudad</label><input id="e4" name="ciudad"></div>
<div><label for="e5">Código postal</label><input id="e5" name="cp"></div>
<div><label for="e6">Teléfono</label><input id="e6" name="telefono" type="tel"></div>
<div><label for="e7">Correo electrónico *</label><input id="e7" name="correo" type="email" required></div>
<div><label for="e8">Sitio web</label><input id="e8" name="web"></div>
<div><label for="e9">Descripción del negocio</label><textarea id="e9" name="descripcion"></textarea></div>
<div><label><input type="checkbox" name="terminos" value="si" required> Acepto los términos y condiciones</label></div>
<button type="submit">Enviar</button>
</form></body></html>""",
    "response": SUCCESS_PAGE.format(text="¡Gracias! Hemos recibido tu negocio y lo revisaremos pronto."),
    "expect_status": "success",
    "expect": {"empresa": "name", "contacto": "contact_name", "direccion": "123 Main St", "ciudad": "city",
               "cp": "postal_code", "telefono": "phone_digits", "correo": "email", "web": "website",
               "descripcion": "description", "terminos": "si"},
    "must_be_empty": [],
}

# Questions the profile has no value for but the directory requires an answer to: where the business was heard
# of ("Other") and whether the submitter is the owner (the service acts for the owner: "Yes").
FORMS["required_questions"] = {
    "html": """<!doctype html><html><head><meta charset="utf-8"><title>Add a free listing | Metro Finder</title></head><body>
<h1>Add a free listing</h1>
<form method="post" action="/required_questions/post">
<p><label for="n">Business name</label> <input id="n" name="name" required></p>
<p><label for="e">Email</label> <input id="e" name="email" type="email" required></p>
<p><label for="e2">Confirm email</label> <input id="e2" name="email_confirm" type="email" required></p>
<p><label for="p">Phone</label> <input id="p" name="phone" required></p>
<p><label for="h">How did you hear about us?</label> <select id="h" name="heard" required><option value="">Please select</option>
  <option value="g">Google</option><option value="f">A friend</option><option value="o">Other</option></select></p>
<fieldset><legend>Are you the owner or manager of this business?</legend>
 <label><input type="radio" name="owner" value="yes" required> Yes</label> <label><input type="radio" name="owner" value="no"> No</label></fieldset>
<p><label for="t">Title</label> <select id="t" name="salutation"><option value="">--</option><option>Mr</option><option>Ms</option></select></p>
<button>Add listing</button>
</form></body></html>""",
    "response": SUCCESS_PAGE.format(text="Thanks! Your listing was received and will be published after review."),
    "expect_status": "success",
    "expect": {"name": "name", "email": "email", "email_confirm": "email", "phone": "phone_digits", "heard": "o",
               "owner": "yes"},
    "must_be_empty": ["salutation"],
}

_HOURS_ROWS = "\n".join(
    f'<tr><td>{name}</td><td><input type="time" name="hours[{d}][open]" aria-label="{name} opens"></td>'
    f'<td><input type="time" name="hours[{d}][close]" aria-label="{name} closes"></td>'
    f'<td><label><input type="checkbox" name="hours[{d}][closed]" value="1"> Closed</label></td></tr>'
    for d, name in (("mon", "Monday"), ("tue", "Tuesday"), ("thu", "Thursday"), ("fri", "Friday")))

# Opening hours as a weekly grid: time inputs, a row whose boxes have cryptic names, AM/PM selects, 12-hour text
# boxes, "Closed" ticks. The profile's hours are one line of text ("Mon-Fri 9am-5:30pm, Sat 10am-2pm").
FORMS["hours_grid"] = {
    "profile": {"hours": "Mon-Fri 9am-5:30pm, Sat 10am-2pm"},
    "html": """<!doctype html><html><head><meta charset="utf-8"><title>Add your business - OpenLocal</title></head><body>
<h1>Add your business</h1>
<form method="post" action="/hours_grid/post">
<p><label for="n">Business name</label> <input id="n" name="name" required></p>
<p><label for="e">Email</label> <input id="e" name="email" type="email" required></p>
<h3>Opening hours</h3>
<table>
""" + _HOURS_ROWS + """
<tr><td>Wednesday</td><td><input type="time" name="w_a"></td><td><input type="time" name="w_b"></td><td></td></tr>
<tr><td>Saturday</td>
 <td><select name="sat_open"><option value="">--</option><option value="0900">9:00 AM</option><option value="1000">10:00 AM</option><option value="1100">11:00 AM</option></select></td>
 <td><select name="sat_close"><option value="">--</option><option value="1300">1:00 PM</option><option value="1400">2:00 PM</option><option value="1500">3:00 PM</option></select></td>
 <td><label><input type="checkbox" name="sat_closed" value="1"> Closed</label></td></tr>
<tr><td>Sunday</td><td><input name="sun_from" placeholder="9:00 AM"></td><td><input name="sun_to" placeholder="5:00 PM"></td>
 <td><label><input type="checkbox" name="sun_closed" value="1"> Closed</label></td></tr>
</table>
<button>Submit listing</button>
</form></body></html>""",
    "response": SUCCESS_PAGE.format(text="Thank you! Your listing has been submitted for review."),
    "expect_status": "success",
    "expect": {"name": "name", "email": "email",
               "hours[mon][open]": "09:00", "hours[mon][close]": "17:30", "hours[fri][open]": "09:00",
               "hours[fri][close]": "17:30", "w_a": "09:00", "w_b": "17:30", "sat_open": "1000", "sat_close": "1400",
               "sun_closed": "1"},
    "must_be_empty": ["hours[mon][closed]", "hours[fri][closed]", "sat_closed", "sun_from", "sun_to"],
}

# What a field says it wants decides the value's shape: an address without "http://", a social handle rather than a
# profile address, one category per box.
FORMS["shapes_fields_ask_for"] = {
    "profile": {"social_links": {"twitter": "https://twitter.com/acmeplumbing", "instagram": "https://www.instagram.com/acme.plumbing/",
                                 "facebook": "https://www.facebook.com/acmeplumbing"}},
    "html": """<!doctype html><html><head><meta charset="utf-8"><title>Submit your business - Local Pros</title></head><body>
<h1>Submit your business</h1>
<form method="post" action="/shapes_fields_ask_for/post">
<p><label for="n">Business name</label> <input id="n" name="name" required></p>
<p><label for="e">Email</label> <input id="e" name="email" type="email" required></p>
<p><label for="w">Website</label> <input id="w" name="site"> <small class="help">Please enter it without http:// or https://</small></p>
<p><label for="c1">Primary category</label> <input id="c1" name="cat1"></p>
<p><label for="c2">Secondary category</label> <input id="c2" name="cat2"></p>
<p><label for="c3">Additional category</label> <input id="c3" name="cat3"></p>
<p><label for="tw">Twitter handle</label> <input id="tw" name="twitter" placeholder="@yourbusiness"></p>
<p><label for="ig">Instagram username</label> <input id="ig" name="insta"></p>
<p><label for="fb">Facebook page</label> <input id="fb" name="fb" placeholder="facebook.com/yourpage"></p>
<p><label for="u">Username</label> <input id="u" name="username"></p>
<button>Submit</button>
</form></body></html>""",
    "response": SUCCESS_PAGE.format(text="Thanks! Your business has been submitted and is awaiting review."),
    "expect_status": "success",
    "expect": {"name": "name", "email": "email", "site": "acme-plumbing.example", "cat1": "Plumbing", "cat2": "Home Services",
               "twitter": "@acmeplumbing", "insta": "acme.plumbing", "fb": "www.facebook.com/acmeplumbing"},
    "must_be_empty": ["cat3", "username"],
}
