"""Directory forms whose category control keeps several values, written the way sites get them from UI kits or
hand-roll them: a tags input where each chosen suggestion becomes a chip (the ids go to a hidden field), a
Choices.js-style enhanced <select multiple>, a plain <select multiple> with a limit in its help text, and a
suggestion widget whose suggestions cannot be chosen (its click handler is broken).

Each page: ``html``, the ``response`` to its POST, the ``expect``ed values by field name (lists: every value the
field must carry, in any order) and ``must_be_empty`` fields."""

PAGES: dict[str, dict] = {}

TRADE_CATEGORIES = [
    (3, "Web Design & Development"), (4, "Graphic Design"), (5, "Software Development"), (6, "Web Hosting"),
    (7, "Marketing Agencies & Advertising"), (8, "Restaurants"), (9, "Plumbers"), (10, "Computer Repair"),
]

# A hand-rolled tags input: type, pick a suggestion from the dropdown under the field, it becomes a chip; at most
# two (data-max-tags); the chosen ids are joined into a hidden field.
PAGES["tags_chips"] = {
    "html": """<!doctype html><html><head><meta charset="utf-8"><title>Add your company - BizList</title>
<style>.row{margin:10px 0} .tag-field{position:relative;border:1px solid #999;padding:4px;width:420px;min-height:30px}
.tag-field__chip{display:inline-block;background:#def;border-radius:10px;padding:2px 8px;margin:2px}
.tag-field__input{border:0;outline:0;width:200px} .tag-field__menu{position:absolute;left:0;top:100%;width:100%;background:#fff;border:1px solid #999;z-index:3}
.tag-field__item{padding:4px 8px;cursor:pointer} .tag-field__item:hover{background:#eef}</style></head><body>
<h1>Add your company</h1>
<form method="post" action="/tags_chips/post" id="f">
 <div class="row"><label for="co">Company name</label><br><input id="co" name="company" required></div>
 <div class="row"><label for="em">Email</label><br><input id="em" name="email" type="email" required></div>
 <div class="row"><label for="cat">Categories</label>
  <div class="tag-field" data-max-tags="2"><span class="tag-field__chips"></span>
   <input id="cat" class="tag-field__input" placeholder="Type to search categories"></div>
  <input type="hidden" name="category_ids" id="category-ids"></div>
 <div class="row"><button type="submit">Save company</button></div>
</form>
<script>
const CATS = %CATS%;
const wrap = document.querySelector('.tag-field'), input = document.getElementById('cat');
const chips = wrap.querySelector('.tag-field__chips'), ids = document.getElementById('category-ids');
const max = parseInt(wrap.dataset.maxTags, 10);
let chosen = [], menu = null;
const closeMenu = () => { if (menu) { menu.remove(); menu = null; } };
const render = () => {
  chips.innerHTML = '';
  for (const [id, label] of chosen) {
    const chip = document.createElement('span'); chip.className = 'tag-field__chip'; chip.textContent = label + ' ';
    const x = document.createElement('button'); x.type = 'button'; x.textContent = '\u00d7'; x.setAttribute('aria-label', 'Remove');
    x.onclick = () => { chosen = chosen.filter(c => c[0] !== id); render(); };
    chip.appendChild(x); chips.appendChild(chip);
  }
  ids.value = chosen.map(c => c[0]).join(',');
  input.disabled = chosen.length >= max;
};
input.addEventListener('input', () => {
  closeMenu();
  const q = input.value.trim().toLowerCase();
  if (q.length < 2) return;
  const hits = CATS.filter(([id, l]) => !chosen.some(c => c[0] === id) &&
    q.split(/\\s+/).every(w => l.toLowerCase().split(/[\\s&]+/).some(x => x.startsWith(w))));
  if (!hits.length) return;
  menu = document.createElement('div'); menu.className = 'tag-field__menu';
  for (const [id, label] of hits) {
    const it = document.createElement('div'); it.className = 'tag-field__item'; it.textContent = label;
    it.addEventListener('mousedown', (e) => { e.preventDefault(); chosen.push([id, label]); input.value = ''; closeMenu(); render(); });
    menu.appendChild(it);
  }
  wrap.appendChild(menu);
});
input.addEventListener('blur', () => setTimeout(closeMenu, 150));
</script></body></html>""".replace("%CATS%", str([list(c) for c in TRADE_CATEGORIES])),
    "response": "<html><body><h1>Thanks!</h1><p>Your company has been added to BizList.</p></body></html>",
    "expect_status": "success",
    "expect": {"company": "name", "email": "email", "category_ids": "3,5"},
    "must_be_empty": [],
}

# Choices.js-style: the real <select multiple> is hidden inside the widget's wrapper, which shows chips and its
# own search box; the limit is the widget's data attribute.
PAGES["choices_multi"] = {
    "html": """<!doctype html><html><head><meta charset="utf-8"><title>Submit listing - Trade Index</title></head><body>
<h1>Submit your listing</h1>
<form method="post" action="/choices_multi/post">
 <p><label for="n">Business name</label><br><input id="n" name="title" required></p>
 <p><label for="m">Contact email</label><br><input id="m" name="contact" type="email" required></p>
 <p><label for="cats">Business categories</label></p>
 <div class="choices" data-type="select-multiple" data-max-item-count="2">
  <div class="choices__inner">
   <select id="cats" name="categories[]" multiple class="choices__input" hidden tabindex="-1" data-choice="active">
    %OPTIONS%
   </select>
   <div class="choices__list choices__list--multiple"></div>
   <input type="search" class="choices__input choices__input--cloned" placeholder="Search categories" autocomplete="off">
  </div>
 </div>
 <p><button type="submit">Submit listing</button></p>
</form></body></html>""".replace("%OPTIONS%", "\n    ".join(
        f'<option value="{slug}">{label}</option>' for slug, label in [
            ("graphic-design", "Graphic Design"), ("web-design", "Web Design & Development"),
            ("software", "Software Development"), ("marketing", "Marketing Agencies & Advertising"),
            ("restaurants", "Restaurants"), ("plumbers", "Plumbers")])),
    "response": "<html><body><h1>Listing submitted</h1><p>Thank you, we will review your listing.</p></body></html>",
    "expect_status": "success",
    "expect": {"title": "name", "contact": "email", "categories[]": ["web-design", "software"]},
    "must_be_empty": [],
}

# A plain multiple select whose help text sets the limit.
PAGES["native_multi_select"] = {
    "html": """<!doctype html><html><head><meta charset="utf-8"><title>Get listed - Austin Business Directory</title></head><body>
<h2>Get listed</h2>
<form method="post" action="/native_multi_select/post">
<table>
<tr><th><label for="bn">Business Name</label></th><td><input id="bn" name="bn" size="40"></td></tr>
<tr><th><label for="be">E-mail</label></th><td><input id="be" name="be" size="40"></td></tr>
<tr><th><label for="bc">Categories</label></th><td><select id="bc" name="bc" multiple size="7">
  <option value="21">Advertising</option><option value="22">Computer Repair</option>
  <option value="23">Graphic Design</option><option value="24">Marketing Agencies</option>
  <option value="25">Software Development</option><option value="26">Web Design</option>
  <option value="27">Web Hosting</option></select>
  <small>Hold Ctrl to choose up to 2 categories.</small></td></tr>
<tr><td></td><td><input type="submit" value="Add my business"></td></tr>
</table></form></body></html>""",
    "response": "<html><body><h1>Thank you</h1><p>Your business was submitted successfully.</p></body></html>",
    "expect_status": "success",
    "expect": {"bn": "name", "be": "email", "bc": ["26", "25"]},
    "must_be_empty": [],
}

# A suggestion widget whose suggestions ignore clicks (a broken handler): the category is optional, so the form
# goes through, but nothing may be claimed for it and no search text may be left in the field.
PAGES["suggestion_not_taken"] = {
    "html": """<!doctype html><html><head><meta charset="utf-8"><title>New listing - LocalFind</title>
<style>.box{position:relative;width:300px} .box ul{position:absolute;top:100%;left:0;right:0;list-style:none;margin:0;padding:0;background:#fff;border:1px solid #aaa}
.box li{padding:4px}</style></head><body>
<h1>New listing</h1>
<form method="post" action="/suggestion_not_taken/post">
 <p><label for="n">Business name</label><br><input id="n" name="name" required></p>
 <p><label for="e">Email</label><br><input id="e" name="email" type="email" required></p>
 <p><label for="c">Category</label><br><span class="box"><input id="c" name="category_text" role="combobox"
   aria-autocomplete="list" aria-controls="c-list" aria-expanded="false" autocomplete="off"><ul id="c-list" role="listbox" hidden></ul></span>
   <input type="hidden" name="category_id" id="cid"></p>
 <p><button type="submit">Create listing</button></p>
</form>
<script>
const CATS = %CATS%;
const input = document.getElementById('c'), list = document.getElementById('c-list');
input.addEventListener('input', () => {
  const q = input.value.trim().toLowerCase();
  list.innerHTML = '';
  const hits = q.length < 2 ? [] : CATS.filter(([, l]) => l.toLowerCase().split(/[\\s&]+/).some(x => x.startsWith(q.split(' ')[0])));
  for (const [id, label] of hits) {
    const li = document.createElement('li'); li.setAttribute('role', 'option'); li.textContent = label;
    li.addEventListener('click', () => { if (window.categoryPicked) window.categoryPicked(id, label); });
    list.appendChild(li);
  }
  list.hidden = !hits.length; input.setAttribute('aria-expanded', String(!!hits.length));
});
</script></body></html>""".replace("%CATS%", str([list(c) for c in TRADE_CATEGORIES])),
    "response": "<html><body><h1>Thank you!</h1><p>Your listing was created.</p></body></html>",
    "expect_status": "success",
    "expect": {"name": "name", "email": "email"},
    "must_be_empty": ["category_id", "category_text"],
}

# A React-UI-kit-style multiple autocomplete: an ARIA combobox whose popup listbox is multi-selectable and stays
# open after each choice (chosen options get aria-selected); chips are rendered before the input and each chosen id
# is a hidden input of its own; the helper text (aria-describedby) gives the limit.
PAGES["aria_multi_autocomplete"] = {
    "html": """<!doctype html><html><head><meta charset="utf-8"><title>Create a listing - Nearby</title>
<style>.field{margin:12px 0} .input-base{display:flex;flex-wrap:wrap;gap:4px;border:1px solid #888;padding:4px;width:460px;position:relative}
.chip{background:#e0e0e0;border-radius:12px;padding:2px 10px} .input-base input{flex:1;border:0;min-width:120px}
.popper{position:absolute;top:100%;left:0;width:100%;background:#fff;border:1px solid #aaa;margin:0;padding:0;list-style:none;z-index:5}
.popper li{padding:5px 8px} .popper li[aria-selected=true]{background:#dde}</style></head><body>
<h1>Create a listing</h1>
<form method="post" action="/aria_multi_autocomplete/post">
 <div class="field"><label for="t">Name of your business</label><br><input id="t" name="listing_title" required></div>
 <div class="field"><label for="m">Email</label><br><input id="m" name="listing_email" type="email" required></div>
 <div class="field"><label id="cat-label" for="cat-ac">Business categories</label>
  <div class="input-base"><input id="cat-ac" role="combobox" aria-autocomplete="list" aria-expanded="false"
    aria-controls="cat-popup" aria-describedby="cat-help" autocomplete="off"></div>
  <p id="cat-help">Add your categories, maximum 2.</p>
  <div id="cat-values"></div></div>
 <button type="submit">Publish</button>
</form>
<script>
const CATS = %CATS%;
const input = document.getElementById('cat-ac'), base = input.parentElement, values = document.getElementById('cat-values');
let chosen = [], pop = null;
const close = () => { if (pop) { pop.remove(); pop = null; input.setAttribute('aria-expanded', 'false'); } };
function draw() {
  base.querySelectorAll('.chip').forEach(c => c.remove());
  values.innerHTML = '';
  for (const [id, label] of chosen) {
    const c = document.createElement('span'); c.className = 'chip'; c.textContent = label; base.insertBefore(c, input);
    const h = document.createElement('input'); h.type = 'hidden'; h.name = 'category'; h.value = id; values.appendChild(h);
  }
}
function open(q) {
  close();
  const hits = CATS.filter(([, l]) => l.toLowerCase().includes(q.toLowerCase()));
  pop = document.createElement('ul'); pop.className = 'popper'; pop.id = 'cat-popup';
  pop.setAttribute('role', 'listbox'); pop.setAttribute('aria-multiselectable', 'true');
  if (!hits.length) pop.innerHTML = '<li class="no-options">No options</li>';
  for (const [id, label] of hits) {
    const li = document.createElement('li'); li.setAttribute('role', 'option'); li.textContent = label;
    li.setAttribute('aria-selected', String(chosen.some(c => c[0] === id)));
    li.addEventListener('mousedown', (e) => e.preventDefault());
    li.addEventListener('click', () => {
      if (chosen.some(c => c[0] === id)) chosen = chosen.filter(c => c[0] !== id); else chosen.push([id, label]);
      draw(); li.setAttribute('aria-selected', String(chosen.some(c => c[0] === id)));
    });
    pop.appendChild(li);
  }
  base.appendChild(pop); input.setAttribute('aria-expanded', 'true');
}
input.addEventListener('input', () => { if (input.value.trim().length >= 2) open(input.value.trim()); else close(); });
input.addEventListener('blur', () => setTimeout(close, 100));
</script></body></html>""".replace("%CATS%", str([list(c) for c in TRADE_CATEGORIES])),
    "response": "<html><body><h1>Published!</h1><p>Thanks, your listing is live after review.</p></body></html>",
    "expect_status": "success",
    "expect": {"listing_title": "name", "listing_email": "email", "category": ["3", "5"]},
    "must_be_empty": [],
}
