safehub init creates the database, is idempotent, and refuses stray arguments.
  $ safehub init --db x.db
  x.db: schema 0 -> 11 (11 migrations applied)
  $ safehub init --db x.db
  x.db: schema 11, up to date
  $ safehub init extra
  safehub: error: unexpected argument 'extra'
  usage: safehub init [--db PATH]
  
  Create the database at PATH (default $SAFEHUB_DB or var/safehub.db), or apply
  the migrations it lacks. A database newer than this safehub is refused.
  [2]
A command on a missing database says how to mend it.
  $ safehub backup --db missing.db out.db
  safehub: error: no database at missing.db
    hint: create it with 'safehub init --db missing.db', or set SAFEHUB_DB
  [4]
  $ safehub nosuch
  safehub: error: unknown command 'nosuch'
    hint: run 'safehub --help' for the list of commands
  [2]
