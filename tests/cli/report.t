A tiny demo year (deterministic: seed 2) to report on.
  $ SAFEHUB_PWHASH_FAST=1 safehub demo --contacts 30 --seed 2 > /dev/null
Turnaround of the contacts decided in January 2026, as a text table.
  $ safehub report turnaround --from 2026-01-01 --to 2026-01-31
  turnaround report, 2026-01-01 to 2026-01-31
  
  all
  group  contacts  mean_working_days  median_working_days  p90_working_days  mean_working_hours  median_working_hours  p90_working_hours  mean_clock_hours  median_clock_hours  p90_clock_hours  rag_timed  within_rag_timescale  within_one_working_day
  all           2               1.30                 1.30              1.35               10.39                 10.39              10.77             70.34               70.34            90.66          2                100.0%                    0.0%
  
  by_initial_level
  group  contacts  mean_working_days  median_working_days  p90_working_days  mean_working_hours  median_working_hours  p90_working_hours  mean_clock_hours  median_clock_hours  p90_clock_hours  rag_timed  within_rag_timescale  within_one_working_day
  1             0                  –                    –                 –                   –                     –                  –                 –                   –                –          0                     –                       –
  2             1               1.35                 1.35              1.35               10.77                 10.77              10.77             90.66               90.66            90.66          1                100.0%                    0.0%
  3             1               1.25                 1.25              1.25               10.02                 10.02              10.02             50.02               50.02            50.02          1                100.0%                    0.0%
  4             0                  –                    –                 –                   –                     –                  –                 –                   –                –          0                     –                       –
  
  by_initial_rag
  group  contacts  mean_working_days  median_working_days  p90_working_days  mean_working_hours  median_working_hours  p90_working_hours  mean_clock_hours  median_clock_hours  p90_clock_hours  rag_timed  within_rag_timescale  within_one_working_day
  red           0                  –                    –                 –                   –                     –                  –                 –                   –                –          0                     –                       –
  amber         1               1.25                 1.25              1.25               10.02                 10.02              10.02             50.02               50.02            50.02          1                100.0%                    0.0%
  green         1               1.35                 1.35              1.35               10.77                 10.77              10.77             90.66               90.66            90.66          1                100.0%                    0.0%
  blue          0                  –                    –                 –                   –                     –                  –                 –                   –                –          0                     –                       –
  
  by_source
  group  contacts  mean_working_days  median_working_days  p90_working_days  mean_working_hours  median_working_hours  p90_working_hours  mean_clock_hours  median_clock_hours  p90_clock_hours  rag_timed  within_rag_timescale  within_one_working_day
  4             1               1.35                 1.35              1.35               10.77                 10.77              10.77             90.66               90.66            90.66          1                100.0%                    0.0%
  6             1               1.25                 1.25              1.25               10.02                 10.02              10.02             50.02               50.02            50.02          1                100.0%                    0.0%
  
  by_month
  group    contacts  mean_working_days  median_working_days  p90_working_days  mean_working_hours  median_working_hours  p90_working_hours  mean_clock_hours  median_clock_hours  p90_clock_hours  rag_timed  within_rag_timescale  within_one_working_day
  2026-01         2               1.30                 1.30              1.35               10.39                 10.39              10.77             70.34               70.34            90.66          2                100.0%                    0.0%
Volumes as CSV: table,group,measure,value, CRLF line ends (shown without them).
  $ safehub report volumes --from 2026-01-01 --to 2026-03-31 --format csv | sed 's/[[:cntrl:]]//g'
  table,group,measure,value
  flow,contacts,value,7
  flow,mash_enquiries,value,3
  flow,decided,value,6
  flow,referrals,value,2
  flow,assessments_s17,value,1
  flow,strategy_discussions_s47,value,1
  flow,referral_nfa,value,0
  flow,re_referrals_within_12_months,value,0
  flow,linked_children,value,0
  flow,linked_children_not_known_to_csc,value,0
  rates,enquiry_rate (enquiries / contacts),value,0.4286
  rates,referral_rate (referrals / contacts),value,0.2857
  rates,enquiry_to_referral (referrals / enquiries),value,0.6667
  rates,referral_to_assessment (s17 / referrals),value,0.5000
  rates,referral_to_strategy (s47 / referrals),value,0.5000
  rates,nfa_rate (referral NFA / referrals),value,0.0000
  rates,re_referral_rate (re-referrals / referrals),value,0.0000
  outcomes_by_level,1,no_further_action,0
  outcomes_by_level,1,signpost_universal,0
  outcomes_by_level,1,early_help,0
  outcomes_by_level,1,assessment_s17,0
  outcomes_by_level,1,strategy_discussion_s47,0
  outcomes_by_level,1,pass_to_allocated_worker,0
  outcomes_by_level,1,refer_other_agency,0
  outcomes_by_level,1,total,0
  outcomes_by_level,2,no_further_action,1
  outcomes_by_level,2,signpost_universal,1
  outcomes_by_level,2,early_help,2
  outcomes_by_level,2,assessment_s17,0
  outcomes_by_level,2,strategy_discussion_s47,0
  outcomes_by_level,2,pass_to_allocated_worker,0
  outcomes_by_level,2,refer_other_agency,0
  outcomes_by_level,2,total,4
  outcomes_by_level,3,no_further_action,0
  outcomes_by_level,3,signpost_universal,0
  outcomes_by_level,3,early_help,0
  outcomes_by_level,3,assessment_s17,1
  outcomes_by_level,3,strategy_discussion_s47,0
  outcomes_by_level,3,pass_to_allocated_worker,0
  outcomes_by_level,3,refer_other_agency,0
  outcomes_by_level,3,total,1
  outcomes_by_level,4,no_further_action,0
  outcomes_by_level,4,signpost_universal,0
  outcomes_by_level,4,early_help,0
  outcomes_by_level,4,assessment_s17,0
  outcomes_by_level,4,strategy_discussion_s47,1
  outcomes_by_level,4,pass_to_allocated_worker,0
  outcomes_by_level,4,refer_other_agency,0
  outcomes_by_level,4,total,1
Agencies as JSON.
  $ safehub report agencies --from 2026-01-01 --to 2026-03-31 --format json
  {"report": "agencies", "period": {"from": "2026-01-01", "to": "2026-03-31"}, "tables": {"agencies": [{"agency": "Demo Education", "kind": "education", "requests": 1, "answered": 1, "on_time": 1, "open": 0, "overdue": 0, "withdrawn": 0, "on_time_share": 1.0, "mean_working_hours": 3.266667, "median_working_hours": 3.266667, "p90_working_hours": 3.266667}, {"agency": "Demo Health", "kind": "health", "requests": 3, "answered": 3, "on_time": 3, "open": 0, "overdue": 0, "withdrawn": 0, "on_time_share": 1.0, "mean_working_hours": 6.911111, "median_working_hours": 1.816667, "p90_working_hours": 17.683333}, {"agency": "Demo Police", "kind": "police", "requests": 2, "answered": 2, "on_time": 2, "open": 0, "overdue": 0, "withdrawn": 0, "on_time_share": 1.0, "mean_working_hours": 1.125, "median_working_hours": 1.125, "p90_working_hours": 1.866667}, {"agency": "All agencies", "kind": "", "requests": 6, "answered": 6, "on_time": 6, "open": 0, "overdue": 0, "withdrawn": 0, "on_time_share": 1.0, "mean_working_hours": 4.375, "median_working_hours": 1.841667, "p90_working_hours": 17.683333}]}}
The first half year beside the second, as a text table.
  $ safehub report compare --from 2025-04-01 --to 2025-09-30 --compare-from 2025-10-01 --compare-to 2026-03-31
  compare report, 2025-04-01 to 2025-09-30 (a) compared with 2025-10-01 to 2026-03-31 (b)
  
  comparison
  measure                                     unit  period_a  period_b  change  relative_change
  contacts decided                    contacts         13.00     15.00    2.00             0.15
  mean working days                   working days      0.89      1.60    0.72             0.81
  median working days                 working days      0.70      1.44    0.74             1.06
  90th percentile working days        working days      1.25      2.78    1.53             1.22
  mean working days, initial level 1  working days      0.63         –       –                –
  mean working days, initial level 2  working days      1.37      1.94    0.57             0.42
  mean working days, initial level 3  working days      0.70      1.10    0.41             0.58
  mean working days, initial level 4  working days      0.41      0.64    0.23             0.54
  mean clock hours                    clock hours      36.07     58.96   22.89             0.63
  decided within the RAG timescale    share           100.0%     86.7%   -0.13            -0.13
  decided within one working day      share            69.2%     20.0%   -0.49            -0.71
An XLSX workbook needs a file; it is a ZIP container.
  $ safehub report turnaround --from 2025-04-01 --to 2026-03-31 --format xlsx --output tat.xlsx
  wrote the turnaround report (xlsx) to tat.xlsx
  $ head -c 2 tat.xlsx; echo
  PK
A CSV into a file.
  $ safehub report volumes --from 2025-04-01 --to 2026-03-31 --format csv --output vol.csv
  wrote the volumes report (csv) to vol.csv
  $ head -n 2 vol.csv | sed 's/[[:cntrl:]]//g'
  table,group,measure,value
  flow,contacts,value,30
Bad input: a reversed period, a date that is not a date, an unknown format, xlsx without a file,
compare without its second period; each a usage error (exit 2), nothing written.
  $ safehub report turnaround --from 2026-03-31 --to 2026-01-01
  safehub: error: the period is reversed: its end date is before its start date (--from 2026-03-31 --to 2026-01-01)
  [2]
  $ safehub report volumes --from 2026-02-30 --to 2026-03-31
  safehub: error: the start date is not a real date written YYYY-MM-DD (--from 2026-02-30 --to 2026-03-31)
  [2]
  $ safehub report turnaround --from 2026-01-01 --to 2026-03-31 --format pdf > err.txt 2>&1; echo "exit $?"; head -n 1 err.txt; rm err.txt
  exit 2
  safehub: error: the format must be table, csv, json or xlsx, not 'pdf'
  $ safehub report agencies --from 2026-01-01 --to 2026-03-31 --format xlsx > err.txt 2>&1; echo "exit $?"; head -n 1 err.txt; rm err.txt
  exit 2
  safehub: error: an xlsx workbook needs --output FILE
  $ safehub report compare --from 2026-01-01 --to 2026-03-31 > err.txt 2>&1; echo "exit $?"; head -n 1 err.txt; rm err.txt
  exit 2
  safehub: error: compare needs --compare-from DATE --compare-to DATE
An output that cannot be written (a folder that does not exist; a path that is a folder):
exit 1, and no partial or temporary file is left behind.
  $ safehub report turnaround --from 2026-01-01 --to 2026-03-31 --output nowhere/tat.txt
  safehub: error: cannot write nowhere/tat.txt: No such file or directory
    hint: check that its folder exists and is writable; nothing was written
  [1]
  $ mkdir out
  $ safehub report turnaround --from 2026-01-01 --to 2026-03-31 --format xlsx --output out
  safehub: error: cannot write out: Is a directory
    hint: check that its folder exists and is writable; nothing was written
  [1]
  $ ls . out
  .:
  out
  safehub.db
  tat.xlsx
  vol.csv
  
  out:
