"""Pure-Python parts of the widget handling: what the planner does with editors, suggestion widgets and
datalists, the city matcher and the terms typed into a typeahead (the browser side is in tests/generality)."""

from __future__ import annotations

from worker.engine.field_mapping import plan_fields
from worker.engine.field_signals import FieldSignals
from worker.engine.option_matching import match_category, match_place
from worker.engine.profile_values import build_values
from worker.engine.sample_profile import SAMPLE_PROFILE
from worker.engine.typeahead import search_terms

PV = build_values(SAMPLE_PROFILE)
BOX = {"x": 10.0, "y": 10.0, "w": 300.0, "h": 30.0}


def field(key: str, **kw) -> FieldSignals:
    kw.setdefault("tag", "input")
    kw.setdefault("type", "text")
    return FieldSignals(key=key, box=BOX, clipped_area=9000.0, group="form0", **kw)


def options(*texts: str) -> list[dict]:
    return [{"index": i, "value": t, "text": t, "disabled": False, "selected": False} for i, t in enumerate(texts)]


def plan_of(*fields: FieldSignals) -> dict:
    return {p.key: p for p in plan_fields(list(fields), PV)}


def test_a_shared_stem_is_not_enough_for_a_category() -> None:
    chosen = match_category(["Technology"], [(t, t) for t in ("Technical Schools & Training", "Computers & IT Services")])
    assert [c.text for c in chosen] == ["Computers & IT Services"]
    assert match_category(["Plumbing"], [("p", "Plumbers")])[0].text == "Plumbers"


def test_a_city_option_must_be_the_profiles_city() -> None:
    opts = [(t, t) for t in ("Austin, MN", "Austintown, OH", "Austin, TX", "Boston, MA")]
    assert match_place("Austin", "TX", "US", opts).text == "Austin, TX"
    assert match_place("Austin", "TX", "US", [("x", "Austin (Texas), USA")]) is not None
    assert match_place("Austin", "TX", "US", [("x", "Austin, MN"), ("y", "Austintown, OH")]) is None
    assert match_place("Austin", None, "US", [("x", "Austin")]).value == "x"


def test_an_editor_without_any_label_is_the_description() -> None:
    p = plan_of(field("e", tag="div", type="richtext"))["e"]
    assert (p.action, p.attribute, p.value) == ("fill", "description", SAMPLE_PROFILE.description)


def test_an_editor_is_named_by_the_field_it_keeps_in_sync() -> None:
    p = plan_of(field("e", tag="iframe", type="richtext", title="Rich Text Area", context_name="opening_hours",
                      context_label="Opening hours"))["e"]
    assert p.attribute == "hours"


def test_suggestion_widgets_are_chosen_in_and_plain_text_is_typed() -> None:
    plans = plan_of(
        field("cat", widget="combobox", label_for="Category"),
        field("city", widget="suggest", label_for="City"),
        field("name", widget="suggest", label_for="Business name"),
    )
    assert (plans["cat"].action, plans["cat"].widget) == ("pick", "combobox")
    assert (plans["city"].action, plans["city"].value) == ("pick", "Austin")
    assert plans["name"].action == "fill"  # a business name is typed, never taken from someone else's suggestions


def test_a_listbox_whose_options_are_known_is_checked_before_opening_it() -> None:
    food = field("b", tag="button", type="listbox", label_for="Category", options=options("Bakeries", "Florists"))
    tech = field("c", tag="button", type="listbox", label_for="Business type",
                 options=options("Choose...", "Computers & IT Services", "Restaurants"))
    plans = plan_of(food, tech)
    assert (plans["b"].action, plans["b"].skip_reason) == ("skip", "no matching option")
    assert (plans["c"].action, plans["c"].display_value) == ("pick", "Computers & IT Services")


def test_datalist_inputs_take_the_closest_suggestion() -> None:
    plans = plan_of(
        field("cat", widget="datalist", label_for="Category", options=options("Bakeries", "Computers & IT Services")),
        field("city", widget="datalist", label_for="City", options=options("Austin, TX", "Dallas, TX")),
    )
    assert plans["cat"].value == "Computers & IT Services"
    assert plans["city"].value == "Austin, TX"
    plans = plan_of(
        field("cat", widget="datalist", label_for="Category", options=options("Bakeries", "Florists")),
        field("city", widget="datalist", label_for="City", options=options("El Paso, TX")),
    )
    assert (plans["cat"].action, plans["cat"].value) == ("skip", None)  # a category of our own would be refused
    assert (plans["city"].action, plans["city"].value) == ("fill", "Austin")  # a datalist only suggests


def test_typeahead_terms_try_the_primary_category_and_its_synonyms_first() -> None:
    terms = search_terms("categories", PV)
    assert terms[0] == "Technology" and terms.index("Web Design") > terms.index("computers")
    assert len(terms) <= 5
    assert search_terms("region", PV)[:2] == ["Texas", "TX"]
    assert search_terms("city", PV) == ["Austin"]
