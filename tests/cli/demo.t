safehub demo makes demo agencies and users, clearly marked, and is idempotent.
  $ SAFEHUB_PWHASH_FAST=1 safehub demo --db var/demo.db
  created demo data in var/demo.db: 8 agencies, 6 users
  
  DEMO DATA — synthetic accounts for trying safehub out; not for live use.
  
  EMAIL                              ROLE               PASSWORD                     AGENCY
  mash.worker@demo.safehub.invalid   mash_worker        demo-pass-mash-worker        Demo Children's Social Care
  mash.manager@demo.safehub.invalid  mash_manager       demo-pass-mash-manager       Demo Children's Social Care
  researcher@demo.safehub.invalid    agency_researcher  demo-pass-researcher         Demo Police
  ig.officer@demo.safehub.invalid    ig_officer         demo-pass-ig-officer         Demo Children's Social Care
  admin@demo.safehub.invalid         partnership_admin  demo-pass-partnership-admin  Demo Other Agency
  sysadmin@demo.safehub.invalid      sysadmin           demo-pass-sysadmin           Demo Other Agency
  $ SAFEHUB_PWHASH_FAST=1 safehub demo --db var/demo.db
  demo data already exists in var/demo.db; nothing changed
  
  DEMO DATA — synthetic accounts for trying safehub out; not for live use.
  
  EMAIL                              ROLE               PASSWORD                     AGENCY
  mash.worker@demo.safehub.invalid   mash_worker        demo-pass-mash-worker        Demo Children's Social Care
  mash.manager@demo.safehub.invalid  mash_manager       demo-pass-mash-manager       Demo Children's Social Care
  researcher@demo.safehub.invalid    agency_researcher  demo-pass-researcher         Demo Police
  ig.officer@demo.safehub.invalid    ig_officer         demo-pass-ig-officer         Demo Children's Social Care
  admin@demo.safehub.invalid         partnership_admin  demo-pass-partnership-admin  Demo Other Agency
  sysadmin@demo.safehub.invalid      sysadmin           demo-pass-sysadmin           Demo Other Agency
  $ safehub agency list --db var/demo.db
  ID   KIND                   NAME
  2    childrens_social_care  Demo Children's Social Care
  4    education              Demo Education
  3    health                 Demo Health
  6    housing                Demo Housing
  8    other                  Demo Other Agency
  1    police                 Demo Police
  5    probation              Demo Probation
  7    youth_justice          Demo Youth Justice
  $ safehub audit verify --db var/demo.db
  audit chain ok: 14 events
  head: 14:<hash>
  $ safehub demo --help
  usage: safehub demo [--db PATH] [--contacts N [--seed S]]
  
  Create (or migrate) the database and fill it with DEMO DATA: one demo agency of
  each kind and one demo user per role, with the demo passwords printed below.
  For trying safehub out only: never load demo data into a live system.
  Running it again changes nothing.
  
    --contacts N  also generate a year of MASH work (1 April 2025 to 31 March
                  2026): N contacts (1 to 200000) with their screening, consent
                  overrides, information requests and answers, and decisions, by
                  more demo staff; then print a summary. Only into a database
                  without contacts.
    --seed S      the seed (a number, default 1): the same seed gives the same
                  year, row for row.
  $ safehub demo extra
  safehub: error: unexpected argument 'extra'
  usage: safehub demo [--db PATH] [--contacts N [--seed S]]
  
  Create (or migrate) the database and fill it with DEMO DATA: one demo agency of
  each kind and one demo user per role, with the demo passwords printed below.
  For trying safehub out only: never load demo data into a live system.
  Running it again changes nothing.
  
    --contacts N  also generate a year of MASH work (1 April 2025 to 31 March
                  2026): N contacts (1 to 200000) with their screening, consent
                  overrides, information requests and answers, and decisions, by
                  more demo staff; then print a summary. Only into a database
                  without contacts.
    --seed S      the seed (a number, default 1): the same seed gives the same
                  year, row for row.
  [2]
