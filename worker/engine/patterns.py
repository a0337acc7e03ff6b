"""Per-attribute patterns used to recognise what a form control asks for.

In the spirit of Chromium's autofill heuristics: the ``autocomplete`` attribute decides first, then the
input type, then regular expressions over the control's name/id/label/placeholder texts. Rules are
ordered from specific to generic; for each text the *first* matching rule wins, so "Business name"
is a business name and never a contact name, "Fax" never a phone, "Facebook URL" never the website.

Attributes starting with ``x_`` are recognised on purpose but never filled (fax, password, captcha...):
recognising them keeps them from being mistaken for something we do fill.
"""

from __future__ import annotations

import re
import unicodedata

# autocomplete tokens (WHATWG) -> attribute
AUTOCOMPLETE_MAP: dict[str, str] = {
    "organization": "business_name",
    "name": "contact_name",
    "given-name": "contact_first_name",
    "family-name": "contact_last_name",
    "additional-name": "x_middle_name",
    "honorific-prefix": "x_title",
    "email": "email",
    "tel": "phone",
    "tel-national": "phone",
    "tel-country-code": "phone_country_code",
    "tel-area-code": "phone_area",
    "tel-local": "phone_local",
    "tel-local-prefix": "phone_prefix",
    "tel-local-suffix": "phone_line",
    "tel-extension": "x_phone_ext",
    "url": "website",
    "street-address": "street",
    "address-line1": "street",
    "address-line2": "x_address2",
    "address-line3": "x_address2",
    "address-level2": "city",
    "address-level1": "region",
    "postal-code": "postal_code",
    "country": "country",
    "country-name": "country",
    "username": "x_username",
    "new-password": "x_password",
    "current-password": "x_password",
    "one-time-code": "x_otp",
    "organization-title": "x_job_title",
    "bday": "x_birthday",
    "cc-number": "x_payment",
    "cc-name": "x_payment",
    "cc-exp": "x_payment",
    "cc-csc": "x_payment",
}

_W = r"(?:^|\b)"

# the whole text looks like a web address: a scheme ("https://", "http://www."), "www.", or a bare domain with a
# common top-level domain; an optional "e.g." in front; no "@" (that is an e-mail address)
_URL_EXAMPLE = (
    r"^(?:(?:e\.? ?g\.?|ex\.|example|for example|i\.? ?e\.?)[:,]? ?)?"
    r"(?:https?:/{0,2}(?:[^\s@]*)|www\.[^\s@]*|"
    r"(?:[a-z0-9-]+\.)+(?:com|net|org|biz|info|io|co|us|ca|uk|au|nz|ie|de|fr|nl|be|es|it|in|eu|app|dev|site|online|"
    r"store|shop|business|example)(?:/[^\s@]*)?)\.{0,3}$"
)

# (attribute, pattern). Order matters: first match per text wins.
RULES: list[tuple[str, str]] = [
    ("x_honeypot", r"leave (?:this )?(?:field )?(?:blank|empty)|do not (?:fill|enter|change|complete)|"
     r"\bhoney ?pot\b|\bif you are (?:a )?human\b|\bbots? only\b|\banti ?spam field\b"),
    ("x_captcha", r"captcha|security (?:code|check|question)|verification code|enter the (?:characters|code|text|letters)"
     r"|(?:are you|prove you(?:'re| are)) (?:a )?human|not a robot|anti ?spam|spam (?:check|question)|\bwhat is \d+ ?[+x*-] ?\d+"),
    ("x_password", r"pass ?word|\bpwd\b|\bpasswd\b|\bpin\b(?! ?code)"),
    ("x_search", r"^(?:q|s|search|query|keyword search)$|\bsearch\b(?! ?terms)"),
    ("x_file", r"\b(?:logo|photo|image|picture|avatar|upload|attachment)s?\b"),
    ("x_fax", r"\bfax\b|facsimile"),
    ("x_phone_ext", r"\bext(?:ension)?\b"),
    ("x_job_title", r"job ?title|\bposition\b|\brole\b|\bdesignation\b"),
    ("x_payment", r"card ?number|credit ?card|\bcvv\b|\bcvc\b|expir(?:y|ation)|coupon|promo ?code|discount code"),
    ("x_birthday", r"birth ?day|date of birth|\bdob\b"),
    ("x_middle_name", r"middle ?name|middle initial"),
    ("x_salutation", r"salutation|honorific"),
    ("x_referral", r"hear about|how did you (?:find|hear)|referr(?:al|ed)|\bsource\b|where did you"),
    # "Are you the owner or manager of this business?": before the name rules, which would take "owner" for a person
    ("x_owner_question", r"\b(?:are you|i am|you are)\b.{0,30}\b(?:owner|manager|authori[sz]ed|representative)"
     r"|\bis this your (?:business|company|listing)\b"),
    ("x_date", r"\bdate\b|\byear (?:founded|established)\b|\bfounded\b|\bestablished\b"),
    ("x_employees", r"employees|staff size|team size|number of"),
    ("email", r"e[ -]?mail|\bcourriel\b|correo|posta elettronica"),
    # social links before the website: "Facebook URL" is not the website
    ("social_facebook", r"face ?book|\bfb\b"),
    ("social_twitter", r"twitter|\bx\.com\b|\bx \(twitter\)|\btweet"),
    ("social_instagram", r"insta ?gram|\binsta\b|\big\b"),
    ("social_linkedin", r"linked ?in"),
    ("social_youtube", r"you ?tube"),
    ("social_tiktok", r"tik ?tok"),
    ("social_pinterest", r"pinterest"),
    ("social_yelp", r"\byelp\b"),
    # after the social rules: "Twitter handle", "Instagram username" ask for the business's profile there
    ("x_username", r"user ?name|login name|\blogin\b|screen ?name|\bhandle\b"),
    ("x_url_other", r"(?:logo|image|photo|video|feed|rss|menu|booking|reservation) ?(?:url|link)"),
    ("x_reciprocal", r"reciprocal|back ?link|link ?back|where (?:is|did you place) (?:our|the) link"),
    # the text a directory shows for the website link: the business's name, not the address again
    ("business_name", r"\b(?:link|anchor) (?:text|title|label)\b|\banchor text\b"),
    ("website", r"web ?site|web ?page|web ?address|home ?page|\burl\b|\bsite (?:url|address|link)\b|\bdomain\b|\bwww\b|\blink\b"
     r"|webseite|internet ?(?:seite|adresse|auftritt)|\bsite (?:web|internet)\b|\bsitio(?: web)?\b|\bsito(?: web| internet)?\b"
     r"|pagina web|\bsite\b$"),
    # a text that is itself an example address: "https://", "http://www.", "www.example.com", "https://yourbusiness.com"
    # (a placeholder showing the expected value); before the name rules, so "yourbusiness.com" is no business name
    ("website", _URL_EXAMPLE),
    # split phones
    ("phone_country_code", r"(?:country|dial(?:ing)?|calling|intl|international) ?(?:code|prefix)|\bcc\b|\bdial code\b"),
    ("phone_area", r"area ?code|^area$|phone area|\bnpa\b"),
    ("phone_prefix", r"\bexchange\b|^prefix$|(?:phone|tel) prefix|\bnxx\b"),
    ("phone_line", r"line number|^line$|\bsuffix\b|last ?(?:4|four)"),
    ("phone", r"phone|\btel\b|tele?fon|\bmobile\b|\bcell\b|contact (?:number|no)|\bmob\b|^(?:phone )?(?:no|number)$"
     r"|\bhandy\b|\bmovil\b|\bcelular\b|\bcellulare\b|\bportable\b|\btelemovel\b"),
    # address
    ("x_cross_street", r"cross ?street|nearest (?:intersection|cross)|landmark"),
    ("x_house_number", r"house ?(?:number|no)|street ?number|building ?number|\bhouse ?nr\b"),
    ("x_address2", r"address ?(?:line)? ?2|\baddr ?2\b|\baddress2\b|suite|\bapt\b|apartment|\bunit\b|\bbuilding\b|\bfloor\b"),
    ("city", r"\bcity\b|\btown\b|locality|suburb|municipality|\bville\b|\bstadt\b|ciudad|\bservice areas?\b|\bareas? served\b"
     r"|\bort\b|wohnort|\bcitta\b|\bcomune\b|localita|localidad|poblacion|\bcidade\b|\bplaats\b|woonplaats|\bgemeente\b"),
    ("x_county", r"\bcounty\b"),
    ("region", r"\bstate\b|province|\bregion\b|\bprov\b|territory|prefecture|\bst\b"
     r"|bundesland|\bkanton\b|departement|provincia|\bestado\b|\bprovincie\b"),
    # the four digits after a ZIP code ("Zip+4"), a box of its own beside the ZIP
    ("postal_code_ext", r"\bzip ?\+ ?4\b|\bzip ?(?:4|ext(?:ension)?)\b|\bplus ?4\b|^\+ ?4$"),
    ("postal_code", r"\bzip\b|zip ?code|postal|post ?code|\bpostcode\b|\bpin ?code\b|\bplz\b|\bcp\b"
     r"|postleitzahl|\bcap\b|\bcep\b|codigo postal"),
    ("country", r"country|nation\b|\bpays\b|\bland\b|\bpais\b|\bpaese\b|nazione"),
    ("street", r"street|address ?(?:line)? ?1|\baddr(?:ess)?1\b|\baddress\b|\baddr\b|location address|\bdirecci"
     r"|strasse|\badresse\b|anschrift|\brue\b|\bcalle\b|indirizzo|endereco|\bmorada\b|\bstraat\b|\badres\b"),
    ("x_location_generic", r"\blocation\b|\bwhere\b"),
    # content
    ("categories", r"categor|industr|business type|type of business|\bsector\b|\bniche\b|classification|\bgenre\b|line of business|\btopic\b"
     r"|(?:which|what) (?:kinds? of |types? of )?services|services? (?:do )?you (?:offer|provide)|types? of services?|service (?:type|category)"
     r"|\btrades?\b(?! ?names?)|kategor|\bbranche\b|\brubri[kq]|\bsecteur\b|\brubro\b|\bsettore\b"),
    # a one-line slogan: not the keywords ("tag-line" would read as tags), filled only when required
    ("x_tagline", r"tag ?line|slogan|\bmotto\b|catch ?phrase|\bstrap ?line\b"),
    ("keywords", r"keyword|\btags?\b|search terms|\bservices offered\b|schlusselwort|stichwort|suchbegriff|mots?[ -]cles?"
     r"|palabras? clave|parole chiave|trefwoord"),
    ("hours", r"\bhours\b|opening|open times|business hours|working hours|timings?\b|\bschedule\b"
     r"|offnungszeit|horaires?|\bhorarios?\b|\borari\b|openingstijd"),
    ("description", r"descri|about|\bdetails?\b|summary|overview|\bbio\b|profile text|tell us|introduction|\bblurb\b|"
     r"\bpitch\b|more info|\bcontent\b|\bbody\b|\binfo\b|beschreibung|beschrijving|omschrijving|presentation|"
     r"\buber uns\b|a propos|acerca de|chi siamo|\bactivite\b|\btatigkeit\b"),
    ("x_comments", r"comments?|message|\bnotes?\b|anything else|remarks"),
    # names
    ("contact_first_name", r"first ?name|given ?name|fore ?name|\bfname\b|\bfirst\b|prenom|vorname|voornaam"),
    ("contact_last_name", r"last ?name|sur ?name|family ?name|\blname\b|\blast\b|\bnom\b|nachname|apellido|cognome"
     r"|sobrenome|achternaam"),
    ("contact_name", r"owner(?:'s)? name|\bowner\b|contact person|your (?:full )?name|full ?name|submitter|representative|"
     r"manager name|person (?:in charge|responsible)|ansprechpartner|kontaktperson|personne (?:a|de) contact"
     r"|persona de contacto|\breferente\b|contactpersoon"),
    ("business_name", r"business|company|organi[sz]ation|\borg\b|\bfirm\b|\bbrand\b|establishment|\bshop ?name|\bstore ?name"
     r"|listing (?:name|title)|^(?:listing )?title$|\btitle of\b|site (?:name|title)|venue|practice name|\bentity\b"
     r"|trading name|\bdba\b|place name|nom (?:de l'entreprise|commercial)|\bfirma|unternehmen|raison sociale"
     r"|\bentreprise\b|\bsociete\b|\bempresa\b|\bnegocio\b|\bazienda\b|ragione sociale|\bbedrijf"),
    ("contact_name", r"your name|full ?name|contact(?: person)?(?: name)?$|contact person|owner(?:'s)? name|\bowner\b|"
     r"submitter|person|representative|manager name|\bauthor\b"),
    ("x_name_generic", r"\bname\b|\bnom\b|\bnombre\b"),
]

COMPILED_RULES: list[tuple[str, re.Pattern[str]]] = [(a, re.compile(p, re.I)) for a, p in RULES]

# names that honeypots like to use (only counted together with another hiding signal)
HONEYPOT_NAME = re.compile(
    r"(?:^|[_\-\s])(?:hp|honey|honeypot|trap|bot|botcheck|nospam|no_spam|spam|leave|robot|gotcha)(?:$|[_\-\s\d])"
    r"|website2|url2|email2|url_confirm|confirm_url|homepage_url|fax_number_only|^(?:a|b)_?comment$|"
    r"^(?:name|email|url|website|phone)_?(?:confirm|check|verify|2|x)$|^_",
    re.I,
)

# For form grouping / button recognition
SUBMIT_TEXT = re.compile(
    r"submit|send|add (?:my |your |a )?(?:business|listing|site|company|entry|link)|list (?:my|your) business|"
    r"\bregister\b|sign ?up|\bpublish\b|\bsave\b|\bfinish\b|\bcomplete\b|\bcreate\b|\bpost\b|\bapply\b|\bconfirm\b|"
    r"\bdone\b|get listed|claim|\bgo\b|\bok\b|envoyer|enviar|absenden|\badd\b|\bsenden\b|eintragen|valider"
    r"|\binvia(?:re)?\b|verzenden|versturen|registrar|enregistrer",
    re.I,
)
NEXT_TEXT = re.compile(r"\bnext\b|continue|proceed|step \d|\bforward\b|weiter|suivant|siguiente|→|»|>>", re.I)
NEGATIVE_BUTTON_TEXT = re.compile(
    r"cancel|reset|\bclear\b|\bback\b|previous|\bprev\b|search|log ?in|sign ?in|\bdelete\b|remove|close|"
    r"subscribe|newsletter|upload|browse|choose file|\bedit\b|preview|upgrade|\bpay\b|checkout|buy|"
    r"google|facebook|apple|twitter|linkedin",
    re.I,
)
ADD_LISTING_LINK = re.compile(
    r"add (?:your |a |my |new )?(?:free )?(?:business|listing|company|site|website|url|link|place|entry)|"
    r"submit (?:your |a |my )?(?:free )?(?:business|listing|site|website|url|link|company|entry)|"
    r"(?:list|register) (?:your |my )?(?:business|company)|get listed|new listing|create (?:a )?(?:free )?listing|"
    r"suggest (?:a )?(?:business|listing|site)|claim (?:your )?(?:business|listing)|advertise with us|"
    r"\badd listing\b|\bsubmit listing\b|\bsubmit (?:a )?site\b|\bsubmit\b$|"
    r"(?:select|choose|get|start|continue with) (?:the )?(?:free|basic)\b|\bfree (?:listing|plan|package|option)\b",
    re.I,
)

CONSENT_TEXT = re.compile(
    r"\bterms\b|conditions|\bagree\b|\baccept\b|consent|privacy|\bpolicy\b|\btos\b|\bgdpr\b|i confirm|i certify|"
    r"authori[sz]ed|i am the owner|i own|rules|guidelines|accurate|\bagb\b|datenschutz|akzeptier|einverstanden"
    r"|j'accepte|acepto|accetto|condiciones|condizioni|voorwaarden|privacidad",
    re.I,
)
OPT_IN_TEXT = re.compile(
    r"newsletter|subscribe|marketing|promotion|offers|updates by email|featured|premium|upgrade|sponsor|\$|paid|"
    r"send me|notify me|partners",
    re.I,
)


def normalize_identifier(text: str) -> str:
    """'businessName' / 'business_name[0]' / 'fld-Biz.Name' -> 'business name 0' style text for word patterns."""
    if not text:
        return ""
    s = re.sub(r"([a-z])([A-Z])", r"\1 \2", text)
    s = re.sub(r"([A-Za-z])(\d)", r"\1 \2", s)
    s = re.sub(r"[_\-\[\].:/#]+", " ", s)
    return re.sub(r"\s+", " ", s).strip().lower()


# what marks a field as required or optional in its label ("Title *", "Phone (optional)", "City:"), not its meaning
_LABEL_MARKS = re.compile(r"\*+|\((?:required|optional|obligatoire|opcional|pflicht|facultatif)\)|[:：]\s*$", re.I)


def fold(text: str) -> str:
    """Lower case without accents ("Straße" -> "strasse", "Téléphone" -> "telephone"): the patterns are written so."""
    decomposed = unicodedata.normalize("NFKD", (text or "").casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def classify_text(text: str) -> str | None:
    """The first attribute whose pattern matches ``text``."""
    text = re.sub(r"\s+", " ", _LABEL_MARKS.sub(" ", fold(text))).strip()
    if not text:
        return None
    for attr, rx in COMPILED_RULES:
        if rx.search(text):
            return attr
    return None

# a bot wall instead of the page (Cloudflare & co.)
BOT_WALL_TEXT = re.compile(
    r"just a moment\.\.\.|checking (?:if the site connection is secure|your browser)|verify(?:ing)? you are (?:a )?human|"
    r"attention required|enable javascript and cookies to continue|are you a robot|unusual traffic|"
    r"press (?:&|and) hold|access denied.{0,40}(?:bot|automated)|ddos protection",
    re.I,
)
