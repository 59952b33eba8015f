safehub token creates (shown once), lists and revokes API tokens.
  $ safehub init >/dev/null
  $ safehub agency add --name "Synthetic Health" --kind health >/dev/null
  $ safehub user add --email system@example.org --name "Health system" --agency 1 --role agency_researcher --service >/dev/null
  $ safehub token create --user system@example.org --name "records feed" 2>&1 | sed 's/^shk_[A-Za-z0-9_-]\{43\}$/shk_<43 characters>/'
  token 1 created for system@example.org (records feed):
  shk_<43 characters>
  warning: this token is shown once and cannot be shown again; store it now.
    Revoke it with 'safehub token revoke ID' if it is lost or leaked.
  $ safehub token list | sed 's/20[0-9T:-]*Z/<time>/'
  ID   STATUS   CREATED              LAST USED            USER                             NAME
  1    live     <time> -                    system@example.org               records feed
  $ safehub token revoke 1
  token 1 revoked
  $ safehub token revoke 1
  token 1 revoked
  $ safehub token list | sed 's/20[0-9T:-]*Z/<time>/g'
  ID   STATUS   CREATED              LAST USED            USER                             NAME
  1    revoked  <time> -                    system@example.org               records feed
Unknown users and tokens, and bad input, are refused.
  $ safehub token create --user nobody@example.org --name x
  safehub: error: no user with the email 'nobody@example.org'
    hint: add a service account first: 'safehub user add --service ...'
  [6]
  $ safehub token create --user system@example.org
  safehub: error: give the token a label with --name (e.g. the system's name)
  usage: safehub token create --user EMAIL --name LABEL [--db PATH]
         safehub token revoke ID [--db PATH]
         safehub token list [--db PATH]
  
  Create an API token for an agency system, bound to the user EMAIL (its
  permissions are that user's role), revoke one by its id, or list them.
  The token is shown once, when created: store it in the agency system at once.
  Send it as 'Authorization: Bearer shk_...'.
  [2]
  $ safehub token revoke 42
  safehub: error: no token with id 42
    hint: see the tokens with 'safehub token list'
  [6]
  $ safehub token revoke abc
  safehub: error: a token id is a number, not 'abc'
  usage: safehub token create --user EMAIL --name LABEL [--db PATH]
         safehub token revoke ID [--db PATH]
         safehub token list [--db PATH]
  
  Create an API token for an agency system, bound to the user EMAIL (its
  permissions are that user's role), revoke one by its id, or list them.
  The token is shown once, when created: store it in the agency system at once.
  Send it as 'Authorization: Bearer shk_...'.
  [2]
  $ safehub token revoke
  safehub: error: give the id of the token to revoke (see 'safehub token list')
  usage: safehub token create --user EMAIL --name LABEL [--db PATH]
         safehub token revoke ID [--db PATH]
         safehub token list [--db PATH]
  
  Create an API token for an agency system, bound to the user EMAIL (its
  permissions are that user's role), revoke one by its id, or list them.
  The token is shown once, when created: store it in the agency system at once.
  Send it as 'Authorization: Bearer shk_...'.
  [2]
  $ safehub token --help
  usage: safehub token create --user EMAIL --name LABEL [--db PATH]
         safehub token revoke ID [--db PATH]
         safehub token list [--db PATH]
  
  Create an API token for an agency system, bound to the user EMAIL (its
  permissions are that user's role), revoke one by its id, or list them.
  The token is shown once, when created: store it in the agency system at once.
  Send it as 'Authorization: Bearer shk_...'.
