An anchor kept outside the database shows events cut off the end of the log,
which the chain alone cannot show.
  $ safehub init >/dev/null
  $ safehub agency add --name "Synthetic Police" --kind police >/dev/null
  $ safehub agency add --name "Synthetic School" --kind education >/dev/null
  $ safehub audit verify | sed -n 's/^head: //p' > anchor
  $ safehub audit verify --anchor "$(cat anchor)"
  audit chain ok: 2 events
  head: 2:<hash>
  $ safehub agency add --name "Synthetic Clinic" --kind health >/dev/null
  $ safehub audit verify --anchor "$(cat anchor)"
  audit chain ok: 3 events
  head: 3:<hash>
Cutting the last two events off leaves a chain that verifies, but not the anchor.
  $ sqlite3 safehub.db "DROP TRIGGER audit_event_no_delete; DELETE FROM audit_event WHERE seq >= 2"
  $ safehub audit verify
  audit chain ok: 1 event
  head: 1:<hash>
  $ safehub audit verify --anchor "$(cat anchor)"
  safehub: error: audit chain does not hold the anchor event 2: events up to it were cut off or replaced
    hint: keep this database as evidence, compare it with a backup, and tell the IG officer
  [5]
  $ safehub audit verify --anchor 2:nothex 2>&1 | head -n 1
  safehub: error: --anchor wants SEQ:HASH as 'audit verify' printed it, not '2:nothex'
