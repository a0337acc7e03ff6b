"""The submission engine: fills and submits directory listing forms in Chromium.

Modules, one job each:
  browser_pool      one Chromium per process, a fresh context per submission, N at once, crash restart
  browser_submitter BrowserSubmitter (the worker.submission.Submitter) and submit_once() for one-off runs
  submission_flow   one submission: open, find the form (links, late JS, iframes, wizards), fill, submit, classify
  field_signals     in-page collection of each control's signals (labels, name/id, placeholder, text before...)
  patterns          per-attribute patterns (autocomplete, type, regexes), honeypot names, button texts
  field_mapping     signals -> profile attribute -> planned action, with the reasons
  option_matching   fuzzy choice of select/radio/checkbox options (categories, states, countries)
  value_fitting     value formats fitted to maxlength / pattern / placeholder; alternatives after a rejection
  profile_values    the values a BusinessProfile offers (name parts, phone parts, region/country forms)
  filler            applies a plan to the page
  page_probe        buttons, "add your business" links, captcha widgets, page text, invalid fields
  outcome           classification of what happened after the submit click (pure rules)
  evidence          screenshots, HTML snapshot, mapping JSON under <evidence_dir>/<job>/<result>-<attempt>/
  profile_from_json the JSON order format -> BusinessProfile;  sample_profile: the built-in sample
"""
