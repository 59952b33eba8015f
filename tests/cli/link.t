safehub link: the batch linkage contract of issue 4 (dedupe, link, explain,
eval, generate) and how it refuses bad input.

A small file: William/Bill and Ama/Amma are the same child; Kwame is Ama's
twin (same family, date of birth and address) and must not be linked; Oliver
Brown has his names and day/month swapped in the second record.
  $ echo 'ref,first,last,birth,gender,post,addr' > people.csv
  $ echo 'a1,William,Smith,2012-03-05,M,E8 3AW,12 Mare Street' >> people.csv
  $ echo 'a2,Bill,Smith,05/03/2012,male,E8 3AW,12 Mare St' >> people.csv
  $ echo 'a3,Ama,Mensah,20150714,F,N16 7XY,4 Kings Road' >> people.csv
  $ echo 'a4,Amma,Mensah,2015-07-14,F,N16 7XY,4 Kings Rd' >> people.csv
  $ echo 'a5,Kwame,Mensah,2015-07-14,M,N16 7XY,4 Kings Road' >> people.csv
  $ echo 'a6,Zofia,Nowak,2010-11-30,F,SE15 2AB,9 Rye Lane' >> people.csv
  $ echo 'a7,Oliver,Brown,2009-01-02,M,W12 8RS,18 Forest Rise' >> people.csv
  $ echo 'a8,Brown,Oliver,2009-02-01,M,W12 8RS,18 Forest Rise' >> people.csv
  $ safehub link dedupe --input people.csv --id ref --field given=first --field family=last --field dob=birth --field sex=gender --field postcode=post --field address=addr --pairs pairs.csv --clusters clusters.csv
  $ cat pairs.csv
  id_l,id_r,match_weight,match_probability
  a1,a2,17.4905,0.999995
  a3,a4,18.6312,0.999998
  a7,a8,11.6052,0.999679
  $ cat clusters.csv
  id,cluster_id
  a1,a1
  a2,a1
  a3,a3
  a4,a3
  a5,a5
  a6,a6
  a7,a7
  a8,a7
The twins, field by field.
  $ safehub link explain --input people.csv --id ref --field given=first --field family=last --field dob=birth --field sex=gender --field postcode=post --field address=addr --pair a3,a5
  pair a3 a5
  field      level                weight
  prior                            -3.06
  given      else                  -6.20
  family     exact                 +5.98
  dob        exact                 -0.15  (household)
  sex        else                  -5.65
  postcode   full                  -0.26  (household)
  address    number+street         -0.26  (household)
  match_weight -9.5908
  match_probability 0.001295
  compared_by_blocking yes
With names and dates only, the evidence is weaker; a threshold of 0.99 keeps
the surest pairs.
  $ safehub link dedupe --input people.csv --id ref --field given=first --field family=last --field dob=birth --pairs p.csv --threshold 0.99 && cat p.csv
  id_l,id_r,match_weight,match_probability
  a1,a2,8.3611,0.996968
  a3,a4,9.5013,0.998622
Linking two files: id_l is from --left.
  $ (head -1 people.csv; grep -E '^a(2|4|5|8),' people.csv) > right.csv; (head -1 people.csv; grep -E '^a(1|3|6|7),' people.csv) > left.csv
  $ safehub link link --left left.csv --right right.csv --id ref --field given=first --field family=last --field dob=birth --field sex=gender --field postcode=post --field address=addr --pairs lr.csv && cat lr.csv
  id_l,id_r,match_weight,match_probability
  a1,a2,19.7221,0.999999
  a3,a4,20.8447,0.999999
  a7,a8,13.3473,0.999904
Bad input: a clear error naming the line, exit 3; a missing file, exit 6.
  $ echo 'id,given' > ragged.csv; echo '1,Anna' >> ragged.csv; echo '2,Bob,extra' >> ragged.csv; safehub link dedupe --input ragged.csv --id id --field given=given --pairs o.csv
  safehub: error: ragged.csv:3: the row has 3 fields, the header has 2
  [3]
  $ echo 'id,given' > dup.csv; echo '1,Anna' >> dup.csv; echo '1,Bob' >> dup.csv; safehub link dedupe --input dup.csv --id id --field given=given --pairs o.csv
  safehub: error: dup.csv:3: duplicate id '1'
  [3]
  $ echo 'id,given' > quote.csv; echo '1,"Anna' >> quote.csv; safehub link dedupe --input quote.csv --id id --field given=given --pairs o.csv
  safehub: error: quote.csv:2: unterminated quoted field 2 (a " opened it and the file ended)
  [3]
  $ echo 'id,given' > utf8.csv; LC_ALL=C awk 'BEGIN { printf("1,An%cna%c", 255, 10) }' >> utf8.csv; safehub link dedupe --input utf8.csv --id id --field given=given --pairs o.csv
  safehub: error: utf8.csv:2: invalid UTF-8 in field 2
  [3]
  $ : > empty.csv; safehub link dedupe --input empty.csv --id id --field given=given --pairs o.csv
  safehub: error: empty.csv: the file is empty; it needs a header row
  [3]
  $ safehub link dedupe --input people.csv --id ref --field family=surname --pairs o.csv
  safehub: error: people.csv:1: no column 'surname' (for role family) in the header
  [3]
  $ safehub link dedupe --input nowhere.csv --id ref --field family=last --pairs o.csv
  safehub: error: cannot open nowhere.csv: No such file or directory
  [6]
A BOM, CRLF line ends and dates that do not parse are fine (missing values).
  $ LC_ALL=C awk 'BEGIN { printf("%c%c%cid,given,dob%c%c1,Anna,31/02/2012%c%c2,Anna,never%c%c", 239, 187, 191, 13, 10, 13, 10, 13, 10) }' > bom.csv; safehub link dedupe --input bom.csv --id id --field given=given --field dob=dob --pairs o.csv && cat o.csv
  id_l,id_r,match_weight,match_probability
Wrong flags: exit 2.
  $ safehub link dedupe --input people.csv --id ref --field colour=last --pairs o.csv
  safehub: error: unknown role 'colour' in --field 'colour=last'
    hint: run 'safehub link --help' for the flags
  [2]
  $ safehub link dedupe --input people.csv --id ref --field family=last
  safehub: error: --pairs OUT.csv is required
    hint: run 'safehub link --help' for the flags
  [2]
  $ safehub link frobnicate --input people.csv
  safehub: error: unknown link command 'frobnicate' (dedupe, link, explain, eval, generate)
    hint: run 'safehub link --help' for the flags
  [2]
Three thousand identical rows: blocking stays bounded and says so, and the
model says the fields cannot tell these records apart (no pairs, one cluster
each), rather than linking them silently.
  $ awk 'BEGIN { print "id,given,family,dob"; for (i = 0; i < 3000; i++) print i ",Anna,Smith,2012-01-02" }' > same.csv
  $ safehub link dedupe --input same.csv --id id --field given=given --field family=family --field dob=dob --pairs o.csv --clusters c.csv --block-cap 50 2>&1 | cut -c1-60
  safehub: warning: blocking rule dob+family: 1 key(s) held mo
  safehub: warning: blocking rule dob+given: 1 key(s) held mor
  safehub: warning: blocking rule names: 1 key(s) held more th
  safehub: warning: blocking rule dob: 1 key(s) held more than
  safehub: warning: blocking rule family+year-month: 1 key(s) 
  safehub: warning: blocking rule dob-swap+family: 1 key(s) he
  safehub: warning: blocking rule names+day-month: 1 key(s) he
  safehub: warning: given agrees on 100% of random pairs of re
  safehub: warning: family agrees on 100% of random pairs of r
  safehub: warning: dob agrees on 100% of random pairs of reco
  $ wc -l < o.csv; cut -d, -f2 c.csv | sort -u | wc -l
  1
  3001
With a postcode and an address too (their share of agreement cannot be
split by forenames that differ, for none do): still no pairs.
  $ awk 'BEGIN { print "id,given,family,dob,postcode,address"; for (i = 0; i < 3000; i++) print i ",Anna,Smith,2012-01-02,E8 3AW,12 Mare Street" }' > same2.csv
  $ safehub link dedupe --input same2.csv --id id --field given=given --field family=family --field dob=dob --field postcode=postcode --field address=address --pairs o2.csv --block-cap 50 2>/dev/null; wc -l < o2.csv
  1
Generate and evaluate: pairwise and cluster measures against the truth.
  $ safehub link generate --records 400 --seed 3 --output gen.csv && head -1 gen.csv
  id,person_id,given,middle,family,dob,sex,nhs,address,postcode,source
  $ safehub link eval --truth person_id --input gen.csv --id id --field given=given --field middle=middle --field family=family --field dob=dob --field sex=sex --field address=address --field postcode=postcode
  records 400
  compared_pairs 131
  true_pairs 69
  blocking_recall 1.0000
  pairwise_precision 1.0000
  pairwise_recall 0.9275
  pairwise_f1 0.9624
  pairwise_tp 64
  pairwise_fp 0
  pairwise_fn 5
  cluster_precision 1.0000
  cluster_recall 0.9275
  cluster_f1 0.9624
  cluster_tp 64
  cluster_fp 0
  cluster_fn 5
