/*
 * mash/sar.c — the subject access export (see sar.h): reads the person's
 * records, contacts, requests (through the firewall) and the audit events
 * about them in one transaction, builds the JSON with jansson, and records
 * the export.
 */
#include "mash/sar.h"

#include "audit/audit.h"
#include "base/arena.h"
#include "base/error.h"
#include "base/timeutil.h"
#include "db/db.h"
#include "mash/person.h"
#include "mash/request.h"

#include <inttypes.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char review_note[] =
    "Other people on these records are third parties: they are shown only as "
    "\"withheld\". Free text (concerns, rationale, feedback, agency findings) is "
    "shown as held and must be reviewed by the information governance officer "
    "for third-party data and exemptions before this document is released.";

/* ---- JSON helpers ---------------------------------------------------------- */

static json_t *jstr(const char *s)
{
	if (!s)
		return json_null();
	json_t *j = json_string(s);
	return j ? j : json_string("[not valid UTF-8]");
}

static json_t *jcol(struct db_stmt *st, int col)
{
	return jstr(db_col_text(st, col));
}

static json_t *jtime_ms(int64_t ms, int is_null)
{
	if (is_null)
		return json_null();
	char t[TIME_ISO_LEN];
	time_format_iso(ms, t);
	return json_string(t);
}

static json_t *jtime(struct db_stmt *st, int col)
{
	return jtime_ms(db_col_int64(st, col), db_col_is_null(st, col));
}

static json_t *jint(struct db_stmt *st, int col)
{
	return db_col_is_null(st, col) ? json_null() : json_integer(db_col_int64(st, col));
}

/* A user id column: null for none or the command line (0). */
static json_t *juser(struct db_stmt *st, int col)
{
	return db_col_is_null(st, col) || !db_col_int64(st, col)
	           ? json_null()
	           : json_integer(db_col_int64(st, col));
}

static json_t *withheld(const char *role)
{
	json_t *o = json_object();
	if (role)
		json_object_set_new(o, "role", json_string(role));
	json_object_set_new(o, "third_party", json_string("withheld"));
	return o;
}

/* ---- the export ----------------------------------------------------------- */

struct ids {
	int64_t *v;
	size_t n, cap;
};

static int ids_add(struct ids *s, int64_t id)
{
	for (size_t i = 0; i < s->n; i++)
		if (s->v[i] == id)
			return 0;
	if (s->n == s->cap) {
		size_t cap = s->cap ? s->cap * 2 : 16;
		int64_t *v = realloc(s->v, cap * sizeof(*v));
		if (!v)
			return SH_ERR(NOMEM);
		s->v = v;
		s->cap = cap;
	}
	s->v[s->n++] = id;
	return 0;
}

static int ids_has(const struct ids *s, int64_t id)
{
	for (size_t i = 0; i < s->n; i++)
		if (s->v[i] == id)
			return 1;
	return 0;
}

static int cmp_id(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
	return x < y ? -1 : x > y;
}

struct sar_ctx {
	int64_t person_id, now;
	struct ids records;  /* the person and linked records, ascending */
	int64_t *created;    /* created_at of each record */
	struct ids contacts; /* contacts any record is on, ascending */
	json_t *root;        /* the document */
	struct arena a;      /* request items */
	struct sar_summary sum;
};

#define SAME_CHILD_CTE                                                                             \
	"WITH RECURSIVE same(pid) AS (SELECT id FROM person WHERE id = $1 UNION "                  \
	"SELECT m2.person_id FROM same JOIN person_link_member m1 ON m1.person_id = same.pid "     \
	"JOIN person_link l ON l.id = m1.link_id AND l.undone_at IS NULL "                         \
	"JOIN person_link_member m2 ON m2.link_id = m1.link_id) "

static int read_records(struct db *db, struct sar_ctx *x, json_t *out)
{
	struct db_stmt *st;
	int rc =
	    db_prepare(db,
	               SAME_CHILD_CTE
	               "SELECT p.id, p.given_name, p.family_name, p.other_names, p.dob, "
	               "p.dob_estimated, p.sex, p.nhs_number, p.address, p.postcode, p.school, "
	               "p.created_at, p.anonymised_at FROM same JOIN person p ON p.id = same.pid "
	               "ORDER BY p.id",
	               &st);
	if (rc)
		return rc;
	db_bind_int64(st, 1, x->person_id);
	size_t cap = 0;
	while ((rc = db_step(st)) == DB_ROW) {
		int64_t id = db_col_int64(st, 0);
		if ((rc = ids_add(&x->records, id)))
			break;
		if (x->records.n > cap) {
			cap = x->records.cap;
			int64_t *c = realloc(x->created, cap * sizeof(*c));
			if (!c) {
				rc = SH_ERR(NOMEM);
				break;
			}
			x->created = c;
		}
		x->created[x->records.n - 1] = db_col_int64(st, 11);
		json_t *p = json_object();
		json_object_set_new(p, "id", json_integer(id));
		json_object_set_new(p, "linked", json_boolean(id != x->person_id));
		json_object_set_new(p, "given_name", jcol(st, 1));
		json_object_set_new(p, "family_name", jcol(st, 2));
		json_object_set_new(p, "other_names", jcol(st, 3));
		json_object_set_new(p, "dob", jcol(st, 4));
		json_object_set_new(p, "dob_estimated", json_boolean(db_col_int64(st, 5)));
		json_object_set_new(p, "sex", jcol(st, 6));
		json_object_set_new(p, "nhs_number", jcol(st, 7));
		json_object_set_new(p, "address", jcol(st, 8));
		json_object_set_new(p, "postcode", jcol(st, 9));
		json_object_set_new(p, "school", jcol(st, 10));
		json_object_set_new(p, "recorded_at", jtime(st, 11));
		json_object_set_new(p, "anonymised_at", jtime(st, 12));
		json_array_append_new(out, p);
	}
	db_stmt_done(st);
	if (rc < 0)
		return rc;
	if (!x->records.n)
		return SH_ERR(NOT_FOUND);
	x->sum.records = (int64_t)x->records.n;
	return 0;
}

static int read_contact_ids(struct db *db, struct sar_ctx *x)
{
	struct db_stmt *st;
	int rc = db_prepare(db, "SELECT contact_id FROM contact_person WHERE person_id = $1", &st);
	if (rc)
		return rc;
	for (size_t i = 0; !rc && i < x->records.n; i++) {
		db_bind_int64(st, 1, x->records.v[i]);
		while ((rc = db_step(st)) == DB_ROW)
			if ((rc = ids_add(&x->contacts, db_col_int64(st, 0))))
				break;
		db_stmt_done(st);
		rc = rc < 0 ? rc : 0;
	}
	if (x->contacts.n)
		qsort(x->contacts.v, x->contacts.n, sizeof(int64_t), cmp_id);
	return rc;
}

/* A referrer who is a private individual, anonymous or unknown. */
static int referrer_private(const char *source)
{
	static const char *const private_sources[] = {"1A", "1B", "1C", "1D", "9", "10"};
	for (size_t i = 0; i < sizeof(private_sources) / sizeof(private_sources[0]); i++)
		if (source && !strcmp(source, private_sources[i]))
			return 1;
	return 0;
}

/* Append the rows of sql ($1 = id) as objects with the given keys; each
 * key's kind: 't' text, 'T' time, 'i' integer, 'u' user id. */
static int rows(struct db *db, const char *sql, int64_t id, const char *const *keys,
                const char *kinds, json_t *out)
{
	struct db_stmt *st;
	int rc = db_prepare(db, sql, &st);
	if (rc)
		return rc;
	db_bind_int64(st, 1, id);
	while ((rc = db_step(st)) == DB_ROW) {
		json_t *o = json_object();
		for (int i = 0; keys[i]; i++) {
			json_t *v = kinds[i] == 'T'   ? jtime(st, i)
			            : kinds[i] == 'i' ? jint(st, i)
			            : kinds[i] == 'u' ? juser(st, i)
			                              : jcol(st, i);
			json_object_set_new(o, keys[i], v);
		}
		json_array_append_new(out, o);
	}
	db_stmt_done(st);
	return rc < 0 ? rc : 0;
}

static int read_contact(struct db *db, struct sar_ctx *x, int64_t id, json_t *out)
{
	struct db_stmt *st;
	int rc =
	    db_prepare(db,
	               "SELECT received_at, source, referrer_name, referrer_role, "
	               "referrer_agency, referrer_phone, referrer_email, concerns, open_to_csc, "
	               "consent, lawful_basis, override_state, status, is_open, rag, level, "
	               "due_at, referral_date, referral_nfa, decided_at, anonymised_at "
	               "FROM contact WHERE id = $1",
	               &st);
	if (rc)
		return rc;
	db_bind_int64(st, 1, id);
	rc = db_step(st);
	if (rc != DB_ROW) {
		db_stmt_done(st);
		return rc < 0 ? rc : SH_ERR(NOT_FOUND);
	}
	json_t *c = json_object();
	json_object_set_new(c, "id", json_integer(id));
	json_object_set_new(c, "received_at", jtime(st, 0));
	json_object_set_new(c, "source", jcol(st, 1));
	json_t *ref;
	if (referrer_private(db_col_text(st, 1))) {
		ref = withheld(NULL);
	} else {
		ref = json_object();
		static const char *const k[] = {"name", "role", "agency", "phone", "email"};
		for (int i = 0; i < 5; i++)
			json_object_set_new(ref, k[i], jcol(st, 2 + i));
	}
	json_object_set_new(c, "referrer", ref);
	json_object_set_new(c, "concerns", jcol(st, 7));
	json_object_set_new(c, "open_to_csc", json_boolean(db_col_int64(st, 8)));
	json_object_set_new(c, "consent", jcol(st, 9));
	json_object_set_new(c, "lawful_basis", jcol(st, 10));
	json_object_set_new(c, "consent_override_state", jcol(st, 11));
	json_object_set_new(c, "status", jcol(st, 12));
	json_object_set_new(c, "is_open", json_boolean(db_col_int64(st, 13)));
	json_object_set_new(c, "rag", jcol(st, 14));
	json_object_set_new(c, "level", jint(st, 15));
	json_object_set_new(c, "due_at", jtime(st, 16));
	json_object_set_new(c, "referral_date", jtime(st, 17));
	json_object_set_new(c, "referral_nfa",
	                    db_col_is_null(st, 18) ? json_null()
	                                           : json_boolean(db_col_int64(st, 18)));
	json_object_set_new(c, "decided_at", jtime(st, 19));
	json_object_set_new(c, "anonymised_at", jtime(st, 20));
	db_stmt_done(st);
	json_array_append_new(out, c);

	/* who is on it: the subject's records, and placeholders for everyone else */
	json_t *persons = json_array();
	json_object_set_new(c, "persons", persons);
	if ((rc = db_prepare(db,
	                     "SELECT person_id, role, relationship FROM contact_person WHERE "
	                     "contact_id = $1 ORDER BY position",
	                     &st)))
		return rc;
	db_bind_int64(st, 1, id);
	while ((rc = db_step(st)) == DB_ROW) {
		if (!ids_has(&x->records, db_col_int64(st, 0))) {
			json_array_append_new(persons, withheld(db_col_text(st, 1)));
			continue;
		}
		json_t *p = json_object();
		json_object_set_new(p, "person_id", json_integer(db_col_int64(st, 0)));
		json_object_set_new(p, "role", jcol(st, 1));
		json_object_set_new(p, "relationship", jcol(st, 2));
		json_array_append_new(persons, p);
	}
	db_stmt_done(st);
	if (rc < 0)
		return rc;

	json_t *factors = json_array();
	json_object_set_new(c, "factors", factors);
	if ((rc = db_prepare(
	         db, "SELECT code FROM contact_factor WHERE contact_id = $1 ORDER BY code", &st)))
		return rc;
	db_bind_int64(st, 1, id);
	while ((rc = db_step(st)) == DB_ROW)
		json_array_append_new(factors, jcol(st, 0));
	db_stmt_done(st);
	if (rc < 0)
		return rc;

	static const char *const scr_k[] = {"at",     "by_user",    "from_rag",
	                                    "to_rag", "from_level", "to_level",
	                                    "due_at", "reason",     NULL};
	json_t *scr = json_array();
	json_object_set_new(c, "screening", scr);
	if ((rc = rows(db,
	               "SELECT at, by_user, from_rag, to_rag, from_level, to_level, due_at, reason "
	               "FROM screening WHERE contact_id = $1 ORDER BY id",
	               id, scr_k, "TuttiiTt", scr)))
		return rc;

	static const char *const ov_k[] = {"requested_at",  "requested_by",  "reason",
	                                   "authorised_by", "authorised_at", NULL};
	json_t *ov = json_array();
	json_object_set_new(c, "consent_overrides", ov);
	if ((rc = rows(db,
	               "SELECT requested_at, requested_by, reason, authorised_by, authorised_at "
	               "FROM consent_override WHERE contact_id = $1 ORDER BY id",
	               id, ov_k, "TutuT", ov)))
		return rc;

	static const char *const dec_k[] = {"proposed_at",     "proposed_by",       "level",
	                                    "outcome",         "rationale",         "feedback_text",
	                                    "feedback_method", "feedback_given_at", "status",
	                                    "authorised_by",   "authorised_at",     "rejected_by",
	                                    "rejected_at",     "rejection_reason",  NULL};
	json_t *dec = json_array();
	json_object_set_new(c, "decisions", dec);
	return rows(
	    db,
	    "SELECT proposed_at, proposed_by, level, outcome, rationale, feedback_text, "
	    "feedback_method, feedback_given_at, status, authorised_by, authorised_at, "
	    "rejected_by, rejected_at, rejection_reason FROM decision WHERE contact_id = $1 "
	    "ORDER BY id",
	    id, dec_k, "TuittttTtuTuTt", dec);
}

static json_t *request_json(const struct sar_ctx *x, const struct request_item *it)
{
	json_t *r = json_object();
	json_object_set_new(r, "id", json_integer(it->id));
	json_object_set_new(r, "contact_id", json_integer(it->contact_id));
	json_object_set_new(r, "agency", jstr(it->agency_name));
	json_object_set_new(r, "agreement", jstr(it->agreement_title));
	json_object_set_new(r, "lawful_basis", jstr(it->lawful_basis));
	json_object_set_new(r, "requested_at", jtime_ms(it->requested_ms, 0));
	json_object_set_new(r, "due_at", jtime_ms(it->due_ms, 0));
	json_object_set_new(r, "rag", jstr(it->rag));
	json_object_set_new(r, "question", jstr(it->question));
	json_object_set_new(r, "status", jstr(it->status));
	json_object_set_new(r, "closed_at", jtime_ms(it->closed_ms, it->closed_ms == 0));
	json_t *subj = json_array();
	for (size_t i = 0; i < it->n_subjects; i++) {
		if (!ids_has(&x->records, it->subjects[i].person_id)) {
			json_array_append_new(subj, withheld(NULL));
			continue;
		}
		json_t *s = json_object();
		json_object_set_new(s, "person_id", json_integer(it->subjects[i].person_id));
		json_array_append_new(subj, s);
	}
	json_object_set_new(r, "shared_about", subj);
	json_t *ans = json_null();
	if (it->answer) {
		const struct request_answer *a = it->answer;
		ans = json_object();
		json_object_set_new(ans, "outcome", jstr(a->outcome));
		json_object_set_new(ans, "responded_at", jtime_ms(a->responded_ms, 0));
		json_object_set_new(ans, "findings", jstr(a->findings));
		json_object_set_new(ans, "decline_reason", jstr(a->decline_reason));
		json_t *ind = json_array();
		for (size_t i = 0; i < a->n_indicators; i++)
			json_array_append_new(ind, jstr(a->indicators[i]));
		json_object_set_new(ans, "indicators", ind);
	}
	json_object_set_new(r, "response", ans);
	return r;
}

static int read_requests(struct db *db, struct sar_ctx *x, json_t *out)
{
	struct ids seen = {0};
	int rc = 0;
	for (size_t i = 0; !rc && i < x->records.n; i++) {
		struct request_item *items;
		size_t n;
		if ((rc = request_list_for_person(db, NULL, x->records.v[i], x->now, &x->a, &items,
		                                  &n)))
			break;
		for (size_t j = 0; !rc && j < n; j++) {
			if (ids_has(&seen, items[j].id))
				continue;
			if (!(rc = ids_add(&seen, items[j].id)))
				json_array_append_new(out, request_json(x, &items[j]));
		}
	}
	x->sum.requests = (int64_t)seen.n;
	free(seen.v);
	return rc;
}

/* 1 if the JSON array of ids text holds id. */
static int ids_text_has(const char *s, int64_t id)
{
	while (s && *s) {
		if (*s >= '0' && *s <= '9') {
			char *end;
			long long v = strtoll(s, &end, 10);
			if (v == id)
				return 1;
			s = end;
		} else {
			s++;
		}
	}
	return 0;
}

struct access_ev {
	int64_t seq;
	json_t *obj;
	json_t *records;
};

static int cmp_seq(const void *a, const void *b)
{
	const struct access_ev *x = a, *y = b;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

static int read_access(struct db *db, struct sar_ctx *x, json_t *out)
{
	struct db_stmt *st;
	int rc = db_prepare(
	    db,
	    "SELECT e.seq, e.at, e.user_id, u.role, e.agency_id, g.name, e.action, e.purpose, "
	    "e.lawful_basis, e.outcome, e.person_ids, e.object_type, e.object_id FROM audit_event "
	    "e "
	    "LEFT JOIN app_user u ON u.id = e.user_id LEFT JOIN agency g ON g.id = e.agency_id "
	    "WHERE e.at >= $2 AND (e.person_ids LIKE $3 OR (e.object_type = 'person' AND "
	    "e.object_id = $1)) ORDER BY e.seq",
	    &st);
	if (rc)
		return rc;
	struct access_ev *v = NULL;
	size_t n = 0, cap = 0;
	for (size_t i = 0; !rc && i < x->records.n; i++) {
		int64_t pid = x->records.v[i];
		char like[32];
		snprintf(like, sizeof(like), "%%%" PRId64 "%%", pid);
		db_bind_int64(st, 1, pid);
		db_bind_int64(st, 2, x->created[i]);
		db_bind_text(st, 3, like, -1);
		while ((rc = db_step(st)) == DB_ROW) {
			int64_t seq = db_col_int64(st, 0);
			const char *ot = db_col_text(st, 11);
			int about = ot && !strcmp(ot, "person") && db_col_int64(st, 12) == pid;
			if (!about && !ids_text_has(db_col_text(st, 10), pid))
				continue; /* "%12%" also matches 112 */
			struct access_ev *e = NULL;
			for (size_t k = 0; k < n; k++)
				if (v[k].seq == seq)
					e = &v[k];
			if (!e) {
				if (n == cap) {
					cap = cap ? cap * 2 : 32;
					struct access_ev *nv = realloc(v, cap * sizeof(*nv));
					if (!nv) {
						rc = SH_ERR(NOMEM);
						break;
					}
					v = nv;
				}
				e = &v[n++];
				e->seq = seq;
				e->obj = json_object();
				e->records = json_array();
				json_t *o = e->obj;
				json_object_set_new(o, "seq", json_integer(seq));
				json_object_set_new(o, "at", jtime(st, 1));
				json_object_set_new(o, "user_id", juser(st, 2));
				json_object_set_new(o, "user_role", jcol(st, 3));
				json_object_set_new(o, "agency_id", juser(st, 4));
				json_object_set_new(o, "agency", jcol(st, 5));
				json_object_set_new(o, "action", jcol(st, 6));
				json_object_set_new(o, "purpose", jcol(st, 7));
				json_object_set_new(o, "lawful_basis", jcol(st, 8));
				json_object_set_new(o, "outcome", jcol(st, 9));
				json_object_set_new(o, "records", e->records);
			}
			json_array_append_new(e->records, json_integer(pid));
		}
		db_stmt_done(st);
		rc = rc < 0 ? rc : 0;
	}
	if (n)
		qsort(v, n, sizeof(*v), cmp_seq);
	for (size_t k = 0; k < n; k++)
		json_array_append_new(out, v[k].obj);
	x->sum.access_events = (int64_t)n;
	free(v);
	return rc;
}

static int export_tx(struct db *db, void *arg)
{
	struct sar_ctx *x = arg;
	/* a retried transaction starts again from nothing */
	json_decref(x->root);
	x->root = NULL;
	free(x->records.v);
	free(x->contacts.v);
	free(x->created);
	x->records = (struct ids){0};
	x->contacts = (struct ids){0};
	x->created = NULL;
	x->sum = (struct sar_summary){0};
	arena_clear(&x->a);

	json_t *root = x->root = json_object();
	json_t *head = json_object(), *persons = json_array(), *contacts = json_array(),
	       *requests = json_array(), *access = json_array();
	json_object_set_new(root, "subject_access_request", head);
	json_object_set_new(root, "persons", persons);
	json_object_set_new(root, "contacts", contacts);
	json_object_set_new(root, "requests", requests);
	json_object_set_new(root, "access", access);

	int rc = read_records(db, x, persons);
	if (!rc)
		rc = read_contact_ids(db, x);
	for (size_t i = 0; !rc && i < x->contacts.n; i++)
		rc = read_contact(db, x, x->contacts.v[i], contacts);
	x->sum.contacts = (int64_t)x->contacts.n;
	/* before the requests, whose reads below are recorded as they happen */
	if (!rc)
		rc = read_access(db, x, access);
	if (!rc)
		rc = read_requests(db, x, requests);
	if (rc)
		return rc;

	char *ids = person_ids_json(&x->a, x->records.v, x->records.n);
	if (!ids)
		return SH_ERR(NOMEM);
	json_object_set_new(head, "person_id", json_integer(x->person_id));
	json_object_set_new(head, "generated_at", jtime_ms(x->now, 0));
	json_object_set_new(head, "records", json_loads(ids, 0, NULL));
	json_object_set_new(head, "review", json_string(review_note));

	char detail[160];
	snprintf(detail, sizeof(detail),
	         "%" PRId64 " records, %" PRId64 " contacts, %" PRId64 " requests, %" PRId64
	         " access events",
	         x->sum.records, x->sum.contacts, x->sum.requests, x->sum.access_events);
	struct audit_event ev = {
	    .at_ms = x->now,
	    .action = "person.sar",
	    .object_type = "person",
	    .object_id = x->person_id,
	    .person_ids = ids,
	    .purpose = SAR_PURPOSE,
	    .lawful_basis = SAR_LAWFUL_BASIS,
	    .outcome = "ok",
	    .detail = detail,
	};
	return audit_record(db, &ev);
}

int sar_export(struct db *db, int64_t person_id, int64_t now_ms, char **json,
               struct sar_summary *sum)
{
	*json = NULL;
	if (person_id <= 0)
		return SH_ERR(NOT_FOUND);
	struct sar_ctx x = {.person_id = person_id, .now = now_ms};
	arena_init(&x.a, 0);
	int rc = db_tx(db, export_tx, &x);
	if (!rc) {
		char *s = json_dumps(x.root, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
		size_t n = s ? strlen(s) : 0;
		char *t = s ? realloc(s, n + 2) : NULL;
		if (t) {
			t[n] = '\n';
			t[n + 1] = '\0';
			*json = t;
		} else {
			free(s);
			rc = SH_ERR(NOMEM);
		}
		if (sum)
			*sum = x.sum;
	}
	json_decref(x.root);
	free(x.records.v);
	free(x.contacts.v);
	free(x.created);
	arena_release(&x.a);
	return rc;
}
