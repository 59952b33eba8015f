safehub contact import reads a CSV of contacts, one row per person; rows with the same contact_ref are one contact.
  $ safehub init --db safehub.db >/dev/null
  $ awk -v q="'" -v d='"' 'BEGIN { print "contact_ref,received_at,source,referrer_name,concerns,factors,consent,lawful_basis,role,given_name,family_name,dob,nhs_number,postcode,relationship"; print "C1,2026-03-02T10:15:00+00:00,2A,Ms Teacher,Bruising,16A;17A,given,public_task,child,Amara,Okafor,2016-03-14,943 476 5919,se15 4qr,"; print "C1,,,,,,,,child,Ben,Okafor,2018,,,"; print "C1,,,,,,,,household,Grace,Okafor,1988,,,mother"; print "C2,2026-03-03T09:00:00Z,9,," d "Anonymous call, " d d "worried" d d d ",,not_sought,public_task,child,Baby," d "O" q "Brien; DROP TABLE person" d ",,,," }' > good.csv
  $ safehub contact import good.csv
  imported 2 contacts (4 persons) from good.csv
  $ sqlite3 safehub.db "SELECT id, source, status, consent, override_state FROM contact ORDER BY id"
  1|2A|awaiting_screening|given|none
  2|9|awaiting_screening|not_sought|required
  $ sqlite3 safehub.db "SELECT given_name, family_name, dob, nhs_number, postcode FROM person ORDER BY id"
  Amara|Okafor|2016-03-14|9434765919|SE15 4QR
  Ben|Okafor|2018||
  Grace|Okafor|1988||
  Baby|O'Brien; DROP TABLE person|||
  $ sqlite3 safehub.db "SELECT action, person_ids, purpose, lawful_basis FROM audit_event ORDER BY seq"
  contact.create|[1,2,3]|mash_contact|public_task
  contact.create|[4]|mash_contact|public_task
One bad row anywhere saves nothing, and the error names the line and the field.
  $ awk -v q="'" -v d='"' 'BEGIN { print "contact_ref,received_at,source,referrer_name,concerns,consent,lawful_basis,role,given_name,nhs_number,dob"; print "C3,2026-03-02T10:15:00Z,2A,R,x,given,public_task,child,A,,"; print "C4,2026-03-02T10:15:00Z,2A,R,x,given,public_task,child,B,,"; print "C4,,,,,,,child,C,,"; print "C4,,,,,,,child,D,9434765918," }' > bad.csv
  $ safehub contact import bad.csv
  safehub: error: bad.csv:5: nhs_number: A field has a value that is not allowed
    hint: nothing was imported; mend the file and run the import again
  [3]
  $ sqlite3 safehub.db "SELECT count(*) FROM contact"
  2
  $ awk -v q="'" -v d='"' 'BEGIN { print "contact_ref,received_at,source,referrer_name,concerns,consent,lawful_basis,role,given_name,dob"; print "C5,2026-03-02T10:15:00Z,2A,R,x,given,public_task,child,A,2025-02-30" }' > dob.csv
  $ safehub contact import dob.csv
  safehub: error: dob.csv:2: dob: A field has a value that is not allowed
    hint: nothing was imported; mend the file and run the import again
  [3]
  $ awk -v q="'" -v d='"' 'BEGIN { print "contact_ref,received_at,source,referrer_name,concerns,consent,lawful_basis,role,given_name"; print "C6,2026-03-02T10:15:00Z,11,R,x,given,public_task,child,A" }' > src.csv
  $ safehub contact import src.csv
  safehub: error: src.csv:2: source: A field has a value that is not allowed
    hint: nothing was imported; mend the file and run the import again
  [3]
  $ awk -v q="'" -v d='"' 'BEGIN { print "contact_ref,received_at,source,concerns,consent,lawful_basis,role,given_name,colour" }' > col.csv
  $ safehub contact import col.csv
  safehub: error: col.csv:1: colour: unknown column
    hint: nothing was imported; mend the file and run the import again
  [3]
  $ awk -v q="'" -v d='"' 'BEGIN { print "contact_ref,received_at,source,referrer_name,concerns,consent,lawful_basis,role,given_name"; print "C7,2026-03-02 10:15,2A,R,x,given,public_task,child,A" }' > time.csv
  $ safehub contact import time.csv
  safehub: error: time.csv:2: received_at: give the time with its offset, e.g. 2026-03-02T10:15:00+00:00
    hint: nothing was imported; mend the file and run the import again
  [3]
  $ safehub contact import missing.csv
  safehub: error: cannot open missing.csv: No such file or directory
  [6]
  $ sqlite3 safehub.db "SELECT count(*) FROM contact"
  2
