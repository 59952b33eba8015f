safehub sar exports everything held about a person as JSON, with who accessed it; others on the record are withheld.
  $ safehub init >/dev/null
  $ awk -v q="'" -v d='"' 'BEGIN { print "contact_ref,received_at,source,referrer_name,concerns,factors,consent,lawful_basis,role,given_name,family_name,dob,nhs_number,postcode,relationship"; print "C1,2020-01-10T10:00:00Z,2A,Ms Teacher,Bruising,16A,given,public_task,child,Amara,Okafor,2016-03-14,943 476 5919,se15 4qr,"; print "C1,,,,,,,,household,Grace,Okafor,1988,,,mother"; print "C2,2024-05-01T10:00:00Z,1A,Aunt Bea,Noise at night,,given,public_task,child,Zed,Other,2018,,," }' > c.csv
  $ safehub contact import c.csv
  imported 2 contacts (3 persons) from c.csv
  $ safehub sar 1 | sed 's/"generated_at": "[^"]*"/"generated_at": "<time>"/; s/"recorded_at": "[^"]*"/"recorded_at": "<time>"/; s/"at": "[^"]*"/"at": "<time>"/'
  {
    "subject_access_request": {
      "person_id": 1,
      "generated_at": "<time>",
      "records": [
        1
      ],
      "review": "Other people on these records are third parties: they are shown only as \"withheld\". Free text (concerns, rationale, feedback, agency findings) is shown as held and must be reviewed by the information governance officer for third-party data and exemptions before this document is released."
    },
    "persons": [
      {
        "id": 1,
        "linked": false,
        "given_name": "Amara",
        "family_name": "Okafor",
        "other_names": null,
        "dob": "2016-03-14",
        "dob_estimated": false,
        "sex": "not_recorded",
        "nhs_number": "9434765919",
        "address": null,
        "postcode": "SE15 4QR",
        "school": null,
        "recorded_at": "<time>",
        "anonymised_at": null
      }
    ],
    "contacts": [
      {
        "id": 1,
        "received_at": "2020-01-10T10:00:00.000+00:00",
        "source": "2A",
        "referrer": {
          "name": "Ms Teacher",
          "role": null,
          "agency": null,
          "phone": null,
          "email": null
        },
        "concerns": "Bruising",
        "open_to_csc": false,
        "consent": "given",
        "lawful_basis": "public_task",
        "consent_override_state": "none",
        "status": "awaiting_screening",
        "is_open": true,
        "rag": null,
        "level": null,
        "due_at": null,
        "referral_date": null,
        "referral_nfa": null,
        "decided_at": null,
        "anonymised_at": null,
        "persons": [
          {
            "person_id": 1,
            "role": "child",
            "relationship": null
          },
          {
            "role": "household",
            "third_party": "withheld"
          }
        ],
        "factors": [
          "16A"
        ],
        "screening": [],
        "consent_overrides": [],
        "decisions": []
      }
    ],
    "requests": [],
    "access": [
      {
        "seq": 1,
        "at": "<time>",
        "user_id": null,
        "user_role": null,
        "agency_id": null,
        "agency": null,
        "action": "contact.create",
        "purpose": "mash_contact",
        "lawful_basis": "public_task",
        "outcome": "ok",
        "records": [
          1
        ]
      }
    ]
  }
Neither Grace nor the other child's contact is in it.
  $ safehub sar 1 | grep -c -e Grace -e Zed -e Aunt -e mother
  0
  [1]
To a file: written atomically, readable by its owner only; the export is audited.
  $ safehub sar 1 --output amara.json
  exported person 1 to amara.json: 1 records, 1 contacts, 0 requests, 3 access events
  $ stat -c %a amara.json; ls
  600
  amara.json
  c.csv
  safehub.db
  $ sqlite3 safehub.db "SELECT action, object_id, person_ids, purpose, lawful_basis, detail FROM audit_event WHERE action = 'person.sar'"
  person.sar|1|[1]|subject_access_request|legal_obligation|1 records, 1 contacts, 0 requests, 1 access events
  person.sar|1|[1]|subject_access_request|legal_obligation|1 records, 1 contacts, 0 requests, 2 access events
  person.sar|1|[1]|subject_access_request|legal_obligation|1 records, 1 contacts, 0 requests, 3 access events
  $ safehub audit verify
  audit chain ok: 5 events
  head: 5:<hash>
Bad input.
  $ safehub sar 99
  safehub: error: no person 99
    hint: the id is a person record's id, as the API, chronology and link review show it; a record removed by retention is gone
  [6]
  $ safehub sar abc
  safehub: error: the person id must be a positive whole number, not 'abc'
  usage: safehub sar PERSON_ID [--output FILE] [--db PATH]
  
  Export everything held about a person (and the records linked to them) as
  JSON, with the list of who accessed their data and when: the answer to a
  subject access request. Other people on the records are withheld as third
  parties; review the free text before release. Writes to FILE (default:
  standard output). The export is recorded in the audit log.
  [2]
  $ safehub sar
  safehub: error: say whose data to export: a person id
  usage: safehub sar PERSON_ID [--output FILE] [--db PATH]
  
  Export everything held about a person (and the records linked to them) as
  JSON, with the list of who accessed their data and when: the answer to a
  subject access request. Other people on the records are withheld as third
  parties; review the free text before release. Writes to FILE (default:
  standard output). The export is recorded in the audit log.
  [2]
  $ safehub sar 1 --output nosuchdir/x.json
  safehub: error: cannot write nosuchdir/x.json: No such file or directory
    hint: check that its folder exists and is writable; the export is in the audit log, so run it again
  [1]
