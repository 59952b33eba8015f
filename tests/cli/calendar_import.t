safehub calendar import replaces the bank holidays from a gov.uk-shaped feed, and refuses a bad one without changing anything.
  $ safehub init >/dev/null
  $ printf '{"england-and-wales":{"division":"england-and-wales","events":[{"title":"Made-up day","date":"2031-03-03","notes":"","bunting":true},{"title":"Boxing Day","date":"2031-12-26","notes":"","bunting":true}]},"scotland":{"division":"scotland","events":[]}}' > feed.json
  $ safehub calendar import feed.json
  imported 2 England and Wales bank holidays, 2031, from feed.json
  $ safehub calendar show
  office hours: 09:00-17:00 Europe/London, mon,tue,wed,thu,fri
  rag timescales:
    red    4h,working
    amber  24h,working
    green  72h,working
    blue   none
  bank holidays (England and Wales, imported): 2, 2031
    2031-03-03 Mon  Made-up day
    2031-12-26 Fri  Boxing Day
  $ safehub calendar due --rag red --received 2031-03-03T10:00:00Z
  2031-03-04T13:00:00.000+00:00
  $ printf '{"scotland":{"division":"scotland","events":[]}}' > wrong.json
  $ safehub calendar import wrong.json
  safehub: error: wrong.json is not a bank holidays feed: the feed has no "england-and-wales" division
    hint: give a file in the shape of https://www.gov.uk/bank-holidays.json; nothing was changed
  [3]
  $ printf '{"england-and-wales":{"division":"england-and-wales","events":[{"title":"X","date":"2031-02-29"}]}}' > baddate.json
  $ safehub calendar import baddate.json
  safehub: error: baddate.json is not a bank holidays feed: events[0].date "2031-02-29" is not a real date (YYYY-MM-DD, 1900-2199)
    hint: give a file in the shape of https://www.gov.uk/bank-holidays.json; nothing was changed
  [3]
  $ printf 'not json' > notjson.json
  $ safehub calendar import notjson.json
  safehub: error: notjson.json is not a bank holidays feed: not JSON: '[' or '{' expected near 'not' (line 1, column 3)
    hint: give a file in the shape of https://www.gov.uk/bank-holidays.json; nothing was changed
  [3]
  $ safehub calendar import missing.json
  safehub: error: cannot read missing.json: No such file or directory
    hint: download the feed with: curl -o missing.json https://www.gov.uk/bank-holidays.json
  [6]
  $ safehub calendar import
  safehub: error: name the feed file to import
  usage: safehub calendar import FILE [--db PATH]
         safehub calendar show [--year YEAR] [--db PATH]
         safehub calendar set [--open HH:MM] [--close HH:MM] [--workdays DAYS]
                              [--rag RATING=TIMESCALE]... [--db PATH]
         safehub calendar due --rag RATING --received TIME [--db PATH]
  
  The working-time calendar of the RAG clock: office hours (Europe/London),
  England and Wales bank holidays and the timescale of each RAG rating.
  
    import  replace the bank holidays with those of FILE, in the shape of
            https://www.gov.uk/bank-holidays.json (its england-and-wales division)
    show    office hours, RAG timescales and the bank holidays in force
    set     change office hours or RAG timescales. DAYS is e.g. mon,tue,wed,thu,fri
            or mon-fri. RATING is red, amber, green or blue; TIMESCALE is e.g. 4h,
            90m, 3d or 4h30m, then ,working (the default) or ,clock; or none
    due     when a contact rated RATING and received at TIME (ISO 8601 with an
            offset, e.g. 2026-11-27T15:00:00Z) is due
  [2]
  $ safehub calendar show --year 2031
  office hours: 09:00-17:00 Europe/London, mon,tue,wed,thu,fri
  rag timescales:
    red    4h,working
    amber  24h,working
    green  72h,working
    blue   none
  bank holidays in 2031 (England and Wales, imported): 2
    2031-03-03 Mon  Made-up day
    2031-12-26 Fri  Boxing Day
  $ safehub audit export | grep -c calendar.holidays_import
  1
  $ safehub calendar nosuch
  safehub: error: unknown calendar command 'nosuch'
  usage: safehub calendar import FILE [--db PATH]
         safehub calendar show [--year YEAR] [--db PATH]
         safehub calendar set [--open HH:MM] [--close HH:MM] [--workdays DAYS]
                              [--rag RATING=TIMESCALE]... [--db PATH]
         safehub calendar due --rag RATING --received TIME [--db PATH]
  
  The working-time calendar of the RAG clock: office hours (Europe/London),
  England and Wales bank holidays and the timescale of each RAG rating.
  
    import  replace the bank holidays with those of FILE, in the shape of
            https://www.gov.uk/bank-holidays.json (its england-and-wales division)
    show    office hours, RAG timescales and the bank holidays in force
    set     change office hours or RAG timescales. DAYS is e.g. mon,tue,wed,thu,fri
            or mon-fri. RATING is red, amber, green or blue; TIMESCALE is e.g. 4h,
            90m, 3d or 4h30m, then ,working (the default) or ,clock; or none
    due     when a contact rated RATING and received at TIME (ISO 8601 with an
            offset, e.g. 2026-11-27T15:00:00Z) is due
  [2]
  $ safehub calendar
  safehub: error: say what to do: import, show, set or due
  usage: safehub calendar import FILE [--db PATH]
         safehub calendar show [--year YEAR] [--db PATH]
         safehub calendar set [--open HH:MM] [--close HH:MM] [--workdays DAYS]
                              [--rag RATING=TIMESCALE]... [--db PATH]
         safehub calendar due --rag RATING --received TIME [--db PATH]
  
  The working-time calendar of the RAG clock: office hours (Europe/London),
  England and Wales bank holidays and the timescale of each RAG rating.
  
    import  replace the bank holidays with those of FILE, in the shape of
            https://www.gov.uk/bank-holidays.json (its england-and-wales division)
    show    office hours, RAG timescales and the bank holidays in force
    set     change office hours or RAG timescales. DAYS is e.g. mon,tue,wed,thu,fri
            or mon-fri. RATING is red, amber, green or blue; TIMESCALE is e.g. 4h,
            90m, 3d or 4h30m, then ,working (the default) or ,clock; or none
    due     when a contact rated RATING and received at TIME (ISO 8601 with an
            offset, e.g. 2026-11-27T15:00:00Z) is due
  [2]
  $ safehub calendar due --help
  usage: safehub calendar import FILE [--db PATH]
         safehub calendar show [--year YEAR] [--db PATH]
         safehub calendar set [--open HH:MM] [--close HH:MM] [--workdays DAYS]
                              [--rag RATING=TIMESCALE]... [--db PATH]
         safehub calendar due --rag RATING --received TIME [--db PATH]
  
  The working-time calendar of the RAG clock: office hours (Europe/London),
  England and Wales bank holidays and the timescale of each RAG rating.
  
    import  replace the bank holidays with those of FILE, in the shape of
            https://www.gov.uk/bank-holidays.json (its england-and-wales division)
    show    office hours, RAG timescales and the bank holidays in force
    set     change office hours or RAG timescales. DAYS is e.g. mon,tue,wed,thu,fri
            or mon-fri. RATING is red, amber, green or blue; TIMESCALE is e.g. 4h,
            90m, 3d or 4h30m, then ,working (the default) or ,clock; or none
    due     when a contact rated RATING and received at TIME (ISO 8601 with an
            offset, e.g. 2026-11-27T15:00:00Z) is due
  $ safehub calendar show --db missing.db
  safehub: error: no database at missing.db
    hint: create it with 'safehub init --db missing.db', or set SAFEHUB_DB
  [4]
