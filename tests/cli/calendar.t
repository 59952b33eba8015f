safehub calendar shows the defaults and the shipped England and Wales bank holidays.
  $ safehub init >/dev/null
  $ safehub calendar show --year 2026
  office hours: 09:00-17:00 Europe/London, mon,tue,wed,thu,fri
  rag timescales:
    red    4h,working
    amber  24h,working
    green  72h,working
    blue   none
  bank holidays in 2026 (England and Wales, shipped with safehub): 8
    2026-01-01 Thu  New Year’s Day
    2026-04-03 Fri  Good Friday
    2026-04-06 Mon  Easter Monday
    2026-05-04 Mon  Early May bank holiday
    2026-05-25 Mon  Spring bank holiday
    2026-08-31 Mon  Summer bank holiday
    2026-12-25 Fri  Christmas Day
    2026-12-28 Mon  Boxing Day (Substitute day)
  $ safehub calendar show --year 2027
  office hours: 09:00-17:00 Europe/London, mon,tue,wed,thu,fri
  rag timescales:
    red    4h,working
    amber  24h,working
    green  72h,working
    blue   none
  bank holidays in 2027 (England and Wales, shipped with safehub): 8
    2027-01-01 Fri  New Year’s Day
    2027-03-26 Fri  Good Friday
    2027-03-29 Mon  Easter Monday
    2027-05-03 Mon  Early May bank holiday
    2027-05-31 Mon  Spring bank holiday
    2027-08-30 Mon  Summer bank holiday
    2027-12-27 Mon  Christmas Day (Substitute day)
    2027-12-28 Tue  Boxing Day (Substitute day)
Due times by hand: red 4 working hours from Saturday 22:30 is Monday 13:00; across Easter; in summer time.
  $ safehub calendar due --rag red --received 2026-11-28T22:30:00Z
  2026-11-30T13:00:00.000+00:00
  $ safehub calendar due --rag red --received 2026-04-02T15:00:00+01:00
  2026-04-07T11:00:00.000+01:00
  $ safehub calendar due --rag amber --received 2026-12-24T14:00:00Z
  2026-12-31T14:00:00.000+00:00
  $ safehub calendar due --rag green --received 2027-12-29T09:00:00Z
  2028-01-11T17:00:00.000+00:00
  $ safehub calendar due --rag red --received 2026-03-27T15:00:00Z
  2026-03-30T11:00:00.000+01:00
Red on clock hours runs through the night and the weekend.
  $ safehub calendar set --rag red=4h,clock
  office hours: 09:00-17:00 Europe/London, mon,tue,wed,thu,fri
  rag timescales:
    red    4h,clock
    amber  24h,working
    green  72h,working
    blue   none
  $ safehub calendar due --rag red --received 2026-11-28T22:30:00Z
  2026-11-29T02:30:00.000+00:00
Office hours can change; the due time follows.
  $ safehub calendar set --open 08:00 --close 16:00 --workdays mon-fri --rag red=4h --rag blue=none
  office hours: 08:00-16:00 Europe/London, mon,tue,wed,thu,fri
  rag timescales:
    red    4h,working
    amber  24h,working
    green  72h,working
    blue   none
  $ safehub calendar due --rag red --received 2026-11-27T14:00:00Z
  2026-11-30T10:00:00.000+00:00
Blue has no timescale; bad values are refused with a hint and change nothing.
  $ safehub calendar due --rag blue --received 2026-11-27T14:00:00Z
  safehub: error: blue has no timescale, so nothing is due
    hint: give it one with 'safehub calendar set --rag blue=72h'
  [3]
  $ safehub calendar due --rag purple --received 2026-11-27T14:00:00Z
  safehub: error: 'purple' is not a RAG rating
    hint: use red, amber, green or blue
  [3]
  $ safehub calendar due --rag red --received 2026-11-27T14:00:00
  safehub: error: '2026-11-27T14:00:00' is not a time with an offset
    hint: write ISO 8601 with Z or an offset, e.g. 2026-11-27T15:00:00Z or 2026-06-01T09:30:00+01:00
  [3]
  $ safehub calendar due --rag red
  safehub: error: give the time received with --received
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
  $ safehub calendar set --rag red=0h
  safehub: error: '0h' is not a timescale
    hint: write e.g. 4h, 90m, 3d or 4h30m (at most 365d), then ,working or ,clock; or none
  [3]
  $ safehub calendar set --rag red4h
  safehub: error: '--rag red4h' should be RATING=TIMESCALE
    hint: e.g. --rag red=4h,working or --rag red=4h,clock
  [2]
  $ safehub calendar set --open 9am
  safehub: error: '9am' is not a time of day
    hint: write HH:MM, e.g. --open 09:00
  [3]
  $ safehub calendar set --close 07:00
  safehub: error: the office would close before it opens
    hint: give --open earlier than --close
  [3]
  $ safehub calendar set --workdays mon,funday
  safehub: error: 'mon,funday' is not a list of working days
    hint: write e.g. mon,tue,wed,thu,fri or mon-fri, each day once
  [3]
  $ safehub calendar set
  safehub: error: say what to set: --open, --close, --workdays or --rag
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
  $ safehub calendar show --year 20x6
  safehub: error: '20x6' is not a year
    hint: give a year such as 2026
  [2]
  $ safehub calendar show --year 2030
  office hours: 08:00-16:00 Europe/London, mon,tue,wed,thu,fri
  rag timescales:
    red    4h,working
    amber  24h,working
    green  72h,working
    blue   none
  bank holidays in 2030 (England and Wales, shipped with safehub): 8
    2030-01-01 Tue  New Year’s Day
    2030-04-19 Fri  Good Friday
    2030-04-22 Mon  Easter Monday
    2030-05-06 Mon  Early May bank holiday
    2030-05-27 Mon  Spring bank holiday
    2030-08-26 Mon  Summer bank holiday
    2030-12-25 Wed  Christmas Day
    2030-12-26 Thu  Boxing Day
