/*
 * mash/person.c — checking, storing and reading the persons of a contact
 * (see person.h).
 */
#include "mash/person.h"

#include "base/arena.h"
#include "base/error.h"
#include "base/strbuf.h"
#include "base/timeutil.h"
#include "base/validate.h"
#include "db/db.h"

#include <string.h>

const char *const person_sexes[] = {"male", "female", "indeterminate", "not_recorded", NULL};

static int blank(const char *s)
{
	if (!s)
		return 1;
	for (; *s; s++)
		if (*s != ' ')
			return 0;
	return 1;
}

static int digits(const char *s, int n, int *out)
{
	int v = 0;
	for (int i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	*out = v;
	return 0;
}

int person_dob_check(const char *dob, int64_t now_ms)
{
	int y = 0, m = 0, d = 0;
	size_t n = strlen(dob);
	if (n != 4 && n != 7 && n != 10)
		return SH_ERR(INVALID_VALUE);
	if (digits(dob, 4, &y))
		return SH_ERR(INVALID_VALUE);
	if (n >= 7 && (dob[4] != '-' || digits(dob + 5, 2, &m) || m < 1 || m > 12))
		return SH_ERR(INVALID_VALUE);
	if (n == 10 && (dob[7] != '-' || digits(dob + 8, 2, &d) || !time_valid_date(y, m, d)))
		return SH_ERR(INVALID_VALUE);
	if (y < 1900)
		return SH_ERR(INVALID_VALUE);
	/* Not in the future: compare with today in Europe/London, at the
	 * precision given (a year-only 2026 is fine all through 2026). */
	int ty, tm, td;
	int64_t local = now_ms + (int64_t)time_london_offset_min(now_ms) * 60000;
	int64_t day = local / 86400000 - (local % 86400000 < 0);
	time_civil_from_days(day, &ty, &tm, &td);
	long given = (long)y * 10000 + (m ? m : 0) * 100 + d;
	long today = (long)ty * 10000 + (m ? tm : 0) * 100 + (d ? td : 0);
	return given > today ? SH_ERR(INVALID_VALUE) : 0;
}

#define CHECK(expr, name)                                                                          \
	do {                                                                                       \
		int rc_ = (expr);                                                                  \
		if (rc_) {                                                                         \
			*field = name;                                                             \
			return rc_;                                                                \
		}                                                                                  \
	} while (0)

int person_check(const struct person_new *p, int64_t now_ms, const char **field)
{
	*field = NULL;
	CHECK(validate_text(p->given_name, PERSON_NAME_MAX, VALIDATE_TEXT_ONE_LINE), "given_name");
	CHECK(validate_text(p->family_name, PERSON_NAME_MAX, VALIDATE_TEXT_ONE_LINE),
	      "family_name");
	if (blank(p->given_name) && blank(p->family_name)) {
		*field = "family_name";
		return SH_ERR(MISSING_FIELD);
	}
	CHECK(validate_text(p->other_names, PERSON_OTHER_NAMES_MAX, VALIDATE_TEXT_ONE_LINE),
	      "other_names");
	if (p->dob)
		CHECK(person_dob_check(p->dob, now_ms), "dob");
	if (p->sex) {
		int ok = 0;
		for (const char *const *s = person_sexes; *s; s++)
			ok |= !strcmp(*s, p->sex);
		CHECK(ok ? 0 : SH_ERR(INVALID_VALUE), "sex");
	}
	if (p->nhs_number) {
		CHECK(validate_text(p->nhs_number, PERSON_NHS_MAX, VALIDATE_TEXT_ONE_LINE),
		      "nhs_number");
		CHECK(validate_nhs_number(p->nhs_number) ? 0 : SH_ERR(INVALID_VALUE), "nhs_number");
	}
	CHECK(validate_text(p->address, PERSON_ADDRESS_MAX, 0), "address");
	if (p->postcode) {
		char pc[9];
		CHECK(validate_text(p->postcode, PERSON_POSTCODE_MAX, VALIDATE_TEXT_ONE_LINE),
		      "postcode");
		CHECK(validate_postcode(p->postcode, pc) ? SH_ERR(INVALID_VALUE) : 0, "postcode");
	}
	CHECK(validate_text(p->school, PERSON_SCHOOL_MAX, VALIDATE_TEXT_ONE_LINE), "school");
	CHECK(validate_text(p->relationship, PERSON_RELATIONSHIP_MAX, VALIDATE_TEXT_ONE_LINE),
	      "relationship");
	return 0;
}

int person_insert(struct db *db, const struct person_new *p, int64_t now_ms, int64_t *id)
{
	char nhs[11], pc[9];
	const char *nhs_v = NULL, *pc_v = NULL;
	if (p->nhs_number && !validate_nhs_digits(p->nhs_number, nhs))
		nhs_v = nhs;
	if (p->postcode && !validate_postcode(p->postcode, pc))
		pc_v = pc;
	struct db_stmt *st;
	int rc =
	    db_prepare(db,
	               "INSERT INTO person (given_name, family_name, other_names, dob, "
	               "dob_estimated, sex, nhs_number, address, postcode, school, created_at) "
	               "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id",
	               &st);
	if (rc)
		return rc;
	db_bind_text_or_null(st, 1, p->given_name);
	db_bind_text_or_null(st, 2, p->family_name);
	db_bind_text_or_null(st, 3, p->other_names);
	db_bind_text_or_null(st, 4, p->dob);
	db_bind_int64(st, 5, p->dob_estimated ? 1 : 0);
	db_bind_text(st, 6, p->sex ? p->sex : "not_recorded", -1);
	db_bind_text_or_null(st, 7, nhs_v);
	db_bind_text_or_null(st, 8, p->address);
	db_bind_text_or_null(st, 9, pc_v);
	db_bind_text_or_null(st, 10, p->school);
	db_bind_int64(st, 11, now_ms);
	rc = db_step(st);
	if (rc == DB_ROW) {
		*id = db_col_int64(st, 0);
		rc = 0;
	} else if (rc == DB_DONE)
		rc = SH_ERR(DB);
	db_stmt_done(st);
	return rc;
}

static const char *col(struct arena *a, struct db_stmt *st, int i, int *oom)
{
	const char *s = db_col_text(st, i);
	if (!s)
		return NULL;
	char *c = arena_strdup(a, s);
	if (!c)
		*oom = 1;
	return c;
}

int person_list_for_contact(struct db *db, int64_t contact_id, struct arena *a, struct person **out,
                            size_t *n)
{
	struct db_stmt *st;
	int rc =
	    db_prepare(db,
	               "SELECT p.id, cp.role, p.given_name, p.family_name, p.other_names, p.dob, "
	               "p.dob_estimated, p.sex, p.nhs_number, p.address, p.postcode, p.school, "
	               "cp.relationship FROM contact_person cp JOIN person p ON p.id = "
	               "cp.person_id WHERE cp.contact_id = $1 ORDER BY cp.position",
	               &st);
	if (rc)
		return rc;
	db_bind_int64(st, 1, contact_id);
	size_t cap = 0, cnt = 0;
	struct person *arr = NULL;
	int oom = 0;
	while ((rc = db_step(st)) == DB_ROW) {
		if (cnt == cap) {
			size_t ncap = cap ? cap * 2 : 8;
			struct person *na = arena_alloc(a, ncap * sizeof(*na));
			if (!na) {
				oom = 1;
				break;
			}
			if (cnt)
				memcpy(na, arr, cnt * sizeof(*na));
			arr = na;
			cap = ncap;
		}
		struct person *p = &arr[cnt++];
		p->id = db_col_int64(st, 0);
		p->role = col(a, st, 1, &oom);
		p->given_name = col(a, st, 2, &oom);
		p->family_name = col(a, st, 3, &oom);
		p->other_names = col(a, st, 4, &oom);
		p->dob = col(a, st, 5, &oom);
		p->dob_estimated = (int)db_col_int64(st, 6);
		p->sex = col(a, st, 7, &oom);
		p->nhs_number = col(a, st, 8, &oom);
		p->address = col(a, st, 9, &oom);
		p->postcode = col(a, st, 10, &oom);
		p->school = col(a, st, 11, &oom);
		p->relationship = col(a, st, 12, &oom);
	}
	db_stmt_done(st);
	if (oom)
		return SH_ERR(NOMEM);
	if (rc < 0)
		return rc;
	*out = arr;
	*n = cnt;
	return 0;
}

char *person_ids_json(struct arena *a, const int64_t *ids, size_t n)
{
	struct strbuf sb;
	strbuf_init(&sb, 0);
	strbuf_addch(&sb, '[');
	for (size_t i = 0; i < n; i++)
		strbuf_addf(&sb, "%s%lld", i ? "," : "", (long long)ids[i]);
	strbuf_addch(&sb, ']');
	char *out = sb.err ? NULL : arena_strndup(a, sb.buf, sb.len);
	strbuf_release(&sb);
	return out;
}
