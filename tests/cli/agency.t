safehub agency adds and lists agencies; names are stored verbatim.
  $ safehub init --db safehub.db >/dev/null
  $ safehub agency add --name "Synthetic Police" --kind police
  agency 1 added: Synthetic Police (police)
  $ safehub agency add --name "Robert'); DROP TABLE agency; --" --kind other
  agency 2 added: Robert'); DROP TABLE agency; -- (other)
  $ safehub agency list
  ID   KIND                   NAME
  2    other                  Robert'); DROP TABLE agency; --
  1    police                 Synthetic Police
A duplicate name, a wrong kind and missing flags are refused with a hint.
  $ safehub agency add --name "Synthetic Police" --kind health
  safehub: error: an agency named 'Synthetic Police' already exists
    hint: see them with 'safehub agency list'
  [3]
  $ safehub agency add --name "Synthetic Army" --kind army
  safehub: error: 'army' is not a kind of agency
    hint: use one of: police, childrens_social_care, health, education, probation, housing, youth_justice, other
  [3]
  $ safehub agency add --kind police
  safehub: error: name the agency with --name
  usage: safehub agency add --name NAME --kind KIND [--db PATH]
         safehub agency list [--db PATH]
  
  Add an agency of the partnership, or list them.
  KIND is one of: police, childrens_social_care, health, education, probation,
    housing, youth_justice, other.
  [2]
  $ safehub agency add --name "Bad	Tab" --kind police
  safehub: error: the agency name is blank or has a control character (tab, newline)
  [3]
  $ safehub agency nosuch
  safehub: error: unknown agency command 'nosuch'
  usage: safehub agency add --name NAME --kind KIND [--db PATH]
         safehub agency list [--db PATH]
  
  Add an agency of the partnership, or list them.
  KIND is one of: police, childrens_social_care, health, education, probation,
    housing, youth_justice, other.
  [2]
  $ safehub agency
  safehub: error: say what to do: add or list
  usage: safehub agency add --name NAME --kind KIND [--db PATH]
         safehub agency list [--db PATH]
  
  Add an agency of the partnership, or list them.
  KIND is one of: police, childrens_social_care, health, education, probation,
    housing, youth_justice, other.
  [2]
  $ safehub agency --help
  usage: safehub agency add --name NAME --kind KIND [--db PATH]
         safehub agency list [--db PATH]
  
  Add an agency of the partnership, or list them.
  KIND is one of: police, childrens_social_care, health, education, probation,
    housing, youth_justice, other.
  $ safehub agency list --db missing.db
  safehub: error: no database at missing.db
    hint: create it with 'safehub init --db missing.db', or set SAFEHUB_DB
  [4]
