safehub token creates (shown once), lists and revokes API tokens.
  $ safehub init >/dev/null
  $ safehub agency add --name "Synthetic Health" --kind health >/dev/null
  $ safehub user add --email system@example.org --name "Health system" --agency 1 --role agency_researcher --service >/dev/null
  $ safehub token create --user system@example.org --name "records feed" 2>&1 | sed -e 's/^shk_[A-Za-z0-9_-]\{43\}$/shk_<43 characters>/' -e 's/expires 20[0-9T:.+-]*:$/expires <time>:/'
  token 1 created for system@example.org (records feed), expires <time>:
  shk_<43 characters>
  warning: this token is shown once and cannot be shown again; store it now.
    Revoke it with 'safehub token revoke ID' if it is lost or leaked.
  $ safehub token list | sed 's/20[0-9T:-]*Z/<time>/g'
  ID   STATUS   CREATED              EXPIRES              LAST USED            USER                             NAME
  1    live     <time> <time> -                    system@example.org               records feed
  $ safehub token revoke 1
  token 1 revoked
  $ safehub token revoke 1
  token 1 revoked
  $ safehub token list | sed 's/20[0-9T:-]*Z/<time>/g'
  ID   STATUS   CREATED              EXPIRES              LAST USED            USER                             NAME
  1    revoked  <time> <time> -                    system@example.org               records feed
A token lives --days N days (1 to 366; 90 by default); the expiry is printed with it.
  $ safehub token create --user system@example.org --name "short feed" --days 30 2>/dev/null | sed -e 's/^shk_[A-Za-z0-9_-]\{43\}$/shk_<43 characters>/' -e 's/expires 20[0-9-]*T[0-9:.]*[+-][0-9][0-9]:[0-9][0-9]:$/expires <ISO 8601 with offset>:/'
  token 2 created for system@example.org (short feed), expires <ISO 8601 with offset>:
  shk_<43 characters>
  $ safehub token create --user system@example.org --name "x" --days 0
  safehub: error: --days is a whole number of days from 1 to 366, not '0'
  usage: safehub token create --user EMAIL --name LABEL [--days N] [--db PATH]
         safehub token revoke ID [--db PATH]
         safehub token list [--db PATH]
  
  Create an API token for an agency system, bound to the user EMAIL (its
  permissions are that user's role), revoke one by its id, or list them.
  The token is shown once, when created: store it in the agency system at once.
  It works for --days N days (1 to 366; default 90): rotate it before then.
  Send it as 'Authorization: Bearer shk_...'.
  [2]
  $ safehub token create --user system@example.org --name "x" --days 367
  safehub: error: --days is a whole number of days from 1 to 366, not '367'
  usage: safehub token create --user EMAIL --name LABEL [--days N] [--db PATH]
         safehub token revoke ID [--db PATH]
         safehub token list [--db PATH]
  
  Create an API token for an agency system, bound to the user EMAIL (its
  permissions are that user's role), revoke one by its id, or list them.
  The token is shown once, when created: store it in the agency system at once.
  It works for --days N days (1 to 366; default 90): rotate it before then.
  Send it as 'Authorization: Bearer shk_...'.
  [2]
  $ safehub token create --user system@example.org --name "x" --days 30d
  safehub: error: --days is a whole number of days from 1 to 366, not '30d'
  usage: safehub token create --user EMAIL --name LABEL [--days N] [--db PATH]
         safehub token revoke ID [--db PATH]
         safehub token list [--db PATH]
  
  Create an API token for an agency system, bound to the user EMAIL (its
  permissions are that user's role), revoke one by its id, or list them.
  The token is shown once, when created: store it in the agency system at once.
  It works for --days N days (1 to 366; default 90): rotate it before then.
  Send it as 'Authorization: Bearer shk_...'.
  [2]
Unknown users and tokens, and bad input, are refused.
  $ safehub token create --user nobody@example.org --name x
  safehub: error: no user with the email 'nobody@example.org'
    hint: add a service account first: 'safehub user add --service ...'
  [6]
  $ safehub token create --user system@example.org
  safehub: error: give the token a label with --name (e.g. the system's name)
  usage: safehub token create --user EMAIL --name LABEL [--days N] [--db PATH]
         safehub token revoke ID [--db PATH]
         safehub token list [--db PATH]
  
  Create an API token for an agency system, bound to the user EMAIL (its
  permissions are that user's role), revoke one by its id, or list them.
  The token is shown once, when created: store it in the agency system at once.
  It works for --days N days (1 to 366; default 90): rotate it before then.
  Send it as 'Authorization: Bearer shk_...'.
  [2]
  $ safehub token revoke 42
  safehub: error: no token with id 42
    hint: see the tokens with 'safehub token list'
  [6]
  $ safehub token revoke abc
  safehub: error: a token id is a number, not 'abc'
  usage: safehub token create --user EMAIL --name LABEL [--days N] [--db PATH]
         safehub token revoke ID [--db PATH]
         safehub token list [--db PATH]
  
  Create an API token for an agency system, bound to the user EMAIL (its
  permissions are that user's role), revoke one by its id, or list them.
  The token is shown once, when created: store it in the agency system at once.
  It works for --days N days (1 to 366; default 90): rotate it before then.
  Send it as 'Authorization: Bearer shk_...'.
  [2]
  $ safehub token revoke
  safehub: error: give the id of the token to revoke (see 'safehub token list')
  usage: safehub token create --user EMAIL --name LABEL [--days N] [--db PATH]
         safehub token revoke ID [--db PATH]
         safehub token list [--db PATH]
  
  Create an API token for an agency system, bound to the user EMAIL (its
  permissions are that user's role), revoke one by its id, or list them.
  The token is shown once, when created: store it in the agency system at once.
  It works for --days N days (1 to 366; default 90): rotate it before then.
  Send it as 'Authorization: Bearer shk_...'.
  [2]
  $ safehub token --help
  usage: safehub token create --user EMAIL --name LABEL [--days N] [--db PATH]
         safehub token revoke ID [--db PATH]
         safehub token list [--db PATH]
  
  Create an API token for an agency system, bound to the user EMAIL (its
  permissions are that user's role), revoke one by its id, or list them.
  The token is shown once, when created: store it in the agency system at once.
  It works for --days N days (1 to 366; default 90): rotate it before then.
  Send it as 'Authorization: Bearer shk_...'.
