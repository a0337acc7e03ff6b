"""Pure-Python parts of the engine: patterns, option matching, value fitting, outcome rules, order JSON."""

from __future__ import annotations

import json

import pytest

from worker.engine.address_parts import split_address
from worker.engine.field_signals import FieldSignals
from worker.engine.option_matching import match_category, match_country, match_region
from worker.engine.outcome import Observation, classify, parse_retry_after
from worker.engine.patterns import classify_text, normalize_identifier
from worker.engine.profile_from_json import ProfileError, load_profile, profile_from_dict
from worker.engine.profile_values import build_values
from worker.engine.sample_profile import SAMPLE_PROFILE
from worker.engine.value_fitting import alternative_index, fit
from worker.submission import BusinessProfile

PV = build_values(SAMPLE_PROFILE)


@pytest.mark.parametrize(
    "text, attr",
    [
        ("business name", "business_name"),
        ("company", "business_name"),
        ("listing title", "business_name"),
        ("your name", "contact_name"),
        ("first name", "contact_first_name"),
        ("surname", "contact_last_name"),
        ("e-mail address", "email"),
        ("phone number", "phone"),
        ("fax", "x_fax"),
        ("facebook page url", "social_facebook"),
        ("website url", "website"),
        ("zip / postal code", "postal_code"),
        ("state/province", "region"),
        ("address line 2", "x_address2"),
        ("business category", "categories"),
        ("business description", "description"),
        ("hours of operation", "hours"),
        ("area code", "phone_area"),
        ("how did you hear about us?", "x_referral"),
        ("enter the characters shown", "x_captcha"),
        ("leave this field blank", "x_honeypot"),
        ("search terms", "keywords"),
        ("business address", "street"),
        # placeholders that show an example address are the website, whatever the words in the domain
        ("https://", "website"),
        ("http://", "website"),
        ("http://www.", "website"),
        ("www.example.com", "website"),
        ("https://yourwebsite.com", "website"),
        ("https://yourbusiness.com", "website"),
        ("e.g. example.org", "website"),
        ("https://facebook.com/yourpage", "social_facebook"),
        ("you@example.com", None),
        ("john.smith", None),
    ],
)
def test_patterns(text: str, attr: str) -> None:
    assert classify_text(text) == attr


def test_identifier_normalisation() -> None:
    assert normalize_identifier("businessName") == "business name"
    assert normalize_identifier("listing[contact_email]") == "listing contact email"
    assert normalize_identifier("fld_23") == "fld 23"


CATS = [("", "-- Select --"), ("arts", "Arts & Entertainment"), ("biz", "Business Services"),
        ("it", "Computers & IT Services"), ("food", "Restaurants & Food"), ("home", "Home Services"),
        ("legal", "Legal"), ("other", "Other")]


@pytest.mark.parametrize("cats, value", [(["Technology"], "it"), (["Plumbing"], "home"), (["Lawyer"], "legal"),
                                         (["Italian Restaurant"], "food"), (["Web Design"], "it")])
def test_category_fuzzy_match(cats: list[str], value: str) -> None:
    assert match_category(cats, CATS)[0].value == value


def test_no_forced_category() -> None:
    assert match_category(["Quantum Basket Weaving"], CATS) == []


def test_region_and_country() -> None:
    assert match_region("TX", "US", [("", "Select"), ("TN", "Tennessee"), ("TX", "Texas")]).value == "TX"
    assert match_region("Texas", "US", [("", "--"), ("TN", "TN"), ("TX", "TX")]).value == "TX"
    assert match_region("ON", "CA", [("", "--"), ("1", "Ontario"), ("2", "Quebec")]).value == "1"
    assert match_country("US", [("", "Choose"), ("CA", "Canada"), ("USA", "United States of America")]).value == "USA"
    assert match_country("US", [("", "Choose"), ("38", "Canada"), ("226", "United States")]).value == "226"


def _field(**kw) -> FieldSignals:
    base = dict(key="k", tag="input", type="text")
    base.update(kw)
    return FieldSignals(**base)


@pytest.mark.parametrize("placeholder", ["https://", "http://", "www.example.com", "https://yourwebsite.com",
                                         "https://www.your-company.com"])
def test_a_url_placeholder_alone_makes_the_website_field(placeholder: str) -> None:
    from worker.engine.field_mapping import score_field

    attr, score, why = score_field(_field(name="a4", placeholder=placeholder))
    assert attr == "website", why


def test_phone_fitting() -> None:
    assert fit("phone", _field(), PV)[0] == "(512) 555-0147"
    assert fit("phone", _field(maxlength=10), PV)[0] == "5125550147"
    assert fit("phone", _field(placeholder="555-555-5555"), PV)[0] == "512-555-0147"
    assert fit("phone", _field(placeholder="+1 (555) 555 5555"), PV)[0] == "+1 (512) 555 0147"
    assert fit("phone", _field(pattern=r"\+[0-9]{11}"), PV)[0] == "+15125550147"
    f = _field()
    alt = alternative_index("phone", "Please enter the phone number with the country code, e.g. +1 555 123 4567", f, PV)
    assert alt is not None and fit("phone", f, PV, skip=alt)[0].startswith("+1")
    alt = alternative_index("phone", "Digits only please", f, PV)
    assert fit("phone", f, PV, skip=alt)[0] == "5125550147"


def test_text_fitting() -> None:
    desc, why = fit("description", _field(tag="textarea", type="textarea", maxlength=60), PV)
    assert len(desc) <= 60 and SAMPLE_PROFILE.description.startswith(desc) and "truncated" in why
    assert fit("region", _field(maxlength=2), PV)[0] == "TX"
    assert fit("country", _field(), PV)[0] == "United States"
    assert fit("country", _field(maxlength=2), PV)[0] == "US"
    assert fit("website", _field(type="url"), PV)[0] == "https://northwindpixel.example"
    assert fit("postal_code", _field(type="number"), PV)[0] == "78701"


def test_honeypot_detection() -> None:
    box = {"x": 10, "y": 10, "w": 200, "h": 30}
    assert _field(name="website2", box={"x": -10000, "y": 10, "w": 1, "h": 1}, clipped_area=1).honeypot_reason()
    assert _field(name="x", box={"x": 10, "y": 10, "w": 0, "h": 0}).honeypot_reason() == "zero-size"
    assert _field(name="hp", tabindex="-1", box=box, clipped_area=6000).honeypot_reason()
    assert _field(name="email", aria_hidden=True, box=box, clipped_area=6000).honeypot_reason() == "aria-hidden"
    assert _field(name="email", box=box, clipped_area=6000).honeypot_reason() is None
    ok, why = _field(name="later", hidden_reason="display/visibility").usable()
    assert not ok and why.startswith("hidden")


def obs(**kw) -> Observation:
    base = dict(url_before="http://d/add", url_after="http://d/add", submit_status=200)
    base.update(kw)
    return Observation(**base)


def test_outcome_rules() -> None:
    ok = classify(obs(url_after="http://d/thanks", form_gone=True, new_text="Thank you! Your listing was submitted."))
    assert (ok.status, ok.reason_code) == ("success", None)
    pend = classify(obs(form_gone=True, new_text="Thanks, we'll review it."))
    assert (pend.status, pend.reason_code) == ("success", "pending_review")
    # one signal is not enough, and an unchanged page is never a success
    assert classify(obs(new_text="")).status == "requires_manual"
    assert classify(obs(submit_status=None, new_text="Thank you")).status == "requires_manual"
    assert classify(obs(form_gone=True, new_text="Thanks! Please check your email to confirm your listing.")).reason_code == "email_verification"
    assert classify(obs(new_text="Enter the code we sent by SMS to verify your phone")).reason_code == "phone_verification"
    assert classify(obs(new_text="We will mail a postcard with a verification code")).reason_code == "postcard_verification"
    dup = classify(obs(error_texts=["This business is already listed."]))
    assert (dup.status, dup.reason_code) == ("skipped", "already_listed")
    v = classify(obs(error_texts=["Phone is invalid."], invalid_fields=["phone"]))
    assert (v.status, v.reason_code, v.validation_error) == ("failed", "validation_error", True)
    assert v.message == "Phone is invalid."
    t = classify(obs(submit_status=503, retry_after=30.0))
    assert t.transient and t.retry_after == 30.0 and t.status == "failed"
    assert classify(obs(submit_status=429)).reason_code == "rate_limited"
    assert classify(obs(timed_out=True, submit_status=None)).transient
    assert classify(obs(captcha_visible=True, new_text="Thank you")).status == "captcha_failed"
    assert parse_retry_after("120") == 120.0


def test_profile_from_order_json(tmp_path) -> None:
    order = {"packageType": "starter", "businessData": {
        "name": "Acme Plumbing", "address": "12 Main St, Suite 5, Springfield, IL 62701", "phone": "217-555-0100",
        "email": "info@acme.example", "website": "acme.example", "description": "Pipes.", "categories": "Plumbing, HVAC"}}
    p = profile_from_dict(order)
    v = build_values(p).values
    assert (v["street"], v["city"], v["region"], v["postal_code"], v["country"]) == (
        "12 Main St Suite 5", "Springfield", "IL", "62701", "United States")
    assert p.phone == "+12175550100" and p.categories == ("Plumbing", "HVAC")
    f = tmp_path / "o.json"
    f.write_text(json.dumps(order))
    assert load_profile(f).business_name == "Acme Plumbing"
    with pytest.raises(ProfileError):
        profile_from_dict({"businessData": {"name": "x"}})


def test_preview_pages_are_not_successes() -> None:
    preview = classify(obs(url_after="http://d/preview", form_gone=True, business_name_visible=True,
                           new_text="Preview your listing\nPlease check the details below.\nNorthwind Pixel Labs"))
    assert (preview.status, preview.reason_code) == ("requires_manual", "unconfirmed")
    listing = classify(obs(url_after="http://d/listing/123", form_gone=True, business_name_visible=True,
                           new_text="Northwind Pixel Labs\n1200 Congress Ave, Austin"))
    assert (listing.status, listing.reason_code) == ("success", "listing_page")
    # a redirect to the home page with nothing said is not a success
    home = classify(obs(url_after="http://d/", form_gone=True, new_text="Welcome to our directory"))
    assert home.status == "requires_manual"


def test_a_one_line_address_gives_the_parts_a_form_asks_for() -> None:
    assert split_address("1200 Congress Ave, Austin, TX 78701") == {
        "street": "1200 Congress Ave", "city": "Austin", "region": "TX", "postal_code": "78701", "country": "US"}
    assert split_address("100 King St W, Toronto, Ontario M5H 1J9")["country"] == "CA"
    assert split_address("5 George St, Sydney, NSW 2000, Australia")["country"] == "Australia"
    # a region and postal code that point at no one country leave the country unknown
    assert "country" not in split_address("1 High St, Springfield, Zed 12345")
    assert split_address("Main Street, Austin") == {}
    assert split_address("5 George St, Sydney NSW 2000") == {
        "street": "5 George St", "city": "Sydney", "region": "NSW", "postal_code": "2000", "country": "AU"}
    assert split_address("10 Downing St, London SW1A 2AA") == {
        "street": "10 Downing St", "city": "London", "postal_code": "SW1A 2AA", "country": "GB"}
    assert split_address("Hauptstraße 5, 10115 Berlin, Germany") == {
        "street": "Hauptstraße 5", "city": "Berlin", "postal_code": "10115", "country": "Germany"}
    assert split_address("Keizersgracht 1, 1015 CJ Amsterdam") == {
        "street": "Keizersgracht 1", "city": "Amsterdam", "postal_code": "1015 CJ"}
    # given parts win; the one-line address only fills what is missing
    pv = build_values(BusinessProfile(business_name="B", email="b@x.example", address="9 Elm St, Dallas, TX 75201",
                                      city="Plano"))
    assert (pv.values["street"], pv.values["city"], pv.values["postal_code"]) == ("9 Elm St", "Plano", "75201")
    assert (pv.region_code, pv.country_code) == ("TX", "US")


def test_labels_in_other_languages_and_with_accents_are_read() -> None:
    assert classify_text("Straße und Hausnummer") == "street"
    assert classify_text("Prénom") == "contact_first_name"
    assert classify_text("Téléphone") == "phone"
    assert classify_text("Öffnungszeiten") == "hours"
    assert classify_text("Raison sociale *") == "business_name"
    assert classify_text("Código postal") == "postal_code"
    assert classify_text("Zip+4") == "postal_code_ext"
    # the new words stay whole words: no English label is taken for them
    assert classify_text("Support email") == "email"
    assert classify_text("Sort order") is None
    assert classify_text("Passport number") is None


def test_a_suite_goes_to_address_line_2_only_when_it_is_one() -> None:
    def lines(street: str) -> tuple[str, str]:
        v = build_values(BusinessProfile(business_name="B", email="b@x.example", street=street)).values
        return v["street_line1"], v["address_line2"]

    assert lines("1200 Congress Ave, Ste. 4B") == ("1200 Congress Ave", "Ste. 4B")
    assert lines("12 Main St #5") == ("12 Main St", "#5")
    assert lines("1 Unit Rd") == ("1 Unit Rd", "")
    pv = build_values(BusinessProfile(business_name="B", email="b@x.example", postal_code="78701-4433"))
    assert pv.values["postal_code_ext"] == "4433"


def test_opening_hours_are_read_as_a_week() -> None:
    from worker.engine.opening_hours import parse_hours, time_formats

    week = parse_hours("Mon–Fri: 9am-5:30pm; Sat 10-2; Sun closed")
    assert week["mon"] == week["fri"] == ("09:00", "17:30")
    assert week["sat"] == ("10:00", "14:00") and week["sun"] is None
    assert parse_hours("Fri-Mon 8.30-18.00")["sun"] == ("08:30", "18:00") and parse_hours("Fri-Mon 8.30-18.00")["tue"] is None
    assert parse_hours("Mon-Fri 9-5pm")["wed"] == ("09:00", "17:00")
    assert set(parse_hours("Open 24/7").values()) == {("00:00", "23:59")}
    assert parse_hours("By appointment only") == {}
    assert time_formats("17:30", placeholder="9:00 AM")[0] == "5:30 PM"
    assert time_formats("09:00", twenty_four_only=True) == ["09:00"]


def test_a_paid_plan_or_an_anti_bot_page_answering_the_submission_is_no_success() -> None:
    pay = classify(obs(url_after="http://d/plans", form_gone=True,
                       new_text="Choose your plan\nTo publish your listing, select a plan and complete payment.\nBasic $9.99/mo"))
    assert (pay.status, pay.reason_code) == ("requires_manual", "payment_required")
    # a thank-you page that also offers an upgrade stays a success
    upsell = classify(obs(url_after="http://d/thanks", form_gone=True,
                          new_text="Thank you! Your free listing was submitted.\nChoose a plan to get featured: Pro $29/mo"))
    assert upsell.status == "success"
    wall = classify(obs(submit_status=503, form_gone=True, new_text="Checking your browser before accessing the site."))
    assert (wall.status, wall.reason_code, wall.transient) == ("captcha_failed", "bot_wall", False)


def test_a_social_box_whose_placeholder_is_a_handle_gets_the_handle() -> None:
    from worker.engine.value_fitting import fit

    pv = build_values(BusinessProfile(business_name="B", email="b@x.example",
                                      social_links={"twitter": "https://twitter.com/acmeplumbing"}))
    at = FieldSignals(key="k", tag="input", type="text", label_for="Twitter",
                      placeholder="@yourbusiness")
    assert fit("social_twitter", at, pv)[0] == "@acmeplumbing"
    plain = FieldSignals(key="k", tag="input", type="text", label_for="Twitter")
    assert fit("social_twitter", plain, pv)[0] == "https://twitter.com/acmeplumbing"
