/*
 * tests/unit/test_mash_linkage.c — person linkage over a real database:
 * the same child under a nickname and a transposed date found first, a twin
 * not linked, decisions respected by later runs, undo keeping history, the
 * trained index with persons added after it was built, queries on
 * several threads while persons are taken in, and persons removed or
 * anonymised by retention after the index was loaded: not returned, not
 * matched on their old names, never linked or queued against, no error.
 */
#include "test_auth_fixture.h"

#include "audit/audit.h"
#include "auth/account.h"
#include "base/arena.h"
#include "base/error.h"
#include "base/timeutil.h"
#include "mash/contact.h"
#include "mash/decision.h"
#include "mash/linkage.h"
#include "mash/person.h"
#include "mash/retention.h"
#include "mash/screening.h"

#include <pthread.h>
#include <stdio.h>

/* 2026-06-15T12:00:00Z */
#define NOW 1781524800000LL

static int64_t add_contact(struct db *db, struct person_new *kids, size_t n)
{
	struct contact_new c = {
	    .received_ms = NOW - 3600000,
	    .source = "2A",
	    .referrer = {.name = "Ms Teacher"},
	    .children = kids,
	    .n_children = n,
	    .concerns = "Concern",
	    .consent = "given",
	    .lawful_basis = "public_task",
	};
	struct arena a;
	arena_init(&a, 0);
	struct contact_created out;
	assert_int_equal(contact_create(db, NULL, &c, NOW, &a, &out), 0);
	arena_release(&a);
	return out.id;
}

static struct person_new jayden(void)
{
	return (struct person_new){.given_name = "Jayden",
	                           .family_name = "Whitfield",
	                           .dob = "2015-04-12",
	                           .sex = "male",
	                           .address = "12 Albert Road",
	                           .postcode = "SE15 4QR"};
}

static void test_mash_linkage__same_child_first_twin_not_linked(void **state)
{
	struct fixture *f = *state;
	struct linkage *lk;
	assert_int_equal(linkage_new(&lk), 0);
	struct person_new a[2] = {jayden(), jayden()};
	a[1].given_name = "Jordan"; /* his twin, on the same contact */
	add_contact(f->db, a, 2);
	struct person_new other = {
	    .given_name = "Priya", .family_name = "Shah", .dob = "2014-01-02"};
	add_contact(f->db, &other, 1);
	/* the same child, later, from another agency: nickname-ish spelling,
	 * day digits transposed */
	struct person_new b = jayden();
	b.given_name = "Jaden";
	b.dob = "2015-04-21";
	int64_t c2 = add_contact(f->db, &b, 1);
	assert_int_equal(linkage_sync(lk, f->db), 0);
	struct linkage_candidate c[LINKAGE_MAX_CANDIDATES];
	size_t n;
	assert_int_equal(linkage_query(lk, &b, 4, 10, c, &n), 0);
	assert_true(n >= 2);
	assert_int_equal(c[0].person_id, 1);
	assert_true(c[0].ex.probability >= 0.95);
	assert_int_equal(c[1].person_id, 2); /* the twin: next, but no match */
	assert_true(c[1].ex.probability < 0.5);
	/* the engine's run links Jaden to Jayden and leaves the twin alone */
	struct linkage_run run;
	assert_int_equal(linkage_contact_run(f->db, lk, c2, NOW, &run), 0);
	assert_int_equal(run.linked, 1);
	assert_int_equal(run.queued, 0);
	assert_int_equal(fixture_int(f->db, "SELECT count(*) FROM person_link_member WHERE "
	                                    "person_id = 2"),
	                 0);
	assert_int_equal(fixture_int(f->db, "SELECT count(*) FROM person_link WHERE person_ids = "
	                                    "'[1,4]' AND created_by IS NULL"),
	                 1);
	assert_int_equal(fixture_int(f->db, "SELECT count(*) FROM audit_event WHERE action = "
	                                    "'person_link.create' AND person_ids = '[1,4]'"),
	                 1);
	/* a second run changes nothing */
	assert_int_equal(linkage_contact_run(f->db, lk, c2, NOW, &run), 0);
	assert_int_equal(run.linked + run.queued, 0);
	assert_int_equal(run.skipped, 1);
	/* undone: kept with its reason, and not made again by a later run */
	assert_int_equal(linkage_link_undo(f->db, NULL, 1, "", NOW), SH_ERR(MISSING_FIELD));
	assert_int_equal(linkage_link_undo(f->db, NULL, 1, "two children", NOW), 0);
	assert_int_equal(linkage_link_undo(f->db, NULL, 1, "again", NOW), SH_ERR(STATE));
	assert_int_equal(linkage_link_undo(f->db, NULL, 99, "none", NOW), SH_ERR(NOT_FOUND));
	assert_int_equal(linkage_contact_run(f->db, lk, c2, NOW, &run), 0);
	assert_int_equal(run.linked, 0);
	assert_int_equal(fixture_int(f->db, "SELECT count(*) FROM person_link WHERE undone_at IS "
	                                    "NOT NULL AND undo_reason = 'two children'"),
	                 1);
	assert_int_not_equal(db_exec(f->db, "DELETE FROM person_link"), 0);
	int64_t bad;
	assert_int_equal(audit_verify(f->db, &bad, &(int64_t){0}), 0);
	linkage_free(lk);
}

static void test_mash_linkage__decisions_and_undo_are_respected(void **state)
{
	struct fixture *f = *state;
	struct linkage *lk;
	assert_int_equal(linkage_new(&lk), 0);
	/* a weaker pair (no address, another postcode): between the thresholds */
	struct person_new a = {.given_name = "Kayla",
	                       .family_name = "Brennan",
	                       .dob = "2016-09-03",
	                       .sex = "female",
	                       .postcode = "SE15 4QR"};
	struct person_new b = {.given_name = "Kaila",
	                       .family_name = "Brennan",
	                       .dob = "2016",
	                       .sex = "female",
	                       .postcode = "N1 9GU"};
	add_contact(f->db, &a, 1);
	int64_t c2 = add_contact(f->db, &b, 1);
	struct linkage_run run;
	assert_int_equal(linkage_contact_run(f->db, lk, c2, NOW, &run), 0);
	if (run.queued != 1)
		fprintf(stderr, "linked %zu queued %zu\n", run.linked, run.queued);
	assert_int_equal(run.queued, 1);
	struct arena ar;
	arena_init(&ar, 0);
	struct linkage_review *v;
	size_t n;
	int64_t next;
	assert_int_equal(linkage_review_list(f->db, NULL, 0, 10, NOW, &ar, &v, &n, &next), 0);
	assert_int_equal(n, 1);
	assert_int_equal(v[0].person_a, 1);
	assert_int_equal(v[0].person_b, 2);
	int64_t link;
	assert_int_equal(linkage_review_decide(f->db, NULL, v[0].id, "different", "", NOW, &link),
	                 SH_ERR(MISSING_FIELD));
	assert_int_equal(
	    linkage_review_decide(f->db, NULL, v[0].id, "different", "other school", NOW, &link),
	    0);
	assert_int_equal(link, 0);
	assert_int_equal(
	    linkage_review_decide(f->db, NULL, v[0].id, "same", "changed mind", NOW, &link),
	    SH_ERR(STATE));
	/* later runs neither queue nor link the pair again */
	assert_int_equal(linkage_contact_run(f->db, lk, c2, NOW, &run), 0);
	assert_int_equal(run.queued + run.linked, 0);
	assert_int_equal(fixture_int(f->db, "SELECT count(*) FROM link_review"), 1);
	assert_int_equal(linkage_review_list(f->db, NULL, 0, 10, NOW, &ar, &v, &n, &next), 0);
	assert_int_equal(n, 0);
	arena_release(&ar);
	linkage_free(lk);
}

/* A person of generated name i (deterministic, many distinct names). */
static struct person_new generated(int i, char buf[4][32])
{
	static const char *g[] = {"Amir", "Bella", "Chen", "Dara", "Elif", "Femi",  "Grace", "Hugo",
	                          "Isla", "Jonah", "Kofi", "Lena", "Milo", "Nadia", "Oscar", "Pia"};
	static const char *s[] = {"Adeyemi", "Barker",  "Cohen", "Dunn", "Evans", "Fofana", "Gill",
	                          "Hughes",  "Ivanova", "Jones", "Khan", "Lloyd", "Moss",   "Novak",
	                          "Owusu",   "Patel",   "Quinn", "Reid", "Silva", "Tran"};
	snprintf(buf[0], 32, "%s", g[i % 16]);
	snprintf(buf[1], 32, "%s%c", s[(i / 16) % 20], 'a' + (i / 320) % 26);
	snprintf(buf[2], 32, "%04d-%02d-%02d", 2008 + i % 12, 1 + i % 12, 1 + (i * 7) % 28);
	snprintf(buf[3], 32, "%d Mill Lane", 1 + i % 90);
	return (struct person_new){.given_name = buf[0],
	                           .family_name = buf[1],
	                           .dob = buf[2],
	                           .address = buf[3],
	                           .sex = i % 2 ? "male" : "female"};
}

static void insert_generated(struct db *db, int from, int to)
{
	assert_int_equal(db_exec(db, "BEGIN"), 0);
	for (int i = from; i < to; i++) {
		char buf[4][32];
		struct person_new p = generated(i, buf);
		int64_t id;
		assert_int_equal(person_insert(db, &p, NOW, &id), 0);
	}
	assert_int_equal(db_exec(db, "COMMIT"), 0);
}

static void test_mash_linkage__trained_index_finds_persons_added_after_it(void **state)
{
	struct fixture *f = *state;
	assert_int_equal(db_exec(f->db, "INSERT INTO setting (key, value) VALUES "
	                                "('linkage.min_train_records', '500')"),
	                 0);
	insert_generated(f->db, 0, 600);
	struct linkage *lk;
	assert_int_equal(linkage_new(&lk), 0);
	assert_int_equal(linkage_sync(lk, f->db), 0);
	struct linkage_stats st;
	linkage_stats(lk, &st);
	assert_int_equal(st.trained, 1);
	assert_int_equal(st.records, 600);
	/* one more, after the build: found through the side list */
	struct person_new p = jayden();
	int64_t id;
	assert_int_equal(person_insert(f->db, &p, NOW, &id), 0);
	assert_int_equal(linkage_sync(lk, f->db), 0);
	linkage_stats(lk, &st);
	assert_int_equal(st.side_records, 1);
	p.given_name = "Jaden";
	struct linkage_candidate c[LINKAGE_MAX_CANDIDATES];
	size_t n;
	assert_int_equal(linkage_query(lk, &p, 0, 5, c, &n), 0);
	assert_true(n >= 1);
	assert_int_equal(c[0].person_id, id);
	assert_true(c[0].ex.probability > 0.9);
	/* an indexed record is found too */
	char buf[4][32];
	struct person_new q = generated(123, buf);
	assert_int_equal(linkage_query(lk, &q, 0, 5, c, &n), 0);
	assert_true(n >= 1);
	assert_int_equal(c[0].person_id, 124);
	linkage_free(lk);
}

struct reader {
	struct linkage *lk;
	int found;
};

static void *read_loop(void *arg)
{
	struct reader *r = arg;
	for (int i = 0; i < 300; i++) {
		char buf[4][32];
		struct person_new q = generated(i % 600, buf);
		struct linkage_candidate c[LINKAGE_MAX_CANDIDATES];
		size_t n;
		if (linkage_query(r->lk, &q, 0, 3, c, &n) == 0 && n &&
		    c[0].person_id == i % 600 + 1)
			r->found++;
	}
	return NULL;
}

static void test_mash_linkage__queries_on_threads_while_persons_arrive(void **state)
{
	struct fixture *f = *state;
	assert_int_equal(db_exec(f->db, "INSERT INTO setting (key, value) VALUES "
	                                "('linkage.min_train_records', '500')"),
	                 0);
	insert_generated(f->db, 0, 600);
	struct linkage *lk;
	assert_int_equal(linkage_new(&lk), 0);
	assert_int_equal(linkage_sync(lk, f->db), 0);
	struct reader r[3] = {{lk, 0}, {lk, 0}, {lk, 0}};
	pthread_t t[3];
	for (int i = 0; i < 3; i++)
		assert_int_equal(pthread_create(&t[i], NULL, read_loop, &r[i]), 0);
	/* persons arrive in batches; the last one passes the rebuild point */
	for (int b = 0; b < 12; b++) {
		insert_generated(f->db, 600 + b * 100, 700 + b * 100);
		assert_int_equal(linkage_sync(lk, f->db), 0);
	}
	for (int i = 0; i < 3; i++) {
		pthread_join(t[i], NULL);
		assert_true(r[i].found >= 290); /* generated names repeat a little */
	}
	struct linkage_stats st;
	linkage_stats(lk, &st);
	assert_int_equal(st.records + st.side_records, 1800);
	linkage_free(lk);
}

/* A contact about kids received at `received`; its id. */
static int64_t add_contact_at(struct db *db, struct person_new *kids, size_t n, int64_t received)
{
	struct contact_new c = {
	    .received_ms = received,
	    .source = "2A",
	    .referrer = {.name = "Ms Teacher"},
	    .children = kids,
	    .n_children = n,
	    .concerns = "Concern",
	    .consent = "given",
	    .lawful_basis = "public_task",
	};
	struct arena a;
	arena_init(&a, 0);
	struct contact_created out;
	assert_int_equal(contact_create(db, NULL, &c, received, &a, &out), 0);
	arena_release(&a);
	return out.id;
}

/* Close contact c with "no further action", authorised at `when`. */
static void close_nfa(struct db *db, int64_t c, int64_t when)
{
	int64_t ag, uid[2];
	assert_int_equal(
	    auth_agency_create(db, NULL, "Synthetic Council", "childrens_social_care", NOW, &ag),
	    0);
	struct auth_user_new w = {"worker@example.org", "Synthetic Worker", ag, "mash_worker",
	                          NULL};
	struct auth_user_new m = {"manager@example.org", "Synthetic Manager", ag, "mash_manager",
	                          NULL};
	assert_int_equal(auth_user_create(db, NULL, &w, NOW, &uid[0]), 0);
	assert_int_equal(auth_user_create(db, NULL, &m, NOW, &uid[1]), 0);
	struct principal worker = {.user_id = uid[0], .agency_id = ag, .role = ROLE_MASH_WORKER};
	struct principal manager = {.user_id = uid[1], .agency_id = ag, .role = ROLE_MASH_MANAGER};
	struct screening_new s = {.rag = RAG_AMBER, .level = 2};
	struct screening_result sr;
	const char *field;
	assert_int_equal(screening_rate(db, NULL, c, &s, when - 3600000, &sr, &field), 0);
	struct decision_new d = {.level = 2,
	                         .outcome = "no_further_action",
	                         .rationale = "No concerns found",
	                         .feedback_text = "Told Ms Teacher",
	                         .feedback_method = "phone",
	                         .feedback_given_ms = when - 60000};
	struct decision_result r;
	assert_int_equal(decision_propose(db, &worker, c, &d, when - 60000, &r), 0);
	assert_int_equal(decision_authorise(db, &manager, c, when, &r), 0);
}

/* linkage_match for q: 0 and the candidates, and whether person id is among them. */
static int shown(struct db *db, struct linkage *lk, const struct person_new *q, int64_t id,
                 size_t *n)
{
	struct arena a;
	arena_init(&a, 0);
	struct linkage_candidate c[LINKAGE_MAX_CANDIDATES];
	int rc = linkage_match(db, NULL, lk, q, LINKAGE_MAX_CANDIDATES, NOW, &a, c, n);
	if (rc)
		fail_msg("a match failed (%d) where it should leave removed persons out", rc);
	int found = 0;
	for (size_t i = 0; i < *n; i++)
		found |= c[i].person_id == id;
	arena_release(&a);
	return found;
}

static void test_mash_linkage__retention_removals_seen_without_restart(void **state)
{
	struct fixture *f = *state;
	int64_t decided;
	assert_int_equal(time_parse_iso("2024-03-01T12:00:00Z", &decided), 0);
	/* an old closed contact: Jayden (1) and Priya (2); a live one: Jaden (3) */
	struct person_new old[2] = {jayden(),
	                            {.given_name = "Priya",
	                             .family_name = "Shah",
	                             .dob = "2014-01-02",
	                             .sex = "female",
	                             .postcode = "N1 9GU"}};
	int64_t c1 = add_contact_at(f->db, old, 2, decided - 2 * 86400000LL);
	close_nfa(f->db, c1, decided);
	struct person_new jaden = jayden();
	jaden.given_name = "Jaden";
	int64_t c2 = add_contact_at(f->db, &jaden, 1, NOW - 3600000);
	/* the index is loaded; the engine links Jaden to Jayden */
	struct linkage *lk;
	assert_int_equal(linkage_new(&lk), 0);
	struct linkage_run run;
	assert_int_equal(linkage_contact_run(f->db, lk, c2, NOW, &run), 0);
	assert_int_equal(run.linked, 1);
	size_t n;
	assert_true(shown(f->db, lk, &old[1], 2, &n));
	assert_true(shown(f->db, lk, &old[0], 1, &n));
	/* retention (another process, as far as the index knows): the contact
	 * is deleted; Priya with it, Jayden anonymised because a link holds him */
	struct retention_policy pol;
	retention_policy_default(&pol);
	pol.rule[RETENTION_CONTACT_NFA].action = RETENTION_DELETE;
	struct retention_counts t[RETENTION__COUNT];
	assert_int_equal(retention_apply(f->db, &pol, NOW, NOW, 0, t), 0);
	assert_int_equal(t[RETENTION_CONTACT_NFA].persons_deleted, 1);
	assert_int_equal(t[RETENTION_CONTACT_NFA].persons_anonymised, 1);
	assert_int_equal(fixture_int(f->db, "SELECT count(*) FROM person WHERE id = 2"), 0);
	assert_int_equal(fixture_int(f->db, "SELECT count(*) FROM person WHERE id = 1 AND "
	                                    "anonymised_at IS NOT NULL"),
	                 1);
	/* the same service, no restart: neither is returned, and no error */
	if (shown(f->db, lk, &old[1], 2, &n))
		fail_msg("a search still returns person 2, deleted by retention");
	if (shown(f->db, lk, &old[0], 1, &n))
		fail_msg("a search still matches person 1 on the names retention removed");
	struct person_new removed = {.given_name = RETENTION_REMOVED};
	if (shown(f->db, lk, &removed, 1, &n))
		fail_msg("an anonymised person is matched on \"[removed]\"");
	assert_true(shown(f->db, lk, &jaden, 3, &n)); /* the live record still is */
	struct linkage_stats st;
	linkage_stats(lk, &st);
	assert_int_equal(st.records + st.side_records, 1);
	/* a later contact about Priya or Jayden is linked to neither */
	struct person_new again[2] = {old[0], old[1]};
	int64_t c3 = add_contact_at(f->db, again, 2, NOW - 60000);
	assert_int_equal(linkage_contact_run(f->db, lk, c3, NOW, &run), 0);
	assert_int_equal(fixture_int(f->db, "SELECT count(*) FROM person_link_member WHERE "
	                                    "person_id IN (1, 2) AND link_id > 1"),
	                 0);
	assert_int_equal(fixture_int(f->db, "SELECT count(*) FROM link_review WHERE person_a IN "
	                                    "(1, 2) OR person_b IN (1, 2)"),
	                 0);
	int64_t bad;
	assert_int_equal(audit_verify(f->db, &bad, &(int64_t){0}), 0);
	linkage_free(lk);
}

/* A removal committed between the service's sync and its answer (here: no
 * generation bump at all, so the index still holds the persons). */
static void test_mash_linkage__removed_after_sync_skipped_not_failed(void **state)
{
	struct fixture *f = *state;
	struct person_new x = {.given_name = "Oluwaseun",
	                       .family_name = "Adebayo",
	                       .dob = "2013-07-19",
	                       .sex = "male",
	                       .postcode = "E8 1DY"};
	struct person_new y = {.given_name = "Kezia",
	                       .family_name = "Marlow",
	                       .dob = "2017-02-08",
	                       .sex = "female",
	                       .postcode = "SE5 8QZ"};
	int64_t xid, yid;
	assert_int_equal(person_insert(f->db, &x, NOW, &xid), 0);
	assert_int_equal(person_insert(f->db, &y, NOW, &yid), 0);
	struct linkage *lk;
	assert_int_equal(linkage_new(&lk), 0);
	assert_int_equal(linkage_sync(lk, f->db), 0);
	size_t n;
	assert_true(shown(f->db, lk, &x, xid, &n));
	char sql[200];
	snprintf(sql, sizeof(sql), "DELETE FROM person WHERE id = %lld", (long long)xid);
	assert_int_equal(db_exec(f->db, sql), 0);
	snprintf(sql, sizeof(sql),
	         "UPDATE person SET given_name = '[removed]', family_name = NULL, dob = NULL, "
	         "postcode = NULL, anonymised_at = 1 WHERE id = %lld",
	         (long long)yid);
	assert_int_equal(db_exec(f->db, sql), 0);
	/* the match answers, without them */
	if (shown(f->db, lk, &x, xid, &n))
		fail_msg("a search returns a person deleted after the sync");
	if (shown(f->db, lk, &y, yid, &n))
		fail_msg("a search returns a person anonymised after the sync");
	/* the engine links and queues neither, and does not fail */
	struct person_new kids[2] = {x, y};
	int64_t c = add_contact(f->db, kids, 2);
	struct linkage_run run;
	assert_int_equal(linkage_contact_run(f->db, lk, c, NOW, &run), 0);
	assert_int_equal(run.linked + run.queued, 0);
	assert_int_equal(run.skipped, 2);
	assert_int_equal(fixture_int(f->db, "SELECT count(*) FROM person_link"), 0);
	assert_int_equal(fixture_int(f->db, "SELECT count(*) FROM link_review"), 0);
	linkage_free(lk);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_mash_linkage__same_child_first_twin_not_linked,
	                                    fixture_setup, fixture_teardown),
	    cmocka_unit_test_setup_teardown(test_mash_linkage__decisions_and_undo_are_respected,
	                                    fixture_setup, fixture_teardown),
	    cmocka_unit_test_setup_teardown(
	        test_mash_linkage__trained_index_finds_persons_added_after_it, fixture_setup,
	        fixture_teardown),
	    cmocka_unit_test_setup_teardown(
	        test_mash_linkage__queries_on_threads_while_persons_arrive, fixture_setup,
	        fixture_teardown),
	    cmocka_unit_test_setup_teardown(
	        test_mash_linkage__retention_removals_seen_without_restart, fixture_setup,
	        fixture_teardown),
	    cmocka_unit_test_setup_teardown(
	        test_mash_linkage__removed_after_sync_skipped_not_failed, fixture_setup,
	        fixture_teardown),
	};
	return cmocka_run_group_tests_name("mash_linkage", tests, NULL, NULL);
}
