/*
 * report/annex_a.c — Ofsted Annex A Lists 1 and 3: the query, the coded
 * values and the XLSX workbook (see report/annex_a.h, docs/exports.md).
 */
#include "report/annex_a.h"

#include "base/error.h"
#include "base/file.h"
#include "base/timeutil.h"
#include "db/db.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <xlsxwriter.h>

/* Row 1 of each sheet of the Ofsted sample workbook, copied exactly. */
// clang-format off
static const char *const annex_a_headings[11][40] = {
	{"Child Unique ID", "Gender", "Ethnicity", "Date of Birth", "Age", "Date of Contact", "Contact Source", NULL},
	{"Child Unique ID", "Gender", "Ethnicity", "Date of Birth", "Age", "Assessment start date", "Assessment completion date", "Organisation completing assessment", NULL},
	{"Child Unique ID", "Gender", "Ethnicity", "Date of Birth", "Age", "Date of Referral", "Referral Source", "Referral NFA?", "Number of Referrals in Last 12 Months", "Allocated Team", "Allocated Worker", NULL},
	{"Child Unique ID", "Gender", "Ethnicity", "Date of Birth", "Age", "Does the Child have a Disability", "Continuous Assessment Start Date", "Child Seen During Continuous Assessment", "Continuous Assessment Date of Authorisation", "Was the child assessed as requiring LA children's social care support?", "Allocated Team", "Allocated Worker", NULL},
	{"Child Unique ID", "Gender", "Ethnicity", "Date of Birth", "Age", "Does the Child have a Disability", "Strategy discussion initiating Section 47 Enquiry Start Date", "Was an Initial Child Protection Conference deemed unnecessary?", "Date of Initial Child Protection Conference", "Did the Initial Child Protection Conference Result in a Child Protection Plan", "Number of Section 47 Enquiries in the last 12 months", "Number of ICPCs in the last 12 months", "Allocated Team", "Allocated Worker", NULL},
	{"Child Unique ID", "Gender", "Ethnicity", "Date of Birth", "Age", "Does the Child have a Disability", "CIN Start Date", "Primary Need Code", "Date Child Was Last Seen", "CIN Closure Date", "Reason for Closure", "Case Status", "Allocated Team", "Allocated Worker", NULL},
	{"Child Unique ID", "Gender", "Ethnicity", "Date of Birth", "Age", "Does the Child have a Disability", "Child Protection Plan Start Date", "Initial Category of Abuse", "Latest Category of Abuse", "Date of the Last Statutory Visit", "Was the Child Seen Alone?", "Date of latest review conference", "Child Protection Plan End Date", "Subject to Emergency Protection Order or Protected Under Police Powers in Last Six Months (Y/N)", "Number of Previous Child Protection Plans", "Allocated Team", "Allocated Worker", NULL},
	{"Child Unique ID", "Gender", "Ethnicity", "Date of Birth", "Age", "Unaccompanied Asylum Seeking Child (UASC) within the Last 12 Months (Y/N))", "Does the Child have a Disability", "Date Started to be Looked After", "Child's Category of Need", "Is this a second or subsequent period of being a Looked After Child within the last 12 months (Y/N)", "Start date of current legal status", "Child's Legal Status", "Date of Latest Statutory Review", "Date of Last Social Work Visit", "What is the permanence plan for this child?", "Date of Last IRO Visit / Contact to the Child", "Date of Last Health Assessment", "Date of Last Dental Check", "Number of Placements in the Last 12 months", "Date Ceased to be Looked After", "Reason Ceased to be Looked After", "Start Date of Most Recent Placement", "Placement Type", "Placement Provider", "Placement postcode", "URN of Placement", "Placement Location", "LA of Placement", "Number of Episodes the Child has been \u2018Missing\u2019 from their Placement in the last 12 months", "Number of Episodes the Child has been \u2018Absent\u2019 from their Placement in the last 12 months", "Was the child offered a Return Interview after their last missing episode (Y/N)?", "Did the child accept a Return Interview after their last missing episode (Y/N)?", "Allocated Team", "Allocated Worker", NULL},
	{"Child Unique ID", "Gender", "Ethnicity", "Date of Birth", "Age", "Does the Child have a Disability", "Allocated Team", "Allocated Worker", "Eligibility Category", "LA in Touch", "Type of Accommodation", "Suitability of Accommodation", "Activity Status", NULL},
	{"Child Unique ID", "Family identifier", "Gender", "Ethnicity", "Date of Birth", "Age of Child (Years)", "Does the Child have a Disability", "Date the Child Entered Care", "Date of Decision that Child Should be Placed for Adoption", "Date of Placement Order", "Date of Matching Child and Prospective Adopters", "Date Placed for Adoption", "Date of Adoption Order ", "Date of Decision that Child Should No Longer be Placed for Adoption", "Reason Why Child No Longer Placed for Adoption", "Date the child was placed for fostering in FFA or concurrent planning placement", NULL},
	{"Individual adopter identifier", "Family identifier", "Gender", "Ethnicity", "Disability", "Is the (prospective) adopter fostering for adoption?", "Date enquiry received", "Date Stage 1 started", "Date Stage 1 ended", "Date Stage 2 started", "Date Stage 2 ended", "Date application submitted", "Date application approved", "Date adopter matched with child(ren)", "Date child/children placed with adopter(s)", "No. of children placed", "Date of Adoption Order", "Date of leaving adoption process", "Reason for leaving adoption process", NULL},
};
// clang-format on

const char *annex_a_gender(const char *sex)
{
	if (!strcmp(sex, "male"))
		return "a) Male";
	if (!strcmp(sex, "female"))
		return "b) Female";
	if (!strcmp(sex, "indeterminate"))
		return "d) Neither";
	return "c) Not stated/recorded";
}

const char *annex_a_source(const char *code)
{
	static const char *const map[][2] = {
	    {"1A", "a) 1A: Individual"},
	    {"1B", "b) 1B: Individual"},
	    {"1C", "c) 1C: Individual"},
	    {"1D", "d) 1D: Individual"},
	    {"2A", "e) 2A: Schools"},
	    {"2B", "f) 2B: Education services"},
	    {"3A", "g) 3A: Health services"},
	    {"3B", "h) 3B: Health services"},
	    {"3C", "i) 3C: Health services"},
	    {"3D", "j) 3D: Health services"},
	    {"3E", "k) 3E: Health services"},
	    {"3F", "l) 3F: Health services"},
	    {"4", "m) 4: Housing"},
	    {"5A", "n) 5A: LA services"},
	    {"5B", "o) 5B: LA services"},
	    {"5C", "p) 5C: LA services"},
	    {"5D", "5D: LA services"},
	    {"6", "q) 6: Police"},
	    {"7", "r) 7: Other legal agency"},
	    {"8", "s) 8: Other"},
	    {"9", "t) 9: Anonymous"},
	    {"10", "u) 10: Unknown"},
	};
	for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
		if (!strcmp(map[i][0], code))
			return map[i][1];
	return "u) 10: Unknown";
}

static int annex_a_full_dob(const char *dob, int *y, int *m, int *d)
{
	return dob && strlen(dob) == 10 && time_parse_date(dob, y, m, d) == 0;
}

int annex_a_age(const char *dob, const struct export_period *period)
{
	int y, m, d;
	if (!annex_a_full_dob(dob, &y, &m, &d))
		return -1;
	const struct export_period *p = period;
	if (time_days_from_civil(y, m, d) > time_days_from_civil(p->to_y, p->to_m, p->to_d))
		return -1;
	int age = p->to_y - y;
	if (p->to_m < m || (p->to_m == m && p->to_d < d))
		age--;
	return age;
}

static void annex_a_copy(char *dst, size_t n, const char *src)
{
	snprintf(dst, n, "%s", src ? src : "");
}

static void annex_a_read_child(struct db_stmt *st, struct annex_a_child *c)
{
	c->child_id = db_col_int64(st, 0);
	c->person_id = db_col_int64(st, 1);
	annex_a_copy(c->dob, sizeof c->dob, db_col_text(st, 2));
	annex_a_copy(c->sex, sizeof c->sex, db_col_text(st, 3));
}

struct annex_a_tx {
	const struct principal *actor;
	int64_t now_ms;
	struct annex_a *a;
};

static int annex_a_grow(void **p, size_t *cap, size_t n, size_t size)
{
	if (n < *cap)
		return 0;
	size_t nc = *cap ? *cap * 2 : 256;
	void *q = realloc(*p, nc * size);
	if (!q)
		return SH_ERR(NOMEM);
	*p = q;
	*cap = nc;
	return 0;
}

#define ANNEX_A_CHILD_COLS "COALESCE(" EXPORT_CHILD_KEY_SQL("p.id") ", p.id), p.id, p.dob, p.sex"

static int annex_a_list1(struct db *db, struct annex_a *a)
{
	static const char sql[] =
	    "SELECT " ANNEX_A_CHILD_COLS ", c.id, c.received_at, c.source"
	    " FROM contact c JOIN contact_person cp ON cp.contact_id = c.id AND cp.role = 'child'"
	    " JOIN person p ON p.id = cp.person_id"
	    " WHERE c.received_at >= $1 AND c.received_at < $2"
	    " ORDER BY c.received_at, c.id, cp.position";
	struct db_stmt *st;
	int rc = db_prepare(db, sql, &st);
	if (rc)
		return rc;
	size_t cap = 0;
	if (!(rc = db_bind_int64(st, 1, a->period.start_ms)))
		rc = db_bind_int64(st, 2, a->period.end_ms);
	while (!rc && (rc = db_step(st)) == DB_ROW) {
		if ((rc = annex_a_grow((void **)&a->contacts, &cap, a->ncontacts,
		                       sizeof *a->contacts)))
			break;
		struct annex_a_contact *r = &a->contacts[a->ncontacts++];
		annex_a_read_child(st, &r->c);
		r->contact_id = db_col_int64(st, 4);
		r->received_ms = db_col_int64(st, 5);
		annex_a_copy(r->source, sizeof r->source, db_col_text(st, 6));
		rc = 0;
	}
	db_stmt_done(st);
	return rc < 0 ? rc : 0;
}

/* The same calendar day one year earlier (29 February: 1 March). */
static int64_t annex_a_year_before(int64_t days)
{
	int y, m, d;
	time_civil_from_days(days, &y, &m, &d);
	if (m == 2 && d == 29)
		return time_days_from_civil(y - 1, 3, 1);
	return time_days_from_civil(y - 1, m, d);
}

static int annex_a_list3(struct db *db, struct annex_a *a)
{
	static const char sql[] =
	    "SELECT " ANNEX_A_CHILD_COLS ", c.id, c.referral_date, c.source, c.referral_nfa,"
	    " (SELECT u.display_name FROM app_user u WHERE u.id = c.assigned_to)"
	    " FROM contact c JOIN contact_person cp ON cp.contact_id = c.id AND cp.role = 'child'"
	    " JOIN person p ON p.id = cp.person_id"
	    " WHERE c.referral_date IS NOT NULL AND c.referral_date >= $1 AND c.referral_date < $2"
	    " ORDER BY 1, c.referral_date, c.id";
	struct db_stmt *st;
	int rc = db_prepare(db, sql, &st);
	if (rc)
		return rc;
	/* Read from a year and two days earlier, to count the earlier referrals. */
	struct annex_a_referral *all = NULL;
	size_t n = 0, cap = 0;
	if (!(rc = db_bind_int64(st, 1, a->period.start_ms - 368LL * 86400000)))
		rc = db_bind_int64(st, 2, a->period.end_ms);
	while (!rc && (rc = db_step(st)) == DB_ROW) {
		if ((rc = annex_a_grow((void **)&all, &cap, n, sizeof *all)))
			break;
		struct annex_a_referral *r = &all[n];
		memset(r, 0, sizeof *r);
		annex_a_read_child(st, &r->c);
		r->contact_id = db_col_int64(st, 4);
		r->referral_ms = db_col_int64(st, 5);
		annex_a_copy(r->source, sizeof r->source, db_col_text(st, 6));
		r->nfa = db_col_int64(st, 7) == 1;
		annex_a_copy(r->worker, sizeof r->worker, db_col_text(st, 8));
		/* One referral per child and contact (two linked records on one
		 * contact are one child). */
		if (n && all[n - 1].c.child_id == r->c.child_id &&
		    all[n - 1].contact_id == r->contact_id)
			continue;
		n++;
		rc = 0;
	}
	db_stmt_done(st);
	if (rc < 0) {
		free(all);
		return rc;
	}
	/* Rows are by child, then date: count each child's earlier referrals
	 * within a year, keep the rows inside the period. */
	size_t out = 0, first = 0;
	for (size_t i = 0; i < n; i++) {
		if (i == 0 || all[i].c.child_id != all[i - 1].c.child_id)
			first = i;
		int64_t day = export_london_days(all[i].referral_ms);
		int64_t since = annex_a_year_before(day);
		int count = 0;
		for (size_t j = first; j < i; j++) {
			int64_t dj = export_london_days(all[j].referral_ms);
			if (dj >= since && all[j].referral_ms < all[i].referral_ms)
				count++;
		}
		all[i].referrals_12m = count;
		if (all[i].referral_ms >= a->period.start_ms)
			all[out++] = all[i];
	}
	a->referrals = all;
	a->nreferrals = out;
	return 0;
}

static int annex_a_cmp_ref(const void *x, const void *y)
{
	const struct annex_a_referral *a = x, *b = y;
	if (a->referral_ms != b->referral_ms)
		return a->referral_ms < b->referral_ms ? -1 : 1;
	if (a->contact_id != b->contact_id)
		return a->contact_id < b->contact_id ? -1 : 1;
	return (a->c.child_id > b->c.child_id) - (a->c.child_id < b->c.child_id);
}

static int annex_a_tx_fn(struct db *db, void *arg)
{
	struct annex_a_tx *t = arg;
	struct annex_a *a = t->a;
	free(a->contacts);
	free(a->referrals);
	a->contacts = NULL;
	a->referrals = NULL;
	a->ncontacts = a->nreferrals = 0;
	int rc = export_setting(db, ANNEX_A_TEAM_SETTING, a->team, sizeof a->team);
	if (rc == SH_ERR(NOT_FOUND))
		rc = 0, snprintf(a->team, sizeof a->team, "%s", ANNEX_A_TEAM_DEFAULT);
	if (rc || (rc = annex_a_list1(db, a)) || (rc = annex_a_list3(db, a)))
		return rc;
	if (a->nreferrals) /* qsort wants a non-null base even for none */
		qsort(a->referrals, a->nreferrals, sizeof *a->referrals, annex_a_cmp_ref);
	size_t n = a->ncontacts + a->nreferrals;
	int64_t *ids = malloc((n ? n : 1) * sizeof *ids);
	if (!ids)
		return SH_ERR(NOMEM);
	for (size_t i = 0; i < a->ncontacts; i++)
		ids[i] = a->contacts[i].c.person_id;
	for (size_t i = 0; i < a->nreferrals; i++)
		ids[a->ncontacts + i] = a->referrals[i].c.person_id;
	rc = export_audit(db, t->actor, ANNEX_A_AUDIT_ACTION, ids, n, t->now_ms);
	free(ids);
	return rc;
}

int annex_a_collect(struct db *db, const struct principal *actor,
                    const struct export_period *period, int64_t now_ms, struct annex_a **out)
{
	struct annex_a *a = calloc(1, sizeof *a);
	if (!a)
		return SH_ERR(NOMEM);
	a->period = *period;
	struct annex_a_tx t = {actor, now_ms, a};
	int rc = db_tx(db, annex_a_tx_fn, &t);
	if (rc) {
		annex_a_free(a);
		return rc;
	}
	*out = a;
	return 0;
}

void annex_a_free(struct annex_a *a)
{
	if (!a)
		return;
	free(a->contacts);
	free(a->referrals);
	free(a);
}

/* ---- the workbook ---- */

struct annex_a_fmt {
	lxw_format *date;
};

static void annex_a_date_cell(lxw_worksheet *ws, lxw_row_t r, lxw_col_t c, int64_t days,
                              lxw_format *f)
{
	/* Excel's serial day: 25569 is 1970-01-01. */
	worksheet_write_number(ws, r, c, (double)(days + 25569), f);
}

static void annex_a_common(lxw_worksheet *ws, lxw_row_t r, const struct annex_a_child *c,
                           const struct export_period *p, struct annex_a_fmt *f)
{
	int y, m, d;
	worksheet_write_number(ws, r, 0, (double)c->child_id, NULL);
	worksheet_write_string(ws, r, 1, annex_a_gender(c->sex), NULL);
	worksheet_write_string(ws, r, 2, ANNEX_A_ETHNICITY_NOT_OBTAINED, NULL);
	if (annex_a_full_dob(c->dob, &y, &m, &d))
		annex_a_date_cell(ws, r, 3, time_days_from_civil(y, m, d), f->date);
	int age = annex_a_age(c->dob, p);
	if (age >= 0)
		worksheet_write_number(ws, r, 4, age, NULL);
}

static void annex_a_headings_row(lxw_worksheet *ws, int list)
{
	for (lxw_col_t c = 0; annex_a_headings[list - 1][c]; c++)
		worksheet_write_string(ws, 0, c, annex_a_headings[list - 1][c], NULL);
}

int annex_a_write_xlsx(const struct annex_a *a, const char *path)
{
	char *tmp;
	int rc = file_temp_beside(path, &tmp);
	if (rc)
		return rc;
	lxw_workbook_options opt = {.constant_memory = LXW_TRUE};
	lxw_workbook *wb = workbook_new_opt(tmp, &opt);
	if (!wb) {
		unlink(tmp);
		free(tmp);
		errno = EIO;
		return SH_ERR(IO);
	}
	struct annex_a_fmt f = {workbook_add_format(wb)};
	format_set_num_format(f.date, "dd/mm/yyyy");
	for (int list = 1; list <= 11; list++) {
		char name[16];
		snprintf(name, sizeof name, "List %d", list);
		lxw_worksheet *ws = workbook_add_worksheet(wb, name);
		annex_a_headings_row(ws, list);
		if (list == 1) {
			for (size_t i = 0; i < a->ncontacts; i++) {
				const struct annex_a_contact *r = &a->contacts[i];
				lxw_row_t row = (lxw_row_t)(i + 1);
				annex_a_common(ws, row, &r->c, &a->period, &f);
				annex_a_date_cell(ws, row, 5, export_london_days(r->received_ms),
				                  f.date);
				worksheet_write_string(ws, row, 6, annex_a_source(r->source), NULL);
			}
		} else if (list == 3) {
			for (size_t i = 0; i < a->nreferrals; i++) {
				const struct annex_a_referral *r = &a->referrals[i];
				lxw_row_t row = (lxw_row_t)(i + 1);
				annex_a_common(ws, row, &r->c, &a->period, &f);
				annex_a_date_cell(ws, row, 5, export_london_days(r->referral_ms),
				                  f.date);
				worksheet_write_string(ws, row, 6, annex_a_source(r->source), NULL);
				worksheet_write_string(ws, row, 7, r->nfa ? "Yes" : "No", NULL);
				worksheet_write_number(ws, row, 8, r->referrals_12m, NULL);
				worksheet_write_string(ws, row, 9, a->team, NULL);
				if (r->worker[0])
					worksheet_write_string(ws, row, 10, r->worker, NULL);
			}
		}
	}
	lxw_error err = workbook_close(wb);
	if (err != LXW_NO_ERROR) {
		unlink(tmp);
		free(tmp);
		errno = EIO;
		return SH_ERR(IO);
	}
	rc = file_commit(tmp, path);
	free(tmp);
	return rc;
}
