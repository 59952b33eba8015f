safehub demo --contacts N --seed S adds a synthetic year of MASH work through the real
domain functions; the same seed gives the same year, so this summary is exact.
  $ SAFEHUB_PWHASH_FAST=1 safehub demo --db var/demo.db --contacts 40 --seed 3
  created demo data in var/demo.db: 8 agencies, 6 users
  
  DEMO DATA — synthetic accounts for trying safehub out; not for live use.
  
  EMAIL                              ROLE               PASSWORD                     AGENCY
  mash.worker@demo.safehub.invalid   mash_worker        demo-pass-mash-worker        Demo Children's Social Care
  mash.manager@demo.safehub.invalid  mash_manager       demo-pass-mash-manager       Demo Children's Social Care
  researcher@demo.safehub.invalid    agency_researcher  demo-pass-researcher         Demo Police
  ig.officer@demo.safehub.invalid    ig_officer         demo-pass-ig-officer         Demo Children's Social Care
  admin@demo.safehub.invalid         partnership_admin  demo-pass-partnership-admin  Demo Other Agency
  sysadmin@demo.safehub.invalid      sysadmin           demo-pass-sysadmin           Demo Other Agency
  
  EMAIL                                      ROLE               PASSWORD                            AGENCY KIND
  mash.worker1@demo.safehub.invalid          mash_worker        demo-pass-mash-worker-1             childrens_social_care
  mash.worker2@demo.safehub.invalid          mash_worker        demo-pass-mash-worker-2             childrens_social_care
  mash.worker3@demo.safehub.invalid          mash_worker        demo-pass-mash-worker-3             childrens_social_care
  mash.worker4@demo.safehub.invalid          mash_worker        demo-pass-mash-worker-4             childrens_social_care
  mash.worker5@demo.safehub.invalid          mash_worker        demo-pass-mash-worker-5             childrens_social_care
  mash.manager1@demo.safehub.invalid         mash_manager       demo-pass-mash-manager-1            childrens_social_care
  mash.manager2@demo.safehub.invalid         mash_manager       demo-pass-mash-manager-2            childrens_social_care
  researcher.police@demo.safehub.invalid     agency_researcher  demo-pass-researcher-police         police
  researcher.health@demo.safehub.invalid     agency_researcher  demo-pass-researcher-health         health
  researcher.education@demo.safehub.invalid  agency_researcher  demo-pass-researcher-education      education
  researcher.probation@demo.safehub.invalid  agency_researcher  demo-pass-researcher-probation      probation
  researcher.housing@demo.safehub.invalid    agency_researcher  demo-pass-researcher-housing        housing
  researcher.yj@demo.safehub.invalid         agency_researcher  demo-pass-researcher-youth-justice  youth_justice
  
  demo year 2025-04-01 to 2026-03-31, seed 3: 40 contacts, 42 children, 50 household members
    by month     Apr 2 May 4 Jun 4 Jul 3 Aug 2 Sep 4 Oct 4 Nov 4 Dec 2 Jan 4 Feb 4 Mar 3
    routed      3 already open to children's social care (not screened)
    RAG         red 5, amber 5, green 22, blue 5 (1 re-rated)
    level       1: 5, 2: 22, 3: 5, 4: 5
    consent     10 overrides authorised by a manager
    requests    58: known 29, not known 28, declined 1, open at year end 0; overdue 1
    decisions   37 authorised (3 proposals rejected first); 0 contacts open at year end
    outcomes    NFA 7, signpost 7, early help 14, s17 6, s47 3, allocated worker 0, other agency 0
    referrals   10, of which re-referrals within 12 months 3 (30.0%)
    turnaround  mean working days, received to decided, by final level: 1: 0.62 (5), 2: 1.72 (22), 3: 1.42 (5), 4: 0.58 (5)
Running it again changes nothing.
  $ SAFEHUB_PWHASH_FAST=1 safehub demo --db var/demo.db --contacts 40 --seed 3
  demo data already exists in var/demo.db; nothing changed
  
  DEMO DATA — synthetic accounts for trying safehub out; not for live use.
  
  EMAIL                              ROLE               PASSWORD                     AGENCY
  mash.worker@demo.safehub.invalid   mash_worker        demo-pass-mash-worker        Demo Children's Social Care
  mash.manager@demo.safehub.invalid  mash_manager       demo-pass-mash-manager       Demo Children's Social Care
  researcher@demo.safehub.invalid    agency_researcher  demo-pass-researcher         Demo Police
  ig.officer@demo.safehub.invalid    ig_officer         demo-pass-ig-officer         Demo Children's Social Care
  admin@demo.safehub.invalid         partnership_admin  demo-pass-partnership-admin  Demo Other Agency
  sysadmin@demo.safehub.invalid      sysadmin           demo-pass-sysadmin           Demo Other Agency
  
  var/demo.db already holds 40 contacts; no demo year added
Every step left its audit event, and the chain holds.
  $ safehub audit verify --db var/demo.db
  audit chain ok: 322 events
  head: 322:<hash>
Bad values are refused before anything is written.
  $ safehub demo --db var/bad.db --contacts 0
  safehub: error: --contacts needs a whole number from 1 to 200000, not '0'
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
  $ safehub demo --db var/bad.db --contacts 12x
  safehub: error: --contacts needs a whole number from 1 to 200000, not '12x'
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
  $ safehub demo --db var/bad.db --contacts 10 --seed -1
  safehub: error: --seed needs a whole number, not '-1'
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
  $ safehub demo --db var/bad.db --seed 4
  safehub: error: --seed goes with --contacts
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
  $ ls var
  demo.db
