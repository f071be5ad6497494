#!/usr/bin/env python3
"""Writes the hostile-input corpus: src/test/resources/hostile/*.jsonl, one request per line.

The files are the corpus (HostileCorpusIT replays every line); this script only saves typing. Add
a line to a file, or a case here and run it again: `python3 src/test/scripts/hostile_corpus.py`.

One line (JSON object):
  name         what is wrong, unique in the corpus
  as           partner:<client id> | bearer:<literal or @expired, @wrong-key, @alg-none, @tampered> | anonymous
               | user:<demo username> (a signed-in portal session)
  csrf         (user posts) page (default: the page's own token and Origin) | none | forged | other-session
  origin       (user posts) the Origin header sent, default the portal's own
  method, path
  headers      extra headers ({"Idempotency-Key": "@new"} is a fresh key)
  contentType  the Content-Type header (absent: none)
  body: one of
    text       the exact body; {repeat:N:s} and {nest:N} expand at run time
    event      a valid body of this catalogue type from the harness, then "set" (dotted path -> JSON value),
               "raw" (dotted path -> JSON text written as is, e.g. "\\ud800") and "remove" (dotted paths)
    handover   true: a valid handover from the harness, with set/raw/remove as above
    fhirTask   true: a valid FHIR Task of Northgate's, with "replace": {"old text": "new text"} on its JSON text
    form       portal form fields (urlencoded)
  status       "400", "4xx", "400|404": the answers allowed (always 4xx)
  kind         problem (application/problem+json) | fhir (OperationOutcome) | page (the portal's error page)
               | form (the form again with its error summary)
  field        (problem) a field its errors must name
  says         a fragment the answer must contain (case-insensitive)
  audit        the exact audit entries of the request ("denied delivery {foreign}"), when the product's rule says so
Placeholders in path, body and audit: {foreign} a delivery to Harbor, {foreignHandover} a handover Riverside shared
with Eastside, {foreignClient} a client Eastside has no relationship with, {unknown} an id nothing has,
{anHourAgo}, {localId}, {suffix}.
"""
import json
import os

OUT = os.path.join(os.path.dirname(__file__), "..", "resources", "hostile")
XSS = "<script>alert('corpus')</script>"
IMG = "\"><img src=x onerror=alert('corpus')>"
SQL = "1' OR '1'='1'; DROP TABLE delivery;--"
TRAVERSAL = "../../../../etc/passwd"
RTL = "\u202eevil\u202c"
ZW = "\u200b\u200d\ufeff"
COMBINING = "e" + "\u0301" * 40
ODD = [("RTL override", RTL), ("zero-width characters", ZW), ("stacked combining marks", COMBINING)]

MIND = "partner:ingest-mindbridge-bh"
NORTH = "partner:ingest-northgate-housing"
RIVER = "partner:ingest-riverside-hospital"
WELF = "partner:ingest-county-welfare"
KEY = {"Idempotency-Key": "@new"}
JSON_T = "application/json"
FHIR_T = "application/fhir+json"
FORM_T = "application/x-www-form-urlencoded"

files = {}


def add(area, name, **e):
    e = {"name": name, **e}
    files.setdefault(area, []).append(e)


def bad_event(name, etype, as_, field, set_=None, raw=None, remove=None, status="400"):
    body = {"event": etype}
    if set_:
        body["set"] = set_
    if raw:
        body["raw"] = raw
    if remove:
        body["remove"] = remove
    add("partner-api", "events: " + name, **{"as": as_, "method": "POST", "path": "/api/v1/events", "headers": KEY,
                                           "contentType": JSON_T, **body, "status": status, "kind": "problem", "field": field})


def partner_api():
    M = "MISSED_CONTACT_AFTER_CRISIS"
    U = "URGENT_ACCESS_PROBLEM"
    # broken and truncated JSON
    for i, text in enumerate(["{", "{\"type\":", "{\"type\": \"MISSED_CONTACT_AFTER_CRISIS\", \"client\": {\"localId\": \"L1\"",
                              "{\"type\": \"X\"}}", "[", "nul", "{'type': 'X'}", "{\"type\": \"X\",, }", "{\"a\" \"b\"}",
                              "\u0000\u0000", "{\"type\": \"X\"}garbage", "{\"type\": NaN}", "{\"type\": \"X\" \"client\": {}}",
                              "{\"type\": \"unterminated}", "/* comment */ {}", "\ufeff\ufeff{}"]):
        add("partner-api", "events: broken JSON #%d %r" % (i + 1, text[:30]), **{"as": MIND, "method": "POST", "path": "/api/v1/events",
            "headers": KEY, "contentType": JSON_T, "text": text, "status": "400", "kind": "problem", "field": "body"})
    add("partner-api", "events: a valid body cut in half", **{"as": MIND, "method": "POST", "path": "/api/v1/events", "headers": KEY,
        "contentType": JSON_T, "event": M, "truncate": 0.5, "status": "400", "kind": "problem", "field": "body"})
    add("partner-api", "events: a valid body missing its last byte", **{"as": MIND, "method": "POST", "path": "/api/v1/events",
        "headers": KEY, "contentType": JSON_T, "event": M, "truncate": -1, "status": "400", "kind": "problem", "field": "body"})
    add("partner-api", "events: invalid UTF-8 bytes", **{"as": MIND, "method": "POST", "path": "/api/v1/events", "headers": KEY,
        "contentType": JSON_T, "base64": "eyJ0eXBlIjogIv/+/SJ9", "status": "400", "kind": "problem"})
    # huge and deeply nested
    add("partner-api", "events: array nested 10000 deep", **{"as": MIND, "method": "POST", "path": "/api/v1/events", "headers": KEY,
        "contentType": JSON_T, "text": "{nest:10000}", "status": "400|413", "kind": "problem"})
    add("partner-api", "events: object nested 3000 deep in data", **{"as": MIND, "method": "POST", "path": "/api/v1/events",
        "headers": KEY, "contentType": JSON_T, "event": M, "raw": {"data.clinicalNotes": "{nestobj:3000}"}, "status": "400|413",
        "kind": "problem"})
    add("partner-api", "events: 300 KB body", **{"as": MIND, "method": "POST", "path": "/api/v1/events", "headers": KEY,
        "contentType": JSON_T, "event": M, "set": {"data.clinicalNotes": "{repeat:300000:x}"}, "status": "413", "kind": "problem"})
    add("partner-api", "events: 100000 unknown keys", **{"as": MIND, "method": "POST", "path": "/api/v1/events", "headers": KEY,
        "contentType": JSON_T, "text": "{\"type\":\"X\",{repeat:20000:\"k\":1,}\"z\":1}", "status": "400|413", "kind": "problem"})
    add("partner-api", "events: a list of 20000 items", **{"as": RIVER, "method": "POST", "path": "/api/v1/events", "headers": KEY,
        "contentType": JSON_T, "event": "DISCHARGE_HANDOVER", "raw": {"data.followUpNeeds": "[{repeat:20000:\"a\",}\"a\"]"},
        "status": "400|413", "kind": "problem", "field": "data.followUpNeeds"})
    # wrong types
    for path, value in [("type", 42), ("type", None), ("type", ["MISSED_CONTACT_AFTER_CRISIS"]), ("type", {"code": M}),
                        ("client", []), ("client", 1), ("client.localId", True), ("client.givenName", {"first": "Dana"}),
                        ("client.birthDate", 19870412), ("occurredAt", 1732500000), ("occurredAt", False), ("urgency", ["urgent_review"]),
                        ("data", "x"), ("data.contactAttempts", "2"), ("data.contactAttempts", True),
                        ("data.contactAttempts", [2]), ("data.lastKnownRiskLevel", 3), ("data.crisisDischargeDate", 20261120),
                        ("data.clinicalNotes", {"text": "x"})]:
        bad_event("wrong type: %s = %s" % (path, json.dumps(value)), M, MIND, path if path != "data.contactAttempts" else path,
                  set_={path: value})
    bad_event("wrong type: boolean as string \"true\"", U, NORTH, "data.vulnerableHousehold", set_={"data.vulnerableHousehold": "true"})
    bad_event("wrong type: number as 1e400", M, MIND, "data.contactAttempts", raw={"data.contactAttempts": "1e400"})
    bad_event("number beyond 1e15", M, MIND, "data.contactAttempts", set_={"data.contactAttempts": 1e16})
    bad_event("wrong type: contactAttempts huge", M, MIND, "data.contactAttempts", raw={"data.contactAttempts": "99999999999999999999999999"})
    # over-long strings
    for path, n in [("client.localId", 65), ("client.givenName", 101), ("client.familyName", 5000), ("data.clinicalNotes", 10001),
                    ("type", 5000), ("urgency", 5000), ("occurredAt", 5000), ("client.birthDate", 300)]:
        bad_event("over-long %s (%d characters)" % (path, n), M, MIND, path, set_={path: "{repeat:%d:A}" % n})
    # control characters
    for path in ["client.givenName", "client.familyName", "client.localId", "data.clinicalNotes"]:
        bad_event("NUL in %s" % path, M, MIND, path, raw={path: "\"Da\\u0000na\""})
    for ch in ["\\u0001", "\\u0007", "\\u001b[31m", "\\u007f", "\\b", "\\f"]:
        bad_event("control character %s in client.givenName" % ch, M, MIND, "client.givenName", raw={"client.givenName": "\"Da%sna\"" % ch})
    # odd Unicode where only a code is allowed
    for label, s in ODD:
        bad_event("%s in the type" % label, M, MIND, "type", set_={"type": M + s})
        bad_event("%s in the urgency" % label, M, MIND, "urgency", set_={"urgency": "urgent_review" + s})
        bad_event("%s in an enum value" % label, M, MIND, "data.lastKnownRiskLevel", set_={"data.lastKnownRiskLevel": "high" + s})
        bad_event("%s in the birth date" % label, M, MIND, "client.birthDate", set_={"client.birthDate": "1980-02-03" + s})
    bad_event("fullwidth digits in the birth date", M, MIND, "client.birthDate", set_={"client.birthDate": "\uff11\uff19\uff18\uff10-02-03"})
    bad_event("Arabic-Indic digits in a number field", M, MIND, "data.contactAttempts", set_={"data.contactAttempts": "\u0662"})
    # lone surrogates
    for path in ["client.givenName", "client.familyName", "client.localId", "data.clinicalNotes"]:
        bad_event("lone high surrogate in %s" % path, M, MIND, path, raw={path: "\"Da\\ud800na\""})
    bad_event("lone low surrogate in client.givenName", M, MIND, "client.givenName", raw={"client.givenName": "\"\\udc00\""})
    bad_event("reversed surrogate pair in data.clinicalNotes", M, MIND, "data.clinicalNotes", raw={"data.clinicalNotes": "\"\\ude00\\ud83d\""})
    # SQL and script injection in codes, dates and names of fields
    for label, s in [("SQL", SQL), ("script", XSS), ("attribute break-out", IMG)]:
        bad_event("%s injection in the type" % label, M, MIND, "type", set_={"type": s})
        bad_event("%s injection in the urgency" % label, M, MIND, "urgency", set_={"urgency": s})
        bad_event("%s injection in occurredAt" % label, M, MIND, "occurredAt", set_={"occurredAt": s})
        bad_event("%s injection in the birth date" % label, M, MIND, "client.birthDate", set_={"client.birthDate": s})
        bad_event("%s injection in an enum value" % label, M, MIND, "data.lastKnownRiskLevel", set_={"data.lastKnownRiskLevel": s})
        bad_event("%s injection as a field name" % label, M, MIND, "data." + s, set_={"data." + s: "x"})
        bad_event("%s injection in an identifier system" % label, M, MIND, "client.identifiers[0].system",
                  set_={"client.identifiers": [{"system": s, "value": "AB123456"}]})
    # forged agency and sender fields
    for field in ["sender", "agency", "sourceAgency", "agencyId", "from", "submittedBy"]:
        bad_event("forged top-level %s" % field, M, MIND, field, set_={field: "riverside-hospital"})
    bad_event("forged client.agency", M, MIND, "client.agency", set_={"client.agency": "riverside-hospital"})
    bad_event("forged data.recipients", M, MIND, "data.recipients", set_={"data.recipients": ["northgate-housing"]})
    bad_event("forged id", M, MIND, "id", set_={"id": 1})
    bad_event("type no agreement lets this agency send", "DISCHARGE_HANDOVER", WELF, "type", status="422")
    add("partner-api", "events: a type only CareRelay raises", **{"as": MIND, "method": "POST", "path": "/api/v1/events", "headers": KEY,
        "contentType": JSON_T, "event": M, "set": {"type": "MULTI_AGENCY_CONCERN"}, "status": "400|422", "kind": "problem"})
    # wrong content types and headers
    for ct in ["text/plain", "application/xml", "application/json-patch+json", "text/html", "application/javascript"]:
        add("partner-api", "events: Content-Type " + ct, **{"as": MIND, "method": "POST", "path": "/api/v1/events", "headers": KEY,
            "contentType": ct, "event": M, "status": "415", "kind": "problem", "field": "Content-Type"})
    # a form body meets the portal's CSRF check first (403), a broken multipart body is unreadable (400, was a 500)
    add("partner-api", "events: Content-Type " + FORM_T, **{"as": MIND, "method": "POST", "path": "/api/v1/events", "headers": KEY,
        "contentType": FORM_T, "event": M, "status": "403|415", "kind": "problem"})
    for path in ["/api/v1/events", "/api/v1/webhooks", "/api/v1/handovers", "/api/v1/deliveries/{foreign}/complete"]:
        add("partner-api", "multipart body that is JSON, to " + path, **{"as": MIND, "method": "POST", "path": path, "headers": KEY,
            "contentType": "multipart/form-data; boundary=x", "event": M, "status": "400|404|415", "kind": "problem"})
    add("fhir", "Task: multipart body that is JSON", **{"as": NORTH, "method": "POST", "path": "/fhir/r4/Task",
        "contentType": "multipart/form-data; boundary=x", "fhirTask": True, "status": "400|415", "kind": "fhir"})
    add("partner-api", "events: Content-Type with a script", **{"as": MIND, "method": "POST", "path": "/api/v1/events", "headers": KEY,
        "contentType": "text/" + XSS.replace(" ", ""), "event": M, "status": "400|415", "kind": "problem"})
    add("partner-api", "events: Idempotency-Key with SQL", **{"as": MIND, "method": "POST", "path": "/api/v1/events",
        "headers": {"Idempotency-Key": SQL}, "contentType": JSON_T, "event": M, "status": "400", "kind": "problem",
        "field": "Idempotency-Key"})
    add("partner-api", "events: Idempotency-Key of 5000 characters", **{"as": MIND, "method": "POST", "path": "/api/v1/events",
        "headers": {"Idempotency-Key": "{repeat:5000:k}"}, "contentType": JSON_T, "event": M, "status": "400", "kind": "problem",
        "field": "Idempotency-Key"})
    add("partner-api", "events: PUT is not a method here", **{"as": MIND, "method": "PUT", "path": "/api/v1/events", "headers": KEY,
        "contentType": JSON_T, "event": M, "status": "405", "kind": "problem"})
    add("partner-api", "events: DELETE is not a method here", **{"as": MIND, "method": "DELETE", "path": "/api/v1/events",
        "status": "405", "kind": "problem"})
    # deliveries: other agencies' ids, traversal and injection in ids
    for action, method, body in [("", "GET", None), ("/acknowledge", "POST", "{}"), ("/complete", "POST", "{\"outcome\":\"actioned\"}")]:
        for label, ident in [("another agency's", "{foreign}"), ("an unknown", "{unknown}")]:
            add("partner-api", "deliveries: %s %s delivery%s" % (method, label, action), **{"as": WELF, "method": method,
                "path": "/api/v1/deliveries/" + ident + action, "contentType": JSON_T if body else None, "text": body,
                "status": "404", "kind": "problem", "audit": ["denied delivery " + ident]})
    for label, ident in [("traversal", "..%2F..%2Fadmin%2Fusers"), ("SQL", "1%27%20OR%20%271%27%3D%271"), ("script", "%3Cscript%3Ealert(1)%3C%2Fscript%3E"),
                         ("negative", "-1"), ("overflow", "99999999999999999999999"), ("hex", "0x10"), ("unicode digits", "%D9%A2"),
                         ("encoded NUL", "1%00"), ("double-encoded traversal", "%252e%252e%252f")]:
        add("partner-api", "deliveries: GET with a %s id" % label, **{"as": WELF, "method": "GET", "path": "/api/v1/deliveries/" + ident,
            "status": "400|404", "kind": "problem"})
        add("partner-api", "deliveries: complete with a %s id" % label, **{"as": WELF, "method": "POST",
            "path": "/api/v1/deliveries/" + ident + "/complete", "contentType": JSON_T, "text": "{\"outcome\":\"actioned\"}",
            "status": "400|404", "kind": "problem"})
    for label, body in [("a script outcome", {"outcome": XSS}), ("a SQL outcome", {"outcome": SQL}), ("an outcome list", {"outcome": ["actioned"]}),
                        ("a forged agency", {"outcome": "actioned", "agency": "harbor-support"}),
                        ("a reason of 20000 characters", {"outcome": "declined", "reason": "{repeat:20000:r}"}),
                        ("a lone surrogate reason", None)]:
        text = json.dumps(body) if body else "{\"outcome\": \"declined\", \"reason\": \"\\ud800\"}"
        add("partner-api", "deliveries: complete another agency's delivery with %s" % label, **{"as": WELF, "method": "POST",
            "path": "/api/v1/deliveries/{foreign}/complete", "contentType": JSON_T, "text": text, "status": "400|404", "kind": "problem"})
    # the feed
    for label, q in [("SQL cursor", "after=" + SQL), ("script cursor", "after=" + XSS), ("traversal cursor", "after=" + TRAVERSAL),
                     ("negative limit", "limit=-5"), ("huge limit", "limit=99999999999999999999"), ("script limit", "limit=" + XSS),
                     ("2000-character cursor", "after={repeat:2000:Q}"), ("RTL in the limit", "limit=1" + RTL)]:
        add("partner-api", "feed: " + label, **{"as": WELF, "method": "GET", "path": "/api/v1/feed?" + q, "status": "400",
            "kind": "problem"})
    # handovers
    H = {"as": RIVER, "method": "POST", "path": "/api/v1/handovers", "headers": KEY, "contentType": JSON_T, "handover": True,
         "kind": "problem", "status": "400"}
    for label, path, value in [("an unknown field", "colour", "red"), ("a forged source agency", "sourceAgency", "eastside-community"),
                               ("a windowHours string", "actionItems", [{"description": "x", "windowHours": "soon", "responsibleAgency": "eastside-community"}]),
                               ("a windowHours of 0", "actionItems", [{"description": "x", "windowHours": 0, "responsibleAgency": "eastside-community"}]),
                               ("an action item for an unknown agency", "actionItems", [{"description": "x", "windowHours": 24, "responsibleAgency": "no-such-agency"}]),
                               ("an action item for a script agency", "actionItems", [{"description": "x", "windowHours": 24, "responsibleAgency": XSS}]),
                               ("a SQL recommendation", "dischargeRecommendation", SQL), ("a script urgency", "urgency", XSS),
                               ("a severity of RTL text", "medicationRiskFlags", [{"medication": "m", "risk": "r", "severity": "high" + RTL}]),
                               ("a client that is a string", "client", "Ida"), ("followUpNeeds as text", "followUpNeeds", "visit"),
                               ("triage notes of 10001 characters", "triageNotes", "{repeat:10001:t}"),
                               ("a birth date with zero-width characters", "client.birthDate", "1947-01-09" + ZW),
                               ("51 follow-up needs", "followUpNeeds", ["n"] * 51)]:
        add("partner-api", "handovers: " + label, **{**H, "set": {path: value}})
    add("partner-api", "handovers: NUL in triage notes", **{**H, "raw": {"triageNotes": "\"a\\u0000b\""}})
    add("partner-api", "handovers: lone surrogate in the given name", **{**H, "raw": {"client.givenName": "\"\\udbff\""}})
    add("partner-api", "handovers: truncated", **{**H, "truncate": 0.6})
    add("partner-api", "handovers: Content-Type text/plain", **{**H, "contentType": "text/plain", "status": "415"})


def tokens():
    for label, auth in [("no token", "anonymous"), ("garbage token", "bearer:not-a-token"), ("three dots", "bearer:a.b.c"),
                        ("token signed with another key", "bearer:@wrong-key"), ("unsigned token (alg none)", "bearer:@alg-none"),
                        ("a real token with its payload changed to another agency", "bearer:@tampered"),
                        ("expired token", "bearer:@expired"), ("a script as the token", "bearer:" + XSS.replace(" ", "")),
                        ("SQL as the token", "bearer:" + SQL.replace(" ", ""))]:
        add("tokens", "events with " + label, **{"as": auth, "method": "POST", "path": "/api/v1/events", "headers": KEY,
            "contentType": JSON_T, "event": "MISSED_CONTACT_AFTER_CRISIS", "status": "401", "kind": "problem"})
        add("tokens", "FHIR Task search with " + label, **{"as": auth, "method": "GET", "path": "/fhir/r4/Task", "status": "401",
            "kind": "fhir"})
    add("tokens", "webhooks with an expired token", **{"as": "bearer:@expired", "method": "POST", "path": "/api/v1/webhooks",
        "contentType": JSON_T, "text": "{\"url\":\"https://example.org/hook\",\"kinds\":[\"delivery.created\"]}", "status": "401", "kind": "problem"})
    add("tokens", "Basic instead of Bearer", **{"as": "anonymous", "method": "GET", "path": "/api/v1/feed",
        "headers": {"Authorization": "Basic aW5nZXN0LXJpdmVyc2lkZS1ob3NwaXRhbDpkZW1vLXNlY3JldA=="}, "status": "401", "kind": "problem"})
    add("tokens", "the audit client cannot post events", **{"as": "partner:audit-riverside-hospital", "method": "POST",
        "path": "/api/v1/events", "headers": KEY, "contentType": JSON_T, "event": "DISCHARGE_HANDOVER", "status": "403", "kind": "problem"})


def webhooks():
    W = {"as": NORTH, "method": "POST", "path": "/api/v1/webhooks", "contentType": JSON_T, "kind": "problem", "status": "400"}

    def reg(label, body, field=None, **kw):
        e = {**W, "text": body if isinstance(body, str) else json.dumps(body), **kw}
        if field:
            e["field"] = field
        add("webhooks", "register: " + label, **e)

    ok = {"url": "https://hooks.example.org/carerelay", "kinds": ["delivery.created"]}
    for label, url in [("plain http", "http://hooks.example.org/x"), ("cloud metadata", "https://169.254.169.254/latest/meta-data"), ("file URL", "file:///etc/passwd"), ("javascript URL", "javascript:alert(1)"),
                       ("script in the URL", "https://example.org/" + XSS), ("user info in the URL", "https://user:pass@example.org/x"),
                       ("no host", "https:///x"), ("2100-character URL", "https://example.org/{repeat:2100:a}"),
                       ("RTL override in the host", "https://exa" + RTL + "mple.org/x"), ("gopher URL", "gopher://example.org/x"),
                       ("a number", 42), ("null", None), ("SQL", SQL), ("traversal", "https://example.org/" + TRAVERSAL + "\u0000")]:
        reg("url " + label, {**ok, "url": url}, "url")
    for label, kinds in [("unknown kind", ["delivery.exploded"]), ("script kind", [XSS]), ("SQL kind", [SQL]), ("empty list", []),
                         ("a string", "delivery.created"), ("a number", [7]), ("zero-width kind", ["delivery.created" + ZW])]:
        reg("kinds " + label, {**ok, "kinds": kinds}, "kinds" if label in ("empty list", "a string") else None)
    reg("description of 5000 characters", {**ok, "description": "{repeat:5000:d}"}, "description")
    reg("description that is an object", {**ok, "description": {"a": 1}}, "description")
    reg("NUL in the description", "{\"url\":\"https://hooks.example.org/x\",\"kinds\":[\"delivery.created\"],\"description\":\"a\\u0000b\"}",
        "description")
    reg("forged agency", {**ok, "agency": "riverside-hospital"}, "agency")
    reg("forged secret", {**ok, "secret": "whsec_mine"}, "secret")
    reg("forged status", {**ok, "status": "active", "id": 1}, "status")
    reg("broken JSON", "{\"url\": \"https://", "body")
    reg("array body", "[]", "body")
    reg("nested 10000 deep", "{nest:10000}", status="400|413")
    reg("Content-Type text/plain", ok, contentType="text/plain", status="415")
    reg("Content-Type form", ok, contentType=FORM_T, status="403|415")
    for label, ident in [("SQL id", "1%27%20OR%201%3D1"), ("traversal id", "..%2F..%2Fevents"), ("script id", "%3Cscript%3E"),
                         ("overflow id", "9999999999999999999999")]:
        add("webhooks", "get with a " + label, **{"as": NORTH, "method": "GET", "path": "/api/v1/webhooks/" + ident,
            "status": "400|404", "kind": "problem"})
    add("webhooks", "patch with a script status", **{"as": NORTH, "method": "PATCH", "path": "/api/v1/webhooks/{unknown}",
        "contentType": JSON_T, "text": json.dumps({"status": XSS}), "status": "400|404", "kind": "problem"})
    add("webhooks", "resend since a SQL time", **{"as": NORTH, "method": "POST", "path": "/api/v1/webhooks/{unknown}/resend-since?at=" + SQL,
        "status": "400|404", "kind": "problem"})
    add("webhooks", "delete an unknown endpoint", **{"as": NORTH, "method": "DELETE", "path": "/api/v1/webhooks/{unknown}",
        "status": "404", "kind": "problem"})
    add("webhooks", "rotate the secret of an unknown endpoint", **{"as": NORTH, "method": "POST",
        "path": "/api/v1/webhooks/{unknown}/rotate-secret", "status": "404", "kind": "problem"})


def fhir():
    T = {"as": NORTH, "method": "POST", "path": "/fhir/r4/Task", "contentType": FHIR_T, "kind": "fhir", "fhirTask": True}

    def task(label, replace, status="400|422", **kw):
        add("fhir", "Task: " + label, **{**T, "replace": replace, "status": status, **kw})

    task("status is a script", {"\"status\": \"requested\"": "\"status\": \"" + XSS.replace("'", "\\u0027") + "\""})
    task("status is SQL", {"\"status\": \"requested\"": "\"status\": \"" + SQL.replace("'", "\\u0027") + "\""})
    task("intent with RTL override", {"\"intent\": \"order\",\n \"focus\"": "\"intent\": \"order\\u202e\",\n \"focus\""})
    task("event type code with zero-width", {"\"code\": \"HOUSING_INSTABILITY_ALERT\"": "\"code\": \"HOUSING_INSTABILITY_ALERT\\u200b\""})
    task("event type code is SQL", {"\"code\": \"HOUSING_INSTABILITY_ALERT\"": "\"code\": \"x\\u0027 OR 1=1--\""})
    task("birth date is a script", {"\"birthDate\": \"1979-02-03\"": "\"birthDate\": \"<script>\""})
    task("birth date with combining marks", {"\"birthDate\": \"1979-02-03\"": "\"birthDate\": \"1979-02-03\\u0301\\u0301\""})
    task("lone surrogate in the family name", {"\"family\": \"Corpus{suffix}\"": "\"family\": \"\\ud800\""})
    task("NUL in the details", {"\"valueString\": \"Notice served.\"": "\"valueString\": \"a\\u0000b\""})
    task("details of 20000 characters", {"\"valueString\": \"Notice served.\"": "\"valueString\": \"{repeat:20000:d}\""})
    task("requester is a traversal", {"\"Organization/northgate-housing\"": "\"Organization/../../riverside-hospital\""}, status="4xx")
    task("requester is another agency", {"\"Organization/northgate-housing\"": "\"Organization/riverside-hospital\""}, status="403")
    task("requester is a script", {"\"Organization/northgate-housing\"": "\"Organization/<script>\""}, status="4xx")
    task("occurrence is SQL", {"\"start\": \"{anHourAgo}\"": "\"start\": \"1\\u0027; DROP TABLE task;--\""})
    task("focus reference is a traversal", {"\"reference\": \"#event\"": "\"reference\": \"../../etc/passwd\""}, status="4xx")
    task("a status that is a number", {"\"status\": \"requested\"": "\"status\": 3"})
    task("resourceType is a script", {"\"resourceType\": \"Task\"": "\"resourceType\": \"<script>\""}, status="400|422")
    task("an extra element", {"\"status\": \"requested\"": "\"status\": \"requested\", \"meta\": {\"tag\": [{\"code\": \"" + IMG.replace("\"", "\\\"").replace("'", "\\u0027") + "\"}]}, \"x-agency\": \"riverside-hospital\""})
    task("truncated", {}, truncate=0.5, status="400")
    task("Content-Type XML", {}, contentType="application/fhir+xml", status="415")
    task("Content-Type text/plain", {}, contentType="text/plain", status="415")
    for label, text in [("empty", ""), ("not JSON", "<Task/>"), ("an array", "[]"), ("nested 10000 deep", "{nest:10000}"),
                        ("a 300 KB string", "{\"resourceType\": \"Task\", \"note\": [{\"text\": \"{repeat:300000:n}\"}]}")]:
        add("fhir", "Task: body " + label, **{"as": NORTH, "method": "POST", "path": "/fhir/r4/Task", "contentType": FHIR_T, "text": text,
            "status": "400|413|422", "kind": "fhir"})
    for label, text in [("not a bundle", "{\"resourceType\": \"Patient\"}"), ("bundle type is a script", "{\"resourceType\": \"Bundle\", \"type\": \"<script>\"}"),
                        ("entries not a list", "{\"resourceType\": \"Bundle\", \"type\": \"transaction\", \"entry\": \"x\"}"),
                        ("broken JSON", "{\"resourceType\": \"Bundle\", \"type\": "),
                        ("lone surrogate", "{\"resourceType\": \"Bundle\", \"type\": \"transaction\\ud800\"}")]:
        add("fhir", "transaction: " + label, **{"as": NORTH, "method": "POST", "path": "/fhir/r4", "contentType": FHIR_T, "text": text,
            "status": "400|422", "kind": "fhir"})
    for res in ["Task", "Patient", "ServiceRequest", "Communication", "Consent", "Bundle", "AuditEvent", "Flag"]:
        for label, ident in [("traversal", "..%2F..%2F..%2Fetc%2Fpasswd"), ("SQL", "1%27%20OR%20%271%27%3D%271"),
                             ("script", "%3Cscript%3Ealert(1)%3C%2Fscript%3E")]:
            add("fhir", "read %s with a %s id" % (res, label), **{"as": NORTH, "method": "GET", "path": "/fhir/r4/%s/%s" % (res, ident),
                "status": "400|403|404", "kind": "fhir"})
    add("fhir", "read another agency's Task", **{"as": WELF, "method": "GET", "path": "/fhir/r4/Task/{foreign}", "status": "404",
        "kind": "fhir", "audit": ["denied fhir/Task {foreign}"]})
    add("fhir", "patch another agency's Task", **{"as": WELF, "method": "PATCH", "path": "/fhir/r4/Task/{foreign}",
        "contentType": "application/json-patch+json", "text": "[{\"op\":\"replace\",\"path\":\"/status\",\"value\":\"accepted\"}]",
        "status": "404", "kind": "fhir", "audit": ["denied fhir/Task {foreign}"]})
    add("fhir", "read a patient with no relationship", **{"as": WELF, "method": "GET", "path": "/fhir/r4/Patient/{foreignClient}",
        "status": "403|404", "kind": "fhir"})
    for label, q in [("SQL in _count", "_count=1%27%20OR%201%3D1"), ("script in status", "status=%3Cscript%3E"),
                     ("negative _count", "_count=-1"), ("huge _count", "_count=99999999999999")]:
        add("fhir", "Task search: " + label, **{"as": WELF, "method": "GET", "path": "/fhir/r4/Task?" + q, "status": "400",
            "kind": "fhir"})


def portal():
    def post(area, label, user, path, form, status, kind, says=None, audit=None, **kw):
        e = {"as": "user:" + user, "method": "POST", "path": path, "form": form, "status": status, "kind": kind}
        if says:
            e["says"] = says
        if audit:
            e["audit"] = audit
        e.update(kw)
        add(area, label, **e)

    R = "responder.eastside"
    # CSRF and origin on every kind of form
    targets = [("worklist acknowledge", R, "/worklist/deliveries/{foreign}/acknowledge", {"version": "1"}),
               ("raise an event", R, "/events", {"type": "URGENT_ACCESS_PROBLEM"}),
               ("consent", "clinician.mindbridge", "/clients/{foreignClient}/consent", {"recipient": "eastside-community", "category": "behavioral_health", "status": "given"}),
               ("break-glass", R, "/clients/{foreignClient}/break-glass", {"reason": "x", "justification": "y"}),
               ("handover form", "nurse.riverside", "/handovers", {"givenName": "Ada"}),
               ("team assign", "lead.eastside", "/team/deliveries/{foreign}/assign", {"version": "1", "owner": R}),
               ("on-call contact", "admin.eastside", "/admin/on-call/contacts", {"list": "on_call", "address": "a@example.org"}),
               ("agency user", "admin.eastside", "/admin/users", {"username": "x", "firstName": "x", "lastName": "x", "email": "x@example.org"}),
               ("sign out", R, "/logout", {})]
    for label, user, path, form in targets:
        route = path.split("?")[0]
        for csrf, what in [("none", "no CSRF token"), ("forged", "a made-up CSRF token"), ("other-session", "another session's CSRF token")]:
            post("portal-csrf", "%s with %s" % (label, what), user, path, form, "403", "page", says="could not be accepted",
                 audit=["denied route " + route], csrf=csrf)
        post("portal-csrf", "%s from another origin" % label, user, path, form, "403", "page", audit=["denied route " + route],
             origin="https://evil.example")
    post("portal-csrf", "worklist acknowledge from a null origin", R, "/worklist/deliveries/{foreign}/acknowledge", {"version": "1"}, "403",
         "page", audit=["denied route /worklist/deliveries/{foreign}/acknowledge"], origin="null")
    # another agency's resources and unknown ids
    for action in ["acknowledge", "take", "start", "note", "assign", "complete"]:
        post("portal", "worklist %s on another agency's delivery" % action, R, "/worklist/deliveries/{foreign}/" + action,
             {"version": "1", "note": XSS, "assignee": R, "outcome": "actioned"}, "404", "page", audit=["denied delivery {foreign}"])
    post("portal", "worklist action that is a script", R, "/worklist/deliveries/{foreign}/%3Cscript%3E", {"version": "1"}, "400|404", "page")
    post("portal", "worklist action that is a traversal", R, "/worklist/deliveries/{foreign}/..%2F..%2Fadmin", {"version": "1"}, "400|404", "page")
    post("portal", "worklist acknowledge with a SQL id", R, "/worklist/deliveries/1%27%20OR%201%3D1/acknowledge", {"version": "1"}, "400|404", "page")
    post("portal", "worklist acknowledge with a version that is a script", R, "/worklist/deliveries/{foreign}/acknowledge", {"version": XSS},
         "400|404", "page")
    post("portal", "team assign another agency's delivery to a script", "lead.eastside", "/team/deliveries/{foreign}/assign",
         {"version": "1", "owner": XSS}, "404", "page", audit=["denied delivery {foreign}"])
    post("portal", "team assign with an overflowing id", "lead.eastside", "/team/deliveries/99999999999999999999999/assign",
         {"version": "1", "owner": R}, "400|404", "page")
    for path in ["/worklist/rows/{foreign}", "/worklist/rows/{unknown}"]:
        add("portal", "htmx row of " + ("another agency's" if "foreign" in path else "an unknown") + " delivery",
            **{"as": "user:" + R, "method": "GET", "path": path, "headers": {"HX-Request": "true"}, "status": "404", "kind": "page",
               "audit": ["denied delivery " + path.split("/")[-1]]})
    for label, q in [("SQL", "1%27%20OR%201%3D1"), ("script", "%3Cscript%3E"), ("overflow", "99999999999999999999999")]:
        add("portal", "htmx row with a %s id" % label, **{"as": "user:" + R, "method": "GET", "path": "/worklist/rows/" + q,
            "headers": {"HX-Request": "true"}, "status": "400|404", "kind": "page"})
        add("portal", "client record with a %s id" % label, **{"as": "user:" + R, "method": "GET", "path": "/clients/" + q,
            "status": "400|404", "kind": "page"})
    add("portal", "htmx new-since with a script", **{"as": "user:" + R, "method": "GET", "path": "/worklist/new-since?after=%3Cscript%3E",
        "headers": {"HX-Request": "true"}, "status": "400", "kind": "page"})
    add("portal", "handover page of another agency", **{"as": "user:officer.northgate", "method": "GET", "path": "/handovers/{foreignHandover}",
        "status": "404", "kind": "page", "audit": ["denied handover {foreignHandover}"]})
    add("portal", "handover acknowledge of another agency", **{"as": "user:officer.northgate", "method": "POST",
        "path": "/handovers/{foreignHandover}/acknowledge", "form": {}, "status": "404", "kind": "page", "audit": ["denied handover {foreignHandover}"]})
    add("portal", "handover query on another agency's handover", **{"as": "user:officer.northgate", "method": "POST",
        "path": "/handovers/{foreignHandover}/queries", "form": {"part": "triageNotes", "kind": "missing", "text": XSS}, "status": "404",
        "kind": "page"})
    add("portal", "handover first contact with a script method", **{"as": "user:officer.northgate", "method": "POST",
        "path": "/handovers/{foreignHandover}/first-contact", "form": {"method": XSS, "when": SQL}, "status": "400|404", "kind": "page"})
    add("portal", "handover with a traversal id", **{"as": "user:" + R, "method": "GET", "path": "/handovers/..%2F..%2Fadmin%2Fusers",
        "status": "400|404", "kind": "page"})
    # raise form: hostile values where codes are expected
    for label, form in [("unknown type", {"type": XSS}), ("SQL type", {"type": SQL}), ("type with RTL", {"type": "URGENT_ACCESS_PROBLEM" + RTL}),
                        ("no type", {})]:
        post("portal", "raise: " + label, R, "/events", form, "400|404", "page")
        post("portal", "raise preview: " + label, R, "/events/preview", form, "400|404", "page", headers={"HX-Request": "true"})
    base = {"type": "URGENT_ACCESS_PROBLEM", "client.localId": "L-{suffix}", "client.givenName": "Robin", "client.familyName": "Corpus{suffix}",
            "client.birthDate": "1979-02-03", "occurredAt": "2026-11-20T09:30", "data.problem": "no_heating", "data.description": "Boiler",
            "data.vulnerableHousehold": "true"}
    for label, change in [("enum value is a script", {"data.problem": XSS}), ("enum value is SQL", {"data.problem": SQL}),
                          ("boolean is a script", {"data.vulnerableHousehold": XSS}), ("birth date is SQL", {"client.birthDate": SQL}),
                          ("occurredAt is a script", {"occurredAt": XSS}), ("urgency is a script", {"urgency": XSS}),
                          ("given name of 101 characters", {"client.givenName": "{repeat:101:g}"}),
                          ("NUL in the description", {"data.description": "a\u0000b"}),
("Medicaid id is a script", {"client.medicaidId": XSS}),
                          ("enum with zero-width", {"data.problem": "no_heating" + ZW}), ("birth date with RTL", {"client.birthDate": "1979-02-03" + RTL})]:
        post("portal", "raise: " + label, R, "/events", {**base, **change}, "400", "form")
    # consent, break-glass, on-call, users, webhooks admin, concerns, identity, privacy
    post("portal", "consent with a script status", "clinician.mindbridge", "/clients/{foreignClient}/consent",
         {"recipient": "eastside-community", "category": "behavioral_health", "status": XSS}, "400|403|404", "page")
    post("portal", "consent with a SQL recipient", "clinician.mindbridge", "/clients/{foreignClient}/consent",
         {"recipient": SQL, "category": "behavioral_health", "status": "given"}, "400|403|404", "page")
    post("portal", "break-glass with a reason of 20000 characters", R, "/clients/{foreignClient}/break-glass",
         {"reason": "{repeat:20000:r}", "justification": "x"}, "400|403|404|413", "page")
    post("portal", "break-glass with a script reason", R, "/clients/{foreignClient}/break-glass", {"reason": XSS, "justification": ""}, "400|403|404", "page")
    post("portal", "on-call contact with a script address", "admin.eastside", "/admin/on-call/contacts", {"list": "on_call", "address": XSS}, "400", "page")
    post("portal", "on-call contact with a header injection", "admin.eastside", "/admin/on-call/contacts",
         {"list": "on_call", "address": "a@example.org\r\nBcc: all@example.org"}, "400", "page")
    post("portal", "on-call contact on a SQL list", "admin.eastside", "/admin/on-call/contacts", {"list": SQL, "address": "a@example.org"}, "400", "page")
    post("portal", "on-call rule for a script urgency", "admin.eastside", "/admin/on-call/rules/%3Cscript%3E", {"onCallMinutes": "5"}, "400|404", "page")
    post("portal", "on-call rule with minutes that are SQL", "admin.eastside", "/admin/on-call/rules/urgent_review", {"onCallMinutes": SQL}, "400", "page")
    post("portal", "on-call remove with a traversal id", "admin.eastside", "/admin/on-call/contacts/..%2F1/remove", {}, "400|404", "page")
    post("portal", "agency user with a script username", "admin.eastside", "/admin/users",
         {"username": XSS, "firstName": "a", "lastName": "b", "email": "a@example.org"}, "400", "page")
    post("portal", "agency user with a forged agency", "admin.eastside", "/admin/users",
         {"username": "u{suffix}", "firstName": "a", "lastName": "b", "email": "not-an-email", "agency": "riverside-hospital"}, "400", "page")
    post("portal", "webhook admin resend since a script", "admin.eastside", "/admin/webhooks/{unknown}/resend-since", {"at": XSS}, "400|404", "page")
    post("portal", "concern close with a script outcome", "lead.eastside", "/concerns/{unknown}/close", {"outcome": XSS, "reason": SQL}, "400|404", "page")
    post("portal", "identity decision with a traversal id", "steward.county", "/identity/exceptions/..%2F..%2F1/same-person",
         {"candidate": SQL, "note": XSS}, "400|404", "page")
    post("portal", "break-glass review with a script outcome", "privacy.eastside", "/privacy/break-glass/{unknown}/review",
         {"outcome": XSS, "note": "x"}, "400|404", "form")
    add("portal", "access log with a SQL filter", **{"as": "user:privacy.eastside", "method": "GET",
        "path": "/privacy/access-log?from=1%27%20OR%201%3D1&to=%3Cscript%3E", "status": "400", "kind": "form"})
    add("portal", "report that is a traversal", **{"as": "user:commissioner.county", "method": "GET", "path": "/reports/..%2F..%2Fadmin",
        "status": "400|404", "kind": "page"})
    add("portal", "report that is a script", **{"as": "user:commissioner.county", "method": "GET", "path": "/reports/%3Cscript%3E",
        "status": "400|404", "kind": "page"})
    # roles: pages refused by role are audited
    for user, path in [(R, "/admin/users"), (R, "/privacy/access-log"), ("admin.eastside", "/worklist"), ("commissioner.county", "/clients/{foreignClient}")]:
        add("portal", "%s opens %s" % (user, path), **{"as": "user:" + user, "method": "GET", "path": path, "status": "403|404", "kind": "page"})


partner_api()
tokens()
webhooks()
fhir()
portal()
os.makedirs(OUT, exist_ok=True)
names = set()
total = 0
for area, entries in files.items():
    with open(os.path.join(OUT, area + ".jsonl"), "w", encoding="utf-8") as f:
        for e in entries:
            assert e["name"] not in names, e["name"]
            names.add(e["name"])
            f.write(json.dumps(e, ensure_ascii=True) + "\n")
    print("%-14s %d" % (area, len(entries)))
    total += len(entries)
print("total          %d" % total)
