safehub retention show prints the policy: a period and an action per class.
  $ safehub init >/dev/null
  $ safehub retention show
  contact_nfa         24 months  anonymise  closed contacts that did not become a referral, from the decision
  contact_referral   300 months  anonymise  contacts that became a referral, from the youngest child's date of birth
  request             24 months  anonymise  information requests and answers of closed contacts, from the decision
A contact decided in January 2020 (child Amara, mother Grace), and a live contact that Grace is also on.
  $ awk -v q="'" -v d='"' 'BEGIN { print "contact_ref,received_at,source,referrer_name,concerns,factors,consent,lawful_basis,role,given_name,family_name,dob,nhs_number,postcode,relationship"; print "C1,2020-01-10T10:00:00Z,2A,Ms Teacher,Bruising,16A,given,public_task,child,Amara,Okafor,2016-03-14,943 476 5919,se15 4qr,"; print "C1,,,,,,,,household,Grace,Okafor,1988,,,mother"; print "C2,2024-05-01T10:00:00Z,1A,Aunt Bea,Noise at night,,given,public_task,child,Ben,Okafor,2018,,," }' > c.csv
  $ safehub contact import c.csv
  imported 2 contacts (3 persons) from c.csv
  $ sqlite3 safehub.db "INSERT INTO contact_person VALUES (2, 2, 'household', 1, 'mother'); UPDATE contact SET is_open = 0, status = 'decided', decided_at = received_at + 86400000 WHERE id = 1"
--dry-run lists what is due, by id, and changes nothing at all (not even the audit log).
  $ sqlite3 safehub.db .dump > before.sql
  $ safehub retention run --dry-run --as-of 2021-12-31
  retention plan as of 2021-12-31 (dry run: nothing is changed)
  contact_nfa (24 months, anonymise): 0 contacts, 0 requests, 0 persons deleted, 0 anonymised, 0 kept
  contact_referral (300 months, anonymise): 0 contacts, 0 requests, 0 persons deleted, 0 anonymised, 0 kept
  request (24 months, anonymise): 0 contacts, 0 requests, 0 persons deleted, 0 anonymised, 0 kept
  $ safehub retention run --dry-run --as-of 2022-01-11
  retention plan as of 2022-01-11 (dry run: nothing is changed)
  contact 1 contact_nfa anonymise (from 2020-01-11)
  person 1 contact_nfa anonymise
  person 2 contact_nfa keep (still on live contact 2)
  contact_nfa (24 months, anonymise): 1 contacts, 0 requests, 0 persons deleted, 1 anonymised, 1 kept
  contact_referral (300 months, anonymise): 0 contacts, 0 requests, 0 persons deleted, 0 anonymised, 0 kept
  request (24 months, anonymise): 0 contacts, 0 requests, 0 persons deleted, 0 anonymised, 0 kept
  $ sqlite3 safehub.db .dump | cmp - before.sql && echo unchanged
  unchanged
The partnership sets its own schedule: here, delete after 36 months.
  $ safehub retention set contact_nfa=36,delete
  contact_nfa: 36 months, delete
  $ safehub retention set request=60
  request: 60 months, anonymise
  $ safehub retention show
  contact_nfa         36 months  delete     closed contacts that did not become a referral, from the decision
  contact_referral   300 months  anonymise  contacts that became a referral, from the youngest child's date of birth
  request             60 months  anonymise  information requests and answers of closed contacts, from the decision
  $ safehub retention run --dry-run --as-of 2025-01-01
  retention plan as of 2025-01-01 (dry run: nothing is changed)
  contact 1 contact_nfa delete (from 2020-01-11)
  person 1 contact_nfa delete
  person 2 contact_nfa keep (still on live contact 2)
  contact_nfa (36 months, delete): 1 contacts, 0 requests, 1 persons deleted, 0 anonymised, 1 kept
  contact_referral (300 months, anonymise): 0 contacts, 0 requests, 0 persons deleted, 0 anonymised, 0 kept
  request (60 months, anonymise): 0 contacts, 0 requests, 0 persons deleted, 0 anonymised, 0 kept
A real run deletes, keeps Grace (still on contact 2), and writes one audit event; the chain still verifies.
  $ safehub retention run --as-of 2025-01-01
  retention run as of 2025-01-01: done
  contact_nfa (36 months, delete): 1 contacts, 0 requests, 1 persons deleted, 0 anonymised, 1 kept
  contact_referral (300 months, anonymise): 0 contacts, 0 requests, 0 persons deleted, 0 anonymised, 0 kept
  request (60 months, anonymise): 0 contacts, 0 requests, 0 persons deleted, 0 anonymised, 0 kept
  $ sqlite3 safehub.db "SELECT id FROM contact; SELECT id, given_name FROM person; SELECT count(*) FROM contact_person WHERE contact_id = 1"
  2
  2|Grace
  3|Ben
  0
  $ sqlite3 safehub.db "SELECT action, purpose, lawful_basis, outcome, person_ids FROM audit_event WHERE action LIKE 'retention.%' ORDER BY seq"
  retention.set|administration|public_task|ok|[]
  retention.set|administration|public_task|ok|[]
  retention.run|retention|legal_obligation|ok|[]
  $ safehub audit verify
  audit chain ok: 5 events
  head: 5:<hash>
  $ safehub retention run --as-of 2025-01-01 | head -2
  retention run as of 2025-01-01: done
  contact_nfa (36 months, delete): 0 contacts, 0 requests, 0 persons deleted, 0 anonymised, 0 kept
Bad input: each gets a clear error and changes nothing.
  $ safehub retention set contacts=24
  safehub: error: 'contacts=24': the class must be contact_nfa, contact_referral or request
    hint: e.g. 'safehub retention set contact_nfa=24,anonymise'
  [3]
  $ safehub retention set contact_nfa=0
  safehub: error: 'contact_nfa=0': the period must be a whole number of months, 1 to 1200
    hint: e.g. 'safehub retention set contact_nfa=24,anonymise'
  [3]
  $ safehub retention set contact_nfa=24,shred
  safehub: error: 'contact_nfa=24,shred': the action must be delete or anonymise
    hint: e.g. 'safehub retention set contact_nfa=24,anonymise'
  [3]
  $ safehub retention set
  safehub: error: say what to set, e.g. contact_nfa=24,delete
  usage: safehub retention run [--dry-run] [--as-of DATE] [--db PATH]
         safehub retention show [--db PATH]
         safehub retention set CLASS=MONTHS[,delete|anonymise] [--db PATH]
  
  run deletes or anonymises the closed contacts, requests and persons that
  the retention policy says are due as of DATE (YYYY-MM-DD, Europe/London;
  default today; a real run cannot look ahead). --dry-run lists what it
  would do, by id, and changes nothing. Each real run writes one audit event.
  show prints the policy; set changes one class: its period in months and
  its action. Classes: contact_nfa, contact_referral, request. The defaults
  are placeholders: set your partnership's own retention schedule.
  [2]
  $ safehub retention run --as-of 01/01/2025
  safehub: error: --as-of wants a date YYYY-MM-DD, not '01/01/2025'
  usage: safehub retention run [--dry-run] [--as-of DATE] [--db PATH]
         safehub retention show [--db PATH]
         safehub retention set CLASS=MONTHS[,delete|anonymise] [--db PATH]
  
  run deletes or anonymises the closed contacts, requests and persons that
  the retention policy says are due as of DATE (YYYY-MM-DD, Europe/London;
  default today; a real run cannot look ahead). --dry-run lists what it
  would do, by id, and changes nothing. Each real run writes one audit event.
  show prints the policy; set changes one class: its period in months and
  its action. Classes: contact_nfa, contact_referral, request. The defaults
  are placeholders: set your partnership's own retention schedule.
  [2]
  $ safehub retention run --as-of 2999-01-01
  safehub: error: a real run cannot be as of a future date; use --dry-run to look ahead: '2999-01-01'
  usage: safehub retention run [--dry-run] [--as-of DATE] [--db PATH]
         safehub retention show [--db PATH]
         safehub retention set CLASS=MONTHS[,delete|anonymise] [--db PATH]
  
  run deletes or anonymises the closed contacts, requests and persons that
  the retention policy says are due as of DATE (YYYY-MM-DD, Europe/London;
  default today; a real run cannot look ahead). --dry-run lists what it
  would do, by id, and changes nothing. Each real run writes one audit event.
  show prints the policy; set changes one class: its period in months and
  its action. Classes: contact_nfa, contact_referral, request. The defaults
  are placeholders: set your partnership's own retention schedule.
  [2]
  $ safehub retention run --dry-run --as-of 2999-01-01 | head -1
  retention plan as of 2999-01-01 (dry run: nothing is changed)
  $ sqlite3 safehub.db "UPDATE setting SET value = 'forever' WHERE key = 'retention.request_months'"
  $ safehub retention show
  safehub: error: the retention settings in the database are not valid: A field has a value that is not allowed
    hint: set each class again with 'safehub retention set CLASS=MONTHS,ACTION'
  [3]
  $ safehub retention purge
  safehub: error: unknown retention command 'purge'
  usage: safehub retention run [--dry-run] [--as-of DATE] [--db PATH]
         safehub retention show [--db PATH]
         safehub retention set CLASS=MONTHS[,delete|anonymise] [--db PATH]
  
  run deletes or anonymises the closed contacts, requests and persons that
  the retention policy says are due as of DATE (YYYY-MM-DD, Europe/London;
  default today; a real run cannot look ahead). --dry-run lists what it
  would do, by id, and changes nothing. Each real run writes one audit event.
  show prints the policy; set changes one class: its period in months and
  its action. Classes: contact_nfa, contact_referral, request. The defaults
  are placeholders: set your partnership's own retention schedule.
  [2]
