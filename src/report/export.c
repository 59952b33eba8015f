/*
 * report/export.c — the period, audit, settings and file helpers shared by
 * the statutory exports (see report/export.h).
 */
#include "report/export.h"

#include "audit/audit.h"
#include "auth/auth.h"
#include "base/error.h"
#include "base/timeutil.h"
#include "db/db.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int export_period_parse(const char *from, const char *to, struct export_period *out,
                        const char **bad)
{
	const char *dummy;
	if (!bad)
		bad = &dummy;
	*bad = NULL;
	if (!from || !*from) {
		*bad = "from";
		return SH_ERR(MISSING_FIELD);
	}
	if (!to || !*to) {
		*bad = "to";
		return SH_ERR(MISSING_FIELD);
	}
	memset(out, 0, sizeof *out);
	if (strlen(from) != 10 || time_parse_date(from, &out->from_y, &out->from_m, &out->from_d)) {
		*bad = "from";
		return SH_ERR(INVALID_VALUE);
	}
	if (strlen(to) != 10 || time_parse_date(to, &out->to_y, &out->to_m, &out->to_d)) {
		*bad = "to";
		return SH_ERR(INVALID_VALUE);
	}
	int64_t d0 = time_days_from_civil(out->from_y, out->from_m, out->from_d);
	int64_t d1 = time_days_from_civil(out->to_y, out->to_m, out->to_d);
	if (d1 < d0) {
		*bad = "to";
		return SH_ERR(INVALID_VALUE);
	}
	int y, m, d;
	out->start_ms = time_london_to_utc(out->from_y, out->from_m, out->from_d, 0, 0, 0);
	time_civil_from_days(d1 + 1, &y, &m, &d);
	out->end_ms = time_london_to_utc(y, m, d, 0, 0, 0);
	return 0;
}

static int cmp_i64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
	return (x > y) - (x < y);
}

int export_audit(struct db *db, const struct principal *actor, const char *action, int64_t *ids,
                 size_t n, int64_t now_ms)
{
	if (n)
		qsort(ids, n, sizeof *ids, cmp_i64);
	size_t uniq = 0;
	for (size_t i = 0; i < n; i++)
		if (!uniq || ids[uniq - 1] != ids[i])
			ids[uniq++] = ids[i];
	/* Each id takes at most 20 digits and a comma; leave room for brackets. */
	size_t per = (AUDIT_PERSON_IDS_MAX - 16) / 21;
	size_t parts = uniq ? (uniq + per - 1) / per : 1;
	char *buf = malloc(AUDIT_PERSON_IDS_MAX);
	if (!buf)
		return SH_ERR(NOMEM);
	int rc = 0;
	for (size_t p = 0; p < parts && !rc; p++) {
		size_t a = p * per, b = a + per < uniq ? a + per : uniq;
		size_t len = 0;
		buf[len++] = '[';
		for (size_t i = a; i < b; i++)
			len += (size_t)snprintf(buf + len, AUDIT_PERSON_IDS_MAX - len, "%s%lld",
			                        i > a ? "," : "", (long long)ids[i]);
		buf[len++] = ']';
		buf[len] = 0;
		char detail[64];
		snprintf(detail, sizeof detail, "part %zu of %zu", p + 1, parts);
		struct audit_event ev = {
		    .at_ms = now_ms,
		    .user_id = actor ? actor->user_id : 0,
		    .agency_id = actor ? actor->agency_id : 0,
		    .action = action,
		    .person_ids = buf,
		    .purpose = EXPORT_PURPOSE,
		    .lawful_basis = EXPORT_LAWFUL_BASIS,
		    .outcome = "ok",
		    .detail = parts > 1 ? detail : NULL,
		};
		rc = audit_record(db, &ev);
	}
	free(buf);
	return rc;
}

int export_setting(struct db *db, const char *key, char *out, size_t outsz)
{
	struct db_stmt *st;
	int rc = db_prepare(db, "SELECT value FROM setting WHERE key = $1", &st);
	if (rc)
		return rc;
	if ((rc = db_bind_text(st, 1, key, -1))) {
		db_stmt_done(st);
		return rc;
	}
	rc = db_step(st);
	if (rc == DB_ROW) {
		const char *v = db_col_text(st, 0);
		rc = v && strlen(v) < outsz ? 0 : SH_ERR(TOO_LONG);
		if (!rc)
			strcpy(out, v);
	} else if (rc == DB_DONE) {
		rc = SH_ERR(NOT_FOUND);
	}
	db_stmt_done(st);
	return rc;
}

int64_t export_london_days(int64_t t_ms)
{
	int64_t local = t_ms + (int64_t)time_london_offset_min(t_ms) * 60000;
	int64_t days = local / 86400000;
	if (local % 86400000 < 0)
		days--;
	return days;
}

void export_format_dmy(int64_t t_ms, char out[11])
{
	int y, m, d;
	time_civil_from_days(export_london_days(t_ms), &y, &m, &d);
	char buf[40];
	snprintf(buf, sizeof buf, "%02u/%02u/%04u", (unsigned)d % 100, (unsigned)m % 100,
	         (unsigned)y % 10000);
	memcpy(out, buf, 11);
	out[10] = 0;
}

void export_format_ymd(int64_t t_ms, char out[11])
{
	int y, m, d;
	time_civil_from_days(export_london_days(t_ms), &y, &m, &d);
	char buf[40];
	snprintf(buf, sizeof buf, "%04u-%02u-%02u", (unsigned)y % 10000, (unsigned)m % 100,
	         (unsigned)d % 100);
	memcpy(out, buf, 11);
	out[10] = 0;
}
