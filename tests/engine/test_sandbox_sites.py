"""Every sandbox site, submitted once with the sample profile through the real Chromium."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from worker.engine.sample_profile import SAMPLE_PROFILE
from worker.sandbox.catalog import catalog
from worker.sandbox.expectations import check_received, honeypot_names
from worker.sandbox.sites import SITE_CLASSES, Store, build_sites

SITES = build_sites(Store())
ALL = list(SITES)
SUCCESS = [s for s, site in SITES.items() if site.expected[0] == "success"]
NEVER_SUCCESS = [s for s, site in SITES.items() if site.expected[0] != "success"]


def test_the_farm_covers_at_least_twenty_sites() -> None:
    assert len(SITE_CLASSES) >= 20
    kinds = {site.expected for site in SITES.values()}
    for needed in [("captcha_failed", "captcha"), ("requires_manual", "email_verification"),
                   ("skipped", "already_listed"), ("failed", "http_500"), ("failed", "rate_limited"),
                   ("success", "pending_review"), ("requires_manual", "unknown_form")]:
        assert needed in kinds


@pytest.mark.parametrize("slug", ALL)
def test_outcome_class_is_the_expected_one(slug: str, site_results) -> None:
    r = site_results[slug]
    expected = SITES[slug].expected
    assert (r.outcome.status, r.outcome.reason_code) == expected, (r.outcome.message, r.outcome.evidence.get("signals"))


RECEIVING = [s for s, site in SITES.items() if not site.has_captcha and s not in ("rate-limited", "no-form")]


@pytest.mark.parametrize("slug", RECEIVING)
def test_site_received_the_profile_values(slug: str, site_results) -> None:
    """Every site without a captcha got the profile's values (the last submission, after any format retry)."""
    r = site_results[slug]
    assert r.received, "the site received nothing"
    if SITES[slug].expected[0] == "success":
        assert [rec["accepted"] for rec in r.received].count(True) == 1, r.received
    problems = check_received(SITES[slug], r.received[-1]["fields"], SAMPLE_PROFILE)
    assert problems == []


def test_sites_that_must_receive_nothing(site_results) -> None:
    for slug in ("captcha", "rate-limited", "no-form"):
        assert site_results[slug].received == [], slug


@pytest.mark.parametrize("slug", NEVER_SUCCESS)
def test_no_captcha_verification_duplicate_or_error_site_is_a_success(slug: str, site_results) -> None:
    assert site_results[slug].outcome.status != "success"


def test_honeypots_stay_empty_everywhere(site_results) -> None:
    names = honeypot_names()
    assert "website2" in names and len(names) >= 5
    for slug, r in site_results.items():
        for rec in r.received:
            filled = {n: rec["fields"].get(n) for n in names if rec["fields"].get(n)}
            assert not filled, (slug, filled)
    hp = site_results["honeypots"]
    assert hp.received and hp.received[-1]["outcome"] == "success"  # the site saw no bot
    mapping = {row["field"]: row for row in hp.outcome.evidence["mapping"]}
    for name in ("website2", "hp_email", "url_confirm", "fax_only", "hp", "nickname"):
        assert mapping[name]["action"] == "skip", mapping[name]


def test_values_on_tricky_sites(site_results) -> None:
    split = site_results["split"].received[-1]["fields"]
    assert (split["ph_a"], split["ph_b"], split["ph_c"]) == ("512", "555", "0147")
    # the suite of the street goes to the form's own box for it
    assert split["st"] == "TX" and (split["addr1"], split["addr2"]) == ("1200 Congress Ave", "Suite 400")
    assert site_results["label-for"].received[-1]["fields"]["category"] == "computers-it"
    assert site_results["wrapping"].received[-1]["fields"]["country"] == "US"
    cats = site_results["checkbox-cats"].received[-1]["fields"]
    assert cats["cats[]"] == ["computers-it"] and "newsletter" not in cats
    # the wizard and the server-side wizard delivered every step
    assert site_results["wizard"].received[-1]["fields"]["description"].startswith("Northwind Pixel Labs builds")
    assert site_results["wizard-server"].received[-1]["fields"]["business_name"] == "Northwind Pixel Labs"


def test_phone_format_site_needed_one_retry(site_results) -> None:
    recs = site_results["phone-format"].received
    assert [r["accepted"] for r in recs] == [False, True]
    assert recs[1]["fields"]["phone"].startswith("+1")
    steps = [s["step"] for s in site_results["phone-format"].outcome.evidence["steps"]]
    assert "retry_format" in steps


def test_transient_failures_carry_retry_information(site_results) -> None:
    rl = site_results["rate-limited"].outcome
    assert rl.transient and rl.retry_after == 90 and not rl.submitted
    se = site_results["server-error"].outcome
    assert se.transient and se.submitted


def test_phases_and_submitted_flag(site_results) -> None:
    for slug, r in site_results.items():
        assert r.phases[0] == "opening", slug
        if r.outcome.submitted:
            assert "submitting" in r.phases, slug
            assert r.phases[-1] == "submitting", slug
            assert r.phases.index("submitting") > r.phases.index("filling"), slug
        else:
            assert "submitting" not in r.phases, slug
    assert not site_results["captcha"].outcome.submitted
    assert site_results["captcha"].received == []
    assert not site_results["no-form"].outcome.submitted


def test_evidence_is_kept(site_results, engine_settings) -> None:
    for slug in ("label-for", "wizard", "duplicate", "captcha"):
        out = site_results[slug].outcome
        ev = out.evidence
        json.dumps(ev)  # JSON-serialisable
        d = Path(ev["dir"])
        assert d.is_dir() and d.is_relative_to(engine_settings.resolved_evidence_dir / "site-results")
        assert out.screenshot_path and Path(out.screenshot_path).is_file()
        assert Path(ev["html_final"]).is_file()
        assert ev["final_url"]
        mapping = json.loads(Path(ev["mapping_json"]).read_text())
        assert mapping and all("attribute" in row and "why" in row for row in mapping[-1]["fields"])
    lf = site_results["label-for"].outcome.evidence
    assert set(lf["screenshots"]) >= {"filled", "submitted"}


def test_catalog_entries(sandbox) -> None:
    entries = catalog(sandbox.base_url)
    assert len(entries) == len(SITES) >= 20
    keys = {"name", "homepage", "submission_url", "category", "region", "enabled", "priority", "has_captcha",
            "requires_login", "max_concurrent", "min_interval_seconds", "field_hints", "notes", "expected_outcome"}
    for e in entries:
        assert keys <= set(e)
        assert e["enabled"] is True and e["field_hints"] == {}
        assert e["submission_url"].startswith(sandbox.base_url)
    by_slug = {e["sandbox_slug"]: e for e in entries}
    assert by_slug["captcha"]["has_captcha"] is True
    assert by_slug["duplicate"]["expected_outcome"] == {"status": "skipped", "reason": "already_listed"}


def test_received_json_endpoint(sandbox, site_results) -> None:
    import urllib.request

    with urllib.request.urlopen(f"{sandbox.base_url}/_received") as resp:
        data = json.loads(resp.read())
    assert isinstance(data, dict)
