/*
 * cli/cmd_contact.c — `safehub contact import FILE.csv`: contacts recorded
 * elsewhere (a spreadsheet, an older system) brought in as a batch.
 *
 * The file is RFC 4180 CSV (link/csv.h) with a header row and one row per
 * person; consecutive rows with the same contact_ref are one contact. The
 * contact's own columns are read from its first row; on later rows they
 * must be blank or the same. Columns (any order; only the first seven and
 * role are required):
 *   contact_ref received_at source concerns consent lawful_basis role
 *   referrer_name referrer_role referrer_agency referrer_phone referrer_email
 *   factors (codes separated by spaces or ';') open_to_csc (true/false/1/0)
 *   given_name family_name other_names dob dob_estimated sex nhs_number
 *   address postcode school relationship
 * role is "child" or "household". Empty cells are "not given".
 *
 * The whole file is one transaction: every contact goes through
 * contact_create (mash/contact.h: the same checks as the API, each contact
 * with its audit event) as a savepoint of it, and one bad row leaves
 * nothing saved, with an error naming the line and the field.
 */
#include "base/arena.h"
#include "base/error.h"
#include "base/timeutil.h"
#include "cli/cli.h"
#include "db/db.h"
#include "link/csv.h"
#include "mash/contact.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char contact_usage[] =
    "usage: safehub contact import FILE.csv [--db PATH]\n\n"
    "Import contacts from a CSV file with a header row, one row per person;\n"
    "rows with the same contact_ref are one contact. Required columns:\n"
    "  contact_ref, received_at, source, concerns, consent, lawful_basis, role.\n"
    "Either every contact is saved or, on the first bad row, none is.\n";

enum col {
	C_REF,
	C_RECEIVED,
	C_SOURCE,
	C_CONCERNS,
	C_CONSENT,
	C_BASIS,
	C_ROLE,
	C_REF_NAME,
	C_REF_ROLE,
	C_REF_AGENCY,
	C_REF_PHONE,
	C_REF_EMAIL,
	C_FACTORS,
	C_OPEN,
	C_GIVEN,
	C_FAMILY,
	C_OTHER,
	C_DOB,
	C_DOB_EST,
	C_SEX,
	C_NHS,
	C_ADDRESS,
	C_POSTCODE,
	C_SCHOOL,
	C_RELATIONSHIP,
	C__COUNT
};

static const char *const col_names[C__COUNT] = {
    "contact_ref",    "received_at",    "source",        "concerns",      "consent",
    "lawful_basis",   "role",           "referrer_name", "referrer_role", "referrer_agency",
    "referrer_phone", "referrer_email", "factors",       "open_to_csc",   "given_name",
    "family_name",    "other_names",    "dob",           "dob_estimated", "sex",
    "nhs_number",     "address",        "postcode",      "school",        "relationship",
};
#define C_FIRST_PERSON C_GIVEN
#define C_REQUIRED     (C_ROLE + 1)

/* One contact being gathered from its rows. */
struct pending {
	char *cell[C_FIRST_PERSON]; /* contact-level cells of the first row (arena) */
	long line;                  /* first row */
	struct person_new persons[CONTACT_CHILDREN_MAX + CONTACT_HOUSEHOLD_MAX];
	long person_line[CONTACT_CHILDREN_MAX + CONTACT_HOUSEHOLD_MAX];
	int is_child[CONTACT_CHILDREN_MAX + CONTACT_HOUSEHOLD_MAX];
	size_t n;
};

struct import {
	struct db *db;
	const char *path;
	FILE *f;
	struct csv_reader r;
	int map[C__COUNT]; /* column index of each field in the file, or -1 */
	struct arena a;
	int64_t now;
	long contacts, persons;
	char msg[512]; /* what went wrong, for the user */
};

static const char *cell(struct import *im, enum col c)
{
	int i = im->map[c];
	if (i < 0 || i >= im->r.nfield || !im->r.field[i][0])
		return NULL;
	return im->r.field[i];
}

static int bad(struct import *im, long line, const char *field, const char *why)
{
	snprintf(im->msg, sizeof(im->msg), "%s:%ld: %s: %s", im->path, line, field, why);
	return SH_ERR(INVALID_VALUE);
}

static int parse_bool(const char *s, int *out)
{
	if (!s) {
		*out = 0;
		return 0;
	}
	if (!strcmp(s, "true") || !strcmp(s, "TRUE") || !strcmp(s, "1"))
		*out = 1;
	else if (!strcmp(s, "false") || !strcmp(s, "FALSE") || !strcmp(s, "0"))
		*out = 0;
	else
		return -1;
	return 0;
}

/* Record the gathered contact p. */
static int flush(struct import *im, struct pending *p)
{
	struct person_new kids[CONTACT_CHILDREN_MAX + CONTACT_HOUSEHOLD_MAX];
	struct person_new house[CONTACT_CHILDREN_MAX + CONTACT_HOUSEHOLD_MAX];
	long kid_line[CONTACT_CHILDREN_MAX + CONTACT_HOUSEHOLD_MAX];
	long house_line[CONTACT_CHILDREN_MAX + CONTACT_HOUSEHOLD_MAX];
	size_t nk = 0, nh = 0;
	for (size_t i = 0; i < p->n; i++) {
		if (p->is_child[i]) {
			kid_line[nk] = p->person_line[i];
			kids[nk++] = p->persons[i];
		} else {
			house_line[nh] = p->person_line[i];
			house[nh++] = p->persons[i];
		}
	}
	struct contact_new c = {
	    .source = p->cell[C_SOURCE],
	    .referrer = {p->cell[C_REF_NAME], p->cell[C_REF_ROLE], p->cell[C_REF_AGENCY],
	                 p->cell[C_REF_PHONE], p->cell[C_REF_EMAIL]},
	    .children = kids,
	    .n_children = nk,
	    .household = house,
	    .n_household = nh,
	    .concerns = p->cell[C_CONCERNS],
	    .consent = p->cell[C_CONSENT],
	    .lawful_basis = p->cell[C_BASIS],
	};
	if (!p->cell[C_RECEIVED] || time_parse_iso(p->cell[C_RECEIVED], &c.received_ms))
		return bad(im, p->line, "received_at",
		           "give the time with its offset, e.g. 2026-03-02T10:15:00+00:00");
	if (parse_bool(p->cell[C_OPEN], &c.open_to_csc))
		return bad(im, p->line, "open_to_csc", "write true or false");
	const char *codes[CONTACT_FACTORS_MAX + 1];
	size_t nf = 0;
	for (char *s = p->cell[C_FACTORS], *save = NULL, *t; s || save; s = NULL) {
		if (!(t = strtok_r(s, " ;", &save)))
			break;
		if (nf == CONTACT_FACTORS_MAX + 1)
			return bad(im, p->line, "factors", "too many factor codes");
		codes[nf++] = t;
	}
	c.factors = codes;
	c.n_factors = nf;
	struct contact_created out;
	int rc = contact_create(im->db, NULL, &c, im->now, &im->a, &out);
	if (rc && out.field) {
		/* "children[2].nhs_number" → the line of that child, column
		 * nhs_number; "referrer.name" → referrer_name; "factors[1]" →
		 * factors. */
		const char *f = out.field, *dot = strchr(f, '.');
		long line = p->line;
		size_t idx;
		if (sscanf(f, "children[%zu]", &idx) == 1 && idx < nk)
			line = kid_line[idx];
		else if (sscanf(f, "household[%zu]", &idx) == 1 && idx < nh)
			line = house_line[idx];
		char col[64];
		if (!strncmp(f, "referrer.", 9))
			snprintf(col, sizeof(col), "referrer_%s", f + 9);
		else if (dot)
			snprintf(col, sizeof(col), "%s", dot + 1);
		else
			snprintf(col, sizeof(col), "%.*s", (int)strcspn(f, "["), f);
		if (!strcmp(f, "children"))
			return bad(im, line, "role", "a contact needs at least one child");
		return bad(im, line, col, sh_error_message(rc));
	}
	if (rc) {
		snprintf(im->msg, sizeof(im->msg), "%s:%ld: contact %s: %s", im->path, p->line,
		         p->cell[C_REF], sh_error_message(rc));
		return rc;
	}
	im->contacts++;
	im->persons += (long)p->n;
	return 0;
}

/* Contact-level cells of the current row, into p (first row) or checked
 * against it (later rows). */
static int take_contact_cells(struct import *im, struct pending *p, int first)
{
	for (int c = 0; c < C_FIRST_PERSON; c++) {
		if (c == C_ROLE)
			continue;
		const char *v = cell(im, (enum col)c);
		if (first) {
			p->cell[c] = v ? arena_strdup(&im->a, v) : NULL;
			if (v && !p->cell[c])
				return SH_ERR(NOMEM);
		} else if (v && (!p->cell[c] || strcmp(v, p->cell[c]))) {
			return bad(im, im->r.line, col_names[c],
			           "differs from the first row of this contact (leave it blank)");
		}
	}
	return 0;
}

static int take_person(struct import *im, struct pending *p)
{
	const char *role = cell(im, C_ROLE);
	if (!role || (strcmp(role, "child") && strcmp(role, "household")))
		return bad(im, im->r.line, "role", "write child or household");
	if (p->n == sizeof(p->persons) / sizeof(p->persons[0]))
		return bad(im, im->r.line, "role", "too many persons on one contact");
	struct person_new *n = &p->persons[p->n];
	const char *v[C__COUNT];
	for (int c = C_FIRST_PERSON; c < C__COUNT; c++) {
		const char *s = cell(im, (enum col)c);
		v[c] = s ? arena_strdup(&im->a, s) : NULL;
		if (s && !v[c])
			return SH_ERR(NOMEM);
	}
	*n = (struct person_new){
	    .given_name = v[C_GIVEN],
	    .family_name = v[C_FAMILY],
	    .other_names = v[C_OTHER],
	    .dob = v[C_DOB],
	    .sex = v[C_SEX],
	    .nhs_number = v[C_NHS],
	    .address = v[C_ADDRESS],
	    .postcode = v[C_POSTCODE],
	    .school = v[C_SCHOOL],
	    .relationship = v[C_RELATIONSHIP],
	};
	if (parse_bool(v[C_DOB_EST], &n->dob_estimated))
		return bad(im, im->r.line, "dob_estimated", "write true or false");
	p->is_child[p->n] = !strcmp(role, "child");
	p->person_line[p->n++] = im->r.line;
	return 0;
}

static int read_header(struct import *im)
{
	int rc = csv_read(&im->r);
	if (rc == CSV_ERROR) {
		snprintf(im->msg, sizeof(im->msg), "%s", im->r.error);
		return SH_ERR(INVALID_VALUE);
	}
	if (rc == CSV_EOF) {
		snprintf(im->msg, sizeof(im->msg), "%s: the file is empty (no header row)",
		         im->path);
		return SH_ERR(INVALID_VALUE);
	}
	for (int c = 0; c < C__COUNT; c++)
		im->map[c] = csv_find_field(&im->r, col_names[c]);
	for (int i = 0; i < im->r.nfield; i++) {
		int known = 0;
		for (int c = 0; c < C__COUNT; c++)
			known |= !strcmp(im->r.field[i], col_names[c]);
		if (!known)
			return bad(im, im->r.line, im->r.field[i], "unknown column");
	}
	for (int c = 0; c < C_REQUIRED; c++)
		if (im->map[c] < 0)
			return bad(im, im->r.line, col_names[c], "required column missing");
	return 0;
}

static int import_tx(struct db *db, void *arg)
{
	struct import *im = arg;
	im->db = db;
	im->contacts = im->persons = 0;
	rewind(im->f);
	csv_release(&im->r);
	csv_open(&im->r, im->f, im->path);
	int rc = read_header(im);
	if (rc)
		return rc;
	struct pending *p = calloc(1, sizeof(*p));
	if (!p)
		return SH_ERR(NOMEM);
	char ref[256] = "";
	int have = 0;
	while (!rc && (rc = csv_read(&im->r)) == CSV_RECORD) {
		rc = 0;
		const char *r = cell(im, C_REF);
		if (!r) {
			rc = bad(im, im->r.line, "contact_ref", "every row needs its contact_ref");
			break;
		}
		int first = !have || strcmp(r, ref);
		if (first && have) {
			if ((rc = flush(im, p)))
				break;
			arena_clear(&im->a);
			memset(p, 0, sizeof(*p));
		}
		if (first) {
			snprintf(ref, sizeof(ref), "%s", r);
			p->line = im->r.line;
			have = 1;
		}
		rc = take_contact_cells(im, p, first);
		if (!rc)
			rc = take_person(im, p);
	}
	if (rc == CSV_ERROR) {
		snprintf(im->msg, sizeof(im->msg), "%s", im->r.error);
		rc = SH_ERR(INVALID_VALUE);
	} else if (rc == CSV_EOF) {
		rc = have ? flush(im, p) : 0;
	}
	free(p);
	return rc;
}

static int contact_import(int argc, char **argv)
{
	const char *dbflag = NULL, *file = NULL;
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--db") && i + 1 < argc)
			dbflag = argv[++i];
		else if (!strncmp(argv[i], "--db=", 5))
			dbflag = argv[i] + 5;
		else if (argv[i][0] == '-' && argv[i][1]) {
			cli_error("unknown option '%s'", argv[i]);
			fputs(contact_usage, stderr);
			return CLI_USAGE;
		} else if (!file)
			file = argv[i];
		else {
			cli_error("unexpected argument '%s'", argv[i]);
			fputs(contact_usage, stderr);
			return CLI_USAGE;
		}
	}
	if (!file) {
		cli_error("name the CSV file to import");
		fputs(contact_usage, stderr);
		return CLI_USAGE;
	}
	FILE *f = fopen(file, "rb");
	if (!f) {
		cli_error("cannot open %s: %s", file, strerror(errno));
		return errno == ENOENT ? CLI_NOTFOUND : CLI_FAIL;
	}
	struct db *db;
	int rc = cli_open_db(cli_db_path(dbflag), &db);
	if (rc) {
		fclose(f);
		return rc;
	}
	struct import *im = calloc(1, sizeof(*im));
	if (!im) {
		db_close(db);
		fclose(f);
		return cli_fail(SH_ERR(NOMEM), "import");
	}
	im->path = file;
	im->f = f;
	im->now = time_now_ms();
	arena_init(&im->a, 0);
	csv_open(&im->r, f, file);
	rc = db_tx(db, import_tx, im);
	int exit_code = CLI_OK;
	if (rc && im->msg[0]) {
		cli_error("%s", im->msg);
		cli_hint("nothing was imported; mend the file and run the import again");
		exit_code = CLI_DATA;
	} else if (rc) {
		exit_code = cli_fail(rc, "import");
	} else {
		printf("imported %ld contact%s (%ld person%s) from %s\n", im->contacts,
		       im->contacts == 1 ? "" : "s", im->persons, im->persons == 1 ? "" : "s",
		       file);
	}
	csv_release(&im->r);
	arena_release(&im->a);
	free(im);
	db_close(db);
	fclose(f);
	return exit_code;
}

int cmd_contact(int argc, char **argv)
{
	if (argc < 2 || cli_wants_help(argc, argv)) {
		fputs(contact_usage, argc < 2 ? stderr : stdout);
		return argc < 2 ? CLI_USAGE : CLI_OK;
	}
	if (!strcmp(argv[1], "import"))
		return contact_import(argc - 1, argv + 1);
	cli_error("unknown contact command '%s'", argv[1]);
	fputs(contact_usage, stderr);
	return CLI_USAGE;
}
