/*
 * api/requests.c — the MASH enquiry over JSON: data sharing agreements
 * (/agreements), information requests on a contact
 * (/contacts/{id}/requests), the agency researcher's inbox (/inbox), one
 * request, its answer or decline (/requests/{id}...), and overdue requests
 * per agency (/requests/overdue). Shapes are checked here; the rules,
 * including the firewall between agencies, are mash/agreement.h's and
 * mash/request.h's — this file renders only what those functions hand back.
 */
#include "api/api.h"

#include "base/error.h"
#include "base/timeutil.h"
#include "mash/agreement.h"
#include "mash/contact.h"
#include "mash/holidays.h"
#include "mash/request.h"

#include <string.h>

const struct json_field api_agreement_create_spec[] = {
    {"title", JSON_SPEC_STRING, JSON_SPEC_REQUIRED, 1, AGREEMENT_TITLE_MAX, 0, 0, NULL},
    {"purposes", JSON_SPEC_ARRAY, JSON_SPEC_REQUIRED, 0, 0, 0, AGREEMENT_PURPOSES_MAX, NULL},
    {"data_categories", JSON_SPEC_ARRAY, JSON_SPEC_REQUIRED, 0, 0, 0, AGREEMENT_CATEGORIES_MAX,
     NULL},
    {"lawful_bases", JSON_SPEC_ARRAY, JSON_SPEC_REQUIRED, 0, 0, 0, 6, NULL},
    {"valid_from", JSON_SPEC_STRING, JSON_SPEC_REQUIRED, 1, 10, 0, 0, NULL},
    {"valid_to", JSON_SPEC_STRING, JSON_SPEC_REQUIRED, 1, 10, 0, 0, NULL},
    {"review_date", JSON_SPEC_STRING, JSON_SPEC_REQUIRED, 1, 10, 0, 0, NULL},
    {"parties", JSON_SPEC_ARRAY, JSON_SPEC_REQUIRED, 0, 0, 0, AGREEMENT_PARTIES_MAX, NULL},
    {NULL, 0, 0, 0, 0, 0, 0, NULL},
};

const struct json_field api_request_send_spec[] = {
    {"agreement_id", JSON_SPEC_INT, JSON_SPEC_REQUIRED, 0, 0, 1, INT64_MAX, NULL},
    {"agency_ids", JSON_SPEC_ARRAY, JSON_SPEC_REQUIRED, 0, 0, 0, REQUEST_AGENCIES_MAX, NULL},
    {"question", JSON_SPEC_STRING, JSON_SPEC_REQUIRED, 1, REQUEST_QUESTION_MAX, 0, 0, NULL},
    {NULL, 0, 0, 0, 0, 0, 0, NULL},
};

const struct json_field api_request_respond_spec[] = {
    {"outcome", JSON_SPEC_STRING, JSON_SPEC_REQUIRED, 1, 16, 0, 0, request_outcomes},
    {"findings", JSON_SPEC_STRING, JSON_SPEC_NULLABLE, 1, REQUEST_FINDINGS_MAX, 0, 0, NULL},
    {"indicators", JSON_SPEC_ARRAY, JSON_SPEC_NULLABLE, 0, 0, 0, REQUEST_INDICATORS_MAX, NULL},
    {NULL, 0, 0, 0, 0, 0, 0, NULL},
};

const struct json_field api_request_decline_spec[] = {
    {"reason", JSON_SPEC_STRING, JSON_SPEC_REQUIRED, 1, REQUEST_REASON_MAX, 0, 0, NULL},
    {NULL, 0, 0, 0, 0, 0, 0, NULL},
};

/* ---- body helpers ---- */

/* The strings of array field name (absent or null: none); a non-string
 * item is WRONG_TYPE at "name[i]". */
static int body_strings(struct http_request *req, const char *name, const char ***out, size_t *n)
{
	const json_t *arr = json_object_get(req->body, name);
	*out = NULL;
	*n = 0;
	if (!json_is_array(arr))
		return 0;
	size_t cnt = json_array_size(arr);
	const char **v = arena_alloc(&req->arena, (cnt ? cnt : 1) * sizeof(*v));
	if (!v)
		return SH_ERR(NOMEM);
	for (size_t i = 0; i < cnt; i++) {
		v[i] = json_string_value(json_array_get(arr, i));
		if (!v[i]) {
			const char *f = arena_printf(&req->arena, "%s[%zu]", name, i);
			return http_fail(req, SH_ERR(WRONG_TYPE), f ? f : name);
		}
	}
	*out = v;
	*n = cnt;
	return 0;
}

/* The positive integers of array field name; else WRONG_TYPE at "name[i]". */
static int body_ids(struct http_request *req, const char *name, int64_t **out, size_t *n)
{
	const json_t *arr = json_object_get(req->body, name);
	*out = NULL;
	*n = 0;
	if (!json_is_array(arr))
		return 0;
	size_t cnt = json_array_size(arr);
	int64_t *v = arena_alloc(&req->arena, (cnt ? cnt : 1) * sizeof(*v));
	if (!v)
		return SH_ERR(NOMEM);
	for (size_t i = 0; i < cnt; i++) {
		const json_t *it = json_array_get(arr, i);
		if (!json_is_integer(it) || json_integer_value(it) < 1) {
			const char *f = arena_printf(&req->arena, "%s[%zu]", name, i);
			return http_fail(
			    req, json_is_integer(it) ? SH_ERR(INVALID_VALUE) : SH_ERR(WRONG_TYPE),
			    f ? f : name);
		}
		v[i] = json_integer_value(it);
	}
	*out = v;
	*n = cnt;
	return 0;
}

static void add_strings(struct strbuf *sb, const char *key, const char *const *v, size_t n)
{
	strbuf_addf(sb, ",\"%s\":[", key);
	for (size_t i = 0; i < n; i++) {
		strbuf_adds(sb, i ? ",\"" : "\"");
		strbuf_add_json_str(sb, v[i]);
		strbuf_addch(sb, '"');
	}
	strbuf_addch(sb, ']');
}

static void add_id_or_null(struct strbuf *sb, const char *key, int64_t v)
{
	if (v)
		strbuf_addf(sb, ",\"%s\":%lld", key, (long long)v);
	else
		strbuf_addf(sb, ",\"%s\":null", key);
}

/* ---- agreements ---- */

static void render_agreement(struct strbuf *sb, const struct agreement *g, int64_t now_ms)
{
	strbuf_addf(sb, "{\"id\":%lld", (long long)g->id);
	api_add_str(sb, "title", g->title);
	add_strings(sb, "purposes", g->purposes, g->n_purposes);
	add_strings(sb, "data_categories", g->data_categories, g->n_data_categories);
	add_strings(sb, "lawful_bases", g->lawful_bases, g->n_lawful_bases);
	api_add_str(sb, "valid_from", g->valid_from);
	api_add_str(sb, "valid_to", g->valid_to);
	api_add_str(sb, "review_date", g->review_date);
	strbuf_addf(sb, ",\"in_force\":%s", agreement_in_force(g, now_ms) ? "true" : "false");
	strbuf_adds(sb, ",\"parties\":[");
	for (size_t i = 0; i < g->n_parties; i++)
		strbuf_addf(sb, "%s%lld", i ? "," : "", (long long)g->parties[i]);
	strbuf_addch(sb, ']');
	add_id_or_null(sb, "created_by", g->created_by);
	api_add_time(sb, "created_at", g->created_ms);
	strbuf_addch(sb, '}');
}

int api_agreement_create(struct http_request *req)
{
	struct agreement_new g = {
	    .title = json_spec_str(req->body, "title"),
	    .valid_from = json_spec_str(req->body, "valid_from"),
	    .valid_to = json_spec_str(req->body, "valid_to"),
	    .review_date = json_spec_str(req->body, "review_date"),
	};
	const char **p, **c, **l;
	int64_t *parties;
	int rc;
	if ((rc = body_strings(req, "purposes", &p, &g.n_purposes)) ||
	    (rc = body_strings(req, "data_categories", &c, &g.n_data_categories)) ||
	    (rc = body_strings(req, "lawful_bases", &l, &g.n_lawful_bases)) ||
	    (rc = body_ids(req, "parties", &parties, &g.n_parties)))
		return rc;
	g.purposes = p;
	g.data_categories = c;
	g.lawful_bases = l;
	g.parties = parties;
	int64_t id = 0;
	const char *field = NULL;
	rc = agreement_create(http_request_db(req), &req->principal, &g, time_now_ms(), &req->arena,
	                      &id, &field);
	if (rc)
		return field ? http_fail(req, rc, field) : rc;
	return api_reply_created(req, id);
}

int api_agreement_list(struct http_request *req)
{
	int64_t limit, after, next;
	int rc = http_page_args(req, API_LIST_DEFAULT, AGREEMENT_LIST_MAX, &limit, &after);
	if (rc)
		return rc;
	struct agreement *v;
	size_t n;
	rc = agreement_list(http_request_db(req), &req->principal, limit, after, &req->arena, &v,
	                    &n, &next);
	if (rc)
		return rc;
	int64_t now = time_now_ms();
	struct strbuf sb;
	api_sb_init(&sb);
	strbuf_adds(&sb, "{\"items\":[");
	for (size_t i = 0; i < n; i++) {
		strbuf_adds(&sb, i ? "," : "");
		render_agreement(&sb, &v[i], now);
	}
	strbuf_adds(&sb, "]");
	add_id_or_null(&sb, "next", next);
	strbuf_addch(&sb, '}');
	return http_reply_json(req, 200, &sb);
}

int api_agreement_read(struct http_request *req)
{
	int64_t id;
	int rc = http_param_id(req, 0, &id);
	if (rc)
		return rc;
	struct agreement g;
	rc = agreement_read(http_request_db(req), &req->principal, id, &req->arena, &g);
	if (rc)
		return rc;
	struct strbuf sb;
	api_sb_init(&sb);
	render_agreement(&sb, &g, time_now_ms());
	return http_reply_json(req, 200, &sb);
}

/* ---- requests ---- */

/* A request as the firewall lets this principal see it: the minimum view
 * carries no contact id, no requester and (the SQL never read them) no
 * school, relationship, concerns, referrer or household. */
static void render_item(struct strbuf *sb, const struct request_item *it)
{
	strbuf_addf(sb, "{\"id\":%lld", (long long)it->id);
	if (!it->minimum) {
		strbuf_addf(sb, ",\"contact_id\":%lld", (long long)it->contact_id);
		add_id_or_null(sb, "requested_by", it->requested_by);
	}
	strbuf_addf(sb, ",\"agency_id\":%lld", (long long)it->agency_id);
	api_add_str(sb, "agency_name", it->agency_name);
	strbuf_addf(sb, ",\"agreement_id\":%lld", (long long)it->agreement_id);
	api_add_str(sb, "agreement_title", it->agreement_title);
	api_add_str(sb, "lawful_basis", it->lawful_basis);
	api_add_str(sb, "rag", it->rag);
	api_add_str(sb, "status", it->status);
	api_add_time(sb, "requested_at", it->requested_ms);
	api_add_time(sb, "due_at", it->due_ms);
	api_add_time(sb, "closed_at", it->closed_ms);
	api_add_str(sb, "question", it->question);
	strbuf_adds(sb, ",\"subjects\":[");
	for (size_t i = 0; i < it->n_subjects; i++) {
		const struct request_subject *p = &it->subjects[i];
		strbuf_addf(sb, "%s{\"person_id\":%lld", i ? "," : "", (long long)p->person_id);
		api_add_str(sb, "given_name", p->given_name);
		api_add_str(sb, "family_name", p->family_name);
		api_add_str(sb, "other_names", p->other_names);
		api_add_str(sb, "dob", p->dob);
		strbuf_addf(sb, ",\"dob_estimated\":%s", p->dob_estimated ? "true" : "false");
		api_add_str(sb, "sex", p->sex);
		api_add_str(sb, "nhs_number", p->nhs_number);
		api_add_str(sb, "address", p->address);
		api_add_str(sb, "postcode", p->postcode);
		strbuf_addch(sb, '}');
	}
	strbuf_addch(sb, ']');
	const struct request_answer *ans = it->answer;
	if (!ans) {
		strbuf_adds(sb, ",\"response\":null}");
		return;
	}
	strbuf_addf(sb, ",\"response\":{\"id\":%lld", (long long)ans->id);
	add_id_or_null(sb, "responder", ans->responder);
	api_add_time(sb, "responded_at", ans->responded_ms);
	api_add_str(sb, "outcome", ans->outcome);
	api_add_str(sb, "findings", ans->findings);
	add_strings(sb, "indicators", ans->indicators, ans->n_indicators);
	api_add_str(sb, "decline_reason", ans->decline_reason);
	strbuf_adds(sb, "}}");
}

static int reply_items(struct http_request *req, const struct request_item *v, size_t n,
                       int64_t next, int paged)
{
	struct strbuf sb;
	api_sb_init(&sb);
	strbuf_adds(&sb, "{\"items\":[");
	for (size_t i = 0; i < n; i++) {
		strbuf_adds(&sb, i ? "," : "");
		render_item(&sb, &v[i]);
	}
	strbuf_addch(&sb, ']');
	if (paged)
		add_id_or_null(&sb, "next", next);
	strbuf_addch(&sb, '}');
	return http_reply_json(req, 200, &sb);
}

int api_request_send(struct http_request *req)
{
	struct request_send s = {
	    .agreement_id = json_spec_int(req->body, "agreement_id", 0),
	    .question = json_spec_str(req->body, "question"),
	};
	int rc = http_param_id(req, 0, &s.contact_id);
	if (rc)
		return rc;
	int64_t *ids;
	if ((rc = body_ids(req, "agency_ids", &ids, &s.n_agencies)))
		return rc;
	s.agency_ids = ids;
	struct request_sent *out;
	size_t n;
	const char *field = NULL;
	rc = request_send(http_request_db(req), &req->principal, &s, time_now_ms(), &req->arena,
	                  &out, &n, &field);
	if (rc)
		return field ? http_fail(req, rc, field) : rc;
	struct strbuf sb;
	api_sb_init(&sb);
	strbuf_addf(&sb, "{\"contact_id\":%lld,\"items\":[", (long long)s.contact_id);
	for (size_t i = 0; i < n; i++) {
		strbuf_addf(&sb, "%s{\"id\":%lld,\"agency_id\":%lld", i ? "," : "",
		            (long long)out[i].id, (long long)out[i].agency_id);
		strbuf_addf(&sb, ",\"agreement_id\":%lld", (long long)s.agreement_id);
		api_add_time(&sb, "due_at", out[i].due_ms);
		strbuf_adds(&sb, ",\"status\":\"open\"}");
	}
	strbuf_adds(&sb, "]}");
	return http_reply_json(req, 201, &sb);
}

int api_request_list(struct http_request *req)
{
	int64_t id;
	int rc = http_param_id(req, 0, &id);
	if (rc)
		return rc;
	/* a practitioner sees a contact's requests only if they work on it */
	int works = 0;
	rc = contact_works_on(http_request_db(req), &req->principal, id, &works);
	if (rc)
		return rc;
	if (!works)
		return SH_ERR(FORBIDDEN);
	struct request_item *v;
	size_t n;
	rc = request_list_for_contact(http_request_db(req), &req->principal, id, time_now_ms(),
	                              &req->arena, &v, &n);
	return rc ? rc : reply_items(req, v, n, 0, 0);
}

int api_request_inbox(struct http_request *req)
{
	int64_t limit, after, next;
	int rc = http_page_args(req, API_LIST_DEFAULT, REQUEST_LIST_MAX, &limit, &after);
	if (rc)
		return rc;
	struct request_item *v;
	size_t n;
	const char *field = NULL;
	rc = request_inbox(http_request_db(req), &req->principal, limit, after, time_now_ms(),
	                   &req->arena, &v, &n, &next, &field);
	if (rc)
		return field ? http_fail(req, rc, field) : rc;
	return reply_items(req, v, n, next, 1);
}

int api_request_read(struct http_request *req)
{
	int64_t id;
	int rc = http_param_id(req, 0, &id);
	if (rc)
		return rc;
	struct request_item it;
	rc = request_read(http_request_db(req), &req->principal, id, time_now_ms(), &req->arena,
	                  &it);
	if (rc)
		return rc;
	struct strbuf sb;
	api_sb_init(&sb);
	render_item(&sb, &it);
	return http_reply_json(req, 200, &sb);
}

static int reply_answer(struct http_request *req, int64_t id, int64_t rid, const char *status,
                        const char *outcome)
{
	struct strbuf sb;
	api_sb_init(&sb);
	strbuf_addf(&sb, "{\"id\":%lld,\"request_id\":%lld", (long long)rid, (long long)id);
	api_add_str(&sb, "status", status);
	api_add_str(&sb, "outcome", outcome);
	strbuf_addch(&sb, '}');
	return http_reply_json(req, 201, &sb);
}

int api_request_respond(struct http_request *req)
{
	int64_t id, rid = 0;
	int rc = http_param_id(req, 0, &id);
	if (rc)
		return rc;
	struct request_answer_new r = {
	    .outcome = json_spec_str(req->body, "outcome"),
	    .findings = json_spec_str(req->body, "findings"),
	};
	const char **ind;
	if ((rc = body_strings(req, "indicators", &ind, &r.n_indicators)))
		return rc;
	r.indicators = ind;
	const char *field = NULL;
	rc = request_respond(http_request_db(req), &req->principal, id, &r, time_now_ms(),
	                     &req->arena, &rid, &field);
	if (rc)
		return field ? http_fail(req, rc, field) : rc;
	return reply_answer(req, id, rid, "responded", r.outcome);
}

int api_request_decline(struct http_request *req)
{
	int64_t id, rid = 0;
	int rc = http_param_id(req, 0, &id);
	if (rc)
		return rc;
	const char *field = NULL;
	rc = request_decline(http_request_db(req), &req->principal, id,
	                     json_spec_str(req->body, "reason"), time_now_ms(), &rid, &field);
	if (rc)
		return field ? http_fail(req, rc, field) : rc;
	return reply_answer(req, id, rid, "declined", "declined");
}

int api_request_overdue(struct http_request *req)
{
	int64_t limit, after;
	int rc = http_page_args(req, API_LIST_DEFAULT, REQUEST_OVERDUE_MAX, &limit, &after);
	if (rc)
		return rc;
	struct db *db = http_request_db(req);
	struct calendar cal;
	struct rag_policy pol;
	cal_init(&cal);
	rag_policy_default(&pol);
	rc = holidays_load(db, &cal, &pol);
	struct request_overdue_agency *v = NULL;
	size_t n = 0;
	int64_t now = time_now_ms();
	if (!rc)
		rc = request_overdue(db, &req->principal, &cal, &pol, limit, now, &req->arena, &v,
		                     &n);
	cal_release(&cal);
	if (rc)
		return rc;
	struct strbuf sb;
	api_sb_init(&sb);
	int64_t total = 0;
	strbuf_adds(&sb, "{\"agencies\":[");
	for (size_t i = 0; i < n; i++) {
		const struct request_overdue_agency *g = &v[i];
		total += g->count;
		strbuf_addf(&sb, "%s{\"agency_id\":%lld", i ? "," : "", (long long)g->agency_id);
		api_add_str(&sb, "agency_name", g->agency_name);
		strbuf_addf(&sb, ",\"count\":%lld,\"items\":[", (long long)g->count);
		for (size_t k = 0; k < g->n_items; k++) {
			const struct request_overdue_item *it = &g->items[k];
			strbuf_addf(&sb, "%s{\"id\":%lld,\"contact_id\":%lld", k ? "," : "",
			            (long long)it->id, (long long)it->contact_id);
			api_add_str(&sb, "rag", it->rag);
			api_add_time(&sb, "requested_at", it->requested_ms);
			api_add_time(&sb, "due_at", it->due_ms);
			strbuf_addf(&sb, ",\"minutes_overdue\":%lld}",
			            (long long)(it->overdue_ms / 60000));
		}
		strbuf_adds(&sb, "]}");
	}
	strbuf_addf(&sb, "],\"total\":%lld}", (long long)total);
	return http_reply_json(req, 200, &sb);
}
