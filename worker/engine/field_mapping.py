"""Score each control's signals against the profile attributes and decide what to put where.

Order of evidence, as in Chromium's autofill: a directory's own field hint (CSS selector -> attribute)
wins; then the autocomplete attribute; then the input type; then patterns over the label texts, the
name/id, placeholder, title and the text before the control. Options of selects/radios/checkboxes are
chosen by fuzzy match. The result is a list of ``FieldPlan`` rows (what to do with each control, why).
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import asdict, dataclass, field
from typing import Any

from . import option_matching as om
from .field_signals import FieldSignals
from .opening_hours import day_and_side, minutes
from .patterns import AUTOCOMPLETE_MAP, CONSENT_TEXT, OPT_IN_TEXT, classify_text, fold, normalize_identifier
from .profile_values import ProfileValues
from .value_fitting import fit

SOURCE_WEIGHTS = {
    "label": 6.0,
    "name": 4.0,
    "id": 3.0,
    "placeholder": 4.0,
    "title": 3.0,
    "preceding": 5.0,
    "legend": 1.0,
}
MIN_SCORE = 3.0

FILLABLE = {
    "business_name", "contact_name", "contact_first_name", "contact_last_name", "email", "phone",
    "phone_country_code", "phone_area", "phone_prefix", "phone_line", "phone_local", "phone_national",
    "website", "street", "street_line1", "address_line2", "address", "city", "region", "postal_code", "postal_code_ext",
    "country", "description",
    "categories", "hours", "keywords", "social_facebook", "social_twitter", "social_instagram",
    "social_linkedin", "social_youtube", "social_tiktok", "social_pinterest", "social_yelp",
}
# recognised fields the profile has nothing of its own for: left empty, or given the description when required
REQUIRED_ONLY = {"x_comments": "comments", "x_tagline": "tagline"}
# a suggestion widget (typeahead, listbox) for these is chosen from, never left with free text the site cannot use
PICKED_ATTRS = {"categories", "city", "region", "country"}
# questions the profile has no value for but a careful person answers when the directory requires an answer:
# the first option matching the first pattern that any option matches
STOCK_ANSWERS: dict[str, tuple[re.Pattern[str], ...]] = {
    # the service lists the business on its owner's behalf (as a consent box "I am the owner / authorised" is ticked)
    "x_owner_question": (re.compile(r"^(?:yes|oui|ja|si)\b|\bi am\b|\bowner\b|authori[sz]ed"),),
    "x_referral": (re.compile(r"\bother\b"), re.compile(r"search engine|\bsearch\b|internet|\bonline\b|google|\bweb\b")),
}
HINT_ALIASES = {
    "name": "business_name", "company": "business_name", "business": "business_name",
    "first_name": "contact_first_name", "last_name": "contact_last_name", "contact": "contact_name",
    "url": "website", "zip": "postal_code", "postcode": "postal_code", "state": "region",
    "category": "categories", "tags": "keywords", "phone_number": "phone", "tel": "phone",
}


@dataclass
class FieldPlan:
    key: str
    frame_index: int
    selector: str
    tag: str
    type: str
    name: str
    label: str
    attribute: str | None
    action: str  # fill | select | check | pick (chosen in a list the widget opens) | skip
    value: Any = None  # str for fill and pick (pick: typed when no list appears), option values for select, bool for check
    display_value: str | None = None
    why: list[str] = field(default_factory=list)
    required: bool = False
    skip_reason: str | None = None
    score: float = 0.0
    use_label_click: bool = False
    format_skip: int = 0
    widget: str = ""  # for action "pick": combobox | suggest | listbox
    max_items: int = 1  # for action "pick": how many values to choose (a tag/chip widget takes several)

    def to_json(self) -> dict[str, Any]:
        d = asdict(self)
        return d


_NUMBER_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
                 "ten": 10}
# "up to 3", "maximum of three", "choose 2 categories" (not "up to 500 characters")
LIMIT_TEXT = re.compile(
    r"\b(?:up to|max(?:imum)?(?: of)?|no more than|at most|select|choose|pick)\s+(\d{1,2}|" + "|".join(_NUMBER_WORDS) +
    r")\b(?!\s*(?:characters?|chars?|words?|letters?|digits?|lines?|[km]b|%))", re.I)
SEVERAL_TEXT = re.compile(r"one or more|all that apply|select (?:multiple|several)|comma[- ]separated|"
                          r"separated? (?:them |each )?(?:by|with) (?:a )?comma", re.I)


def item_limit(f: FieldSignals) -> int | None:
    """The most values a multi-value control takes: a data attribute, else what its texts say."""
    if f.max_items:
        return f.max_items
    m = LIMIT_TEXT.search(" ".join((f.label_text, f.placeholder, f.help, f.title, f.preceding)))
    if not m:
        return None
    word = m.group(1).lower()
    return int(word) if word.isdigit() else _NUMBER_WORDS[word]


def takes_several(f: FieldSignals) -> bool:
    if f.multiple or f.multi_widget:
        return True
    limit = item_limit(f)
    if limit is not None:
        return limit > 1
    return bool(SEVERAL_TEXT.search(" ".join((f.label_text, f.placeholder, f.help, f.title, f.preceding))))


def normalize_hint(attr: str) -> str:
    a = attr.strip().lower().replace("-", "_").replace(" ", "_")
    if a.startswith("social_links."):
        a = "social_" + a.split(".", 1)[1]
    return HINT_ALIASES.get(a, a)


def score_field(f: FieldSignals) -> tuple[str | None, float, list[str]]:
    """(attribute, score, reasons) from the field's own signals."""
    why: list[str] = []
    if f.autocomplete:
        for token in reversed(f.autocomplete.split()):
            if token in AUTOCOMPLETE_MAP:
                return AUTOCOMPLETE_MAP[token], 100.0, [f"autocomplete={token}"]
    scores: dict[str, float] = defaultdict(float)
    if f.type == "email":
        scores["email"] += 5.0
        why.append("type=email")
    elif f.type == "tel":
        scores["phone"] += 4.0
        why.append("type=tel")
    elif f.type == "url":
        scores["website"] += 3.0
        why.append("type=url")
    elif f.type == "richtext":
        scores["description"] += 3.0  # a listing form's rich-text editor is its description unless its label says otherwise
        why.append("rich-text editor")
    texts = f.texts()
    if texts["label"]:
        # with a real label, the text before the control is mostly that label again
        texts_weights = dict(SOURCE_WEIGHTS, preceding=2.0)
    else:
        texts_weights = SOURCE_WEIGHTS
    for source, text in texts.items():
        if not text:
            continue
        attr = classify_text(text.lower())
        if attr is None:
            continue
        w = texts_weights[source]
        if attr == "x_honeypot":
            w *= 3
        scores[attr] += w
        why.append(f"{source} {text[:60]!r} -> {attr}")
    # type refinements: a type=url control recognised as a social link is that link
    if f.type == "url" and any(a.startswith("social_") for a in scores):
        scores["website"] = 0.0
    # select content tells a lot when labels are cryptic
    if (f.tag == "select" or f.type == "listbox" or f.widget == "datalist") and f.options:
        opts = [(o["value"], o["text"]) for o in f.options]
        if om.looks_like_region_list(opts):
            scores["region"] += 8.0
            why.append("options look like states/provinces")
        elif om.looks_like_country_list(opts):
            scores["country"] += 8.0
            why.append("options look like countries")
    if not scores:
        return None, 0.0, why
    best = max(scores.items(), key=lambda kv: kv[1])
    if best[1] < MIN_SCORE and not best[0].startswith("x_"):
        return None, best[1], why + [f"best guess {best[0]} too weak ({best[1]:.1f})"]
    return best[0], best[1], why


def _resolve_generic(fields: list[FieldSignals], attrs: dict[str, str | None]) -> None:
    """'Name' -> business or contact name, 'Address' -> street or one-line address, phone groups -> parts."""
    assigned = set(a for a in attrs.values() if a)
    for f in fields:
        a = attrs.get(f.key)
        if a == "x_name_generic":
            ctx = f"{f.legend} {f.heading} {f.preceding}".lower()
            if any(w in ctx for w in ("contact", "your ", "owner", "personal", "submitter", "about you")):
                attrs[f.key] = "contact_name" if "contact_name" not in assigned else None
            elif "business_name" in assigned:
                attrs[f.key] = "contact_name" if "contact_name" not in assigned else None
            else:
                attrs[f.key] = "business_name"
                assigned.add("business_name")
        elif a == "x_location_generic":
            attrs[f.key] = None if "city" in assigned else "address"
        elif a == "street" and "city" not in assigned and (f.tag == "textarea" or "address" in f.label_text.lower()):
            attrs[f.key] = "address"
    _resolve_weekly_hours(fields, attrs)
    if "x_address2" in assigned:
        for f in fields:
            a = attrs.get(f.key)
            if a in ("street", "x_address2"):
                attrs[f.key] = "street_line1" if a == "street" else "address_line2"
    # split phones: consecutive controls recognised as phone (or parts) with short maxlength
    keys = [f.key for f in fields]
    by_key = {f.key: f for f in fields}
    i = 0
    while i < len(keys):
        a = attrs.get(keys[i])
        if a and a.startswith("phone") and by_key[keys[i]].tag == "input":
            run = [keys[i]]
            j = i + 1
            while j < len(keys) and (attrs.get(keys[j]) or "").startswith("phone") and by_key[keys[j]].tag == "input":
                run.append(keys[j])
                j += 1
            if len(run) == 1 and attrs[run[0]] == "phone":
                # a lonely unlabeled box right after the phone box (area/prefix/line with one label)
                pass
            # also swallow following unlabeled short inputs (label only on the first part)
            while j < len(keys) and attrs.get(keys[j]) is None and _short(by_key[keys[j]]) and not by_key[keys[j]].label_text:
                run.append(keys[j])
                j += 1
            if len(run) >= 2:
                _assign_phone_parts([by_key[k] for k in run], attrs)
            i = j
        else:
            i += 1


def day_and_side_of(f: FieldSignals) -> tuple[str | None, str | None]:
    """The day and side (open, close, closed) of an hours-grid control: its own texts first, then the text before it."""
    day = side = None
    own = " ".join((f.label_text, normalize_identifier(f.name), normalize_identifier(f.id), f.placeholder, f.title))
    for text in (own, f.preceding):
        d, sd = day_and_side(fold(text))
        day, side = day or d, side or sd
    return day, side


def _time_like(f: FieldSignals) -> bool:
    if f.type == "time" or minutes(f.placeholder) is not None:
        return True
    return f.tag == "select" and sum(minutes(o["text"]) is not None for o in f.options) >= 3


def _resolve_weekly_hours(fields: list[FieldSignals], attrs: dict[str, str | None]) -> None:
    """An hours grid (a day's opening and closing time per row): 'hours_<day>_open' / 'hours_<day>_close'. A time
    box without a day of its own closes the day opened just before it; at least two days make a grid."""
    found: dict[str, str] = {}
    opened: str | None = None
    for f in fields:
        day, side = day_and_side_of(f)
        timeish = _time_like(f)
        if side == "closed" or (attrs.get(f.key) not in (None, "hours") and not timeish):
            opened = None
            continue
        if day is None and timeish and opened and side in (None, "close"):
            day, side = opened, "close"
        if day is None or (side is None and not timeish):
            continue
        if side is None:
            side = "close" if f"hours_{day}_open" in found.values() else "open"
        found[f.key] = f"hours_{day}_{side}"
        opened = day if side == "open" else None
    if len({a.split("_")[1] for a in found.values()}) >= 2:
        attrs.update(found)


def _short(f: FieldSignals) -> bool:
    return f.tag == "input" and (f.maxlength is not None and f.maxlength <= 5 or (f.box or {}).get("w", 999) < 90)


def _assign_phone_parts(run: list[FieldSignals], attrs: dict[str, str | None]) -> None:
    explicit = {attrs[f.key] for f in run if attrs.get(f.key) not in (None, "phone")}
    if len(run) == 2 and all(attrs.get(f.key) == "phone" for f in run) and not any(_short(f) for f in run):
        return  # two full phone fields (phone + mobile / phone + confirm)
    parts: list[str]
    if len(run) == 4:
        parts = ["phone_country_code", "phone_area", "phone_prefix", "phone_line"]
    elif len(run) == 3:
        parts = ["phone_area", "phone_prefix", "phone_line"]
        if run[0].maxlength and run[0].maxlength <= 4 and run[2].maxlength and run[2].maxlength >= 7:
            parts = ["phone_country_code", "phone_area", "phone_local"]
    elif len(run) == 2:
        first = run[0]
        if "phone_country_code" in explicit or (first.maxlength and first.maxlength <= 4 and "area" not in first.label_text.lower() and "area" not in first.name.lower()):
            parts = ["phone_country_code", "phone_national"]
        else:
            parts = ["phone_area", "phone_local"]
    else:
        return
    for f, p in zip(run, parts):
        cur = attrs.get(f.key)
        if cur in (None, "phone"):
            attrs[f.key] = p


def plan_fields(
    fields: list[FieldSignals],
    pv: ProfileValues,
    hints: dict[str, str] | None = None,
    hint_keys: dict[str, str] | None = None,
    format_skips: dict[str, int] | None = None,
) -> list[FieldPlan]:
    """The plan for one form: ``hint_keys`` maps control key -> attribute resolved from field_hints."""
    hint_keys = hint_keys or {}
    format_skips = format_skips or {}
    attrs: dict[str, str | None] = {}
    scores: dict[str, float] = {}
    reasons: dict[str, list[str]] = {}
    usable: dict[str, tuple[bool, str | None]] = {}
    for f in fields:
        usable[f.key] = f.usable()
        if f.key in hint_keys:
            attrs[f.key] = normalize_hint(hint_keys[f.key])
            scores[f.key] = 1000.0
            reasons[f.key] = [f"directory field hint -> {attrs[f.key]}"]
            continue
        if f.is_choice:
            attrs[f.key] = None
            continue
        a, s, why = score_field(f)
        attrs[f.key] = a
        scores[f.key] = s
        reasons[f.key] = why
    live = [f for f in fields if usable[f.key][0] and not f.is_choice]
    _resolve_generic(live, attrs)

    plans: list[FieldPlan] = []
    # choice groups (radios / checkboxes sharing a name)
    groups: dict[str, list[FieldSignals]] = defaultdict(list)
    for f in fields:
        if f.is_choice:
            if f.type == "checkbox" and f.legend:
                groups[f"{f.frame_index}:{f.group}:checkbox:legend:{f.legend}"].append(f)
            elif f.type == "checkbox" and f.name:
                # cat_12, cat_13 / cats[4], cats[7] belong together
                stem = re.sub(r"(?:[\[_\-]*\d+\]?|\[\])$", "", f.name) or f.name
                groups[f"{f.frame_index}:{f.group}:checkbox:{stem}"].append(f)
            else:
                groups[f"{f.frame_index}:{f.group}:{f.type}:{f.name or f.key}"].append(f)

    used_single: set[str] = set()
    for f in fields:
        ok, reason = usable[f.key]
        base = FieldPlan(
            key=f.key, frame_index=f.frame_index, selector=f.selector, tag=f.tag, type=f.type, name=f.name,
            label=(f.label_text or f.placeholder or f.preceding)[:80], attribute=attrs.get(f.key),
            action="skip", why=list(reasons.get(f.key, [])), required=f.required, score=scores.get(f.key, 0.0),
        )
        if f.is_choice:
            continue
        if not ok:
            base.skip_reason = reason
            plans.append(base)
            continue
        a = attrs.get(f.key)
        if a in STOCK_ANSWERS and f.tag == "select" and f.required:
            answer = stock_answer(a, [(o["value"], o["text"]) for o in f.options])
            if answer is not None:
                base.attribute, base.action, base.value, base.display_value = a, "select", [answer.value], answer.text
                base.why.append(answer.why)
                plans.append(base)
                continue
        if a is None or a not in FILLABLE and a not in REQUIRED_ONLY and not a.startswith("hours_"):
            base.skip_reason = "unrecognised" if a is None else f"recognised as {a}; nothing to put there"
            plans.append(base)
            continue
        if a in REQUIRED_ONLY:
            what = REQUIRED_ONLY[a]
            if not f.required:
                base.skip_reason = f"optional {what} field"
                plans.append(base)
                continue
            a = "description"
            base.why.append(f"required {what} field -> description")
        base.attribute = a
        if f.tag == "select":
            _plan_select(base, f, a, pv)
        elif f.type == "listbox" or (f.widget in ("combobox", "suggest") and a in PICKED_ATTRS):
            _plan_pick(base, f, a, pv)
        elif f.widget == "datalist" and a in PICKED_ATTRS and f.options and _plan_from_datalist(base, f, a, pv):
            pass
        else:
            if not pv.has(a) and not (a.startswith("phone") and pv.phone):
                base.skip_reason = "profile has no value"
                plans.append(base)
                continue
            value, why = fit(a, f, pv, skip=format_skips.get(a, 0))
            if value is None:
                base.skip_reason = why
            else:
                base.action = "fill"
                base.value = value
                base.display_value = value
                base.why.append(why)
                base.format_skip = format_skips.get(a, 0)
                used_single.add(a)
        plans.append(base)

    _one_category_per_box(plans, pv)
    for gkey, members in groups.items():
        plans.extend(_plan_choice_group(members, pv, usable))
    order = {f.key: i for i, f in enumerate(fields)}
    plans.sort(key=lambda p: order.get(p.key, 0))
    return plans


def _one_category_per_box(plans: list[FieldPlan], pv: ProfileValues) -> None:
    """Several text boxes for categories ("Primary category", "Secondary category"): one category each, in order."""
    boxes = [p for p in plans if p.attribute == "categories" and p.action == "fill"]
    if len(boxes) < 2:
        return
    for i, p in enumerate(boxes):
        if i < len(pv.categories):
            p.value = p.display_value = pv.categories[i]
            p.why.append(f"category {i + 1} of the form's {len(boxes)} boxes")
        else:
            p.action, p.value, p.display_value, p.skip_reason = "skip", None, None, "no further category"


def choose_options(a: str, opts: list[tuple[str, str]], pv: ProfileValues, multiple: bool = False,
                   required: bool = False) -> list[om.Choice]:
    """The options (value, text) that stand for the profile's value of ``a``, best first; [] when none is close."""
    c: om.Choice | None = None
    if a == "region" and pv.has("region"):
        c = om.match_region(pv.values["region"], pv.country_code, opts)
    elif a == "country" and pv.country:
        c = om.match_country(pv.country, opts)
    elif a == "categories" and pv.categories:
        choices = om.match_category(pv.categories, opts)
        if not choices and required:
            other = om.fallback_other(opts)
            choices = [other] if other else []
        return choices if multiple else choices[:1]
    elif a == "phone_country_code" and pv.phone:
        cc = pv.phone.country_code
        for i, (v, t) in enumerate(opts):
            if v.strip("+ ") == cc or t.strip().startswith(f"+{cc}") or f"(+{cc})" in t:
                return [om.Choice(i, v, t, 100.0, f"country code +{cc}")]
        if pv.country_code:
            c = om.match_country(pv.country_code, opts)
    elif a.startswith("hours_") and pv.has(a):
        want = minutes(pv.values[a])
        c = next((om.Choice(i, v, t, 100.0, f"time {t!r}") for i, (v, t) in enumerate(opts) if minutes(t) == want), None)
    elif a == "city" and pv.has("city"):
        c = om.match_place(pv.values["city"], pv.get("region"), pv.country_code, opts)
    else:
        val = pv.get(a)
        if val:
            c = om.match_text(val, opts)
    return [c] if c else []


def _plan_select(base: FieldPlan, f: FieldSignals, a: str, pv: ProfileValues) -> None:
    opts = [(o["value"], o["text"]) for o in f.options]
    choices = choose_options(a, opts, pv, multiple=f.multiple, required=f.required)
    if f.multiple:
        choices = choices[:item_limit(f) or len(choices)]
    if not choices:
        base.skip_reason = "no matching option" if pv.has(a) or a.startswith("phone") else "profile has no value"
        return
    base.action = "select"
    base.value = [c.value for c in choices]
    base.display_value = ", ".join(c.text for c in choices)
    base.why.extend(c.why for c in choices)


def _plan_pick(base: FieldPlan, f: FieldSignals, a: str, pv: ProfileValues) -> None:
    """A widget whose value is chosen in a list it opens (suggestions as you type, a button opening a listbox):
    the choice is made in the page (typeahead.py); when the list is already in the page, check it now."""
    if not pv.has(a):
        base.skip_reason = "profile has no value"
        return
    if f.options:
        choices = choose_options(a, [(o["value"], o["text"]) for o in f.options], pv, required=f.required)
        if not choices:
            base.skip_reason = "no matching option"
            return
        base.display_value = choices[0].text
        base.why.append(choices[0].why)
    value, _why = fit(a, f, pv) if f.type != "listbox" else (pv.get(a), "")
    base.action = "pick"
    base.widget = f.widget or f.type
    if a == "categories" and f.type != "listbox" and takes_several(f):
        base.max_items = min(len(pv.categories), item_limit(f) or len(pv.categories)) or 1
    base.value = value
    base.why.append(f"{base.widget}: chosen from the list it offers")


def _plan_from_datalist(base: FieldPlan, f: FieldSignals, a: str, pv: ProfileValues) -> bool:
    """An input with a <datalist>: type the closest suggestion. False: none is close, type the profile's value."""
    choices = choose_options(a, [(o["value"], o["text"]) for o in f.options], pv, required=f.required)
    if not choices:
        if a != "categories":
            return False
        base.skip_reason = "no suggestion of its list matches"  # a category of our own would be refused
        return True
    base.action = "fill"
    base.value = base.display_value = choices[0].value or choices[0].text
    base.why.append(f"datalist: {choices[0].why}")
    return True


def stock_answer(a: str, opts: list[tuple[str, str]]) -> om.Choice | None:
    for rx in STOCK_ANSWERS.get(a, ()):
        for i, (v, t) in enumerate(opts):
            if not om.is_placeholder(v, t) and rx.search(fold(t)):
                return om.Choice(i, v, t, 100.0, f"required question answered {t!r}")
    return None


def _choice_label(f: FieldSignals) -> str:
    return (f.label_text or f.aria_label or f.value_attr or "").strip()


def _plan_choice_group(members: list[FieldSignals], pv: ProfileValues, usable: dict) -> list[FieldPlan]:
    plans: list[FieldPlan] = []
    live = [m for m in members if usable[m.key][0]]
    first = members[0]
    # what the group is about: legend / text before the first member / the shared name
    group_text = " ".join(
        x for x in (first.legend, first.preceding if len(members) > 1 else "", normalize_identifier(first.name)) if x
    )
    group_attr = classify_text(group_text.lower()) if group_text else None
    if group_attr is None and len(members) > 1:
        group_attr = classify_text((first.heading or "").lower())

    def mk(m: FieldSignals, action: str = "skip", attribute: str | None = None, **kw: Any) -> FieldPlan:
        ok, reason = usable[m.key]
        p = FieldPlan(
            key=m.key, frame_index=m.frame_index, selector=m.selector, tag=m.tag, type=m.type, name=m.name,
            label=_choice_label(m)[:80], attribute=attribute, action=action, required=m.required,
            use_label_click=bool(m.hidden_reason) and ok,
        )
        if not ok:
            p.action = "skip"
            p.skip_reason = reason
        for k, v in kw.items():
            setattr(p, k, v)
        return p

    if len(members) == 1 and first.type == "checkbox" and pv.schedule:
        day, side = day_and_side_of(first)
        if day and side == "closed":
            if pv.schedule.get(day) is None:
                return [mk(first, "check", f"hours_{day}_closed", value=True, display_value="checked",
                           why=[f"closed on {day}"])]
            return [mk(first, attribute=f"hours_{day}_closed", skip_reason=f"open on {day}")]
    opts = [(m.value_attr or _choice_label(m), _choice_label(m)) for m in live]
    chosen: dict[str, str] = {}
    matched_to_profile = group_attr in ("categories", "country", "region") and len(members) > 1
    if matched_to_profile:
        if group_attr == "categories":
            cs = om.match_category(pv.categories, opts)
            if first.type == "radio":
                cs = cs[:1]
        elif group_attr == "country":
            c = om.match_country(pv.country, opts) if pv.country else None
            cs = [c] if c else []
        else:
            c = om.match_region(pv.values["region"], pv.country_code, opts) if pv.has("region") else None
            cs = [c] if c else []
        for c in cs:
            chosen[live[c.index].key] = c.why
    elif group_attr in STOCK_ANSWERS and first.type == "radio" and any(m.required for m in members):
        c = stock_answer(group_attr, opts)
        chosen = {live[c.index].key: c.why} if c else {}
    if chosen or matched_to_profile:
        for m in members:
            if m.key in chosen:
                plans.append(mk(m, "check", group_attr, value=True, display_value=_choice_label(m), why=[chosen[m.key]]))
            else:
                plans.append(mk(m, attribute=group_attr, skip_reason="not chosen"))
        return plans
    for m in members:
        text = f"{_choice_label(m)} {m.preceding if not m.label_text else ''}".strip()
        folded = fold(text)
        if m.type == "checkbox" and CONSENT_TEXT.search(folded) and not OPT_IN_TEXT.search(folded):
            if m.required or len(members) == 1:
                plans.append(mk(m, "check", "consent", value=True, display_value="checked",
                                why=[f"terms/consent box {text[:60]!r}" + (" (required)" if m.required else "")]))
                continue
        why = f"group {group_text[:40]!r}" if group_text else "no signal"
        plans.append(mk(m, attribute=group_attr, skip_reason="nothing in the profile for this choice", why=[why]))
    return plans


def required_gaps(plans: list[FieldPlan], fields: list[FieldSignals]) -> list[dict[str, Any]]:
    """Required, usable controls left empty by the plan (reported; the profile has nothing for them)."""
    by_key = {f.key: f for f in fields}
    gaps = []
    radio_groups_done: set[str] = set()
    for p in plans:
        f = by_key.get(p.key)
        if not f or not p.required or p.action != "skip":
            continue
        if p.skip_reason and (p.skip_reason.startswith("honeypot") or p.skip_reason.startswith("hidden") or p.skip_reason == "disabled"):
            continue
        if f.type == "radio":
            gk = f"{f.group}:{f.name}"
            if gk in radio_groups_done:
                continue
            radio_groups_done.add(gk)
            if any(q.action == "check" and by_key.get(q.key) and by_key[q.key].name == f.name for q in plans) or any(
                g.checked for g in fields if g.type == "radio" and g.name == f.name
            ):
                continue
        if f.tag == "select" and f.value and not om.is_placeholder(f.value, next((o["text"] for o in f.options if o["value"] == f.value), "")):
            continue
        if f.tag != "select" and not f.is_choice and f.value:
            continue
        gaps.append({"key": p.key, "name": f.name, "label": p.label, "attribute": p.attribute, "reason": p.skip_reason})
    return gaps
