/*
 * mash/holidays.c — bank holidays from the gov.uk-shaped feed, office hours
 * and RAG policy from `setting` (see holidays.h).
 */
#include "mash/holidays.h"

#include "audit/audit.h"
#include "base/arena.h"
#include "base/error.h"
#include "base/strbuf.h"
#include "base/timeutil.h"
#include "db/db.h"

#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Built from data/bank-holidays.json by scripts/embed-files. */
extern const unsigned char data_bank_holidays_json[];
extern const size_t data_bank_holidays_json_len;

#define YEAR_MIN 1900
#define YEAR_MAX 2199

static int say(struct strbuf *why, int err, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Put one sentence in why (if any) and pass err on. */
static int say(struct strbuf *why, int err, const char *fmt, ...)
{
	if (why) {
		va_list ap;
		va_start(ap, fmt);
		strbuf_reset(why);
		strbuf_vaddf(why, fmt, ap);
		va_end(ap);
	}
	return err;
}

static int cmp_holiday(const void *a, const void *b)
{
	const struct holiday *x = a, *y = b;
	return (x->day > y->day) - (x->day < y->day);
}

/* An optional string member of ev: "" when absent. */
static int event_text(json_t *ev, size_t i, const char *key, int required, struct arena *a,
                      const char **out, struct strbuf *why)
{
	json_t *v = json_object_get(ev, key);
	if (!v) {
		if (required)
			return say(why, SH_ERR(MISSING_FIELD), "events[%zu] has no %s", i, key);
		*out = "";
		return 0;
	}
	if (!json_is_string(v))
		return say(why, SH_ERR(WRONG_TYPE), "events[%zu].%s is not a string", i, key);
	size_t len = json_string_length(v);
	if (len > HOLIDAYS_TITLE_MAX)
		return say(why, SH_ERR(INVALID_VALUE), "events[%zu].%s is longer than %d bytes", i,
		           key, HOLIDAYS_TITLE_MAX);
	if (required && len == 0)
		return say(why, SH_ERR(INVALID_VALUE), "events[%zu].%s is empty", i, key);
	const char *s = json_string_value(v);
	for (size_t k = 0; k < len; k++)
		if ((unsigned char)s[k] < 0x20 || s[k] == 0x7f)
			return say(why, SH_ERR(INVALID_VALUE),
			           "events[%zu].%s has a control character", i, key);
	*out = arena_strndup(a, s, len);
	return *out ? 0 : SH_ERR(NOMEM);
}

static int parse_event(json_t *ev, size_t i, struct arena *a, struct holiday *h, struct strbuf *why)
{
	if (!json_is_object(ev))
		return say(why, SH_ERR(WRONG_TYPE), "events[%zu] is not an object", i);
	json_t *date = json_object_get(ev, "date");
	if (!date)
		return say(why, SH_ERR(MISSING_FIELD), "events[%zu] has no date", i);
	if (!json_is_string(date))
		return say(why, SH_ERR(WRONG_TYPE), "events[%zu].date is not a string", i);
	const char *ds = json_string_value(date);
	int y, m, d;
	if (json_string_length(date) != 10 || time_parse_date(ds, &y, &m, &d) || y < YEAR_MIN ||
	    y > YEAR_MAX)
		return say(why, SH_ERR(INVALID_VALUE),
		           "events[%zu].date \"%.20s\" is not a real date (YYYY-MM-DD, %d-%d)", i,
		           ds, YEAR_MIN, YEAR_MAX);
	h->day = time_days_from_civil(y, m, d);
	memcpy(h->date, ds, 11);
	int rc = event_text(ev, i, "title", 1, a, &h->title, why);
	if (!rc)
		rc = event_text(ev, i, "notes", 0, a, &h->notes, why);
	if (rc)
		return rc;
	json_t *b = json_object_get(ev, "bunting");
	if (b && !json_is_boolean(b))
		return say(why, SH_ERR(WRONG_TYPE), "events[%zu].bunting is not true or false", i);
	h->bunting = b && json_is_true(b);
	return 0;
}

static int parse_root(json_t *root, struct arena *a, struct holiday **out, size_t *n,
                      struct strbuf *why)
{
	if (!json_is_object(root))
		return say(why, SH_ERR(WRONG_TYPE), "the feed is not a JSON object");
	json_t *div = json_object_get(root, HOLIDAYS_DIVISION);
	if (!div)
		return say(why, SH_ERR(MISSING_FIELD),
		           "the feed has no \"" HOLIDAYS_DIVISION "\" division");
	if (!json_is_object(div))
		return say(why, SH_ERR(WRONG_TYPE), "\"" HOLIDAYS_DIVISION "\" is not an object");
	json_t *name = json_object_get(div, "division");
	if (!json_is_string(name) || strcmp(json_string_value(name), HOLIDAYS_DIVISION))
		return say(why, name ? SH_ERR(INVALID_VALUE) : SH_ERR(MISSING_FIELD),
		           "\"" HOLIDAYS_DIVISION "\".division must be \"" HOLIDAYS_DIVISION "\"");
	json_t *events = json_object_get(div, "events");
	if (!events)
		return say(why, SH_ERR(MISSING_FIELD), "\"" HOLIDAYS_DIVISION "\" has no events");
	if (!json_is_array(events))
		return say(why, SH_ERR(WRONG_TYPE),
		           "\"" HOLIDAYS_DIVISION "\".events is not an array");
	size_t count = json_array_size(events);
	if (count == 0)
		return say(why, SH_ERR(INVALID_VALUE), "\"" HOLIDAYS_DIVISION "\".events is empty");
	if (count > HOLIDAYS_EVENTS_MAX)
		return say(why, SH_ERR(TOO_LONG), "the feed has more than %d events",
		           HOLIDAYS_EVENTS_MAX);
	struct holiday *list = arena_zalloc(a, count * sizeof(*list));
	if (!list)
		return SH_ERR(NOMEM);
	for (size_t i = 0; i < count; i++) {
		int rc = parse_event(json_array_get(events, i), i, a, &list[i], why);
		if (rc)
			return rc;
	}
	qsort(list, count, sizeof(*list), cmp_holiday);
	for (size_t i = 1; i < count; i++)
		if (list[i].day == list[i - 1].day)
			return say(why, SH_ERR(INVALID_VALUE), "the date %s appears twice",
			           list[i].date);
	*out = list;
	*n = count;
	return 0;
}

int holidays_parse(const char *json, size_t len, struct arena *a, struct holiday **out, size_t *n,
                   struct strbuf *why)
{
	json_error_t jerr;
	json_t *root = json_loadb(json, len, JSON_REJECT_DUPLICATES, &jerr);
	if (!root)
		return say(why, SH_ERR(MALFORMED_JSON), "not JSON: %s (line %d, column %d)",
		           jerr.text, jerr.line, jerr.column);
	int rc = parse_root(root, a, out, n, why);
	json_decref(root);
	return rc;
}

int holidays_shipped(struct arena *a, struct holiday **out, size_t *n)
{
	return holidays_parse((const char *)data_bank_holidays_json, data_bank_holidays_json_len, a,
	                      out, n, NULL);
}

/* ---- settings ---------------------------------------------------------- */

static const char *const rag_keys[RAG__COUNT][2] = {
    {"rag.red.minutes", "rag.red.clock"},
    {"rag.amber.minutes", "rag.amber.clock"},
    {"rag.green.minutes", "rag.green.clock"},
    {"rag.blue.minutes", "rag.blue.clock"},
};

/* A decimal integer in [lo, hi] and nothing else. */
static int parse_int(const char *s, int64_t lo, int64_t hi, int64_t *out)
{
	if (!s || !*s)
		return SH_ERR(INVALID_VALUE);
	int64_t v = 0;
	for (const char *p = s; *p; p++) {
		if (*p < '0' || *p > '9' || v > hi)
			return SH_ERR(INVALID_VALUE);
		v = v * 10 + (*p - '0');
	}
	if (v < lo || v > hi)
		return SH_ERR(INVALID_VALUE);
	*out = v;
	return 0;
}

/* Apply one stored setting to office or pol; keys we do not own are skipped. */
static int apply_setting(const char *key, const char *val, struct cal_office *office,
                         struct rag_policy *pol)
{
	if (!strcmp(key, "calendar.open"))
		return cal_hhmm_parse(val, &office->open_min);
	if (!strcmp(key, "calendar.close"))
		return cal_hhmm_parse(val, &office->close_min);
	if (!strcmp(key, "calendar.workdays"))
		return cal_workdays_parse(val, &office->workdays);
	for (int r = 0; r < RAG__COUNT; r++) {
		int64_t v;
		if (!strcmp(key, rag_keys[r][0])) {
			if (parse_int(val, 0, CAL_MINUTES_MAX, &v))
				return SH_ERR(INVALID_VALUE);
			pol->of[r].minutes = v;
			return 0;
		}
		if (!strcmp(key, rag_keys[r][1])) {
			if (parse_int(val, 0, 1, &v))
				return SH_ERR(INVALID_VALUE);
			pol->of[r].clock = (int)v;
			return 0;
		}
	}
	return 0;
}

struct load_ctx {
	struct cal_office office;
	struct rag_policy pol;
	int64_t *days;
	size_t n, cap;
};

static int load_fn(struct db *db, void *arg)
{
	struct load_ctx *x = arg;
	struct db_stmt *st;
	int rc = db_prepare(db,
	                    "SELECT key, value FROM setting WHERE key LIKE 'calendar.%' OR "
	                    "key LIKE 'rag.%'",
	                    &st);
	if (rc)
		return rc;
	while ((rc = db_step(st)) == DB_ROW) {
		const char *key = db_col_text(st, 0), *val = db_col_text(st, 1);
		if (key && (rc = apply_setting(key, val, &x->office, &x->pol)))
			break;
	}
	db_stmt_done(st);
	if (rc < 0)
		return rc;
	rc = db_prepare(db, "SELECT day FROM bank_holiday ORDER BY day", &st);
	if (rc)
		return rc;
	x->n = 0;
	while ((rc = db_step(st)) == DB_ROW) {
		if (x->n == x->cap) {
			size_t cap = x->cap ? x->cap * 2 : 64;
			int64_t *p = realloc(x->days, cap * sizeof(*p));
			if (!p) {
				rc = SH_ERR(NOMEM);
				break;
			}
			x->days = p;
			x->cap = cap;
		}
		x->days[x->n++] = db_col_int64(st, 0);
	}
	db_stmt_done(st);
	return rc < 0 ? rc : 0;
}

int holidays_load(struct db *db, struct calendar *cal, struct rag_policy *pol)
{
	struct load_ctx x = {.days = NULL};
	struct calendar def;
	cal_init(&def);
	x.office = def.office;
	rag_policy_default(&x.pol);
	int rc = db_read_tx(db, load_fn, &x);
	if (!rc && (cal_office_check(&x.office) || rag_policy_check(&x.pol)))
		rc = SH_ERR(INVALID_VALUE);
	if (!rc && x.n == 0) {
		struct arena a;
		arena_init(&a, 0);
		struct holiday *list;
		size_t n;
		rc = holidays_shipped(&a, &list, &n);
		if (!rc && n > x.cap) {
			int64_t *p = realloc(x.days, n * sizeof(*p));
			if (!p)
				rc = SH_ERR(NOMEM);
			else
				x.days = p, x.cap = n;
		}
		for (size_t i = 0; !rc && i < n; i++)
			x.days[x.n++] = list[i].day;
		arena_release(&a);
	}
	if (!rc)
		rc = cal_set_holidays(cal, x.days, x.n);
	if (!rc) {
		cal->office = x.office;
		*pol = x.pol;
	}
	free(x.days);
	return rc;
}

/* ---- import ------------------------------------------------------------ */

struct import_ctx {
	const struct holiday *list;
	size_t n;
	int64_t user_id, now_ms;
	const char *detail;
};

static int import_fn(struct db *db, void *arg)
{
	struct import_ctx *x = arg;
	int rc = db_exec(db, "DELETE FROM bank_holiday");
	if (rc)
		return rc;
	struct db_stmt *st;
	rc = db_prepare(db,
	                "INSERT INTO bank_holiday (day, date, title, notes, imported_at) "
	                "VALUES ($1, $2, $3, $4, $5)",
	                &st);
	if (rc)
		return rc;
	for (size_t i = 0; !rc && i < x->n; i++) {
		const struct holiday *h = &x->list[i];
		db_bind_int64(st, 1, h->day);
		db_bind_text(st, 2, h->date, -1);
		db_bind_text(st, 3, h->title, -1);
		db_bind_text(st, 4, h->notes, -1);
		db_bind_int64(st, 5, x->now_ms);
		rc = db_step(st);
		rc = rc == DB_DONE ? 0 : rc < 0 ? rc : SH_ERR(DB);
		db_stmt_done(st);
	}
	if (rc)
		return rc;
	struct audit_event ev = {
	    .at_ms = x->now_ms,
	    .user_id = x->user_id,
	    .action = "calendar.holidays_import",
	    .object_type = "bank_holiday",
	    .purpose = "administration",
	    .lawful_basis = "public_task",
	    .outcome = "ok",
	    .detail = x->detail,
	};
	return audit_record(db, &ev);
}

int holidays_import_as(struct db *db, int64_t user_id, const char *json, size_t len,
                       struct holidays_summary *sum, struct strbuf *why)
{
	struct arena a;
	arena_init(&a, 0);
	struct holiday *list = NULL;
	size_t n = 0;
	int rc = holidays_parse(json, len, &a, &list, &n, why);
	if (rc) {
		arena_release(&a);
		return rc;
	}
	struct holidays_summary s = {(int)n, atoi(list[0].date), atoi(list[n - 1].date)};
	char detail[64];
	snprintf(detail, sizeof(detail), "%d England and Wales holidays, %d-%d", s.count,
	         s.first_year, s.last_year);
	struct import_ctx x = {list, n, user_id, time_now_ms(), detail};
	rc = db_tx(db, import_fn, &x);
	arena_release(&a);
	if (!rc && sum)
		*sum = s;
	return rc;
}

int holidays_import(struct db *db, const char *json, size_t len, int *count)
{
	struct holidays_summary s;
	int rc = holidays_import_as(db, 0, json, len, &s, NULL);
	if (!rc && count)
		*count = s.count;
	return rc;
}

/* ---- listing ----------------------------------------------------------- */

struct list_ctx {
	struct arena *a;
	struct holiday *list;
	size_t n, cap;
};

static int list_fn(struct db *db, void *arg)
{
	struct list_ctx *x = arg;
	struct db_stmt *st;
	int rc =
	    db_prepare(db, "SELECT day, date, title, notes FROM bank_holiday ORDER BY day", &st);
	if (rc)
		return rc;
	x->n = 0;
	while ((rc = db_step(st)) == DB_ROW) {
		if (x->n == x->cap) {
			size_t cap = x->cap ? x->cap * 2 : 64;
			struct holiday *p = arena_alloc(x->a, cap * sizeof(*p));
			if (!p) {
				rc = SH_ERR(NOMEM);
				break;
			}
			if (x->n)
				memcpy(p, x->list, x->n * sizeof(*p));
			x->list = p;
			x->cap = cap;
		}
		struct holiday *h = &x->list[x->n];
		const char *date = db_col_text(st, 1);
		h->day = db_col_int64(st, 0);
		snprintf(h->date, sizeof(h->date), "%s", date ? date : "");
		h->title = arena_strdup(x->a, db_col_text(st, 2) ? db_col_text(st, 2) : "");
		h->notes = arena_strdup(x->a, db_col_text(st, 3) ? db_col_text(st, 3) : "");
		h->bunting = 0;
		if (!h->title || !h->notes) {
			rc = SH_ERR(NOMEM);
			break;
		}
		x->n++;
	}
	db_stmt_done(st);
	return rc < 0 ? rc : 0;
}

int holidays_list(struct db *db, int year, struct arena *a, struct holiday **out, size_t *n,
                  int *shipped)
{
	struct list_ctx x = {.a = a};
	int rc = db_read_tx(db, list_fn, &x);
	if (rc)
		return rc;
	*shipped = x.n == 0;
	if (x.n == 0 && (rc = holidays_shipped(a, &x.list, &x.n)))
		return rc;
	size_t k = 0;
	for (size_t i = 0; i < x.n; i++)
		if (year == 0 || atoi(x.list[i].date) == year)
			x.list[k++] = x.list[i];
	*out = x.list;
	*n = k;
	return 0;
}

/* ---- setters ----------------------------------------------------------- */

struct set_ctx {
	const char *const *keys;
	const char *const *vals;
	size_t n;
	struct audit_event ev;
};

static int set_fn(struct db *db, void *arg)
{
	struct set_ctx *x = arg;
	struct db_stmt *st;
	int rc = db_prepare(db,
	                    "INSERT INTO setting (key, value) VALUES ($1, $2) "
	                    "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
	                    &st);
	if (rc)
		return rc;
	for (size_t i = 0; !rc && i < x->n; i++) {
		db_bind_text(st, 1, x->keys[i], -1);
		db_bind_text(st, 2, x->vals[i], -1);
		rc = db_step(st);
		rc = rc == DB_DONE ? 0 : rc < 0 ? rc : SH_ERR(DB);
		db_stmt_done(st);
	}
	return rc ? rc : audit_record(db, &x->ev);
}

static struct audit_event setting_event(int64_t user_id, const char *action, const char *detail)
{
	return (struct audit_event){
	    .at_ms = time_now_ms(),
	    .user_id = user_id,
	    .action = action,
	    .object_type = "setting",
	    .purpose = "administration",
	    .lawful_basis = "public_task",
	    .outcome = "ok",
	    .detail = detail,
	};
}

int holidays_set_office(struct db *db, int64_t user_id, const struct cal_office *o)
{
	if (cal_office_check(o))
		return SH_ERR(INVALID_VALUE);
	char open[CAL_HHMM_LEN], close[CAL_HHMM_LEN], days[CAL_WORKDAYS_LEN], detail[80];
	cal_hhmm_format(o->open_min, open);
	cal_hhmm_format(o->close_min, close);
	cal_workdays_format(o->workdays, days);
	snprintf(detail, sizeof(detail), "%s-%s %s", open, close, days);
	static const char *const keys[] = {"calendar.open", "calendar.close", "calendar.workdays"};
	const char *vals[] = {open, close, days};
	struct set_ctx x = {keys, vals, 3, setting_event(user_id, "calendar.office_set", detail)};
	return db_tx(db, set_fn, &x);
}

int holidays_set_rag(struct db *db, int64_t user_id, enum rag r, const struct rag_timescale *t)
{
	if ((unsigned)r >= RAG__COUNT || t->minutes < 0 || t->minutes > CAL_MINUTES_MAX ||
	    (t->clock != 0 && t->clock != 1))
		return SH_ERR(INVALID_VALUE);
	char minutes[24], ts[RAG_TIMESCALE_LEN], detail[80];
	snprintf(minutes, sizeof(minutes), "%lld", (long long)t->minutes);
	rag_timescale_format(t, ts);
	snprintf(detail, sizeof(detail), "%s=%s", rag_name(r), ts);
	const char *vals[] = {minutes, t->clock ? "1" : "0"};
	struct set_ctx x = {rag_keys[r], vals, 2,
	                    setting_event(user_id, "calendar.rag_set", detail)};
	return db_tx(db, set_fn, &x);
}
