/*
 * api/decisions.c — the decision on a contact (propose, authorise, reject)
 * and the chronology of a child: /api/v1/contacts/{id}/decision… and
 * /api/v1/persons/{id}/chronology. The rules are mash/decision.h's and
 * mash/chronology.h's; this file parses and renders.
 */
#include "api/api.h"

#include "base/error.h"
#include "base/timeutil.h"
#include "mash/chronology.h"
#include "mash/decision.h"

#include <string.h>

const struct json_field api_decision_propose_spec[] = {
    {"level", JSON_SPEC_INT, JSON_SPEC_REQUIRED, 0, 0, 1, 4, NULL},
    {"outcome", JSON_SPEC_STRING, JSON_SPEC_REQUIRED, 1, 40, 0, 0, decision_outcomes},
    {"rationale", JSON_SPEC_STRING, JSON_SPEC_REQUIRED, 1, DECISION_RATIONALE_MAX, 0, 0, NULL},
    {"feedback", JSON_SPEC_OBJECT, JSON_SPEC_NULLABLE, 0, 0, 0, 0, NULL},
    {NULL, 0, 0, 0, 0, 0, 0, NULL},
};

static const struct json_field feedback_spec[] = {
    {"text", JSON_SPEC_STRING, JSON_SPEC_REQUIRED, 1, DECISION_FEEDBACK_MAX, 0, 0, NULL},
    {"method", JSON_SPEC_STRING, JSON_SPEC_REQUIRED, 1, 20, 0, 0, decision_feedback_methods},
    {"given_at", JSON_SPEC_STRING, JSON_SPEC_NULLABLE, 1, 40, 0, 0, NULL},
    {NULL, 0, 0, 0, 0, 0, 0, NULL},
};

const struct json_field api_decision_reject_spec[] = {
    {"reason", JSON_SPEC_STRING, JSON_SPEC_REQUIRED, 1, DECISION_REASON_MAX, 0, 0, NULL},
    {NULL, 0, 0, 0, 0, 0, 0, NULL},
};

static void add_id_or_null(struct strbuf *sb, const char *key, int64_t v)
{
	if (v)
		strbuf_addf(sb, ",\"%s\":%lld", key, (long long)v);
	else
		strbuf_addf(sb, ",\"%s\":null", key);
}

/* ---- POST /api/v1/contacts/{id}/decision ---- */

int api_decision_propose(struct http_request *req)
{
	int64_t id;
	int rc = http_param_id(req, 0, &id);
	if (rc)
		return rc;
	const json_t *b = req->body;
	struct decision_new d = {
	    .level = (int)json_spec_int(b, "level", 0),
	    .outcome = json_spec_str(b, "outcome"),
	    .rationale = json_spec_str(b, "rationale"),
	};
	const json_t *fb = json_object_get(b, "feedback");
	if (fb && !json_is_null(fb)) {
		const char *f;
		rc = json_spec_check(feedback_spec, fb, &f);
		if (rc) {
			const char *path = arena_printf(&req->arena, "feedback.%s", f ? f : "");
			return http_fail(req, rc, path ? path : "feedback");
		}
		d.feedback_text = json_spec_str(fb, "text");
		d.feedback_method = json_spec_str(fb, "method");
		const char *given = json_spec_str(fb, "given_at");
		if (given && time_parse_iso(given, &d.feedback_given_ms))
			return http_fail(req, SH_ERR(INVALID_VALUE), "feedback.given_at");
	}
	struct decision_result out;
	rc = decision_propose(http_request_db(req), &req->principal, id, &d, time_now_ms(), &out);
	if (rc)
		return out.field ? http_fail(req, rc, out.field) : rc;
	struct strbuf sb;
	api_sb_init(&sb);
	strbuf_addf(&sb, "{\"id\":%lld,\"contact_id\":%lld,\"status\":\"proposed\",\"level\":%d",
	            (long long)out.decision_id, (long long)id, d.level);
	api_add_str(&sb, "outcome", d.outcome);
	add_id_or_null(&sb, "replaces", out.replaced_id);
	strbuf_addch(&sb, '}');
	return http_reply_json(req, 201, &sb);
}

/* ---- POST /api/v1/contacts/{id}/decision/authorise | reject ---- */

int api_decision_authorise(struct http_request *req)
{
	int64_t id;
	int rc = http_param_id(req, 0, &id);
	if (rc)
		return rc;
	struct decision_result out;
	rc = decision_authorise(http_request_db(req), &req->principal, id, time_now_ms(), &out);
	if (rc)
		return rc;
	struct strbuf sb;
	api_sb_init(&sb);
	strbuf_addf(&sb,
	            "{\"id\":%lld,\"contact_id\":%lld,\"status\":\"authorised\","
	            "\"contact_status\":\"decided\",\"referral\":%s",
	            (long long)out.decision_id, (long long)id, out.referral ? "true" : "false");
	api_add_time(&sb, "referral_date", out.referral_ms);
	if (out.referral)
		strbuf_addf(&sb, ",\"referral_nfa\":%s", out.referral_nfa ? "true" : "false");
	else
		strbuf_adds(&sb, ",\"referral_nfa\":null");
	api_add_time(&sb, "decided_at", out.decided_ms);
	strbuf_addch(&sb, '}');
	return http_reply_json(req, 200, &sb);
}

int api_decision_reject(struct http_request *req)
{
	int64_t id;
	int rc = http_param_id(req, 0, &id);
	if (rc)
		return rc;
	struct decision_result out;
	rc = decision_reject(http_request_db(req), &req->principal, id,
	                     json_spec_str(req->body, "reason"), time_now_ms(), &out);
	if (rc)
		return out.field ? http_fail(req, rc, out.field) : rc;
	struct strbuf sb;
	api_sb_init(&sb);
	strbuf_addf(&sb, "{\"id\":%lld,\"contact_id\":%lld,\"status\":\"rejected\"}",
	            (long long)out.decision_id, (long long)id);
	return http_reply_json(req, 200, &sb);
}

/* ---- GET /api/v1/persons/{id}/chronology ---- */

int api_person_chronology(struct http_request *req)
{
	int64_t id;
	int rc = http_param_id(req, 0, &id);
	if (rc)
		return rc;
	struct chronology c;
	rc = chronology_read(http_request_db(req), &req->principal, id, time_now_ms(), &req->arena,
	                     &c);
	if (rc)
		return rc;
	struct strbuf sb;
	api_sb_init(&sb);
	strbuf_addf(&sb, "{\"person_id\":%lld,\"person_ids\":[", (long long)c.person_id);
	for (size_t i = 0; i < c.n_person_ids; i++)
		strbuf_addf(&sb, "%s%lld", i ? "," : "", (long long)c.person_ids[i]);
	int latest_re = c.n_referrals && c.referrals[c.n_referrals - 1].re_referral;
	strbuf_addf(&sb, "],\"re_referral\":%s,\"referrals\":[", latest_re ? "true" : "false");
	for (size_t i = 0; i < c.n_referrals; i++) {
		const struct chronology_referral *r = &c.referrals[i];
		strbuf_addf(&sb, "%s{\"contact_id\":%lld", i ? "," : "", (long long)r->contact_id);
		api_add_time(&sb, "referral_date", r->referral_ms);
		strbuf_addf(&sb, ",\"referral_nfa\":%s,\"re_referral\":%s",
		            r->nfa ? "true" : "false", r->re_referral ? "true" : "false");
		add_id_or_null(&sb, "previous_contact_id", r->previous_contact_id);
		strbuf_addch(&sb, '}');
	}
	strbuf_adds(&sb, "],\"events\":[");
	for (size_t i = 0; i < c.n_events; i++) {
		const struct chronology_event *e = &c.events[i];
		strbuf_addf(&sb, "%s{\"contact_id\":%lld", i ? "," : "", (long long)e->contact_id);
		api_add_time(&sb, "at", e->at_ms);
		api_add_str(&sb, "kind", e->kind);
		api_add_str(&sb, "summary", e->summary);
		strbuf_addf(&sb, ",\"re_referral\":%s}", e->re_referral ? "true" : "false");
	}
	strbuf_adds(&sb, "]}");
	return http_reply_json(req, 200, &sb);
}
