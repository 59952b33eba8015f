/*
 * tests/unit/test_mash_sar.c — the subject access export against a real
 * database: it holds the person's records (linked ones marked), their
 * contacts with decisions, the requests and answers about them and the
 * list of who accessed them; third parties (siblings, household, a private
 * referrer, other persons shared on a request) are withheld; another
 * person's data is absent; the export is audited; an unknown person is
 * "not found".
 */
#include "test_auth_fixture.h"

#include "audit/audit.h"
#include "auth/account.h"
#include "base/arena.h"
#include "base/error.h"
#include "base/timeutil.h"
#include "mash/contact.h"
#include "mash/decision.h"
#include "mash/sar.h"
#include "mash/screening.h"

#include <jansson.h>

/* 2026-06-15T12:00:00Z */
#define NOW 1781524800000LL

static int64_t q(struct db *db, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int64_t q(struct db *db, const char *fmt, ...)
{
	char sql[600];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(sql, sizeof(sql), fmt, ap);
	va_end(ap);
	return fixture_int(db, sql);
}

struct people {
	int64_t agency;
	struct principal worker, manager;
};

static struct principal user(struct db *db, int64_t agency, const char *email, enum role role)
{
	struct auth_user_new u = {email, "Synthetic User", agency, perm_role_name(role), NULL};
	int64_t id;
	assert_int_equal(auth_user_create(db, NULL, &u, NOW - 86400000LL * 400, &id), 0);
	return (struct principal){.user_id = id, .agency_id = agency, .role = role};
}

/* A contact from source with the given children and one household member. */
static int64_t contact(struct db *db, int64_t when, const char *source, const char *referrer,
                       const struct person_new *kids, size_t n_kids, const char *concerns)
{
	struct person_new mum = {
	    .given_name = "Grace", .family_name = "Hidden-Mother", .relationship = "mother"};
	struct contact_new c = {
	    .received_ms = when,
	    .source = source,
	    .referrer = {.name = referrer, .role = "Referrer role"},
	    .children = kids,
	    .n_children = n_kids,
	    .household = &mum,
	    .n_household = 1,
	    .concerns = concerns,
	    .consent = "given",
	    .lawful_basis = "public_task",
	};
	struct arena a;
	arena_init(&a, 0);
	struct contact_created out;
	assert_int_equal(contact_create(db, NULL, &c, when, &a, &out), 0);
	arena_release(&a);
	return out.id;
}

static int64_t person_at(struct db *db, int64_t contact_id, int position)
{
	return q(db,
	         "SELECT person_id FROM contact_person WHERE contact_id = %lld AND position = %d",
	         (long long)contact_id, position);
}

struct world {
	struct people p;
	int64_t c1, c2, c3, subject, sibling, mother, linked, other;
};

static struct world make_world(struct db *db)
{
	struct world w;
	assert_int_equal(auth_agency_create(db, NULL, "Synthetic Council", "childrens_social_care",
	                                    NOW - 86400000LL * 400, &w.p.agency),
	                 0);
	w.p.worker = user(db, w.p.agency, "worker@example.org", ROLE_MASH_WORKER);
	w.p.manager = user(db, w.p.agency, "manager@example.org", ROLE_MASH_MANAGER);
	int64_t t0 = NOW - 86400000LL * 100;
	struct person_new kids[2] = {
	    {.given_name = "Amara", .family_name = "Okafor", .dob = "2016-03-14"},
	    {.given_name = "Hidden-Sibling", .family_name = "Okafor", .dob = "2018"},
	};
	/* contact 1: a school refers Amara and her brother; decided s17 */
	w.c1 = contact(db, t0, "2A", "Ms Teacher", kids, 2, "Bruising seen on Amara's arm");
	w.subject = person_at(db, w.c1, 0);
	w.sibling = person_at(db, w.c1, 1);
	w.mother = person_at(db, w.c1, 2);
	struct screening_new s = {.rag = RAG_AMBER, .level = 3};
	struct screening_result sr;
	const char *field;
	assert_int_equal(screening_rate(db, NULL, w.c1, &s, t0 + 60000, &sr, &field), 0);
	struct decision_new d = {.level = 3,
	                         .outcome = "assessment_s17",
	                         .rationale = "Unexplained injury needs an assessment"};
	struct decision_result r;
	assert_int_equal(decision_propose(db, &w.p.worker, w.c1, &d, t0 + 120000, &r), 0);
	assert_int_equal(decision_authorise(db, &w.p.manager, w.c1, t0 + 180000, &r), 0);
	/* a police answer about Amara and her brother */
	char sql[1600];
	snprintf(
	    sql, sizeof(sql),
	    "INSERT INTO agency (id, name, kind, created_at) VALUES (50, 'Synthetic Police', "
	    "'police', 0); INSERT INTO data_sharing_agreement (id, title, valid_from, "
	    "valid_to, review_date, created_at) VALUES (1, 'MASH DSA', '2020-01-01', "
	    "'2030-12-31', '2025-01-01', 0); INSERT INTO data_sharing_agreement_term VALUES "
	    "(1, 'lawful_basis', 0, 'public_task'); INSERT INTO info_request (id, contact_id, "
	    "agency_id, agreement_id, requested_at, due_at, rag, question, status, closed_at) "
	    "VALUES (1, %lld, 50, 1, %lld, %lld, 'amber', 'Known to you?', 'responded', %lld); "
	    "INSERT INTO info_request_person VALUES (1, %lld, 0), (1, %lld, 1); INSERT INTO "
	    "info_response (id, request_id, responded_at, outcome, findings) VALUES (1, 1, "
	    "%lld, 'known', 'Domestic incident at the address in 2025'); INSERT INTO "
	    "info_response_indicator VALUES (1, 'domestic_abuse');",
	    (long long)w.c1, (long long)(t0 + 90000), (long long)(t0 + 100000000),
	    (long long)(t0 + 100000), (long long)w.subject, (long long)w.sibling,
	    (long long)(t0 + 100000));
	assert_int_equal(db_exec(db, sql), 0);
	/* contact 2: an aunt (a private individual) refers Amara again, recorded
	 * as a new person record that linkage joined to the first */
	struct person_new again = {.given_name = "Amarah", .family_name = "Okafor"};
	w.c2 = contact(db, t0 + 86400000LL * 10, "1A", "Hidden-Aunt Referrer", &again, 1,
	               "Aunt worried about Amarah");
	w.linked = person_at(db, w.c2, 0);
	snprintf(sql, sizeof(sql),
	         "INSERT INTO person_link (person_ids, evidence, created_at) VALUES "
	         "('[%lld,%lld]', '{}', 0); INSERT INTO person_link_member VALUES "
	         "(last_insert_rowid(), %lld); INSERT INTO person_link_member SELECT max(id), "
	         "%lld FROM person_link;",
	         (long long)w.subject, (long long)w.linked, (long long)w.subject,
	         (long long)w.linked);
	assert_int_equal(db_exec(db, sql), 0);
	/* contact 3: somebody else entirely */
	struct person_new other = {.given_name = "Hidden-Other", .family_name = "Child"};
	w.c3 = contact(db, t0 + 86400000LL * 20, "6", "PC Synthetic", &other, 1,
	               "Hidden-Other-Concerns");
	w.other = person_at(db, w.c3, 0);
	/* the worker reads contact 1 and contact 3 */
	struct arena a;
	arena_init(&a, 0);
	struct contact ct;
	assert_int_equal(contact_read(db, &w.p.worker, w.c1, t0 + 86400000LL * 30, &a, &ct), 0);
	assert_int_equal(contact_read(db, &w.p.worker, w.c3, t0 + 86400000LL * 31, &a, &ct), 0);
	arena_release(&a);
	return w;
}

static json_t *export(struct db *db, int64_t person, char **text)
{
	struct sar_summary sum;
	assert_int_equal(sar_export(db, person, NOW, text, &sum), 0);
	json_error_t err;
	json_t *doc = json_loads(*text, 0, &err);
	if (!doc)
		fail_msg("the export is not JSON: %s", err.text);
	return doc;
}

static void test_mash_sar__holds_records_contacts_requests_decisions_and_access(void **state)
{
	struct fixture *f = *state;
	struct world w = make_world(f->db);
	char *text;
	json_t *doc = export(f->db, w.subject, &text);

	json_t *persons = json_object_get(doc, "persons");
	assert_int_equal(json_array_size(persons), 2);
	assert_int_equal(json_integer_value(json_object_get(json_array_get(persons, 0), "id")),
	                 w.subject);
	assert_false(json_is_true(json_object_get(json_array_get(persons, 0), "linked")));
	assert_string_equal(
	    json_string_value(json_object_get(json_array_get(persons, 0), "given_name")), "Amara");
	assert_true(json_is_true(json_object_get(json_array_get(persons, 1), "linked")));

	json_t *contacts = json_object_get(doc, "contacts");
	assert_int_equal(json_array_size(contacts), 2);
	json_t *c1 = json_array_get(contacts, 0), *c2 = json_array_get(contacts, 1);
	assert_int_equal(json_integer_value(json_object_get(c1, "id")), w.c1);
	assert_int_equal(json_integer_value(json_object_get(c2, "id")), w.c2);
	assert_string_equal(
	    json_string_value(json_object_get(json_object_get(c1, "referrer"), "name")),
	    "Ms Teacher");
	assert_string_equal(json_string_value(json_object_get(c1, "concerns")),
	                    "Bruising seen on Amara's arm");
	json_t *dec = json_array_get(json_object_get(c1, "decisions"), 0);
	assert_string_equal(json_string_value(json_object_get(dec, "outcome")), "assessment_s17");
	assert_string_equal(json_string_value(json_object_get(dec, "status")), "authorised");
	assert_int_equal(json_array_size(json_object_get(c1, "screening")), 1);

	json_t *requests = json_object_get(doc, "requests");
	assert_int_equal(json_array_size(requests), 1);
	json_t *resp = json_object_get(json_array_get(requests, 0), "response");
	assert_string_equal(json_string_value(json_object_get(resp, "findings")),
	                    "Domestic incident at the address in 2025");

	/* who accessed: the worker's read of contact 1, not of contact 3 */
	json_t *access = json_object_get(doc, "access");
	size_t reads = 0;
	for (size_t i = 0; i < json_array_size(access); i++) {
		json_t *e = json_array_get(access, i);
		const char *action = json_string_value(json_object_get(e, "action"));
		if (!strcmp(action, "contact.read")) {
			reads++;
			assert_int_equal(json_integer_value(json_object_get(e, "user_id")),
			                 w.p.worker.user_id);
			assert_string_equal(json_string_value(json_object_get(e, "user_role")),
			                    "mash_worker");
			assert_string_equal(json_string_value(json_object_get(e, "agency")),
			                    "Synthetic Council");
			assert_string_equal(json_string_value(json_object_get(e, "purpose")),
			                    "mash_screening");
			assert_string_equal(json_string_value(json_object_get(e, "lawful_basis")),
			                    "public_task");
		}
	}
	assert_int_equal(reads, 1);
	json_decref(doc);
	free(text);
}

static void test_mash_sar__third_parties_withheld_and_others_absent(void **state)
{
	struct fixture *f = *state;
	struct world w = make_world(f->db);
	char *text;
	json_t *doc = export(f->db, w.subject, &text);
	static const char *const absent[] = {
	    "Hidden-Sibling", "Hidden-Mother", "mother", "Hidden-Aunt", "Hidden-Other",
	};
	for (size_t i = 0; i < sizeof(absent) / sizeof(absent[0]); i++)
		if (strstr(text, absent[i]))
			fail_msg("the export discloses third-party data '%s'", absent[i]);
	json_t *c1 = json_array_get(json_object_get(doc, "contacts"), 0);
	json_t *on = json_object_get(c1, "persons");
	assert_int_equal(json_array_size(on), 3);
	assert_int_equal(json_integer_value(json_object_get(json_array_get(on, 0), "person_id")),
	                 w.subject);
	for (size_t i = 1; i < 3; i++) {
		json_t *p = json_array_get(on, i);
		assert_string_equal(json_string_value(json_object_get(p, "third_party")),
		                    "withheld");
		assert_null(json_object_get(p, "person_id"));
	}
	json_t *c2 = json_array_get(json_object_get(doc, "contacts"), 1);
	assert_string_equal(
	    json_string_value(json_object_get(json_object_get(c2, "referrer"), "third_party")),
	    "withheld");
	json_t *shared =
	    json_object_get(json_array_get(json_object_get(doc, "requests"), 0), "shared_about");
	assert_int_equal(json_array_size(shared), 2);
	assert_string_equal(
	    json_string_value(json_object_get(json_array_get(shared, 1), "third_party")),
	    "withheld");
	json_decref(doc);
	free(text);
}

static void test_mash_sar__export_is_audited_and_unknown_person_is_not_found(void **state)
{
	struct fixture *f = *state;
	struct world w = make_world(f->db);
	/* an event from before the record existed (an id a deleted record
	 * once had) is not this person's history */
	struct audit_event old = {.at_ms = 1000,
	                          .action = "contact.read",
	                          .person_ids = "[1,2,3,4,5,6,7]",
	                          .purpose = "mash_screening",
	                          .lawful_basis = "public_task",
	                          .outcome = "ok"};
	assert_int_equal(audit_record(f->db, &old), 0);
	int64_t before = q(f->db, "SELECT count(*) FROM audit_event");
	char *text;
	json_t *doc = export(f->db, w.subject, &text);
	json_t *access = json_object_get(doc, "access");
	for (size_t i = 0; i < json_array_size(access); i++)
		if (json_integer_value(json_object_get(json_array_get(access, i), "seq")) == before)
			fail_msg("an event from before the person was recorded is listed");
	char sql[300];
	snprintf(
	    sql, sizeof(sql),
	    "SELECT count(*) FROM audit_event WHERE action = 'person.sar' AND object_id = %lld "
	    "AND purpose = 'subject_access_request' AND lawful_basis = 'legal_obligation' AND "
	    "person_ids = '[%lld,%lld]'",
	    (long long)w.subject, (long long)w.subject, (long long)w.linked);
	assert_int_equal(fixture_int(f->db, sql), 1);
	int64_t bad, count;
	assert_int_equal(audit_verify(f->db, &bad, &count), 0);
	json_decref(doc);
	free(text);

	/* exporting the other child shows none of Amara's data */
	doc = export(f->db, w.other, &text);
	assert_null(strstr(text, "Amara"));
	assert_null(strstr(text, "Domestic incident"));
	assert_int_equal(json_array_size(json_object_get(doc, "contacts")), 1);
	json_decref(doc);
	free(text);

	int64_t n = q(f->db, "SELECT count(*) FROM audit_event");
	char *none = (char *)"unchanged";
	assert_int_equal(sar_export(f->db, 99999, NOW, &none, NULL), SH_ERR(NOT_FOUND));
	assert_null(none);
	assert_int_equal(q(f->db, "SELECT count(*) FROM audit_event"), n);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(
	        test_mash_sar__holds_records_contacts_requests_decisions_and_access, fixture_setup,
	        fixture_teardown),
	    cmocka_unit_test_setup_teardown(test_mash_sar__third_parties_withheld_and_others_absent,
	                                    fixture_setup, fixture_teardown),
	    cmocka_unit_test_setup_teardown(
	        test_mash_sar__export_is_audited_and_unknown_person_is_not_found, fixture_setup,
	        fixture_teardown),
	};
	return cmocka_run_group_tests_name("mash_sar", tests, NULL, NULL);
}
