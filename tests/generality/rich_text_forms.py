"""Directory forms whose description is a rich-text editor, written as sites embedding Quill, TinyMCE or a
ProseMirror-based editor render them: a contenteditable element with a toolbar, an editor in an iframe whose
body is editable, and hidden fields the site's own script keeps in sync (the server reads those)."""

PAGES: dict[str, dict] = {}

# Quill-style: a toolbar of buttons between the label and the editor, the editor a contenteditable div, and a
# hidden input that a MutationObserver keeps equal to the editor's HTML.
PAGES["quill_editor"] = {
    "profile": "sample",
    "html": """<!doctype html><html><head><meta charset="utf-8"><title>Submit your company | BizList</title>
<style>.ql-editor{min-height:120px;border:1px solid #ccc;padding:8px}
.ql-editor.ql-blank::before{content:attr(data-placeholder);color:#999;position:absolute}
.ql-toolbar button{width:28px;height:24px}</style></head><body>
<h1>Submit your company</h1>
<form method="post" action="/quill_editor/post" id="company-form">
 <p><label for="cname">Company name</label><br><input id="cname" name="company_name" required></p>
 <p><label for="cmail">Contact e-mail</label><br><input id="cmail" name="contact_email" type="email" required></p>
 <p><label for="curl">Website URL</label><br><input id="curl" name="website_url"></p>
 <div class="form-field">
   <label>Company description</label>
   <div id="toolbar" class="ql-toolbar ql-snow">
     <span class="ql-formats"><button type="button" class="ql-bold" title="Bold"><b>B</b></button><button type="button"
       class="ql-italic" title="Italic"><i>I</i></button><button type="button" class="ql-link" title="Link">&#128279;</button></span>
     <span class="ql-formats"><button type="button" class="ql-list" value="bullet" title="Bulleted list">&bull;</button></span>
   </div>
   <div id="editor" class="ql-container ql-snow"><div class="ql-editor ql-blank" contenteditable="true" role="textbox"
     aria-multiline="true" data-gramm="false" data-placeholder="What does your company do?"><p><br></p></div></div>
   <input type="hidden" name="company_description" id="company_description">
 </div>
 <button type="submit">Submit company</button>
</form>
<script>
(function () {
  const editor = document.querySelector('#editor .ql-editor');
  const hidden = document.getElementById('company_description');
  const sync = () => {
    const text = editor.innerText.trim();
    editor.classList.toggle('ql-blank', text === '');
    hidden.value = text === '' ? '' : editor.innerHTML;
  };
  new MutationObserver(sync).observe(editor, {childList: true, subtree: true, characterData: true});
  document.querySelectorAll('#toolbar button').forEach(b => b.addEventListener('click', () =>
    document.execCommand(b.className === 'ql-bold' ? 'bold' : 'italic')));
  document.getElementById('company-form').addEventListener('submit', (e) => {
    if (!hidden.value) { e.preventDefault(); alert('Please describe your company.'); }
  });
})();
</script></body></html>""",
    "response": "<html><body><h2>Thanks for your submission!</h2><p>Your company was received and is pending approval.</p></body></html>",
    "expect_status": "success",
    "expect": {"company_name": "name", "contact_email": "email", "website_url": "website",
               "company_description": "description_html"},
    "must_be_empty": [],
}

# TinyMCE-style: the label belongs to a hidden textarea, the editor is an iframe whose body is contenteditable,
# and the textarea is only written on submit (like tinymce.triggerSave()).
PAGES["tinymce_editor"] = {
    "profile": "plumbing",
    "html": """<!doctype html><html><head><meta charset="utf-8"><title>Add a listing - Texas Trades Directory</title>
<style>.tox{border:1px solid #ccc;width:520px} .tox-edit-area iframe{width:100%;height:180px;border:0}</style></head><body>
<div class="wrap"><h2>Add a listing</h2>
<form action="/tinymce_editor/post" method="post" id="post">
<table class="form-table"><tbody>
<tr><th><label for="title">Business Name</label></th><td><input type="text" name="post_title" id="title" size="40"></td></tr>
<tr><th><label for="ph">Phone</label></th><td><input type="text" name="meta[phone]" id="ph"></td></tr>
<tr><th><label for="em">Email</label></th><td><input type="text" name="meta[email]" id="em"></td></tr>
<tr><th><label for="listing_content">Listing Description</label></th><td>
  <textarea id="listing_content" name="listing_content" aria-hidden="true" style="display:none"></textarea>
  <div role="application" class="tox tox-tinymce">
    <div class="tox-editor-container">
      <div class="tox-editor-header">
        <div role="menubar" class="tox-menubar"><button type="button" class="tox-mbtn">Edit</button><button type="button" class="tox-mbtn">Format</button></div>
        <div role="toolbar" class="tox-toolbar"><div role="group" class="tox-toolbar__group"><button type="button" aria-label="Bold"
          class="tox-tbtn">B</button><button type="button" aria-label="Italic" class="tox-tbtn">I</button></div></div></div>
      <div class="tox-sidebar-wrap"><div class="tox-edit-area"><iframe id="listing_content_ifr" frameborder="0"
        title="Rich Text Area" class="tox-edit-area__iframe"></iframe></div></div>
      <div class="tox-statusbar"><div class="tox-statusbar__path">p</div><span class="tox-statusbar__wordcount">0 words</span></div>
    </div>
  </div>
</td></tr>
</tbody></table>
<p class="submit"><input type="submit" name="publish" id="publish" class="button button-primary" value="Submit Listing"></p>
</form></div>
<script>
(function () {
  const doc = document.getElementById('listing_content_ifr').contentDocument;
  doc.open();
  doc.write('<!DOCTYPE html><html><head><style>body{font-family:sans-serif;margin:8px}</style></head>' +
            '<body id="tinymce" class="mce-content-body" data-id="listing_content" contenteditable="true" spellcheck="false">' +
            '<p><br data-mce-bogus="1"></p></body></html>');
  doc.close();
  const body = doc.body;
  const count = document.querySelector('.tox-statusbar__wordcount');
  body.addEventListener('input', () => {
    count.textContent = body.innerText.trim().split(/\\s+/).filter(Boolean).length + ' words';
  });
  document.getElementById('post').addEventListener('submit', () => {
    document.getElementById('listing_content').value = body.innerHTML;
  });
})();
</script></body></html>""",
    "response": "<html><body><h1>Listing submitted</h1><p>Thank you. Your listing has been received and awaits moderation.</p></body></html>",
    "expect_status": "success",
    "expect": {"post_title": "name", "meta[phone]": "phone_digits", "meta[email]": "email",
               "listing_content": "description_html"},
    "must_be_empty": [],
}

# A ProseMirror-based editor in a single-page app: labelled by aria-labelledby, no hidden field at all - the
# app keeps the text from the editor's input events and posts JSON.
PAGES["prosemirror_editor"] = {
    "profile": "sample",
    "html": """<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Create your free profile - Studio Index</title>
<style>.ProseMirror{min-height:100px;border:1px solid #bbb;padding:6px;white-space:pre-wrap}</style></head><body>
<div id="root"><main class="page"><h1>Create your free profile</h1>
<form class="profile-form" novalidate>
  <div class="field"><label class="field-label" for="f-name">Studio / business name</label><input id="f-name" class="input" autocomplete="organization"></div>
  <div class="field"><label class="field-label" for="f-email">Email</label><input id="f-email" class="input" type="email" autocomplete="email"></div>
  <div class="field"><label class="field-label" for="f-web">Website</label><input id="f-web" class="input" type="url"></div>
  <div class="field"><div class="field-label" id="bio-label">Short bio</div>
    <div class="rte"><div class="rte-menu" role="toolbar" aria-label="Formatting"><button type="button" aria-pressed="false">Bold</button>
      <button type="button" aria-pressed="false">Italic</button><button type="button">Link</button></div>
      <div class="ProseMirror" contenteditable="true" role="textbox" aria-multiline="true" aria-labelledby="bio-label"
        translate="no"><p><br class="ProseMirror-trailingBreak"></p></div></div>
    <p class="hint">Up to 500 characters. Shown on your public profile.</p></div>
  <p class="form-error" role="alert"></p>
  <button class="btn" type="submit">Create profile</button>
</form></main></div>
<script>
(function () {
  const editor = document.querySelector('.ProseMirror');
  let bio = '';
  editor.addEventListener('input', () => { bio = editor.innerText.trim(); });
  document.querySelector('.profile-form').addEventListener('submit', async (e) => {
    e.preventDefault();
    if (!bio) { document.querySelector('.form-error').textContent = 'Please write a short bio.'; return; }
    const body = {name: document.getElementById('f-name').value, email: document.getElementById('f-email').value,
                  website: document.getElementById('f-web').value, bio};
    const r = await fetch('/prosemirror_editor/post', {method: 'POST', headers: {'Content-Type': 'application/json'},
                                                       body: JSON.stringify(body)});
    document.querySelector('main').innerHTML = r.ok
      ? '<h1>Profile created</h1><p>Thanks! Your profile is now pending review.</p>'
      : '<p role="alert">Sorry, something went wrong.</p>';
  });
})();
</script></body></html>""",
    "response": '{"ok": true}',
    "expect_status": "success",
    "expect": {"name": "name", "email": "email", "website": "website", "bio": "description"},
    "must_be_empty": [],
}

# CKEditor 5-style: the editor's aria-label is the library's boilerplate, the meaning is in the label of the
# textarea it replaced (hidden, written back when the form is submitted); another textarea stays a plain one.
PAGES["ckeditor5_editor"] = {
    "profile": "plumbing",
    "html": """<!doctype html><html><head><meta charset="utf-8"><title>New listing - Hill Country Services</title>
<style>.ck-editor__editable{min-height:120px;border:1px solid #c4c4c4;padding:0 8px}
.ck-voice-label{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0)}</style></head><body>
<h1>New listing</h1>
<form method="post" action="/ckeditor5_editor/post" id="listing">
 <div class="row"><label for="bn">Business</label><input id="bn" name="business"></div>
 <div class="row"><label for="ct">Contact email</label><input id="ct" name="contact" type="email"></div>
 <div class="row"><label for="about">About the business</label>
  <textarea name="about" id="about" style="display:none"></textarea>
  <div class="ck ck-reset ck-editor ck-rounded-corners" role="application" dir="ltr" lang="en" aria-labelledby="ck-editor__label_e1">
   <label class="ck ck-label ck-voice-label" id="ck-editor__label_e1">Rich Text Editor</label>
   <div class="ck ck-editor__top ck-reset_all" role="presentation"><div class="ck ck-sticky-panel"><div class="ck ck-toolbar"
     role="toolbar" aria-label="Editor toolbar"><button class="ck ck-button" type="button" aria-label="Bold">B</button><button
     class="ck ck-button" type="button" aria-label="Italic">I</button><button class="ck ck-button" type="button"
     aria-label="Link">Link</button></div></div></div>
   <div class="ck ck-editor__main" role="presentation"><div class="ck-blurred ck ck-content ck-editor__editable ck-rounded-corners
     ck-editor__editable_inline" lang="en" dir="ltr" role="textbox" aria-label="Editor editing area: main"
     contenteditable="true"><p><br data-cke-filler="true"></p></div></div>
  </div></div>
 <div class="row"><label for="hrs">Opening hours</label><textarea id="hrs" name="hours" rows="2"></textarea></div>
 <button type="submit">Save listing</button>
</form>
<script>
document.getElementById('listing').addEventListener('submit', () => {
  const editable = document.querySelector('.ck-editor__editable');
  document.getElementById('about').value = editable.innerHTML;  // like editor.updateSourceElement()
});
</script></body></html>""",
    "response": "<html><body><h1>Saved</h1><p>Thank you, your listing has been received.</p></body></html>",
    "expect_status": "success",
    "expect": {"business": "name", "contact": "email", "about": "description_html"},
    "must_be_empty": ["hours"],
}
