/*
 * tests/unit/test_audit.c — the hash-chained audit log (audit/audit.h):
 * appending, verifying, tamper detection (edit, delete, reorder, even with
 * the append-only triggers dropped), input checks and export.
 */
#include "audit/audit.h"
#include "base/error.h"
#include "base/strbuf.h"

#include "test_auth_fixture.h"

#define T0 1700000000000LL

static void add_events(struct db *db, int n)
{
	for (int i = 1; i <= n; i++) {
		struct audit_event ev = {
		    .at_ms = T0 + i,
		    .user_id = i % 2 ? i : 0,
		    .agency_id = 3,
		    .action = "contact.read",
		    .object_type = "contact",
		    .object_id = 100 + i,
		    .person_ids = i == 2 ? "[7, 8]" : NULL,
		    .purpose = "mash_enquiry",
		    .lawful_basis = "public_task",
		    .outcome = "ok",
		    .detail = i == 3 ? "screening" : NULL,
		};
		int64_t seq = 0;
		assert_int_equal(audit_record_seq(db, &ev, &seq), 0);
		assert_int_equal(seq, i);
	}
}

static void drop_triggers(struct db *db)
{
	assert_int_equal(db_exec(db, "DROP TRIGGER audit_event_no_update; "
	                             "DROP TRIGGER audit_event_no_delete"),
	                 0);
}

static void expect_broken_at(struct db *db, int64_t seq)
{
	int64_t bad = -1, count = -1;
	assert_int_equal(audit_verify(db, &bad, &count), SH_ERR(AUDIT_BROKEN));
	assert_int_equal(bad, seq);
}

static void test_audit__empty_chain_verifies(void **state)
{
	struct fixture *f = *state;
	int64_t bad = -1, count = -1;
	assert_int_equal(audit_verify(f->db, &bad, &count), 0);
	assert_int_equal(bad, 0);
	assert_int_equal(count, 0);
}

static void test_audit__chain_of_events_verifies(void **state)
{
	struct fixture *f = *state;
	add_events(f->db, 5);
	int64_t bad = -1, count = -1;
	assert_int_equal(audit_verify(f->db, &bad, &count), 0);
	assert_int_equal(count, 5);
	assert_int_equal(fixture_int(f->db, "SELECT count(*) FROM audit_event WHERE prev_hash = "
	                                    "(SELECT hash FROM audit_event p WHERE p.seq = "
	                                    "audit_event.seq - 1)"),
	                 4);
}

static void test_audit__update_and_delete_are_refused(void **state)
{
	struct fixture *f = *state;
	add_events(f->db, 2);
	assert_int_not_equal(db_exec(f->db, "UPDATE audit_event SET action = 'x'"), 0);
	assert_int_not_equal(db_exec(f->db, "DELETE FROM audit_event"), 0);
	assert_int_equal(fixture_int(f->db, "SELECT count(*) FROM audit_event"), 2);
	assert_int_equal(audit_verify(f->db, NULL, NULL), 0);
}

static void test_audit__edited_field_is_named(void **state)
{
	struct fixture *f = *state;
	add_events(f->db, 5);
	drop_triggers(f->db);
	assert_int_equal(
	    db_exec(f->db, "UPDATE audit_event SET purpose = 'curiosity' WHERE seq = 3"), 0);
	expect_broken_at(f->db, 3);
}

struct edit_try {
	const char *sql;
	int verify_rc;
	int64_t bad;
};

static int edit_then_verify(struct db *db, void *arg)
{
	struct edit_try *t = arg;
	int rc = db_exec(db, t->sql);
	if (rc)
		return rc;
	t->verify_rc = audit_verify(db, &t->bad, NULL);
	return SH_ERR(CONFLICT);
}

static void test_audit__every_field_is_covered(void **state)
{
	struct fixture *f = *state;
	static const char *const edits[] = {
	    "UPDATE audit_event SET at = at + 1 WHERE seq = 2",
	    "UPDATE audit_event SET user_id = 99 WHERE seq = 2",
	    "UPDATE audit_event SET user_id = NULL WHERE seq = 3",
	    "UPDATE audit_event SET agency_id = 4 WHERE seq = 2",
	    "UPDATE audit_event SET action = 'contact.list' WHERE seq = 2",
	    "UPDATE audit_event SET object_type = 'decision' WHERE seq = 2",
	    "UPDATE audit_event SET object_id = 1 WHERE seq = 2",
	    "UPDATE audit_event SET person_ids = '[7]' WHERE seq = 2",
	    "UPDATE audit_event SET lawful_basis = 'consent' WHERE seq = 2",
	    "UPDATE audit_event SET outcome = 'denied' WHERE seq = 2",
	    "UPDATE audit_event SET detail = NULL WHERE seq = 3",
	    "UPDATE audit_event SET detail = '' WHERE seq = 2",
	    "UPDATE audit_event SET hash = prev_hash WHERE seq = 2",
	};
	add_events(f->db, 4);
	drop_triggers(f->db);
	for (size_t i = 0; i < sizeof(edits) / sizeof(edits[0]); i++) {
		struct edit_try t = {edits[i], 0, 0};
		/* edit, verify, then roll the edit back */
		assert_int_equal(db_tx(f->db, edit_then_verify, &t), SH_ERR(CONFLICT));
		if (t.verify_rc != SH_ERR(AUDIT_BROKEN) || t.bad < 2 || t.bad > 3)
			fail_msg("edit not detected: %s", edits[i]);
	}
	assert_int_equal(audit_verify(f->db, NULL, NULL), 0);
}

static void test_audit__edit_with_recomputed_hash_breaks_next(void **state)
{
	struct fixture *f = *state;
	add_events(f->db, 5);
	drop_triggers(f->db);
	/* a forger who rewrites row 2 and its own hash still breaks row 3's link */
	assert_int_equal(
	    db_exec(f->db, "UPDATE audit_event SET hash = "
	                   "'0000000000000000000000000000000000000000000000000000000000000000'"
	                   " WHERE seq = 2"),
	    0);
	expect_broken_at(f->db, 2);
}

static void test_audit__deleted_row_is_named(void **state)
{
	struct fixture *f = *state;
	add_events(f->db, 5);
	drop_triggers(f->db);
	assert_int_equal(db_exec(f->db, "DELETE FROM audit_event WHERE seq = 3"), 0);
	expect_broken_at(f->db, 4);
}

static void test_audit__deleted_first_row_is_named(void **state)
{
	struct fixture *f = *state;
	add_events(f->db, 3);
	drop_triggers(f->db);
	assert_int_equal(db_exec(f->db, "DELETE FROM audit_event WHERE seq = 1"), 0);
	expect_broken_at(f->db, 2);
}

static void test_audit__deleted_and_renumbered_rows_are_named(void **state)
{
	struct fixture *f = *state;
	add_events(f->db, 5);
	drop_triggers(f->db);
	/* close the gap so the numbers look continuous */
	assert_int_equal(db_exec(f->db, "DELETE FROM audit_event WHERE seq = 3; "
	                                "UPDATE audit_event SET seq = seq - 1 WHERE seq > 3"),
	                 0);
	expect_broken_at(f->db, 3);
}

static void test_audit__reordered_rows_are_named(void **state)
{
	struct fixture *f = *state;
	add_events(f->db, 5);
	drop_triggers(f->db);
	assert_int_equal(db_exec(f->db, "UPDATE audit_event SET seq = 100 WHERE seq = 2; "
	                                "UPDATE audit_event SET seq = 2 WHERE seq = 4; "
	                                "UPDATE audit_event SET seq = 4 WHERE seq = 100"),
	                 0);
	expect_broken_at(f->db, 2);
}

static void test_audit__chain_continues_after_verify(void **state)
{
	struct fixture *f = *state;
	add_events(f->db, 2);
	assert_int_equal(audit_verify(f->db, NULL, NULL), 0);
	add_events(f->db, 0);
	struct audit_event ev = {.at_ms = T0,
	                         .action = "user.create",
	                         .purpose = "administration",
	                         .lawful_basis = "public_task",
	                         .outcome = "ok"};
	assert_int_equal(audit_record(f->db, &ev), 0);
	int64_t count;
	assert_int_equal(audit_verify(f->db, NULL, &count), 0);
	assert_int_equal(count, 3);
	assert_int_equal(fixture_int(f->db, "SELECT count(*) FROM audit_event WHERE seq = 3 AND "
	                                    "user_id IS NULL AND person_ids = '[]'"),
	                 1);
}

static void test_audit__bad_events_are_refused(void **state)
{
	struct fixture *f = *state;
	struct audit_event ok = {.at_ms = T0,
	                         .action = "x",
	                         .purpose = "p",
	                         .lawful_basis = "public_task",
	                         .outcome = "ok"};
	struct audit_event ev = ok;
	ev.action = NULL;
	assert_int_equal(audit_record(f->db, &ev), SH_ERR(MISSING_FIELD));
	ev = ok;
	ev.purpose = "";
	assert_int_equal(audit_record(f->db, &ev), SH_ERR(MISSING_FIELD));
	ev = ok;
	ev.outcome = "maybe";
	assert_int_equal(audit_record(f->db, &ev), SH_ERR(INVALID_VALUE));
	static const char *const bad_ids[] = {"[",     "[1,]", "[\"a\"]", "1",
	                                      "[1] x", "[-1]", "[1,,2]",  "{}"};
	for (size_t i = 0; i < sizeof(bad_ids) / sizeof(bad_ids[0]); i++) {
		ev = ok;
		ev.person_ids = bad_ids[i];
		if (audit_record(f->db, &ev) != SH_ERR(INVALID_VALUE))
			fail_msg("person_ids %s was accepted", bad_ids[i]);
	}
	ev = ok;
	ev.detail = "bad \xff byte";
	assert_int_equal(audit_record(f->db, &ev), SH_ERR(INVALID_UTF8));
	char longtext[AUDIT_TEXT_MAX + 2];
	memset(longtext, 'a', sizeof(longtext) - 1);
	longtext[sizeof(longtext) - 1] = '\0';
	ev = ok;
	ev.detail = longtext;
	assert_int_equal(audit_record(f->db, &ev), SH_ERR(TOO_LONG));
	assert_int_equal(fixture_int(f->db, "SELECT count(*) FROM audit_event"), 0);
}

struct tx_arg {
	int fail;
};

static int work_then_fail(struct db *db, void *arg)
{
	struct tx_arg *t = arg;
	struct audit_event ev = {.at_ms = T0,
	                         .action = "setting.write",
	                         .purpose = "administration",
	                         .lawful_basis = "public_task",
	                         .outcome = "ok"};
	int rc = db_exec(db, "INSERT INTO setting (key, value) VALUES ('k', 'v')");
	if (rc)
		return rc;
	rc = audit_record(db, &ev);
	if (rc)
		return rc;
	return t->fail ? SH_ERR(INVALID_VALUE) : 0;
}

static void test_audit__event_commits_and_rolls_back_with_the_work(void **state)
{
	struct fixture *f = *state;
	struct tx_arg t = {1};
	assert_int_equal(db_tx(f->db, work_then_fail, &t), SH_ERR(INVALID_VALUE));
	assert_int_equal(fixture_int(f->db, "SELECT count(*) FROM audit_event"), 0);
	assert_int_equal(fixture_int(f->db, "SELECT count(*) FROM setting"), 0);
	t.fail = 0;
	assert_int_equal(db_tx(f->db, work_then_fail, &t), 0);
	assert_int_equal(fixture_int(f->db, "SELECT count(*) FROM audit_event"), 1);
	assert_int_equal(fixture_int(f->db, "SELECT count(*) FROM setting"), 1);
}

static int collect(const char *line, size_t len, void *arg)
{
	strbuf_add(arg, line, len);
	return 0;
}

static void test_audit__export_writes_json_lines(void **state)
{
	struct fixture *f = *state;
	add_events(f->db, 4);
	struct strbuf sb;
	strbuf_init(&sb, 0);
	int64_t n;
	assert_int_equal(audit_export(f->db, 0, 0, collect, &sb, &n), 0);
	assert_int_equal(n, 4);
	assert_non_null(strstr(sb.buf, "{\"seq\":1,\"at\":\"2023-11-14T22:13:20.001+00:00\","));
	assert_non_null(strstr(sb.buf, "\"person_ids\":[7, 8]"));
	assert_non_null(strstr(sb.buf, "\"user_id\":null"));
	assert_non_null(strstr(sb.buf, "\"detail\":\"screening\""));
	strbuf_reset(&sb);
	assert_int_equal(audit_export(f->db, T0 + 2, T0 + 4, collect, &sb, &n), 0);
	assert_int_equal(n, 2);
	assert_true(strncmp(sb.buf, "{\"seq\":2,", 9) == 0);
	strbuf_release(&sb);
}

#define T(name) cmocka_unit_test_setup_teardown(name, fixture_setup, fixture_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
	    T(test_audit__empty_chain_verifies),
	    T(test_audit__chain_of_events_verifies),
	    T(test_audit__update_and_delete_are_refused),
	    T(test_audit__edited_field_is_named),
	    T(test_audit__every_field_is_covered),
	    T(test_audit__edit_with_recomputed_hash_breaks_next),
	    T(test_audit__deleted_row_is_named),
	    T(test_audit__deleted_first_row_is_named),
	    T(test_audit__deleted_and_renumbered_rows_are_named),
	    T(test_audit__reordered_rows_are_named),
	    T(test_audit__chain_continues_after_verify),
	    T(test_audit__bad_events_are_refused),
	    T(test_audit__event_commits_and_rolls_back_with_the_work),
	    T(test_audit__export_writes_json_lines),
	};
	return cmocka_run_group_tests_name("audit", tests, NULL, NULL);
}
