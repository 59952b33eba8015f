/*
 * api/linkage.c — person linkage endpoints: POST /api/v1/persons/match, the
 * clerical review queue (/api/v1/link-reviews), a person's links and
 * undoing one. Bodies are checked here; the rules, permissions and audit
 * are mash/linkage.h's, on the process's one index (linkage_shared).
 */
#include "api/api.h"

#include "base/error.h"
#include "base/timeutil.h"
#include "mash/linkage.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

static const char *const decisions[] = {"same", "different", NULL};

const struct json_field api_person_match_spec[] = {
    {"given_name", JSON_SPEC_STRING, JSON_SPEC_NULLABLE, 0, PERSON_NAME_MAX, 0, 0, NULL},
    {"family_name", JSON_SPEC_STRING, JSON_SPEC_NULLABLE, 0, PERSON_NAME_MAX, 0, 0, NULL},
    {"other_names", JSON_SPEC_STRING, JSON_SPEC_NULLABLE, 0, PERSON_OTHER_NAMES_MAX, 0, 0, NULL},
    {"dob", JSON_SPEC_STRING, JSON_SPEC_NULLABLE, 4, 10, 0, 0, NULL},
    {"sex", JSON_SPEC_STRING, JSON_SPEC_NULLABLE, 1, 16, 0, 0, person_sexes},
    {"nhs_number", JSON_SPEC_STRING, JSON_SPEC_NULLABLE, 1, PERSON_NHS_MAX, 0, 0, NULL},
    {"address", JSON_SPEC_STRING, JSON_SPEC_NULLABLE, 0, PERSON_ADDRESS_MAX, 0, 0, NULL},
    {"postcode", JSON_SPEC_STRING, JSON_SPEC_NULLABLE, 1, PERSON_POSTCODE_MAX, 0, 0, NULL},
    {"limit", JSON_SPEC_INT, JSON_SPEC_NULLABLE, 0, 0, 1, LINKAGE_MAX_CANDIDATES, NULL},
    {NULL, 0, 0, 0, 0, 0, 0, NULL},
};

const struct json_field api_link_review_decide_spec[] = {
    {"decision", JSON_SPEC_STRING, JSON_SPEC_REQUIRED, 1, 16, 0, 0, decisions},
    {"reason", JSON_SPEC_STRING, JSON_SPEC_REQUIRED, 1, LINKAGE_REASON_MAX, 0, 0, NULL},
    {NULL, 0, 0, 0, 0, 0, 0, NULL},
};

const struct json_field api_person_link_undo_spec[] = {
    {"reason", JSON_SPEC_STRING, JSON_SPEC_REQUIRED, 1, LINKAGE_REASON_MAX, 0, 0, NULL},
    {NULL, 0, 0, 0, 0, 0, 0, NULL},
};

/* The minimum identifying details shown beside a candidate. */
static void render_details(struct strbuf *sb, const struct person *p)
{
	strbuf_addf(sb, "{\"id\":%" PRId64, p->id);
	api_add_str(sb, "given_name", p->given_name);
	api_add_str(sb, "family_name", p->family_name);
	api_add_str(sb, "dob", p->dob);
	strbuf_addf(sb, ",\"dob_estimated\":%s", p->dob_estimated ? "true" : "false");
	api_add_str(sb, "sex", p->sex);
	api_add_str(sb, "postcode", p->postcode);
	strbuf_addch(sb, '}');
}

static void add_id_or_null(struct strbuf *sb, const char *key, int64_t v)
{
	if (v)
		strbuf_addf(sb, ",\"%s\":%" PRId64, key, v);
	else
		strbuf_addf(sb, ",\"%s\":null", key);
}

/* ---- POST /api/v1/persons/match ---- */

int api_person_match(struct http_request *req)
{
	const json_t *b = req->body;
	struct person_new q = {
	    .given_name = json_spec_str(b, "given_name"),
	    .family_name = json_spec_str(b, "family_name"),
	    .other_names = json_spec_str(b, "other_names"),
	    .dob = json_spec_str(b, "dob"),
	    .sex = json_spec_str(b, "sex"),
	    .nhs_number = json_spec_str(b, "nhs_number"),
	    .address = json_spec_str(b, "address"),
	    .postcode = json_spec_str(b, "postcode"),
	};
	int64_t now = time_now_ms();
	const char *field;
	int rc = linkage_check_query(&q, now, &field);
	if (rc)
		return http_fail(req, rc, field);
	size_t k = (size_t)json_spec_int(b, "limit", LINKAGE_MAX_CANDIDATES);
	struct linkage *lk = linkage_shared();
	if (!lk)
		return SH_ERR(NOMEM);
	struct linkage_candidate c[LINKAGE_MAX_CANDIDATES];
	size_t n;
	rc = linkage_match(http_request_db(req), &req->principal, lk, &q, k, now, &req->arena, c,
	                   &n);
	if (rc)
		return rc;
	struct linkage_stats st;
	linkage_stats(lk, &st);
	struct strbuf sb;
	api_sb_init(&sb);
	strbuf_adds(&sb, "{\"candidates\":[");
	for (size_t i = 0; i < n; i++) {
		strbuf_addf(
		    &sb, "%s{\"person_id\":%" PRId64 ",\"probability\":%.6f,\"match_weight\":%.3f",
		    i ? "," : "", c[i].person_id, c[i].ex.probability, c[i].ex.match_weight);
		strbuf_adds(&sb, ",\"explanation\":");
		linkage_explain_json(&sb, &c[i].ex);
		strbuf_adds(&sb, ",\"person\":");
		render_details(&sb, &c[i].person);
		strbuf_addch(&sb, '}');
	}
	strbuf_addf(&sb, "],\"model\":{\"records\":%zu,\"trained\":%s,\"prior\":%.3f}}",
	            st.records + st.side_records, st.trained ? "true" : "false", st.prior);
	return http_reply_json(req, 200, &sb);
}

/* ---- GET /api/v1/link-reviews ---- */

static void render_review(struct strbuf *sb, const struct linkage_review *r)
{
	strbuf_addf(sb, "{\"id\":%" PRId64 ",\"probability\":%.6f,\"match_weight\":%.3f", r->id,
	            r->probability, r->match_weight);
	api_add_str(sb, "status", r->status);
	strbuf_adds(sb, ",\"person_a\":");
	render_details(sb, &r->a);
	strbuf_adds(sb, ",\"person_b\":");
	render_details(sb, &r->b);
	strbuf_addf(sb, ",\"explanation\":%s", r->explanation ? r->explanation : "null");
	api_add_time(sb, "created_at", r->created_ms);
	strbuf_addch(sb, '}');
}

int api_link_review_list(struct http_request *req)
{
	int64_t limit, after;
	int rc = http_page_args(req, API_LIST_DEFAULT, API_LIST_MAX, &limit, &after);
	if (rc)
		return rc;
	struct linkage_review *v;
	size_t n;
	int64_t next;
	rc = linkage_review_list(http_request_db(req), &req->principal, after, limit, time_now_ms(),
	                         &req->arena, &v, &n, &next);
	if (rc == SH_ERR(INVALID_VALUE))
		return http_fail(req, rc, "after");
	if (rc)
		return rc;
	struct strbuf sb;
	api_sb_init(&sb);
	strbuf_adds(&sb, "{\"items\":[");
	for (size_t i = 0; i < n; i++) {
		strbuf_adds(&sb, i ? "," : "");
		render_review(&sb, &v[i]);
	}
	strbuf_adds(&sb, "]");
	add_id_or_null(&sb, "next", next);
	strbuf_addch(&sb, '}');
	return http_reply_json(req, 200, &sb);
}

/* ---- POST /api/v1/link-reviews/{id}/decision ---- */

int api_link_review_decide(struct http_request *req)
{
	int64_t id, link_id;
	int rc = http_param_id(req, 0, &id);
	if (rc)
		return rc;
	const char *decision = json_spec_str(req->body, "decision");
	rc = linkage_review_decide(http_request_db(req), &req->principal, id, decision,
	                           json_spec_str(req->body, "reason"), time_now_ms(), &link_id);
	if (rc == SH_ERR(MISSING_FIELD) || rc == SH_ERR(TOO_LONG) || rc == SH_ERR(INVALID_UTF8))
		return http_fail(req, rc, "reason");
	if (rc == SH_ERR(INVALID_VALUE))
		return http_fail(req, rc, "decision");
	if (rc)
		return rc;
	struct strbuf sb;
	api_sb_init(&sb);
	strbuf_addf(&sb, "{\"id\":%" PRId64, id);
	api_add_str(&sb, "status", decision);
	add_id_or_null(&sb, "link_id", link_id);
	strbuf_addch(&sb, '}');
	return http_reply_json(req, 200, &sb);
}

/* ---- GET /api/v1/persons/{id}/links ---- */

int api_person_links(struct http_request *req)
{
	int64_t id;
	int rc = http_param_id(req, 0, &id);
	if (rc)
		return rc;
	struct linkage_link *v;
	size_t n, nc;
	int64_t *cluster;
	rc = linkage_person_links(http_request_db(req), &req->principal, id, time_now_ms(),
	                          &req->arena, &v, &n, &cluster, &nc);
	if (rc)
		return rc;
	struct strbuf sb;
	api_sb_init(&sb);
	strbuf_addf(&sb, "{\"person_id\":%" PRId64 ",\"cluster\":[", id);
	for (size_t i = 0; i < nc; i++)
		strbuf_addf(&sb, "%s%" PRId64, i ? "," : "", cluster[i]);
	strbuf_adds(&sb, "],\"links\":[");
	for (size_t i = 0; i < n; i++) {
		const struct linkage_link *l = &v[i];
		strbuf_addf(&sb, "%s{\"id\":%" PRId64 ",\"person_ids\":%s,\"active\":%s",
		            i ? "," : "", l->id, l->person_ids ? l->person_ids : "[]",
		            l->undone_ms ? "false" : "true");
		strbuf_addf(&sb, ",\"evidence\":%s", l->evidence ? l->evidence : "null");
		add_id_or_null(&sb, "created_by", l->created_by);
		api_add_time(&sb, "created_at", l->created_ms);
		api_add_time(&sb, "undone_at", l->undone_ms);
		add_id_or_null(&sb, "undone_by", l->undone_by);
		api_add_str(&sb, "undo_reason", l->undo_reason);
		strbuf_addch(&sb, '}');
	}
	strbuf_adds(&sb, "]}");
	return http_reply_json(req, 200, &sb);
}

/* ---- POST /api/v1/person-links/{id}/undo ---- */

int api_person_link_undo(struct http_request *req)
{
	int64_t id;
	int rc = http_param_id(req, 0, &id);
	if (rc)
		return rc;
	rc = linkage_link_undo(http_request_db(req), &req->principal, id,
	                       json_spec_str(req->body, "reason"), time_now_ms());
	if (rc == SH_ERR(MISSING_FIELD) || rc == SH_ERR(TOO_LONG) || rc == SH_ERR(INVALID_UTF8))
		return http_fail(req, rc, "reason");
	if (rc)
		return rc;
	struct strbuf sb;
	api_sb_init(&sb);
	strbuf_addf(&sb, "{\"id\":%" PRId64 ",\"active\":false}", id);
	return http_reply_json(req, 200, &sb);
}
