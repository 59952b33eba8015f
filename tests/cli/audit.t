safehub audit verify checks the chain; export writes JSON lines.
  $ safehub init >/dev/null
  $ safehub audit verify
  audit chain ok: 0 events
  $ safehub agency add --name "Synthetic Police" --kind police >/dev/null
  $ safehub agency add --name "Synthetic School" --kind education >/dev/null
  $ safehub audit verify
  audit chain ok: 2 events
  head: 2:<hash>
  $ safehub audit export | sed 's/"at":"[^"]*","at_ms":[0-9]*/"at":<time>/; s/"hash":"[0-9a-f]*"/"hash":<hash>/; s/"prev_hash":"[0-9a-f]*"/"prev_hash":<hash>/'
  {"seq":1,"at":<time>,"user_id":null,"agency_id":null,"action":"agency.create","object_type":"agency","object_id":1,"person_ids":[],"purpose":"administration","lawful_basis":"public_task","outcome":"ok","detail":"kind police","prev_hash":<hash>,"hash":<hash>}
  {"seq":2,"at":<time>,"user_id":null,"agency_id":null,"action":"agency.create","object_type":"agency","object_id":2,"person_ids":[],"purpose":"administration","lawful_basis":"public_task","outcome":"ok","detail":"kind education","prev_hash":<hash>,"hash":<hash>}
  $ safehub audit export --output out.jsonl
  exported 3 events to out.jsonl
  $ wc -l < out.jsonl
  3
The export says who looked at which child: only its owner may read it, and
no temporary file is left beside it.
  $ stat -c %a out.jsonl; ls
  600
  out.jsonl
  safehub.db
  $ safehub audit export --from 2000-01-01 --to 2000-01-02
  $ safehub audit export --from yesterday
  safehub: error: --from is not a date or an ISO 8601 time with offset: 'yesterday'
  usage: safehub audit verify [--anchor SEQ:HASH] [--db PATH]
         safehub audit export [--output FILE] [--from TIME] [--to TIME] [--db PATH]
  
  verify recomputes the hash chain of the audit log and names the first event
  that was edited, deleted or moved (exit 5 if any). It prints the head of the
  chain (the newest event's seq and hash): keep it outside the database, e.g.
  with each backup, and pass it later as --anchor to show that no event up to
  it has since been cut off the end or replaced.
  export writes the events as JSON lines to FILE (default: standard output),
  those at or after --from and before --to. TIME is a date (YYYY-MM-DD,
  midnight Europe/London) or an ISO 8601 time with an offset.
  [2]
Tampering is found and named, even with the append-only triggers dropped.
  $ sqlite3 safehub.db "UPDATE audit_event SET action = 'x' WHERE seq = 1" 2>&1 | sed 's/^.*append-only.*$/refused: append-only/'
  refused: append-only
  $ sqlite3 safehub.db "DROP TRIGGER audit_event_no_update; UPDATE audit_event SET detail = 'kind health' WHERE seq = 2"
  $ safehub audit verify
  safehub: error: audit chain broken at event 2: it was edited, or an event before it was deleted or moved
    hint: keep this database as evidence, compare it with a backup, and tell the IG officer
  [5]
  $ safehub audit nosuch
  safehub: error: unknown audit command 'nosuch'
  usage: safehub audit verify [--anchor SEQ:HASH] [--db PATH]
         safehub audit export [--output FILE] [--from TIME] [--to TIME] [--db PATH]
  
  verify recomputes the hash chain of the audit log and names the first event
  that was edited, deleted or moved (exit 5 if any). It prints the head of the
  chain (the newest event's seq and hash): keep it outside the database, e.g.
  with each backup, and pass it later as --anchor to show that no event up to
  it has since been cut off the end or replaced.
  export writes the events as JSON lines to FILE (default: standard output),
  those at or after --from and before --to. TIME is a date (YYYY-MM-DD,
  midnight Europe/London) or an ISO 8601 time with an offset.
  [2]
  $ safehub audit --help
  usage: safehub audit verify [--anchor SEQ:HASH] [--db PATH]
         safehub audit export [--output FILE] [--from TIME] [--to TIME] [--db PATH]
  
  verify recomputes the hash chain of the audit log and names the first event
  that was edited, deleted or moved (exit 5 if any). It prints the head of the
  chain (the newest event's seq and hash): keep it outside the database, e.g.
  with each backup, and pass it later as --anchor to show that no event up to
  it has since been cut off the end or replaced.
  export writes the events as JSON lines to FILE (default: standard output),
  those at or after --from and before --to. TIME is a date (YYYY-MM-DD,
  midnight Europe/London) or an ISO 8601 time with an offset.
