safehub export writes Annex A and CIN census returns; bad input is refused with no file left behind.
  $ safehub init >/dev/null
  $ awk 'BEGIN { print "contact_ref,received_at,source,referrer_name,concerns,factors,consent,lawful_basis,role,given_name,family_name,dob,nhs_number,postcode,relationship"; print "C1,2025-01-10T10:00:00Z,6,PC Synthetic,Bruising,16A,given,public_task,child,Amara,Synthetic,2016-03-14,,,"; print "C2,2025-02-01T10:00:00Z,2A,Ms Teacher,Noise,,given,public_task,child,Zed,Synthetic,2018,,," }' > c.csv
  $ safehub contact import c.csv
  imported 2 contacts (2 persons) from c.csv
  $ safehub export annex-a --from 2025-01-01 --to 2025-03-31 --output a.xlsx
  wrote a.xlsx: List 1 2 contact rows, List 3 0 referral rows
  $ unzip -p a.xlsx xl/workbook.xml | grep -o 'sheet name="[^"]*"' | paste -sd ' '
  sheet name="List 1" sheet name="List 2" sheet name="List 3" sheet name="List 4" sheet name="List 5" sheet name="List 6" sheet name="List 7" sheet name="List 8" sheet name="List 9" sheet name="List 10" sheet name="List 11"
  $ safehub export cin-census --from 2025-01-01 --to 2025-03-31 --output c.xml --lea 201
  safehub: error: no referrals between 2025-01-01 and 2025-03-31: a CIN census return needs at least one child; no file written
  [3]
  $ safehub export cin-census --from 2025-01-01 --to 2025-03-31 --output c.xml
  safehub: error: no LEA code for the CIN census
    hint: give --lea 123 (the three-digit DfE LA number), or store it as the setting cin.lea_code
  [3]
  $ safehub export annex-a --from 2025-03-31 --to 2025-01-01 --output a2.xlsx 2>&1 | head -1
  safehub: error: the period is reversed: --to is before --from '2025-01-01'
  $ safehub export annex-a --from 2025-03-31 --to 2025-01-01 --output a2.xlsx 2>/dev/null
  [2]
  $ safehub export annex-a --from 2025-02-30 --to 2025-03-31 --output a2.xlsx 2>&1 | head -1
  safehub: error: --from is not a date (YYYY-MM-DD): '2025-02-30'
  $ safehub export annex-a --from 2025-01-01 --to 31/03/2025 --output a2.xlsx 2>&1 | head -1
  safehub: error: --to is not a date (YYYY-MM-DD): '31/03/2025'
  $ safehub export annex-a --from 2025-01-01 --output a2.xlsx 2>&1 | head -1
  safehub: error: give the period with --from and --to
  $ safehub export annex-a --from 2025-01-01 --to 2025-03-31 2>&1 | head -1
  safehub: error: give the file to write with --output
  $ safehub export annex-b --from 2025-01-01 --to 2025-03-31 --output a2.xlsx 2>&1 | head -1
  safehub: error: unknown export (annex-a or cin-census): 'annex-b'
  $ safehub export annex-a --from 2025-01-01 --to 2025-03-31 --output nosuchdir/a.xlsx
  safehub: error: cannot write nosuchdir/a.xlsx: No such file or directory
    hint: check that its folder exists and is writable; no file was written
  [1]
  $ ls a2.xlsx c.xml nosuchdir 2>&1; ls | grep -c tmp
  ls: cannot access 'a2.xlsx': No such file or directory
  ls: cannot access 'c.xml': No such file or directory
  ls: cannot access 'nosuchdir': No such file or directory
  0
  [1]
