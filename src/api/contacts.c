/*
 * api/contacts.c — /api/v1/contacts: recording a contact (with an
 * Idempotency-Key), reading it (audited), screening it and the consent
 * override. The JSON shape is checked here (json_spec for each object, the
 * arrays walked with their index in the field path, e.g.
 * "children[2].nhs_number"); the values' rules are mash/contact.h's.
 */
#include "api/api.h"

#include "base/error.h"
#include "base/timeutil.h"
#include "mash/consent.h"
#include "mash/contact.h"
#include "mash/linkage.h"
#include "mash/screening.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const rags[] = {"red", "amber", "green", "blue", NULL};

const struct json_field api_contact_create_spec[] = {
    {"received_at", JSON_SPEC_STRING, JSON_SPEC_REQUIRED, 1, 40, 0, 0, NULL},
    {"source", JSON_SPEC_STRING, JSON_SPEC_REQUIRED, 1, 4, 0, 0, contact_sources},
    {"referrer", JSON_SPEC_OBJECT, JSON_SPEC_NULLABLE, 0, 0, 0, 0, NULL},
    {"children", JSON_SPEC_ARRAY, JSON_SPEC_REQUIRED, 0, 0, 1, CONTACT_CHILDREN_MAX, NULL},
    {"household", JSON_SPEC_ARRAY, JSON_SPEC_NULLABLE, 0, 0, 0, CONTACT_HOUSEHOLD_MAX, NULL},
    {"concerns", JSON_SPEC_STRING, JSON_SPEC_REQUIRED, 1, CONTACT_CONCERNS_MAX, 0, 0, NULL},
    {"factors", JSON_SPEC_ARRAY, JSON_SPEC_NULLABLE, 0, 0, 0, CONTACT_FACTORS_MAX, NULL},
    {"open_to_csc", JSON_SPEC_BOOL, JSON_SPEC_NULLABLE, 0, 0, 0, 0, NULL},
    {"consent", JSON_SPEC_STRING, JSON_SPEC_REQUIRED, 1, 16, 0, 0, contact_consents},
    {"lawful_basis", JSON_SPEC_STRING, JSON_SPEC_REQUIRED, 1, 32, 0, 0, contact_lawful_bases},
    {"assigned_to", JSON_SPEC_INT, JSON_SPEC_NULLABLE, 0, 0, 1, INT64_MAX, NULL},
    {NULL, 0, 0, 0, 0, 0, 0, NULL},
};

static const struct json_field referrer_spec[] = {
    {"name", JSON_SPEC_STRING, JSON_SPEC_NULLABLE, 1, CONTACT_REFERRER_NAME_MAX, 0, 0, NULL},
    {"role", JSON_SPEC_STRING, JSON_SPEC_NULLABLE, 0, CONTACT_REFERRER_TEXT_MAX, 0, 0, NULL},
    {"agency", JSON_SPEC_STRING, JSON_SPEC_NULLABLE, 0, CONTACT_REFERRER_TEXT_MAX, 0, 0, NULL},
    {"phone", JSON_SPEC_STRING, JSON_SPEC_NULLABLE, 0, CONTACT_PHONE_MAX, 0, 0, NULL},
    {"email", JSON_SPEC_STRING, JSON_SPEC_NULLABLE, 0, CONTACT_EMAIL_MAX, 0, 0, NULL},
    {NULL, 0, 0, 0, 0, 0, 0, NULL},
};

static const struct json_field person_spec[] = {
    {"given_name", JSON_SPEC_STRING, JSON_SPEC_NULLABLE, 0, PERSON_NAME_MAX, 0, 0, NULL},
    {"family_name", JSON_SPEC_STRING, JSON_SPEC_NULLABLE, 0, PERSON_NAME_MAX, 0, 0, NULL},
    {"other_names", JSON_SPEC_STRING, JSON_SPEC_NULLABLE, 0, PERSON_OTHER_NAMES_MAX, 0, 0, NULL},
    {"dob", JSON_SPEC_STRING, JSON_SPEC_NULLABLE, 4, 10, 0, 0, NULL},
    {"dob_estimated", JSON_SPEC_BOOL, JSON_SPEC_NULLABLE, 0, 0, 0, 0, NULL},
    {"sex", JSON_SPEC_STRING, JSON_SPEC_NULLABLE, 1, 16, 0, 0, person_sexes},
    {"nhs_number", JSON_SPEC_STRING, JSON_SPEC_NULLABLE, 1, PERSON_NHS_MAX, 0, 0, NULL},
    {"address", JSON_SPEC_STRING, JSON_SPEC_NULLABLE, 0, PERSON_ADDRESS_MAX, 0, 0, NULL},
    {"postcode", JSON_SPEC_STRING, JSON_SPEC_NULLABLE, 1, PERSON_POSTCODE_MAX, 0, 0, NULL},
    {"school", JSON_SPEC_STRING, JSON_SPEC_NULLABLE, 0, PERSON_SCHOOL_MAX, 0, 0, NULL},
    {"relationship", JSON_SPEC_STRING, JSON_SPEC_NULLABLE, 0, PERSON_RELATIONSHIP_MAX, 0, 0, NULL},
    {NULL, 0, 0, 0, 0, 0, 0, NULL},
};

const struct json_field api_contact_screen_spec[] = {
    {"rag", JSON_SPEC_STRING, JSON_SPEC_REQUIRED, 1, 8, 0, 0, rags},
    {"level", JSON_SPEC_INT, JSON_SPEC_REQUIRED, 0, 0, 1, 4, NULL},
    {"reason", JSON_SPEC_STRING, JSON_SPEC_NULLABLE, 1, SCREENING_REASON_MAX, 0, 0, NULL},
    {NULL, 0, 0, 0, 0, 0, 0, NULL},
};

const struct json_field api_consent_override_spec[] = {
    {"reason", JSON_SPEC_STRING, JSON_SPEC_REQUIRED, 1, CONSENT_REASON_MAX, 0, 0, NULL},
    {NULL, 0, 0, 0, 0, 0, 0, NULL},
};

/* ---- POST /api/v1/contacts ---- */

/* The persons of array into *out, each checked against person_spec; a
 * problem is reported as "what[i].field". */
static int parse_persons(struct http_request *req, const json_t *array, const char *what,
                         struct person_new **out, size_t *n)
{
	*out = NULL;
	*n = 0;
	if (!array)
		return 0;
	size_t cnt = json_array_size(array);
	struct person_new *p = arena_zalloc(&req->arena, (cnt ? cnt : 1) * sizeof(*p));
	if (!p)
		return SH_ERR(NOMEM);
	for (size_t i = 0; i < cnt; i++) {
		const json_t *o = json_array_get(array, i);
		const char *f;
		int rc = json_spec_check(person_spec, o, &f);
		if (rc) {
			const char *path = f ? arena_printf(&req->arena, "%s[%zu].%s", what, i, f)
			                     : arena_printf(&req->arena, "%s[%zu]", what, i);
			return http_fail(req, rc, path ? path : what);
		}
		p[i] = (struct person_new){
		    .given_name = json_spec_str(o, "given_name"),
		    .family_name = json_spec_str(o, "family_name"),
		    .other_names = json_spec_str(o, "other_names"),
		    .dob = json_spec_str(o, "dob"),
		    .dob_estimated = json_spec_bool(o, "dob_estimated", 0),
		    .sex = json_spec_str(o, "sex"),
		    .nhs_number = json_spec_str(o, "nhs_number"),
		    .address = json_spec_str(o, "address"),
		    .postcode = json_spec_str(o, "postcode"),
		    .school = json_spec_str(o, "school"),
		    .relationship = json_spec_str(o, "relationship"),
		};
	}
	*out = p;
	*n = cnt;
	return 0;
}

/* BLAKE2b-256 (hex) of the body in canonical form (sorted keys, compact),
 * so a retry that differs only in spacing or key order is the same request. */
static int body_hash(struct http_request *req, const char **out)
{
	char *dump = json_dumps(req->body, JSON_COMPACT | JSON_SORT_KEYS | JSON_ENSURE_ASCII);
	if (!dump)
		return SH_ERR(NOMEM);
	unsigned char h[32];
	crypto_generichash(h, sizeof(h), (const unsigned char *)dump, strlen(dump), NULL, 0);
	free(dump);
	char *hex = arena_alloc(&req->arena, 65);
	if (!hex)
		return SH_ERR(NOMEM);
	sodium_bin2hex(hex, 65, h, sizeof(h));
	*out = hex;
	return 0;
}

int api_contact_create(struct http_request *req)
{
	const json_t *b = req->body;
	struct contact_new c = {0};
	if (time_parse_iso(json_spec_str(b, "received_at"), &c.received_ms))
		return http_fail(req, SH_ERR(INVALID_VALUE), "received_at");
	c.source = json_spec_str(b, "source");
	const json_t *ref = json_object_get(b, "referrer");
	if (ref && !json_is_null(ref)) {
		const char *f;
		int rc = json_spec_check(referrer_spec, ref, &f);
		if (rc) {
			const char *path = arena_printf(&req->arena, "referrer.%s", f ? f : "");
			return http_fail(req, rc, path ? path : "referrer");
		}
		c.referrer = (struct contact_referrer){
		    json_spec_str(ref, "name"),   json_spec_str(ref, "role"),
		    json_spec_str(ref, "agency"), json_spec_str(ref, "phone"),
		    json_spec_str(ref, "email"),
		};
	}
	struct person_new *kids, *house;
	int rc =
	    parse_persons(req, json_object_get(b, "children"), "children", &kids, &c.n_children);
	if (rc)
		return rc;
	const json_t *hh = json_object_get(b, "household");
	rc = parse_persons(req, json_is_array(hh) ? hh : NULL, "household", &house, &c.n_household);
	if (rc)
		return rc;
	c.children = kids;
	c.household = house;
	c.concerns = json_spec_str(b, "concerns");
	const json_t *fa = json_object_get(b, "factors");
	if (json_is_array(fa)) {
		size_t n = json_array_size(fa);
		const char **codes = arena_alloc(&req->arena, (n ? n : 1) * sizeof(*codes));
		if (!codes)
			return SH_ERR(NOMEM);
		for (size_t i = 0; i < n; i++) {
			codes[i] = json_string_value(json_array_get(fa, i));
			if (!codes[i]) {
				const char *path = arena_printf(&req->arena, "factors[%zu]", i);
				return http_fail(req, SH_ERR(WRONG_TYPE), path ? path : "factors");
			}
		}
		c.factors = codes;
		c.n_factors = n;
	}
	c.open_to_csc = json_spec_bool(b, "open_to_csc", 0);
	c.consent = json_spec_str(b, "consent");
	c.lawful_basis = json_spec_str(b, "lawful_basis");
	c.assigned_to = json_spec_int(b, "assigned_to", 0);
	c.idempotency_key = http_request_header(req, "Idempotency-Key");
	if (c.idempotency_key && (rc = body_hash(req, &c.idempotency_hash)))
		return rc;
	struct contact_created out;
	rc = contact_create(http_request_db(req), &req->principal, &c, time_now_ms(), &req->arena,
	                    &out);
	if (rc)
		return out.field ? http_fail(req, rc, out.field) : rc;
	/* Person linkage after the commit, not inside it: the contact stands
	 * whatever linkage does; its children are matched, candidates linked or
	 * queued for review (mash/linkage.h). A failure is logged, not replied. */
	struct linkage *lk = out.replayed ? NULL : linkage_shared();
	if (lk && (rc = linkage_contact_run(http_request_db(req), lk, out.id, time_now_ms(), NULL)))
		fprintf(stderr, "safehub: linkage after contact %lld: %s\n", (long long)out.id,
		        sh_error_code(rc));
	struct strbuf sb;
	api_sb_init(&sb);
	strbuf_addf(&sb, "{\"id\":%lld,\"replayed\":%s}", (long long)out.id,
	            out.replayed ? "true" : "false");
	if (out.replayed)
		http_reply_header(req, "Idempotent-Replayed", "true");
	return http_reply_json(req, out.replayed ? 200 : 201, &sb);
}

/* ---- GET /api/v1/contacts/{id} ---- */

static void add_int_or_null(struct strbuf *sb, const char *key, int64_t v)
{
	if (v)
		strbuf_addf(sb, ",\"%s\":%lld", key, (long long)v);
	else
		strbuf_addf(sb, ",\"%s\":null", key);
}

static void render_person(struct strbuf *sb, const struct person *p)
{
	strbuf_addf(sb, "{\"id\":%lld", (long long)p->id);
	api_add_str(sb, "role", p->role);
	api_add_str(sb, "given_name", p->given_name);
	api_add_str(sb, "family_name", p->family_name);
	api_add_str(sb, "other_names", p->other_names);
	api_add_str(sb, "dob", p->dob);
	strbuf_addf(sb, ",\"dob_estimated\":%s", p->dob_estimated ? "true" : "false");
	api_add_str(sb, "sex", p->sex);
	api_add_str(sb, "nhs_number", p->nhs_number);
	api_add_str(sb, "address", p->address);
	api_add_str(sb, "postcode", p->postcode);
	api_add_str(sb, "school", p->school);
	api_add_str(sb, "relationship", p->relationship);
	strbuf_addch(sb, '}');
}

static void render_contact(struct strbuf *sb, const struct contact *c)
{
	strbuf_addf(sb, "{\"id\":%lld", (long long)c->id);
	api_add_time(sb, "received_at", c->received_ms);
	api_add_str(sb, "source", c->source);
	api_add_str(sb, "status", c->status);
	strbuf_addf(sb, ",\"open\":%s", c->is_open ? "true" : "false");
	api_add_str(sb, "rag", c->rag);
	add_int_or_null(sb, "level", c->level);
	api_add_time(sb, "due_at", c->due_ms);
	add_int_or_null(sb, "assigned_to", c->assigned_to);
	strbuf_addf(sb, ",\"referrer\":{\"anonymous\":%s",
	            strcmp(c->source, "9") ? "false" : "true");
	api_add_str(sb, "name", c->referrer.name);
	api_add_str(sb, "role", c->referrer.role);
	api_add_str(sb, "agency", c->referrer.agency);
	api_add_str(sb, "phone", c->referrer.phone);
	api_add_str(sb, "email", c->referrer.email);
	strbuf_addch(sb, '}');
	api_add_str(sb, "concerns", c->concerns);
	strbuf_adds(sb, ",\"factors\":[");
	for (size_t i = 0; i < c->n_factors; i++) {
		strbuf_adds(sb, i ? ",\"" : "\"");
		strbuf_add_json_str(sb, c->factors[i]);
		strbuf_addch(sb, '"');
	}
	strbuf_addf(sb, "],\"open_to_csc\":%s", c->open_to_csc ? "true" : "false");
	api_add_str(sb, "consent", c->consent);
	api_add_str(sb, "lawful_basis", c->lawful_basis);
	api_add_str(sb, "consent_override", c->override_state);
	int allowed = !strcmp(c->consent, "given") || !strcmp(c->override_state, "authorised");
	strbuf_addf(sb, ",\"requests_allowed\":%s", allowed ? "true" : "false");
	strbuf_adds(sb, ",\"children\":[");
	size_t shown = 0;
	for (size_t i = 0; i < c->n_persons; i++)
		if (!strcmp(c->persons[i].role, "child")) {
			strbuf_adds(sb, shown++ ? "," : "");
			render_person(sb, &c->persons[i]);
		}
	strbuf_adds(sb, "],\"household\":[");
	shown = 0;
	for (size_t i = 0; i < c->n_persons; i++)
		if (strcmp(c->persons[i].role, "child")) {
			strbuf_adds(sb, shown++ ? "," : "");
			render_person(sb, &c->persons[i]);
		}
	strbuf_adds(sb, "],\"screening\":[");
	for (size_t i = 0; i < c->n_ratings; i++) {
		const struct contact_rating *r = &c->ratings[i];
		strbuf_addf(sb, "%s{\"id\":%lld", i ? "," : "", (long long)r->id);
		api_add_time(sb, "at", r->at_ms);
		add_int_or_null(sb, "by_user", r->by_user);
		api_add_str(sb, "from_rag", r->from_rag);
		api_add_str(sb, "to_rag", r->to_rag);
		add_int_or_null(sb, "from_level", r->from_level);
		add_int_or_null(sb, "to_level", r->to_level);
		api_add_time(sb, "due_at", r->due_ms);
		api_add_str(sb, "reason", r->reason);
		strbuf_addch(sb, '}');
	}
	strbuf_adds(sb, "]");
	add_int_or_null(sb, "created_by", c->created_by);
	api_add_time(sb, "created_at", c->created_ms);
	strbuf_addch(sb, '}');
}

int api_contact_read(struct http_request *req)
{
	int64_t id;
	int rc = http_param_id(req, 0, &id);
	if (rc)
		return rc;
	struct contact c;
	rc =
	    contact_read(http_request_db(req), &req->principal, id, time_now_ms(), &req->arena, &c);
	if (rc)
		return rc;
	struct strbuf sb;
	api_sb_init(&sb);
	render_contact(&sb, &c);
	return http_reply_json(req, 200, &sb);
}

/* ---- screening and consent ---- */

int api_contact_screen(struct http_request *req)
{
	int64_t id;
	int rc = http_param_id(req, 0, &id);
	if (rc)
		return rc;
	struct screening_new s = {
	    .level = (int)json_spec_int(req->body, "level", 0),
	    .reason = json_spec_str(req->body, "reason"),
	};
	if (rag_parse(json_spec_str(req->body, "rag"), &s.rag))
		return http_fail(req, SH_ERR(INVALID_VALUE), "rag");
	struct screening_result out;
	const char *field;
	rc = screening_rate(http_request_db(req), &req->principal, id, &s, time_now_ms(), &out,
	                    &field);
	if (rc)
		return field ? http_fail(req, rc, field) : rc;
	struct strbuf sb;
	api_sb_init(&sb);
	strbuf_addf(&sb, "{\"contact_id\":%lld,\"rating_id\":%lld", (long long)id,
	            (long long)out.rating_id);
	api_add_str(&sb, "rag", rag_name(s.rag));
	strbuf_addf(&sb, ",\"level\":%d", s.level);
	api_add_time(&sb, "due_at", out.due_ms);
	strbuf_addf(&sb, ",\"rerated\":%s}", out.rerated ? "true" : "false");
	return http_reply_json(req, 201, &sb);
}

int api_consent_override_request(struct http_request *req)
{
	int64_t id, oid = 0;
	int rc = http_param_id(req, 0, &id);
	if (rc)
		return rc;
	rc = consent_override_request(http_request_db(req), &req->principal, id,
	                              json_spec_str(req->body, "reason"), time_now_ms(), &oid);
	if (rc == SH_ERR(MISSING_FIELD) || rc == SH_ERR(TOO_LONG))
		return http_fail(req, rc, "reason");
	if (rc)
		return rc;
	struct strbuf sb;
	api_sb_init(&sb);
	strbuf_addf(&sb,
	            "{\"id\":%lld,\"contact_id\":%lld,\"state\":\"requested\","
	            "\"requests_allowed\":false}",
	            (long long)oid, (long long)id);
	return http_reply_json(req, 201, &sb);
}

int api_consent_override_authorise(struct http_request *req)
{
	int64_t id, oid = 0;
	int rc = http_param_id(req, 0, &id);
	if (rc)
		return rc;
	rc = consent_override_authorise(http_request_db(req), &req->principal, id, time_now_ms(),
	                                &oid);
	if (rc)
		return rc;
	struct strbuf sb;
	api_sb_init(&sb);
	strbuf_addf(&sb,
	            "{\"id\":%lld,\"contact_id\":%lld,\"state\":\"authorised\","
	            "\"requests_allowed\":true}",
	            (long long)oid, (long long)id);
	return http_reply_json(req, 200, &sb);
}
