safehub user adds, lists, disables users and sets passwords (read from $SAFEHUB_PASSWORD here).
  $ safehub init >/dev/null
  $ safehub agency add --name "Synthetic Council" --kind childrens_social_care >/dev/null
  $ SAFEHUB_PWHASH_FAST=1 SAFEHUB_PASSWORD="correct horse battery" safehub user add --email Ann@Example.org --name "Ann Example" --agency "Synthetic Council" --role mash_worker
  user 1 added: Ann@Example.org (mash_worker, Synthetic Council)
  $ safehub user add --email system@example.org --name "Council system" --agency 1 --role agency_researcher --service
  user 2 added: system@example.org (agency_researcher, 1) — service account, no password
  $ safehub user list
  ID   EMAIL                              ROLE               STATUS    AGENCY
  1    Ann@Example.org                    mash_worker        active    Synthetic Council
  2    system@example.org                 agency_researcher  service   Synthetic Council
  $ safehub user list --agency "Synthetic Council"
  ID   EMAIL                              ROLE               STATUS    AGENCY
  1    Ann@Example.org                    mash_worker        active    Synthetic Council
  2    system@example.org                 agency_researcher  service   Synthetic Council
The email is unique ignoring case; bad role, email, agency and password are refused.
  $ SAFEHUB_PWHASH_FAST=1 SAFEHUB_PASSWORD="correct horse battery" safehub user add --email ann@example.org --name "Ann Again" --agency 1 --role mash_worker
  safehub: error: a user with the email 'ann@example.org' already exists
    hint: emails are unique ignoring case; see 'safehub user list'
  [3]
  $ safehub user add --email bob@example.org --name Bob --agency 1 --role boss
  safehub: error: 'boss' is not a role
    hint: use one of: mash_worker, mash_manager, agency_researcher, ig_officer, partnership_admin, sysadmin
  [3]
  $ SAFEHUB_PASSWORD="correct horse battery" safehub user add --email bob --name Bob --agency 1 --role mash_worker
  safehub: error: 'bob' is not an email address this system accepts
    hint: give one address like name@agency.example, without spaces
  [3]
  $ safehub user add --email bob@example.org --name Bob --agency "Nowhere" --role mash_worker
  safehub: error: no agency named 'Nowhere'
    hint: see the agencies with 'safehub agency list', or add one with 'safehub agency add'
  [6]
  $ SAFEHUB_PASSWORD="too short" safehub user add --email bob@example.org --name Bob --agency 1 --role mash_worker
  safehub: error: the password is too short: it needs at least 12 characters
    hint: a few unrelated words make a long password that is easy to remember
  [3]
  $ safehub user add --email bob@example.org --name Bob --agency 1
  safehub: error: give the user's role with --role
  usage: safehub user add --email EMAIL --name NAME --agency AGENCY --role ROLE
                          [--service] [--db PATH]
         safehub user list [--agency AGENCY] [--db PATH]
         safehub user disable EMAIL [--db PATH]
         safehub user passwd EMAIL [--db PATH]
  
  Add, list and disable the accounts of people (and of agency systems), and
  set a password. AGENCY is an agency's name or id. ROLE is one of:
    mash_worker, mash_manager, agency_researcher, ig_officer, partnership_admin,
    sysadmin.
  The password is read from the terminal (or $SAFEHUB_PASSWORD); it must have at
  least 12 characters. --service adds an account with no password, for an agency
  system that signs in only with API tokens ('safehub token create').
  [2]
  $ safehub user list --agency Nowhere
  safehub: error: no agency named 'Nowhere'
    hint: see the agencies with 'safehub agency list', or add one with 'safehub agency add'
  [6]
Passwords are set and users disabled by email.
  $ SAFEHUB_PWHASH_FAST=1 SAFEHUB_PASSWORD="a brand new password" safehub user passwd ann@example.org
  password set for ann@example.org; any lockout is cleared and their sessions are ended
  $ SAFEHUB_PASSWORD="a brand new password" safehub user passwd nobody@example.org
  safehub: error: no user with the email 'nobody@example.org'
    hint: see the users with 'safehub user list'
  [6]
  $ safehub user disable ANN@example.org
  user ANN@example.org disabled; their sessions are ended and their API tokens no longer work
  $ safehub user disable nobody@example.org
  safehub: error: no user with the email 'nobody@example.org'
    hint: see the users with 'safehub user list'
  [6]
  $ safehub user disable
  safehub: error: name the user to disable by email
  usage: safehub user add --email EMAIL --name NAME --agency AGENCY --role ROLE
                          [--service] [--db PATH]
         safehub user list [--agency AGENCY] [--db PATH]
         safehub user disable EMAIL [--db PATH]
         safehub user passwd EMAIL [--db PATH]
  
  Add, list and disable the accounts of people (and of agency systems), and
  set a password. AGENCY is an agency's name or id. ROLE is one of:
    mash_worker, mash_manager, agency_researcher, ig_officer, partnership_admin,
    sysadmin.
  The password is read from the terminal (or $SAFEHUB_PASSWORD); it must have at
  least 12 characters. --service adds an account with no password, for an agency
  system that signs in only with API tokens ('safehub token create').
  [2]
  $ safehub user list
  ID   EMAIL                              ROLE               STATUS    AGENCY
  1    Ann@Example.org                    mash_worker        disabled  Synthetic Council
  2    system@example.org                 agency_researcher  service   Synthetic Council
  $ safehub audit verify
  audit chain ok: 5 events
  head: 5:<hash>
  $ safehub user --help
  usage: safehub user add --email EMAIL --name NAME --agency AGENCY --role ROLE
                          [--service] [--db PATH]
         safehub user list [--agency AGENCY] [--db PATH]
         safehub user disable EMAIL [--db PATH]
         safehub user passwd EMAIL [--db PATH]
  
  Add, list and disable the accounts of people (and of agency systems), and
  set a password. AGENCY is an agency's name or id. ROLE is one of:
    mash_worker, mash_manager, agency_researcher, ig_officer, partnership_admin,
    sysadmin.
  The password is read from the terminal (or $SAFEHUB_PASSWORD); it must have at
  least 12 characters. --service adds an account with no password, for an agency
  system that signs in only with API tokens ('safehub token create').
