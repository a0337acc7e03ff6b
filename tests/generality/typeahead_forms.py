"""Directory forms whose category, city or state is a suggestion widget rather than a <select>, written the way
sites hand-roll them or get them from UI kits: ARIA comboboxes fed by a search API, a jQuery-style list of
suggestions appended under the input, custom buttons that open a listbox, and <datalist> inputs. The real value
(often a hidden id) is set only by choosing a suggestion."""

PAGES: dict[str, dict] = {}

METRO_CATEGORIES = [
    (101, "Accountants"), (102, "Bakeries & Pastry Shops"), (103, "Computers & IT Services"), (104, "Dentists"),
    (105, "Electricians"), (106, "Florists"), (107, "Graphic Design & Printing"), (108, "Home Cleaning"),
    (109, "Lawyers"), (110, "Plumbers"), (111, "Restaurants"), (112, "Technical Schools & Training"),
]
METRO_CITIES = [
    (1, "Austin, MN"), (2, "Austin, TX"), (3, "Austintown, OH"), (4, "Boston, MA"), (5, "Dallas, TX"),
    (6, "Houston, TX"), (7, "Round Rock, TX"), (8, "San Antonio, TX"),
]


def word_prefix_search(catalog: list[tuple[int, str]], q: str, limit: int = 8) -> list[dict]:
    """What a search endpoint typically does: every typed word starts some word of the label."""
    typed = [w for w in q.lower().replace(",", " ").split() if w]
    hits = []
    for ident, label in catalog:
        words = label.lower().replace(",", " ").replace("&", " ").split()
        if typed and all(any(w.startswith(t) for w in words) for t in typed):
            hits.append({"id": ident, "label": label})
    return hits[:limit]


# ARIA 1.2 comboboxes: the listbox is filled from a JSON search endpoint after a debounce; a click on an option
# writes the hidden id; the form refuses to submit without both ids.
PAGES["combobox_aria"] = {
    "profile": "sample",
    "api": {"categories": lambda q: word_prefix_search(METRO_CATEGORIES, q),
            "cities": lambda q: word_prefix_search(METRO_CITIES, q)},
    "html": """<!doctype html><html><head><meta charset="utf-8"><title>Add your business - Metro Directory</title>
<style>.row{margin:10px 0} .combo{position:relative;width:320px} .combo input{width:100%}
.combo ul{position:absolute;top:100%;left:0;right:0;margin:0;padding:0;list-style:none;background:#fff;border:1px solid #aaa;z-index:10}
.combo li{padding:4px 8px;cursor:pointer}</style></head><body>
<h1>Add your business</h1>
<form method="post" action="/combobox_aria/post" id="add">
 <div class="row"><label for="biz">Business name</label><br><input id="biz" name="biz_name" required></div>
 <div class="row"><label for="mail">Email</label><br><input id="mail" name="biz_email" type="email" required></div>
 <div class="row"><label for="cat-input">Primary category</label>
   <div class="combo"><input id="cat-input" type="text" role="combobox" aria-autocomplete="list" aria-expanded="false"
     aria-controls="cat-listbox" autocomplete="off" placeholder="Start typing, e.g. Bakery">
   <ul id="cat-listbox" role="listbox" aria-label="Categories" hidden></ul></div>
   <input type="hidden" name="category_id" id="category-id"></div>
 <div class="row"><label for="city-input">City</label>
   <div class="combo"><input id="city-input" type="text" role="combobox" aria-autocomplete="list" aria-expanded="false"
     aria-controls="city-listbox" autocomplete="off">
   <ul id="city-listbox" role="listbox" hidden></ul></div>
   <input type="hidden" name="city_id" id="city-id"></div>
 <p class="error" role="alert" hidden></p>
 <button type="submit">Add business</button>
</form>
<script>
function combobox(input, listbox, hidden, endpoint) {
  let timer = null, seq = 0;
  const close = () => { listbox.hidden = true; input.setAttribute('aria-expanded', 'false'); };
  input.addEventListener('input', () => {
    hidden.value = '';
    clearTimeout(timer);
    const q = input.value.trim();
    if (q.length < 2) { close(); return; }
    timer = setTimeout(async () => {
      const mine = ++seq;
      const items = await (await fetch(endpoint + '?q=' + encodeURIComponent(q))).json();
      if (mine !== seq) return;
      listbox.innerHTML = '';
      if (!items.length) listbox.innerHTML = '<li role="option" aria-disabled="true">No matches</li>';
      for (const it of items) {
        const li = document.createElement('li');
        li.setAttribute('role', 'option'); li.id = listbox.id + '-' + it.id; li.textContent = it.label;
        li.addEventListener('mousedown', (e) => e.preventDefault());
        li.addEventListener('click', () => { input.value = it.label; hidden.value = it.id; close(); });
        listbox.appendChild(li);
      }
      listbox.hidden = false; input.setAttribute('aria-expanded', 'true');
    }, 250);
  });
  input.addEventListener('blur', () => setTimeout(close, 150));
}
combobox(document.getElementById('cat-input'), document.getElementById('cat-listbox'),
         document.getElementById('category-id'), '/combobox_aria/api/categories');
combobox(document.getElementById('city-input'), document.getElementById('city-listbox'),
         document.getElementById('city-id'), '/combobox_aria/api/cities');
document.getElementById('add').addEventListener('submit', (e) => {
  if (!document.getElementById('category-id').value || !document.getElementById('city-id').value) {
    e.preventDefault();
    const err = document.querySelector('.error');
    err.hidden = false; err.textContent = 'Please choose a category and a city from the suggestions.';
  }
});
</script></body></html>""",
    "response": "<html><body><h1>Thank you!</h1><p>Your business has been added and will be reviewed shortly.</p></body></html>",
    "expect_status": "success",
    "expect": {"biz_name": "name", "biz_email": "email", "category_id": "103", "city_id": "2"},
    "must_be_empty": [],
}

# Old-school: a table layout, a hand-written autocomplete that appends a <ul> of towns to <body> right under the
# input (no ARIA at all), and a "Type of business" button that opens a role=listbox of options.
PAGES["jquery_autocomplete"] = {
    "profile": "sample",
    "html": """<!doctype html><html><head><meta charset="utf-8"><title>Free business listing - YellowBook Online</title>
<style>
 .suggest{position:absolute;background:#fff;border:1px solid #999;margin:0;padding:0;list-style:none;z-index:99;font:14px sans-serif}
 .suggest li{padding:3px 6px;cursor:pointer} .suggest li:hover{background:#ffc}
 .dd{position:relative;display:inline-block}
 .dd ul{position:absolute;left:0;top:100%;background:#fff;border:1px solid #999;list-style:none;margin:0;padding:0;min-width:260px;z-index:5}
 .dd li{padding:4px 8px;cursor:pointer}
</style></head><body>
<h2>Free business listing</h2>
<form id="lf" method="post" action="/jquery_autocomplete/post">
<table>
<tr><td>Business name:</td><td><input type="text" name="bname" size="40"></td></tr>
<tr><td>Email:</td><td><input type="text" name="bemail" size="40"></td></tr>
<tr><td>Phone:</td><td><input type="text" name="bphone" size="20"></td></tr>
<tr><td>Town:</td><td><input type="text" name="town_search" class="town-autocomplete" autocomplete="off" size="30"><input
  type="hidden" name="town_id"></td></tr>
<tr><td><span id="type-label">Type of business:</span></td><td>
  <div class="dd"><button type="button" id="type-button" aria-haspopup="listbox" aria-expanded="false"
    aria-labelledby="type-label type-button">Choose&hellip;</button>
  <ul role="listbox" id="type-options" aria-labelledby="type-label" tabindex="-1" hidden>
   <li role="option" data-value="acc" id="t-acc">Accounting &amp; Bookkeeping</li>
   <li role="option" data-value="auto" id="t-auto">Auto Repair &amp; Service</li>
   <li role="option" data-value="bea" id="t-bea">Beauty Salons</li>
   <li role="option" data-value="cit" id="t-cit">Computers &amp; IT Services</li>
   <li role="option" data-value="con" id="t-con">Construction &amp; Contractors</li>
   <li role="option" data-value="res" id="t-res">Restaurants &amp; Cafes</li>
  </ul></div>
  <input type="hidden" name="business_type" id="business-type"></td></tr>
<tr><td>Description:</td><td><textarea name="bdesc" rows="4" cols="40"></textarea></td></tr>
<tr><td></td><td><input type="submit" value="Submit Listing"></td></tr>
</table></form>
<script>
(function () {
  const TOWNS = [[11, 'Austell, GA'], [12, 'Austin, MN'], [13, 'Austin, TX'], [14, 'Austintown, OH'],
                 [15, 'Houston, TX'], [16, 'Boston, MA'], [17, 'Dallas, TX'], [18, 'Round Rock, TX']];
  const input = document.querySelector('input[name=town_search]');
  const hid = document.querySelector('input[name=town_id]');
  let list = null;
  const drop = () => { if (list) { list.remove(); list = null; } };
  input.addEventListener('keyup', () => {
    hid.value = '';
    const q = input.value.trim().toLowerCase();
    drop();
    if (q.length < 2) return;
    const hits = TOWNS.filter(([, n]) => n.toLowerCase().indexOf(q) === 0);
    if (!hits.length) return;
    const r = input.getBoundingClientRect();
    list = document.createElement('ul'); list.className = 'suggest';
    list.style.left = (r.left + window.scrollX) + 'px'; list.style.top = (r.bottom + window.scrollY) + 'px';
    list.style.width = r.width + 'px';
    for (const [id, name] of hits) {
      const li = document.createElement('li'); li.textContent = name;
      li.addEventListener('mousedown', () => { input.value = name; hid.value = id; setTimeout(drop, 0); });
      list.appendChild(li);
    }
    document.body.appendChild(list);
  });
  input.addEventListener('blur', () => setTimeout(drop, 200));

  const btn = document.getElementById('type-button'), box = document.getElementById('type-options');
  const val = document.getElementById('business-type');
  btn.addEventListener('click', () => {
    const open = box.hidden; box.hidden = !open; btn.setAttribute('aria-expanded', String(open)); if (open) box.focus();
  });
  box.addEventListener('click', (e) => {
    const li = e.target.closest('[role=option]'); if (!li) return;
    box.querySelectorAll('[aria-selected]').forEach(o => o.removeAttribute('aria-selected'));
    li.setAttribute('aria-selected', 'true'); val.value = li.dataset.value; btn.textContent = li.textContent;
    box.hidden = true; btn.setAttribute('aria-expanded', 'false'); btn.focus();
  });
  document.getElementById('lf').addEventListener('submit', (e) => {
    if (!hid.value || !val.value) { e.preventDefault(); alert('Please pick your town from the list and choose a type of business.'); }
  });
})();
</script></body></html>""",
    "response": "<html><body><h1>Listing received</h1><p>Thank you, your free listing was submitted successfully.</p></body></html>",
    "expect_status": "success",
    "expect": {"bname": "name", "bemail": "email", "bphone": "phone_digits", "town_id": "13", "town_search": "Austin, TX",
               "business_type": "cit", "bdesc": "description"},
    "must_be_empty": [],
}

# An ARIA 1.1 combobox (wrapper with aria-owns) over a fixed list of food & event categories: nothing fits a
# technology business, and when nothing matches it shows "popular" categories instead. The category is optional:
# the engine must leave both the typed text and the id empty and say why. The state is a select-only combobox
# (a focusable div) whose options exist only while it is open.
PAGES["combobox_nomatch"] = {
    "profile": "sample",
    "html": """<!doctype html><html><head><meta charset="utf-8"><title>Join EventHub - list your venue or service</title>
<style>.field{margin:12px 0} .menu{border:1px solid #ccc;background:#fff;width:300px} .menu [role=option]{padding:4px}
[role=combobox][tabindex]{border:1px solid #888;padding:4px;width:300px;cursor:pointer}</style></head><body>
<h1>Join EventHub</h1>
<form method="post" action="/combobox_nomatch/post">
 <div class="field"><label for="n">Business name</label><br><input id="n" name="name" required></div>
 <div class="field"><label for="e">Email</label><br><input id="e" name="email" type="email" required></div>
 <div class="field"><label for="cat">Category (optional)</label>
  <div role="combobox" aria-expanded="false" aria-owns="cat-menu" aria-haspopup="listbox">
   <input id="cat" name="category_name" type="text" aria-autocomplete="list" aria-controls="cat-menu"></div>
  <div id="cat-menu" role="listbox" class="menu" style="display:none"></div>
  <input type="hidden" name="category_id" id="cat-id"></div>
 <div class="field"><span id="st-label">State</span>
  <div id="st" role="combobox" tabindex="0" aria-haspopup="listbox" aria-expanded="false" aria-controls="st-list"
    aria-labelledby="st-label">Select a state</div>
  <div id="st-list" role="listbox" aria-labelledby="st-label" class="menu"></div>
  <input type="hidden" name="state" id="st-value"></div>
 <button type="submit">Join now</button>
</form>
<script>
(function () {
  const CATS = [['bak', 'Bakeries'], ['bar', 'Bars & Pubs'], ['cat', 'Catering'], ['cof', 'Coffee Shops'],
                ['ven', 'Event Venues'], ['flo', 'Florists'], ['res', 'Restaurants'], ['wed', 'Wedding Planners']];
  const POPULAR = ['res', 'cof', 'wed'];
  const input = document.getElementById('cat'), menu = document.getElementById('cat-menu'), id = document.getElementById('cat-id');
  const wrap = input.parentElement;
  const show = (items, heading) => {
    menu.innerHTML = heading ? '<div class="menu-heading">' + heading + '</div>' : '';
    for (const [v, label] of items) {
      const o = document.createElement('div'); o.setAttribute('role', 'option'); o.textContent = label;
      o.addEventListener('click', () => { input.value = label; id.value = v; menu.style.display = 'none'; wrap.setAttribute('aria-expanded', 'false'); });
      menu.appendChild(o);
    }
    menu.style.display = 'block'; wrap.setAttribute('aria-expanded', 'true');
  };
  input.addEventListener('input', () => {
    id.value = '';
    const q = input.value.trim().toLowerCase();
    if (!q) { menu.style.display = 'none'; return; }
    const hits = CATS.filter(([, l]) => l.toLowerCase().includes(q));
    if (hits.length) show(hits, '');
    else show(CATS.filter(([v]) => POPULAR.includes(v)), 'No exact match - popular categories:');
  });
  input.addEventListener('blur', () => setTimeout(() => { menu.style.display = 'none'; }, 200));

  const STATES = [['AZ', 'Arizona'], ['CA', 'California'], ['CO', 'Colorado'], ['FL', 'Florida'], ['NM', 'New Mexico'],
                  ['NY', 'New York'], ['OK', 'Oklahoma'], ['TX', 'Texas'], ['UT', 'Utah'], ['WA', 'Washington']];
  const st = document.getElementById('st'), list = document.getElementById('st-list'), stv = document.getElementById('st-value');
  const closeStates = () => { list.innerHTML = ''; st.setAttribute('aria-expanded', 'false'); };
  st.addEventListener('click', () => {
    if (st.getAttribute('aria-expanded') === 'true') { closeStates(); return; }
    for (const [code, name] of STATES) {
      const o = document.createElement('div'); o.setAttribute('role', 'option'); o.id = 'st-' + code; o.textContent = name;
      o.addEventListener('click', () => { stv.value = code; st.textContent = name; closeStates(); });
      list.appendChild(o);
    }
    st.setAttribute('aria-expanded', 'true');
  });
})();
</script></body></html>""",
    "response": "<html><body><h1>Welcome to EventHub!</h1><p>Your listing was created successfully.</p></body></html>",
    "expect_status": "success",
    "expect": {"name": "name", "email": "email", "state": "TX"},
    "must_be_empty": ["category_name", "category_id"],
}

# <datalist> suggestions: the category must be one of the directory's own names, the city one of its entries.
PAGES["datalist_fields"] = {
    "profile": "plumbing",
    "html": """<!doctype html><html><head><meta charset="utf-8"><title>Register your trade - HomePros</title></head><body>
<h1>Register your trade</h1>
<form method="post" action="/datalist_fields/post">
<fieldset><legend>Your business</legend>
 <label>Company <input name="company" required></label><br>
 <label>Trade category <input name="trade" list="trade-list" required placeholder="Start typing..."></label>
 <datalist id="trade-list"><option value="Appliance Repair"><option value="Carpet Cleaning"><option value="Electricians">
   <option value="Handyman Services"><option value="Plumbers &amp; Drain Cleaning"><option value="Roofing Contractors"></datalist><br>
 <label>Service area <input name="area" list="areas"></label>
 <datalist id="areas"><option value="Austin, TX"><option value="Dallas, TX"><option value="El Paso, TX">
   <option value="Houston, TX"><option value="San Antonio, TX"></datalist>
</fieldset>
<fieldset><legend>Contact</legend>
 <label>Email <input name="email" type="email" required></label><br>
 <label>Phone <input name="phone" type="tel"></label>
</fieldset>
<input type="submit" value="Register">
</form></body></html>""",
    "response": "<html><body><h1>Thanks for registering!</h1><p>Your trade listing has been submitted.</p></body></html>",
    "expect_status": "success",
    "expect": {"company": "name", "trade": "Plumbers & Drain Cleaning", "area": "Austin, TX", "email": "email",
               "phone": "phone_digits"},
    "must_be_empty": [],
}

# Vuetify-style selects: a read-only input with role=combobox inside a styled field; the menu is rendered at the
# end of <body> while open, and a hidden input carries the value.
PAGES["readonly_combobox"] = {
    "profile": "plumbing",
    "html": """<!doctype html><html><head><meta charset="utf-8"><title>Register - TX Home Services</title>
<style>.v-field{position:relative;width:320px;border-bottom:1px solid #888;margin:14px 0;padding-top:14px}
.v-label{position:absolute;top:0;font-size:12px;color:#555} .v-field input{width:100%;border:0;cursor:pointer}
.v-overlay{position:absolute;background:#fff;box-shadow:0 2px 6px #0004;width:320px} .v-list-item{padding:6px 10px}</style>
</head><body><div id="app"><h2>Register your company</h2>
<form method="post" action="/readonly_combobox/post">
 <div class="v-field"><label class="v-label" for="input-1">Company name</label><input id="input-1" name="company"></div>
 <div class="v-field"><label class="v-label" for="input-2">E-mail</label><input id="input-2" name="email" type="email"></div>
 <div class="v-field" data-items="services"><label class="v-label" for="input-3">Service category</label>
   <input id="input-3" type="text" readonly role="combobox" aria-expanded="false" aria-controls="menu-3" placeholder="Select">
   <input type="hidden" name="service"></div>
 <div class="v-field" data-items="states"><label class="v-label" for="input-4">State</label>
   <input id="input-4" type="text" readonly role="combobox" aria-expanded="false" aria-controls="menu-4" placeholder="Select">
   <input type="hidden" name="state"></div>
 <button type="submit">Register</button>
</form></div>
<script>
const ITEMS = {
  services: [['s1', 'Air Conditioning & Heating'], ['s2', 'Electrical Services'], ['s3', 'Plumbing Services'], ['s4', 'Roofing']],
  states: [['NM', 'New Mexico'], ['OK', 'Oklahoma'], ['TX', 'Texas']],
};
document.querySelectorAll('.v-field[data-items]').forEach((field, n) => {
  const input = field.querySelector('input[role=combobox]'), hidden = field.querySelector('input[type=hidden]');
  const close = () => { const m = document.getElementById(input.getAttribute('aria-controls')); if (m) m.remove(); input.setAttribute('aria-expanded', 'false'); };
  input.addEventListener('click', () => {
    if (input.getAttribute('aria-expanded') === 'true') { close(); return; }
    const r = input.getBoundingClientRect();
    const menu = document.createElement('div');
    menu.className = 'v-overlay v-list'; menu.id = input.getAttribute('aria-controls'); menu.setAttribute('role', 'listbox');
    menu.style.left = (r.left + scrollX) + 'px'; menu.style.top = (r.bottom + scrollY + 4) + 'px';
    for (const [value, title] of ITEMS[field.dataset.items]) {
      const item = document.createElement('div'); item.className = 'v-list-item'; item.setAttribute('role', 'option'); item.textContent = title;
      item.addEventListener('click', () => { input.value = title; hidden.value = value; close(); });
      menu.appendChild(item);
    }
    document.body.appendChild(menu); input.setAttribute('aria-expanded', 'true');
  });
});
</script></body></html>""",
    "response": "<html><body><h1>Thank you</h1><p>Your company was registered successfully.</p></body></html>",
    "expect_status": "success",
    "expect": {"company": "name", "email": "email", "service": "s3", "state": "TX"},
    "must_be_empty": [],
}

# Only autocomplete=off says that the town field suggests anything: no ARIA, no class name. It asks a slow search
# endpoint 300 ms after the last key, and the answer comes 800 ms later, well after the page has been still for a
# while; until a suggestion is chosen the hidden id stays empty and the form refuses to submit.
PAGES["slow_remote_suggest"] = {
    "profile": "sample",
    "api": {"towns": lambda q: word_prefix_search(METRO_CITIES, q)},
    "api_delay": 0.8,
    "html": """<!doctype html><html><head><meta charset="utf-8"><title>Register your business - Lakeside Pages</title>
<style>.hits{position:absolute;background:#fff;border:1px solid #aaa;margin:0;padding:0;list-style:none}
.hits li{padding:3px 8px;cursor:pointer}</style></head><body>
<h1>Register your business</h1>
<form id="rf" method="post" action="/slow_remote_suggest/post">
 <p><label for="bn">Business name</label><br><input id="bn" name="business"></p>
 <p><label for="em">Email</label><br><input id="em" name="email" type="email"></p>
 <p><label for="tw">Town</label><br><input id="tw" name="town" autocomplete="off"><input type="hidden" name="town_ref"></p>
 <p><button type="submit">Register</button></p>
</form>
<script>
const town = document.getElementById('tw'), ref = document.querySelector('input[name=town_ref]');
let timer = null, hits = null;
const drop = () => { if (hits) { hits.remove(); hits = null; } };
town.addEventListener('input', () => {
  clearTimeout(timer); drop();
  timer = setTimeout(async () => {
    const answer = await fetch('/slow_remote_suggest/api/towns?q=' + encodeURIComponent(town.value));
    const found = await answer.json();
    drop();
    if (!found.length) return;
    const r = town.getBoundingClientRect();
    hits = document.createElement('ul'); hits.className = 'hits';
    hits.style.left = (r.left + scrollX) + 'px'; hits.style.top = (r.bottom + scrollY) + 'px'; hits.style.width = r.width + 'px';
    for (const t of found) {
      const li = document.createElement('li'); li.textContent = t.label;
      li.addEventListener('mousedown', () => { town.value = t.label; ref.value = t.id; setTimeout(drop, 0); });
      hits.appendChild(li);
    }
    document.body.appendChild(hits);
  }, 300);
});
document.getElementById('rf').addEventListener('submit', (e) => {
  if (!ref.value) { e.preventDefault(); alert('Please choose your town from the suggestions.'); }
});
</script></body></html>""",
    "response": "<html><body><h1>Thanks for registering</h1><p>Your business was submitted successfully.</p></body></html>",
    "expect_status": "success",
    "expect": {"business": "name", "email": "email", "town": "Austin, TX", "town_ref": "2"},
    "must_be_empty": [],
}
