/*
 * api/api.h — the JSON API: the route table (which also holds the rows of
 * the pages, web/web.h) and what the endpoint files share.
 *
 * api_routes (routes.c) is the one table of every address safehub answers:
 * method, path pattern, handler, the permission action it needs (or
 * HTTP_PUBLIC), the field spec of its body and flags. The server
 * (http/server.h) does everything the table says before a handler runs, so
 * each handler below only parses what is left (path ids, query), calls the
 * domain function and renders the result. One file per resource group:
 * health.c, session.c, agencies.c, users.c, tokens.c, audit.c.
 *
 * Lists use keyset pagination: ?limit= (1..API_LIST_MAX, default
 * API_LIST_DEFAULT) and ?after=<id of the last item seen>; the reply is
 * {"items":[...],"next":<id to pass as after, or null>}. Times are ISO 8601
 * strings with the Europe/London offset. See docs/api-conventions.md.
 */
#ifndef SAFEHUB_API_API_H
#define SAFEHUB_API_API_H

#include "http/request.h"

#include <stddef.h>
#include <stdint.h>

struct auth_user;

#define API_LIST_DEFAULT 50
#define API_LIST_MAX     500

/* The route table, and its number of rows. */
extern const struct http_route api_routes[];
extern const size_t api_routes_count;

/* Handlers, one per route (see routes.c for the addresses). */
int api_health(struct http_request *req);
int api_session_create(struct http_request *req);
int api_session_read(struct http_request *req);
int api_session_delete(struct http_request *req);
int api_agency_list(struct http_request *req);
int api_agency_create(struct http_request *req);
int api_user_list(struct http_request *req);
int api_user_create(struct http_request *req);
int api_user_read(struct http_request *req);
int api_user_disable(struct http_request *req);
int api_token_create(struct http_request *req);
int api_token_revoke(struct http_request *req);
int api_audit_verify(struct http_request *req);

/* Field specs of the bodies (defined beside their handlers). */
extern const struct json_field api_session_create_spec[];
extern const struct json_field api_agency_create_spec[];
extern const struct json_field api_user_create_spec[];
extern const struct json_field api_token_create_spec[];

/* The MASH front door (contacts.c, queue.c). */
int api_contact_create(struct http_request *req);
int api_contact_read(struct http_request *req);
int api_contact_screen(struct http_request *req);
int api_consent_override_request(struct http_request *req);
int api_consent_override_authorise(struct http_request *req);
int api_queue_list(struct http_request *req);
extern const struct json_field api_contact_create_spec[];
extern const struct json_field api_contact_screen_spec[];
extern const struct json_field api_consent_override_spec[];

/* Decisions and the chronology of a child (decisions.c). */
int api_decision_propose(struct http_request *req);
int api_decision_authorise(struct http_request *req);
int api_decision_reject(struct http_request *req);
int api_person_chronology(struct http_request *req);
extern const struct json_field api_decision_propose_spec[];
extern const struct json_field api_decision_reject_spec[];

/* The MASH enquiry: agreements, requests, inbox, answers (requests.c). */
int api_agreement_create(struct http_request *req);
int api_agreement_list(struct http_request *req);
int api_agreement_read(struct http_request *req);
int api_request_send(struct http_request *req);
int api_request_list(struct http_request *req);
int api_request_inbox(struct http_request *req);
int api_request_overdue(struct http_request *req);
int api_request_read(struct http_request *req);
int api_request_respond(struct http_request *req);
int api_request_decline(struct http_request *req);
extern const struct json_field api_agreement_create_spec[];
extern const struct json_field api_request_send_spec[];
extern const struct json_field api_request_respond_spec[];
extern const struct json_field api_request_decline_spec[];

/* Person linkage (linkage.c; issue 4 part 2). */
int api_person_match(struct http_request *req);
int api_link_review_list(struct http_request *req);
int api_link_review_decide(struct http_request *req);
int api_person_links(struct http_request *req);
int api_person_link_undo(struct http_request *req);
extern const struct json_field api_person_match_spec[];
extern const struct json_field api_link_review_decide_spec[];
extern const struct json_field api_person_link_undo_spec[];

/* Reports (reports.c: JSON, not audited) and statutory returns (exports.c:
 * XLSX and XML downloads, audited); issue 5. */
int api_report_turnaround(struct http_request *req);
int api_report_volumes(struct http_request *req);
int api_report_agencies(struct http_request *req);
int api_report_compare(struct http_request *req);
int api_export_annex_a(struct http_request *req);
int api_export_cin_census(struct http_request *req);

/* ---- rendering helpers (render.c) ---- */

/* ,"key":"<ISO 8601 with offset>" — or ,"key":null when ms is 0. */
void api_add_time(struct strbuf *sb, const char *key, int64_t ms);
/* ,"key":"<escaped s>" — or ,"key":null when s is NULL. */
void api_add_str(struct strbuf *sb, const char *key, const char *s);
/* A user as a JSON object (no password material exists to leak). */
void api_render_user(struct strbuf *sb, const struct auth_user *u);
/* The caller's own user record (not audited: it is the caller's). */
int api_self(struct http_request *req, struct auth_user *out);
/* Open a reply buffer with the API's cap. */
void api_sb_init(struct strbuf *sb);
/* 201 {"id":id} */
int api_reply_created(struct http_request *req, int64_t id);

#endif
