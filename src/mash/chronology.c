/*
 * mash/chronology.c — the chronology of a child and its re-referral flags
 * (see chronology.h). Reads the tables of contacts, screening, consent
 * overrides, information requests and responses, decisions and person
 * links; writes only its audit event.
 */
#include "mash/chronology.h"
#include "mash/contact.h"

#include "audit/audit.h"
#include "auth/auth.h"
#include "base/arena.h"
#include "base/error.h"
#include "base/timeutil.h"
#include "db/db.h"
#include "mash/person.h"
#include "mash/request.h"

#include <stdlib.h>
#include <string.h>

#define DAY_MS (24 * 60 * 60 * 1000LL)

/* ---- the 12-month rule ---- */

static int64_t london_day(int64_t ms)
{
	int64_t local = ms + (int64_t)time_london_offset_min(ms) * 60000;
	return local >= 0 ? local / DAY_MS : -((-local + DAY_MS - 1) / DAY_MS);
}

int chronology_within_12_months(int64_t prev_ms, int64_t cur_ms)
{
	if (prev_ms > cur_ms)
		return 0;
	int y, m, d;
	time_civil_from_days(london_day(prev_ms), &y, &m, &d);
	y++;
	if (m == 2 && d == 29 && !time_valid_date(y, 2, 29))
		d = 28;
	return time_days_from_civil(y, m, d) >= london_day(cur_ms);
}

/* ---- building the result ---- */

struct build {
	struct db *db;
	struct arena *a;
	struct chronology *out;
	size_t cap;
	int oom;
};

static void add_event(struct build *b, int64_t at, const char *kind, int64_t contact_id,
                      const char *summary)
{
	if (b->oom)
		return;
	if (!summary) {
		b->oom = 1;
		return;
	}
	struct chronology *o = b->out;
	if (o->n_events == b->cap) {
		size_t ncap = b->cap ? b->cap * 2 : 32;
		struct chronology_event *ne = arena_alloc(b->a, ncap * sizeof(*ne));
		if (!ne) {
			b->oom = 1;
			return;
		}
		if (o->n_events)
			memcpy(ne, o->events, o->n_events * sizeof(*ne));
		o->events = ne;
		b->cap = ncap;
	}
	o->events[o->n_events++] = (struct chronology_event){at, kind, contact_id, summary, 0};
}

static const char *fmt_time(struct build *b, int64_t ms)
{
	char t[TIME_ISO_LEN];
	time_format_iso(ms, t);
	const char *s = arena_strdup(b->a, t);
	if (!s)
		b->oom = 1;
	return s ? s : "";
}

/* ---- the child's records and contacts ---- */

/* The person and every record joined to it by active links, ascending. */
#define SAME_CHILD_CTE                                                                             \
	"WITH RECURSIVE same(pid) AS (SELECT id FROM person WHERE id = $1 UNION "                  \
	"SELECT m2.person_id FROM same JOIN person_link_member m1 ON m1.person_id = same.pid "     \
	"JOIN person_link l ON l.id = m1.link_id AND l.undone_at IS NULL "                         \
	"JOIN person_link_member m2 ON m2.link_id = m1.link_id) "

static int read_persons(struct build *b)
{
	struct db_stmt *st;
	int rc = db_prepare(b->db, SAME_CHILD_CTE "SELECT pid FROM same ORDER BY pid", &st);
	if (rc)
		return rc;
	db_bind_int64(st, 1, b->out->person_id);
	size_t cap = 8, n = 0;
	int64_t *ids = arena_alloc(b->a, cap * sizeof(*ids));
	while (ids && (rc = db_step(st)) == DB_ROW) {
		if (n == cap) {
			int64_t *ni = arena_alloc(b->a, 2 * cap * sizeof(*ni));
			if (ni)
				memcpy(ni, ids, n * sizeof(*ni));
			ids = ni;
			cap *= 2;
			if (!ids)
				break;
		}
		ids[n++] = db_col_int64(st, 0);
	}
	db_stmt_done(st);
	if (!ids)
		return SH_ERR(NOMEM);
	if (rc < 0)
		return rc;
	if (!n)
		return SH_ERR(NOT_FOUND);
	b->out->person_ids = ids;
	b->out->n_person_ids = n;
	return 0;
}

struct contact_row {
	int64_t id, received, referral, decided;
	int nfa, has_referral;
};

/* The child's contacts, oldest first, and the lawful basis of the newest. */
static int read_contacts(struct build *b, struct contact_row **out, size_t *n_out,
                         const char **basis)
{
	struct db_stmt *st;
	int rc = db_prepare(
	    b->db,
	    SAME_CHILD_CTE
	    "SELECT c.id, c.received_at, c.source, c.consent, c.status, c.referral_date, "
	    "c.referral_nfa, c.decided_at, c.lawful_basis FROM contact c WHERE c.id IN (SELECT "
	    "cp.contact_id FROM contact_person cp JOIN same ON same.pid = cp.person_id) "
	    "ORDER BY c.received_at, c.id",
	    &st);
	if (rc)
		return rc;
	db_bind_int64(st, 1, b->out->person_id);
	size_t cap = 16, n = 0;
	struct contact_row *rows = arena_alloc(b->a, cap * sizeof(*rows));
	*basis = "public_task";
	while (rows && (rc = db_step(st)) == DB_ROW) {
		if (n == CHRONOLOGY_CONTACTS_MAX) {
			rc = SH_ERR(TOO_LONG);
			break;
		}
		if (n == cap) {
			struct contact_row *nr = arena_alloc(b->a, 2 * cap * sizeof(*nr));
			if (nr)
				memcpy(nr, rows, n * sizeof(*nr));
			rows = nr;
			cap *= 2;
			if (!rows)
				break;
		}
		struct contact_row *r = &rows[n++];
		r->id = db_col_int64(st, 0);
		r->received = db_col_int64(st, 1);
		r->has_referral = !db_col_is_null(st, 5);
		r->referral = db_col_int64(st, 5);
		r->nfa = (int)db_col_int64(st, 6);
		r->decided = db_col_int64(st, 7);
		const char *status = db_col_text(st, 4);
		int routed = status && !strcmp(status, "routed_to_allocated_team");
		add_event(b, r->received, "contact_received", r->id,
		          arena_printf(b->a, "Contact received (source %s, consent %s)%s",
		                       db_col_text(st, 2), db_col_text(st, 3),
		                       routed ? "; already open to children's social care: "
		                                "routed to the allocated team"
		                              : ""));
		*basis = arena_strdup(b->a, db_col_text(st, 8));
		if (!*basis)
			b->oom = 1;
	}
	db_stmt_done(st);
	if (!rows || b->oom)
		return SH_ERR(NOMEM);
	if (rc < 0)
		return rc;
	*out = rows;
	*n_out = n;
	return 0;
}

/* ---- the events of one contact ---- */

static int read_screening(struct build *b, int64_t cid)
{
	struct db_stmt *st;
	int rc = db_prepare(b->db,
	                    "SELECT at, from_rag, to_rag, from_level, to_level FROM screening "
	                    "WHERE contact_id = $1 ORDER BY id",
	                    &st);
	if (rc)
		return rc;
	db_bind_int64(st, 1, cid);
	while ((rc = db_step(st)) == DB_ROW) {
		const char *from = db_col_text(st, 1), *to = db_col_text(st, 2);
		if (from)
			add_event(b, db_col_int64(st, 0), "rerated", cid,
			          arena_printf(b->a, "Re-rated from %s level %lld to %s level %lld",
			                       from, (long long)db_col_int64(st, 3), to,
			                       (long long)db_col_int64(st, 4)));
		else
			add_event(b, db_col_int64(st, 0), "screened", cid,
			          arena_printf(b->a, "Screened %s, level %lld", to,
			                       (long long)db_col_int64(st, 4)));
	}
	db_stmt_done(st);
	return rc < 0 ? rc : 0;
}

static int read_overrides(struct build *b, int64_t cid)
{
	struct db_stmt *st;
	int rc = db_prepare(b->db,
	                    "SELECT requested_at, authorised_at FROM consent_override WHERE "
	                    "contact_id = $1 ORDER BY id",
	                    &st);
	if (rc)
		return rc;
	db_bind_int64(st, 1, cid);
	while ((rc = db_step(st)) == DB_ROW) {
		add_event(b, db_col_int64(st, 0), "consent_override_requested", cid,
		          arena_strdup(b->a, "Proceeding without consent requested"));
		if (!db_col_is_null(st, 1))
			add_event(b, db_col_int64(st, 1), "consent_override_authorised", cid,
			          arena_strdup(b->a, "Proceeding without consent authorised"));
	}
	db_stmt_done(st);
	return rc < 0 ? rc : 0;
}

/* Requests and the outcome of their answers, never the findings. Read
 * through mash/request.h, which applies the agency firewall and audits each
 * request shown. */
static int read_requests(struct build *b, const struct principal *actor, int64_t cid, int64_t now)
{
	struct request_item *it;
	size_t n;
	int rc = request_list_for_contact(b->db, actor, cid, now, b->a, &it, &n);
	if (rc)
		return rc;
	for (size_t i = 0; i < n; i++) {
		const char *agency = it[i].agency_name ? it[i].agency_name : "an agency";
		add_event(b, it[i].requested_ms, "request_sent", cid,
		          arena_printf(b->a, "Information request sent to %s (due %s)", agency,
		                       fmt_time(b, it[i].due_ms)));
		const struct request_answer *ans = it[i].answer;
		if (ans && ans->outcome) {
			const char *o = ans->outcome;
			const char *said = !strcmp(o, "known")       ? "known to the agency"
			                   : !strcmp(o, "not_known") ? "not known to the agency"
			                                             : "declined";
			add_event(b, ans->responded_ms, "response_received", cid,
			          arena_printf(b->a, "Response from %s: %s", agency, said));
		} else if (it[i].status && !strcmp(it[i].status, "withdrawn") && it[i].closed_ms) {
			add_event(
			    b, it[i].closed_ms, "request_withdrawn", cid,
			    arena_printf(b->a, "Information request to %s withdrawn", agency));
		}
	}
	return 0;
}

static const char *outcome_text(const char *o)
{
	static const char *const names[][2] = {
	    {"no_further_action", "no further action"},
	    {"signpost_universal", "signpost to universal services"},
	    {"early_help", "early help"},
	    {"assessment_s17", "child and family assessment (s17)"},
	    {"strategy_discussion_s47", "strategy discussion (s47)"},
	    {"pass_to_allocated_worker", "pass to the allocated worker"},
	    {"refer_other_agency", "refer to another agency"},
	};
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (!strcmp(o, names[i][0]))
			return names[i][1];
	return o;
}

static int read_decisions(struct build *b, const struct contact_row *c)
{
	struct db_stmt *st;
	int rc = db_prepare(b->db,
	                    "SELECT proposed_at, outcome, level, status, authorised_at, "
	                    "rejected_at FROM decision WHERE contact_id = $1 ORDER BY id",
	                    &st);
	if (rc)
		return rc;
	db_bind_int64(st, 1, c->id);
	while ((rc = db_step(st)) == DB_ROW) {
		const char *o = outcome_text(db_col_text(st, 1));
		long long level = (long long)db_col_int64(st, 2);
		const char *status = db_col_text(st, 3);
		add_event(b, db_col_int64(st, 0), "decision_proposed", c->id,
		          arena_printf(b->a, "Decision proposed: %s, level %lld", o, level));
		if (!strcmp(status, "rejected"))
			add_event(b, db_col_int64(st, 5), "decision_rejected", c->id,
			          arena_strdup(b->a, "Proposed decision rejected"));
		else if (!strcmp(status, "authorised"))
			add_event(b, db_col_int64(st, 4), "decision_authorised", c->id,
			          arena_printf(b->a, "Decision authorised: %s, level %lld%s", o,
			                       level,
			                       !c->has_referral ? ""
			                       : c->nfa         ? "; referral, no further action"
			                                        : "; referral"));
	}
	db_stmt_done(st);
	return rc < 0 ? rc : 0;
}

/* ---- referrals and re-referrals ---- */

static int referrals(struct build *b, const struct contact_row *rows, size_t n)
{
	struct chronology *o = b->out;
	size_t k = 0;
	for (size_t i = 0; i < n; i++)
		k += rows[i].has_referral;
	o->referrals = arena_zalloc(b->a, (k ? k : 1) * sizeof(*o->referrals));
	if (!o->referrals)
		return SH_ERR(NOMEM);
	/* rows are by received_at, which is the referral date: already in order. */
	for (size_t i = 0; i < n; i++) {
		if (!rows[i].has_referral)
			continue;
		struct chronology_referral *r = &o->referrals[o->n_referrals];
		r->contact_id = rows[i].id;
		r->referral_ms = rows[i].referral;
		r->nfa = rows[i].nfa;
		for (size_t j = o->n_referrals; j-- > 0;)
			if (chronology_within_12_months(o->referrals[j].referral_ms,
			                                r->referral_ms)) {
				r->re_referral = 1;
				r->previous_contact_id = o->referrals[j].contact_id;
				break;
			}
		o->n_referrals++;
		if (!r->re_referral)
			continue;
		for (size_t e = 0; e < o->n_events; e++)
			if (o->events[e].contact_id == r->contact_id &&
			    !strcmp(o->events[e].kind, "decision_authorised")) {
				o->events[e].re_referral = 1;
				o->events[e].summary =
				    arena_printf(b->a, "%s (re-referral)", o->events[e].summary);
				if (!o->events[e].summary)
					return SH_ERR(NOMEM);
			}
	}
	return 0;
}

/* Newest first; at the same time, the later-recorded event first. */
struct sortable {
	struct chronology_event e;
	size_t seq; /* insertion order */
};

static int newest_first(const void *pa, const void *pb)
{
	const struct sortable *a = pa, *b = pb;
	if (a->e.at_ms != b->e.at_ms)
		return a->e.at_ms < b->e.at_ms ? 1 : -1;
	return a->seq < b->seq ? 1 : a->seq > b->seq ? -1 : 0;
}

static int sort_events(struct build *b)
{
	struct chronology *o = b->out;
	if (o->n_events < 2)
		return 0;
	struct sortable *t = arena_alloc(b->a, o->n_events * sizeof(*t));
	if (!t)
		return SH_ERR(NOMEM);
	for (size_t i = 0; i < o->n_events; i++)
		t[i] = (struct sortable){o->events[i], i};
	qsort(t, o->n_events, sizeof(*t), newest_first);
	for (size_t i = 0; i < o->n_events; i++)
		o->events[i] = t[i].e;
	return 0;
}

/* ---- the read ---- */

struct read_ctx {
	const struct principal *actor;
	int64_t now;
	struct build b;
};

static int read_tx(struct db *db, void *arg)
{
	struct read_ctx *x = arg;
	struct build *b = &x->b;
	b->db = db;
	int rc = read_persons(b);
	if (rc)
		return rc;
	struct contact_row *rows = NULL;
	size_t n = 0;
	const char *basis;
	if ((rc = read_contacts(b, &rows, &n, &basis)))
		return rc;
	for (size_t i = 0; i < n && !rc; i++) {
		rc = read_screening(b, rows[i].id);
		if (!rc)
			rc = read_overrides(b, rows[i].id);
		if (!rc)
			rc = read_requests(b, x->actor, rows[i].id, x->now);
		if (!rc)
			rc = read_decisions(b, &rows[i]);
	}
	if (!rc && b->oom)
		rc = SH_ERR(NOMEM);
	if (!rc)
		rc = referrals(b, rows, n);
	if (rc)
		return rc;
	if ((rc = sort_events(b)))
		return rc;
	const char *ids = person_ids_json(b->a, b->out->person_ids, b->out->n_person_ids);
	if (!ids)
		return SH_ERR(NOMEM);
	struct audit_event ev = {
	    .at_ms = x->now,
	    .user_id = x->actor ? x->actor->user_id : 0,
	    .agency_id = x->actor ? x->actor->agency_id : 0,
	    .action = "chronology.read",
	    .object_type = "person",
	    .object_id = b->out->person_id,
	    .person_ids = ids,
	    .purpose = CHRONOLOGY_PURPOSE,
	    .lawful_basis = basis,
	    .outcome = "ok",
	};
	return audit_record(db, &ev);
}

int chronology_read(struct db *db, const struct principal *actor, int64_t person_id, int64_t now_ms,
                    struct arena *a, struct chronology *out)
{
	memset(out, 0, sizeof(*out));
	out->person_id = person_id;
	struct audit_event ev = {
	    .at_ms = now_ms,
	    .user_id = actor ? actor->user_id : 0,
	    .agency_id = actor ? actor->agency_id : 0,
	    .action = "chronology.read",
	    .object_type = "person",
	    .object_id = person_id,
	    .purpose = CHRONOLOGY_PURPOSE,
	    .lawful_basis = "public_task",
	};
	if (actor && !perm_allows(actor->role, ACTION_CHRONOLOGY_READ)) {
		ev.outcome = "denied";
		ev.detail = "role not allowed";
		int rc = db_tx(db, audit_record_tx, &ev);
		return rc ? rc : SH_ERR(FORBIDDEN);
	}
	int works = 0;
	int rc = contact_works_on_person(db, actor, person_id, &works);
	if (rc && rc != SH_ERR(NOT_FOUND))
		return rc;
	if (!rc && !works) { /* a child is seen only through a contact one works on */
		ev.outcome = "denied";
		ev.detail = "no contact of this child the user works on";
		rc = db_tx(db, audit_record_tx, &ev);
		return rc ? rc : SH_ERR(FORBIDDEN);
	}
	struct read_ctx x = {actor, now_ms, {.a = a, .out = out}};
	rc = db_tx(db, read_tx, &x);
	if (rc == SH_ERR(NOT_FOUND)) {
		ev.outcome = "failed";
		ev.detail = "no such person";
		int arc = db_tx(db, audit_record_tx, &ev);
		if (arc)
			return arc;
	}
	if (rc) {
		int64_t keep = out->person_id;
		memset(out, 0, sizeof(*out));
		out->person_id = keep;
	}
	return rc;
}
