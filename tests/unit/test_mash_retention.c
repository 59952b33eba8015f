/*
 * tests/unit/test_mash_retention.c — the retention policy against a real
 * database: a hand-made set of contacts with explicit dates, what a plan
 * lists, what a run keeps, anonymises and deletes, that a dry run changes
 * nothing (the whole database's fingerprint is the same), that a person
 * still on a live contact is kept, and that the audit chain still verifies
 * with one event per run.
 */
#include "test_auth_fixture.h"

#include "audit/audit.h"
#include "auth/account.h"
#include "base/arena.h"
#include "base/error.h"
#include "base/strbuf.h"
#include "base/timeutil.h"
#include "mash/contact.h"
#include "mash/decision.h"
#include "mash/retention.h"
#include "mash/screening.h"

/* As of 2026-06-15 (Europe/London) */
#define NOW 1781524800000LL

static int64_t at(const char *iso)
{
	int64_t ms;
	if (time_parse_iso(iso, &ms))
		fail_msg("bad time in test: %s", iso);
	return ms;
}

static int64_t q(struct db *db, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int64_t q(struct db *db, const char *fmt, ...)
{
	char sql[800];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(sql, sizeof(sql), fmt, ap);
	va_end(ap);
	return fixture_int(db, sql);
}

/* The text of a one-value query, copied into out ("<null>" for NULL). */
static void qs(struct db *db, char *out, size_t n, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static void qs(struct db *db, char *out, size_t n, const char *fmt, ...)
{
	char sql[800];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(sql, sizeof(sql), fmt, ap);
	va_end(ap);
	struct db_stmt *st;
	assert_int_equal(db_prepare(db, sql, &st), 0);
	snprintf(out, n, "<no row>");
	if (db_step(st) == DB_ROW)
		snprintf(out, n, "%s", db_col_text(st, 0) ? db_col_text(st, 0) : "<null>");
	db_stmt_done(st);
}

/* A fingerprint of every row of every table (SQLite's quote() of each
 * column), so a test can show that nothing at all changed. */
static void fingerprint(struct db *db, unsigned char out[32])
{
	crypto_generichash_state h;
	crypto_generichash_init(&h, NULL, 0, 32);
	struct db_stmt *st;
	assert_int_equal(db_prepare(db,
	                            "SELECT name FROM sqlite_master WHERE type = 'table' "
	                            "ORDER BY name",
	                            &st),
	                 0);
	char tables[64][64];
	size_t nt = 0;
	while (db_step(st) == DB_ROW && nt < 64)
		snprintf(tables[nt++], 64, "%s", db_col_text(st, 0));
	db_stmt_done(st);
	for (size_t t = 0; t < nt; t++) {
		struct strbuf sql;
		strbuf_init(&sql, 0);
		strbuf_addf(&sql, "SELECT name FROM pragma_table_info('%s')", tables[t]);
		assert_int_equal(db_prepare(db, sql.buf, &st), 0);
		strbuf_reset(&sql);
		strbuf_adds(&sql, "SELECT ''");
		while (db_step(st) == DB_ROW)
			strbuf_addf(&sql, "||'|'||quote(%s)", db_col_text(st, 0));
		db_stmt_done(st);
		strbuf_addf(&sql, " FROM %s ORDER BY rowid", tables[t]);
		assert_int_equal(db_prepare(db, sql.buf, &st), 0);
		strbuf_release(&sql);
		crypto_generichash_update(&h, (const unsigned char *)tables[t], strlen(tables[t]));
		while (db_step(st) == DB_ROW) {
			const char *row = db_col_text(st, 0);
			crypto_generichash_update(&h, (const unsigned char *)row, strlen(row) + 1);
		}
		db_stmt_done(st);
	}
	crypto_generichash_final(&h, out, 32);
}

struct people {
	struct principal worker, manager;
};

static struct principal user(struct db *db, int64_t agency, const char *email, enum role role)
{
	struct auth_user_new u = {email, "Synthetic User", agency, perm_role_name(role), NULL};
	int64_t id;
	assert_int_equal(auth_user_create(db, NULL, &u, NOW, &id), 0);
	return (struct principal){.user_id = id, .agency_id = agency, .role = role};
}

static struct people people(struct db *db)
{
	int64_t ag;
	assert_int_equal(
	    auth_agency_create(db, NULL, "Synthetic Council", "childrens_social_care", NOW, &ag),
	    0);
	return (struct people){user(db, ag, "worker@example.org", ROLE_MASH_WORKER),
	                       user(db, ag, "manager@example.org", ROLE_MASH_MANAGER)};
}

/* A contact received at `received` about one child born `dob`, with the
 * mother in the household; *child and *mother get their person ids. */
static int64_t contact(struct db *db, int64_t received, const char *dob, int64_t *child,
                       int64_t *mother)
{
	struct person_new kid = {.given_name = "Amara",
	                         .family_name = "Okafor",
	                         .dob = dob,
	                         .nhs_number = "9434765919",
	                         .address = "1 Synthetic Road",
	                         .postcode = "SE15 4QR",
	                         .school = "Synthetic Primary"};
	struct person_new mum = {
	    .given_name = "Grace", .family_name = "Okafor", .relationship = "mother"};
	struct contact_new c = {
	    .received_ms = received,
	    .source = "2A",
	    .referrer = {.name = "Ms Teacher", .role = "DSL", .phone = "020 7946 0000"},
	    .children = &kid,
	    .n_children = 1,
	    .household = &mum,
	    .n_household = 1,
	    .concerns = "Bruising seen on the arm",
	    .consent = "given",
	    .lawful_basis = "public_task",
	};
	struct arena a;
	arena_init(&a, 0);
	struct contact_created out;
	assert_int_equal(contact_create(db, NULL, &c, received, &a, &out), 0);
	arena_release(&a);
	*child = q(db,
	           "SELECT person_id FROM contact_person WHERE contact_id = %lld AND role = "
	           "'child'",
	           (long long)out.id);
	*mother = q(db,
	            "SELECT person_id FROM contact_person WHERE contact_id = %lld AND role = "
	            "'household'",
	            (long long)out.id);
	return out.id;
}

/* Screen at level, propose outcome and authorise it on the date `when`. */
static void decide(struct db *db, const struct people *p, int64_t c, int level, const char *outcome,
                   int64_t when)
{
	struct screening_new s = {.rag = RAG_AMBER, .level = level};
	struct screening_result sr;
	const char *field;
	assert_int_equal(screening_rate(db, NULL, c, &s, when - 3600000, &sr, &field), 0);
	struct decision_new d = {.level = level,
	                         .outcome = outcome,
	                         .rationale = "Rationale naming Amara",
	                         .feedback_text = "Told Ms Teacher",
	                         .feedback_method = "phone",
	                         .feedback_given_ms = when - 60000};
	struct decision_result r;
	assert_int_equal(decision_propose(db, &p->worker, c, &d, when - 60000, &r), 0);
	assert_int_equal(decision_authorise(db, &p->manager, c, when, &r), 0);
}

/* A request on contact c, answered with findings (as the requests module
 * stores them). */
static int64_t request(struct db *db, int64_t c, int64_t child)
{
	static int64_t next = 1;
	int64_t id = next++;
	char sql[1600];
	snprintf(
	    sql, sizeof(sql),
	    "INSERT OR IGNORE INTO agency (id, name, kind, created_at) VALUES (50, "
	    "'Synthetic Police', 'police', 0); INSERT OR IGNORE INTO data_sharing_agreement "
	    "(id, title, valid_from, valid_to, review_date, created_at) VALUES (1, 'MASH "
	    "DSA', '2020-01-01', '2030-12-31', '2025-01-01', 0); INSERT INTO info_request (id, "
	    "contact_id, agency_id, agreement_id, requested_at, due_at, rag, question, status, "
	    "closed_at) VALUES (%lld, %lld, 50, 1, 0, 0, 'amber', 'Known to you? Amara', "
	    "'responded', 1); INSERT INTO info_request_person VALUES (%lld, %lld, 0); INSERT "
	    "INTO info_response (id, request_id, responded_at, outcome, findings) VALUES "
	    "(%lld, %lld, 1, 'known', 'Father arrested 2023'); INSERT INTO "
	    "info_response_indicator VALUES (%lld, 'violence');",
	    (long long)id, (long long)c, (long long)id, (long long)child, (long long)id,
	    (long long)id, (long long)id);
	assert_int_equal(db_exec(db, sql), 0);
	return id;
}

/* The hand-made set. As of 2026-06-15, defaults (24 / 300 / 24 months):
 *   nfa_old   NFA decided 2024-03-01: due            (request r_old with it)
 *   nfa_new   NFA decided 2025-01-10: kept
 *   ref_young s17 decided 2024-01-10, child born 2008-05: kept until 2033-05-31,
 *             but its request r_young is due (request class)
 *   ref_old   s17 decided 2024-02-01, child born "2000": due (2025-12-31)
 *   live      an open contact the nfa_old mother is also on */
struct set {
	int64_t nfa_old, nfa_new, ref_young, ref_old, live;
	int64_t k_old, m_old, k_new, m_new, k_young, m_young, k_ref, m_ref, k_live, m_live;
	int64_t r_old, r_young;
};

static struct set make_set(struct db *db)
{
	struct people p = people(db);
	struct set s;
	s.nfa_old = contact(db, at("2024-02-28T10:00:00Z"), "2016-03-14", &s.k_old, &s.m_old);
	decide(db, &p, s.nfa_old, 2, "no_further_action", at("2024-03-01T12:00:00Z"));
	s.r_old = request(db, s.nfa_old, s.k_old);
	s.nfa_new = contact(db, at("2025-01-08T10:00:00Z"), "2015", &s.k_new, &s.m_new);
	decide(db, &p, s.nfa_new, 1, "signpost_universal", at("2025-01-10T12:00:00Z"));
	s.ref_young = contact(db, at("2024-01-09T10:00:00Z"), "2008-05", &s.k_young, &s.m_young);
	decide(db, &p, s.ref_young, 3, "assessment_s17", at("2024-01-10T12:00:00Z"));
	s.r_young = request(db, s.ref_young, s.k_young);
	s.ref_old = contact(db, at("2024-01-30T10:00:00Z"), "2000", &s.k_ref, &s.m_ref);
	decide(db, &p, s.ref_old, 3, "assessment_s17", at("2024-02-01T12:00:00Z"));
	s.live = contact(db, at("2026-06-01T10:00:00Z"), "2017-01-01", &s.k_live, &s.m_live);
	char sql[200];
	snprintf(sql, sizeof(sql),
	         "INSERT INTO contact_person VALUES (%lld, %lld, 'household', 9, 'mother')",
	         (long long)s.live, (long long)s.m_old);
	assert_int_equal(db_exec(db, sql), 0);
	return s;
}

static const struct retention_item *find(const struct retention_plan *pl, const char *object,
                                         int64_t id)
{
	for (size_t i = 0; i < pl->n; i++)
		if (!strcmp(pl->items[i].object, object) && pl->items[i].id == id)
			return &pl->items[i];
	return NULL;
}

static void expect(const struct retention_plan *pl, const char *object, int64_t id,
                   enum retention_class cls, const char *action)
{
	const struct retention_item *it = find(pl, object, id);
	if (!it && action)
		fail_msg("the plan should %s %s %lld, but does not list it", action, object,
		         (long long)id);
	if (it && !action)
		fail_msg("the plan should leave %s %lld alone, but would %s it", object,
		         (long long)id, it->action);
	if (it && (strcmp(it->action, action) || it->cls != cls))
		fail_msg("%s %lld: expected %s under %s, planned %s under %s", object,
		         (long long)id, action, retention_class_name(cls), it->action,
		         retention_class_name(it->cls));
}

static void test_mash_retention__plan_lists_what_is_due_and_changes_nothing(void **state)
{
	struct fixture *f = *state;
	struct set s = make_set(f->db);
	struct retention_policy pol;
	assert_int_equal(retention_policy_load(f->db, &pol), 0);
	unsigned char before[32], after[32];
	fingerprint(f->db, before);
	struct arena a;
	arena_init(&a, 0);
	struct retention_plan pl;
	assert_int_equal(retention_plan(f->db, &pol, NOW, &a, &pl), 0);
	fingerprint(f->db, after);
	assert_memory_equal(before, after, 32);

	expect(&pl, "contact", s.nfa_old, RETENTION_CONTACT_NFA, "anonymise");
	expect(&pl, "info_request", s.r_old, RETENTION_CONTACT_NFA, "anonymise");
	expect(&pl, "person", s.k_old, RETENTION_CONTACT_NFA, "anonymise");
	expect(&pl, "person", s.m_old, RETENTION_CONTACT_NFA, "keep");
	assert_int_equal(find(&pl, "person", s.m_old)->kept_for, s.live);
	assert_string_equal(find(&pl, "contact", s.nfa_old)->since, "2024-03-01");
	expect(&pl, "contact", s.nfa_new, 0, NULL);
	expect(&pl, "contact", s.ref_young, 0, NULL);
	expect(&pl, "info_request", s.r_young, RETENTION_REQUEST, "anonymise");
	expect(&pl, "person", s.k_young, 0, NULL);
	expect(&pl, "contact", s.ref_old, RETENTION_CONTACT_REFERRAL, "anonymise");
	assert_string_equal(find(&pl, "contact", s.ref_old)->since, "2000-12-31");
	expect(&pl, "person", s.k_ref, RETENTION_CONTACT_REFERRAL, "anonymise");
	expect(&pl, "person", s.m_ref, RETENTION_CONTACT_REFERRAL, "anonymise");
	expect(&pl, "contact", s.live, 0, NULL);
	expect(&pl, "person", s.k_live, 0, NULL);
	assert_int_equal(pl.counts[RETENTION_CONTACT_NFA].contacts, 1);
	assert_int_equal(pl.counts[RETENTION_CONTACT_NFA].persons_kept, 1);
	assert_int_equal(pl.counts[RETENTION_CONTACT_REFERRAL].persons_anonymised, 2);
	assert_int_equal(pl.counts[RETENTION_REQUEST].requests, 1);
	arena_release(&a);

	/* Periods run to the day: the 2000-born child's contact is due on
	 * 2025-12-31 (its 25th birthday at the latest), not the day before;
	 * the NFA decided on 2024-03-01 is due on 2026-03-01, not on
	 * 2026-02-28. */
	arena_init(&a, 0);
	assert_int_equal(retention_plan(f->db, &pol, at("2025-12-30T12:00:00Z"), &a, &pl), 0);
	expect(&pl, "contact", s.ref_old, 0, NULL);
	assert_int_equal(retention_plan(f->db, &pol, at("2025-12-31T12:00:00Z"), &a, &pl), 0);
	expect(&pl, "contact", s.ref_old, RETENTION_CONTACT_REFERRAL, "anonymise");
	assert_int_equal(retention_plan(f->db, &pol, at("2026-02-28T23:30:00Z"), &a, &pl), 0);
	expect(&pl, "contact", s.nfa_old, 0, NULL);
	assert_int_equal(retention_plan(f->db, &pol, at("2026-03-01T00:30:00Z"), &a, &pl), 0);
	expect(&pl, "contact", s.nfa_old, RETENTION_CONTACT_NFA, "anonymise");
	arena_release(&a);
}

static void test_mash_retention__anonymise_removes_identity_and_keeps_figures(void **state)
{
	struct fixture *f = *state;
	struct set s = make_set(f->db);
	struct retention_policy pol;
	retention_policy_default(&pol);
	struct retention_counts t[RETENTION__COUNT];
	assert_int_equal(retention_apply(f->db, &pol, NOW, NOW, 0, t), 0);
	assert_int_equal(t[RETENTION_CONTACT_NFA].contacts, 1);
	assert_int_equal(t[RETENTION_CONTACT_REFERRAL].contacts, 1);
	assert_int_equal(t[RETENTION_REQUEST].requests, 1);

	char v[200];
	/* the old NFA contact: identity gone, codes and dates kept */
	assert_int_equal(q(f->db,
	                   "SELECT count(*) FROM contact WHERE id = %lld AND referrer_name IS NULL "
	                   "AND referrer_role IS NULL AND referrer_phone IS NULL AND concerns = "
	                   "'[removed]' AND source = '2A' AND level = 2 AND received_at = %lld AND "
	                   "decided_at = %lld AND anonymised_at = %lld",
	                   (long long)s.nfa_old, (long long)at("2024-02-28T10:00:00Z"),
	                   (long long)at("2024-03-01T12:00:00Z"), (long long)NOW),
	                 1);
	qs(f->db, v, sizeof(v),
	   "SELECT rationale || '/' || feedback_text || '/' || outcome FROM "
	   "decision WHERE contact_id = %lld AND status = 'authorised'",
	   (long long)s.nfa_old);
	assert_string_equal(v, "[removed]/[removed]/no_further_action");
	qs(f->db, v, sizeof(v),
	   "SELECT given_name || '/' || coalesce(family_name, '-') || coalesce(dob, '-') || "
	   "coalesce(nhs_number, '-') || coalesce(address, '-') || coalesce(postcode, '-') || "
	   "coalesce(school, '-') || '/' || sex FROM person WHERE id = %lld",
	   (long long)s.k_old);
	assert_string_equal(v, "[removed]/------/not_recorded");
	qs(f->db, v, sizeof(v),
	   "SELECT r.question || '/' || p.findings || '/' || p.outcome || '/' || i.code FROM "
	   "info_request r JOIN info_response p ON p.request_id = r.id JOIN "
	   "info_response_indicator i ON i.response_id = p.id WHERE r.id = %lld",
	   (long long)s.r_old);
	assert_string_equal(v, "[removed]/[removed]/known/violence");
	/* the mother is still on the live contact: untouched */
	qs(f->db, v, sizeof(v), "SELECT given_name FROM person WHERE id = %lld",
	   (long long)s.m_old);
	assert_string_equal(v, "Grace");
	qs(f->db, v, sizeof(v),
	   "SELECT relationship FROM contact_person WHERE contact_id = %lld "
	   "AND person_id = %lld",
	   (long long)s.live, (long long)s.m_old);
	assert_string_equal(v, "mother");
	/* the young referral is kept whole; only its agency answer is anonymised */
	qs(f->db, v, sizeof(v), "SELECT concerns FROM contact WHERE id = %lld",
	   (long long)s.ref_young);
	assert_string_equal(v, "Bruising seen on the arm");
	qs(f->db, v, sizeof(v), "SELECT given_name FROM person WHERE id = %lld",
	   (long long)s.k_young);
	assert_string_equal(v, "Amara");
	qs(f->db, v, sizeof(v), "SELECT findings FROM info_response WHERE request_id = %lld",
	   (long long)s.r_young);
	assert_string_equal(v, "[removed]");
	/* the old referral: anonymised, still counted as a referral */
	assert_int_equal(q(f->db,
	                   "SELECT count(*) FROM contact WHERE id = %lld AND referral_date IS NOT "
	                   "NULL AND referral_nfa = 0 AND concerns = '[removed]'",
	                   (long long)s.ref_old),
	                 1);
	/* nothing else touched; counts for returns unchanged */
	assert_int_equal(q(f->db, "SELECT count(*) FROM contact"), 5);
	assert_int_equal(q(f->db, "SELECT count(*) FROM person WHERE anonymised_at IS NOT NULL"),
	                 3);
	assert_int_equal(q(f->db, "SELECT count(*) FROM screening"), 4);
	assert_int_equal(q(f->db,
	                   "SELECT concerns = 'Bruising seen on the arm' FROM contact WHERE "
	                   "id = %lld",
	                   (long long)s.nfa_new),
	                 1);
}

static void test_mash_retention__delete_removes_dependants_and_keeps_linked_records(void **state)
{
	struct fixture *f = *state;
	struct set s = make_set(f->db);
	/* the old NFA child is linked to the newer contact's child */
	char sql[400];
	snprintf(sql, sizeof(sql),
	         "INSERT INTO person_link (person_ids, evidence, created_at) VALUES "
	         "('[%lld,%lld]', '{}', 0); INSERT INTO person_link_member VALUES "
	         "(last_insert_rowid(), %lld); INSERT INTO person_link_member SELECT max(id), "
	         "%lld FROM person_link;",
	         (long long)s.k_old, (long long)s.k_new, (long long)s.k_old, (long long)s.k_new);
	assert_int_equal(db_exec(f->db, sql), 0);
	struct retention_rule del = {24, RETENTION_DELETE};
	assert_int_equal(retention_policy_set(f->db, 0, RETENTION_CONTACT_NFA, &del, NOW), 0);
	del.months = 300;
	assert_int_equal(retention_policy_set(f->db, 0, RETENTION_CONTACT_REFERRAL, &del, NOW), 0);
	struct retention_policy pol;
	assert_int_equal(retention_policy_load(f->db, &pol), 0);
	assert_int_equal(pol.rule[RETENTION_CONTACT_NFA].action, RETENTION_DELETE);
	struct retention_counts t[RETENTION__COUNT];
	assert_int_equal(retention_apply(f->db, &pol, NOW, NOW, 0, t), 0);

	for (int64_t c = s.nfa_old; c; c = c == s.nfa_old ? s.ref_old : 0) {
		assert_int_equal(
		    q(f->db, "SELECT count(*) FROM contact WHERE id = %lld", (long long)c), 0);
		static const char *const deps[] = {"contact_person", "contact_factor",
		                                   "screening",      "consent_override",
		                                   "decision",       "info_request"};
		for (size_t i = 0; i < sizeof(deps) / sizeof(deps[0]); i++)
			if (q(f->db, "SELECT count(*) FROM %s WHERE contact_id = %lld", deps[i],
			      (long long)c))
				fail_msg("contact %lld was deleted but %s still has its rows",
				         (long long)c, deps[i]);
	}
	assert_int_equal(q(f->db, "SELECT count(*) FROM info_response WHERE request_id = %lld",
	                   (long long)s.r_old),
	                 0);
	assert_int_equal(q(f->db, "SELECT count(*) FROM info_response_indicator"), 1);
	/* persons: the linked child anonymised (links are never deleted), the
	 * unlinked ones deleted, the mother on the live contact kept */
	char v[64];
	qs(f->db, v, sizeof(v), "SELECT given_name FROM person WHERE id = %lld",
	   (long long)s.k_old);
	assert_string_equal(v, "[removed]");
	assert_int_equal(q(f->db, "SELECT count(*) FROM person WHERE id IN (%lld, %lld)",
	                   (long long)s.k_ref, (long long)s.m_ref),
	                 0);
	qs(f->db, v, sizeof(v), "SELECT given_name FROM person WHERE id = %lld",
	   (long long)s.m_old);
	assert_string_equal(v, "Grace");
	assert_int_equal(t[RETENTION_CONTACT_NFA].persons_anonymised, 1);
	assert_int_equal(t[RETENTION_CONTACT_NFA].persons_kept, 1);
	assert_int_equal(t[RETENTION_CONTACT_REFERRAL].persons_deleted, 2);
	/* the link and its members are intact */
	assert_int_equal(q(f->db, "SELECT count(*) FROM person_link_member"), 2);
	/* foreign keys hold */
	assert_int_equal(q(f->db, "SELECT count(*) FROM pragma_foreign_key_check"), 0);
	/* a second run finds nothing more to do */
	struct arena a;
	arena_init(&a, 0);
	struct retention_plan pl;
	assert_int_equal(retention_plan(f->db, &pol, NOW, &a, &pl), 0);
	for (size_t i = 0; i < pl.n; i++)
		if (strcmp(pl.items[i].action, "keep") != 0)
			fail_msg("after a run, the plan still would %s %s %lld", pl.items[i].action,
			         pl.items[i].object, (long long)pl.items[i].id);
	arena_release(&a);
}

static void test_mash_retention__one_audit_event_per_run_and_the_chain_verifies(void **state)
{
	struct fixture *f = *state;
	make_set(f->db);
	int64_t before = q(f->db, "SELECT count(*) FROM audit_event");
	struct retention_policy pol;
	retention_policy_default(&pol);
	/* batches of one contact or request: several transactions, one event */
	assert_int_equal(retention_apply(f->db, &pol, NOW, NOW + 5, 1, NULL), 0);
	assert_int_equal(q(f->db, "SELECT count(*) FROM audit_event"), before + 1);
	char v[AUDIT_TEXT_MAX + 1];
	qs(f->db, v, sizeof(v),
	   "SELECT action || '|' || purpose || '|' || lawful_basis || '|' || outcome || '|' || "
	   "person_ids || '|' || detail FROM audit_event ORDER BY seq DESC LIMIT 1");
	assert_string_equal(
	    v, "retention.run|retention|legal_obligation|ok|[]|as of 2026-06-15; contact_nfa 24m "
	       "anonymise: 1 contacts, 1 requests, 0 persons deleted, 1 anonymised, 1 kept; "
	       "contact_referral 300m anonymise: 1 contacts, 0 requests, 0 persons deleted, 2 "
	       "anonymised, 0 kept; request 24m anonymise: 0 contacts, 1 requests, 0 persons "
	       "deleted, 0 anonymised, 0 kept");
	int64_t bad = -1, count = 0;
	assert_int_equal(audit_verify(f->db, &bad, &count), 0);
	assert_int_equal(bad, 0);
	/* the audit log itself was left as it was: the contacts' events remain */
	assert_true(q(f->db, "SELECT count(*) FROM audit_event WHERE action = 'contact.create'") ==
	            5);
	/* a run with nothing due still leaves its one event */
	assert_int_equal(retention_apply(f->db, &pol, NOW, NOW + 10, 0, NULL), 0);
	assert_int_equal(q(f->db, "SELECT count(*) FROM audit_event"), before + 2);
	assert_int_equal(audit_verify(f->db, &bad, &count), 0);
}

static void test_mash_retention__policy_is_set_checked_and_loaded(void **state)
{
	struct fixture *f = *state;
	struct retention_policy pol;
	assert_int_equal(retention_policy_load(f->db, &pol), 0);
	assert_int_equal(pol.rule[RETENTION_CONTACT_NFA].months, 24);
	assert_int_equal(pol.rule[RETENTION_CONTACT_REFERRAL].months, 300);
	assert_int_equal(pol.rule[RETENTION_REQUEST].months, 24);
	static const struct {
		const char *in, *field;
	} bad[] = {
	    {"contacts=24", "class"},           {"contact_nfa", "class"},
	    {"contact_nfa=0", "months"},        {"contact_nfa=1201", "months"},
	    {"contact_nfa=2x", "months"},       {"contact_nfa=", "months"},
	    {"contact_nfa=24,shred", "action"}, {"contact_nfa=24,", "action"},
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		enum retention_class c;
		struct retention_rule r = {0, RETENTION_ANONYMISE};
		const char *field = NULL;
		if (retention_rule_parse(bad[i].in, &c, &r, &field) != SH_ERR(INVALID_VALUE) ||
		    !field || strcmp(field, bad[i].field))
			fail_msg("'%s' should be refused naming %s, got %s", bad[i].in,
			         bad[i].field, field ? field : "no field");
	}
	enum retention_class c;
	struct retention_rule r = {0, RETENTION_DELETE};
	const char *field;
	assert_int_equal(retention_rule_parse("request=36", &c, &r, &field), 0);
	assert_int_equal(c, RETENTION_REQUEST);
	assert_int_equal(r.months, 36);
	assert_int_equal(r.action, RETENTION_DELETE); /* unchanged without an action */
	assert_int_equal(retention_policy_set(f->db, 0, c, &r, NOW), 0);
	assert_int_equal(retention_policy_load(f->db, &pol), 0);
	assert_int_equal(pol.rule[RETENTION_REQUEST].months, 36);
	assert_int_equal(pol.rule[RETENTION_REQUEST].action, RETENTION_DELETE);
	assert_int_equal(q(f->db, "SELECT count(*) FROM audit_event WHERE action = "
	                          "'retention.set' AND detail = 'request=36,delete'"),
	                 1);
	r.months = 0;
	assert_int_equal(retention_policy_set(f->db, 0, c, &r, NOW), SH_ERR(INVALID_VALUE));
	/* a value broken outside safehub is reported, not guessed at */
	assert_int_equal(db_exec(f->db, "UPDATE setting SET value = 'forever' WHERE key = "
	                                "'retention.request_months'"),
	                 0);
	assert_int_equal(retention_policy_load(f->db, &pol), SH_ERR(INVALID_VALUE));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(
	        test_mash_retention__plan_lists_what_is_due_and_changes_nothing, fixture_setup,
	        fixture_teardown),
	    cmocka_unit_test_setup_teardown(
	        test_mash_retention__anonymise_removes_identity_and_keeps_figures, fixture_setup,
	        fixture_teardown),
	    cmocka_unit_test_setup_teardown(
	        test_mash_retention__delete_removes_dependants_and_keeps_linked_records,
	        fixture_setup, fixture_teardown),
	    cmocka_unit_test_setup_teardown(
	        test_mash_retention__one_audit_event_per_run_and_the_chain_verifies, fixture_setup,
	        fixture_teardown),
	    cmocka_unit_test_setup_teardown(test_mash_retention__policy_is_set_checked_and_loaded,
	                                    fixture_setup, fixture_teardown),
	};
	return cmocka_run_group_tests_name("mash_retention", tests, NULL, NULL);
}
