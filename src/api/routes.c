/*
 * api/routes.c — the one route table of safehub: every address it answers,
 * the permission each needs, and the shape of each body. Read top to
 * bottom; the permission walk test iterates this table, so a new row is
 * covered by it automatically.
 */
#include "api/api.h"

#include "auth/perm.h"
#include "web/web.h"

#define R_PAGE HTTP_ROUTE_PAGE
#define R_FORM (HTTP_ROUTE_PAGE | HTTP_ROUTE_FORM)

const struct http_route api_routes[] = {
    /* method, pattern, handler, action, body spec, flags */
    {"GET", "/api/v1/health", api_health, HTTP_PUBLIC, NULL, 0},

    {"POST", "/api/v1/session", api_session_create, HTTP_PUBLIC, api_session_create_spec, 0},
    {"GET", "/api/v1/session", api_session_read, ACTION_SESSION_READ, NULL, 0},
    {"DELETE", "/api/v1/session", api_session_delete, ACTION_SESSION_READ, NULL, 0},

    {"GET", "/api/v1/agencies", api_agency_list, ACTION_AGENCY_LIST, NULL, 0},
    {"POST", "/api/v1/agencies", api_agency_create, ACTION_AGENCY_CREATE, api_agency_create_spec,
     0},

    {"GET", "/api/v1/users", api_user_list, ACTION_USER_LIST, NULL, 0},
    {"POST", "/api/v1/users", api_user_create, ACTION_USER_CREATE, api_user_create_spec, 0},
    {"GET", "/api/v1/users/{id}", api_user_read, ACTION_USER_READ, NULL, 0},
    {"POST", "/api/v1/users/{id}/disable", api_user_disable, ACTION_USER_DISABLE, NULL, 0},

    {"POST", "/api/v1/tokens", api_token_create, ACTION_TOKEN_CREATE, api_token_create_spec, 0},
    {"DELETE", "/api/v1/tokens/{id}", api_token_revoke, ACTION_TOKEN_REVOKE, NULL, 0},

    {"GET", "/api/v1/audit/verify", api_audit_verify, ACTION_AUDIT_VERIFY, NULL, 0},

    /* The MASH front door (issue 3): docs/api.md. */
    {"POST", "/api/v1/contacts", api_contact_create, ACTION_CONTACT_CREATE, api_contact_create_spec,
     0},
    {"GET", "/api/v1/contacts/{id}", api_contact_read, ACTION_CONTACT_READ, NULL, 0},
    {"POST", "/api/v1/contacts/{id}/screening", api_contact_screen, ACTION_CONTACT_SCREEN,
     api_contact_screen_spec, 0},
    {"POST", "/api/v1/contacts/{id}/consent-override", api_consent_override_request,
     ACTION_CONSENT_OVERRIDE_REQUEST, api_consent_override_spec, 0},
    {"POST", "/api/v1/contacts/{id}/consent-override/authorise", api_consent_override_authorise,
     ACTION_CONSENT_OVERRIDE_AUTHORISE, NULL, 0},
    {"GET", "/api/v1/queue", api_queue_list, ACTION_CONTACT_LIST, NULL, 0},
    /* The MASH enquiry (requests.c): /requests/overdue before /requests/{id}. */
    {"POST", "/api/v1/agreements", api_agreement_create, ACTION_AGREEMENT_CREATE,
     api_agreement_create_spec, 0},
    {"GET", "/api/v1/agreements", api_agreement_list, ACTION_AGREEMENT_READ, NULL, 0},
    {"GET", "/api/v1/agreements/{id}", api_agreement_read, ACTION_AGREEMENT_READ, NULL, 0},
    {"POST", "/api/v1/contacts/{id}/requests", api_request_send, ACTION_REQUEST_SEND,
     api_request_send_spec, 0},
    {"GET", "/api/v1/contacts/{id}/requests", api_request_list, ACTION_REQUEST_LIST, NULL, 0},
    {"GET", "/api/v1/inbox", api_request_inbox, ACTION_REQUEST_INBOX, NULL, 0},
    {"GET", "/api/v1/requests/overdue", api_request_overdue, ACTION_REQUEST_OVERDUE, NULL, 0},
    {"GET", "/api/v1/requests/{id}", api_request_read, ACTION_REQUEST_READ, NULL, 0},
    {"POST", "/api/v1/requests/{id}/response", api_request_respond, ACTION_REQUEST_RESPOND,
     api_request_respond_spec, 0},
    {"POST", "/api/v1/requests/{id}/decline", api_request_decline, ACTION_REQUEST_RESPOND,
     api_request_decline_spec, 0},
    /* Decisions and the chronology of a child (decisions.c). */
    {"POST", "/api/v1/contacts/{id}/decision", api_decision_propose, ACTION_DECISION_PROPOSE,
     api_decision_propose_spec, 0},
    {"POST", "/api/v1/contacts/{id}/decision/authorise", api_decision_authorise,
     ACTION_DECISION_AUTHORISE, NULL, 0},
    {"POST", "/api/v1/contacts/{id}/decision/reject", api_decision_reject,
     ACTION_DECISION_AUTHORISE, api_decision_reject_spec, 0},
    {"GET", "/api/v1/persons/{id}/chronology", api_person_chronology, ACTION_CHRONOLOGY_READ, NULL,
     0},

    /* Person linkage (issue 4, part 2): docs/api.md "Person linkage". */
    {"POST", "/api/v1/persons/match", api_person_match, ACTION_PERSON_MATCH, api_person_match_spec,
     0},
    {"GET", "/api/v1/persons/{id}/links", api_person_links, ACTION_PERSON_LINK_READ, NULL, 0},
    {"GET", "/api/v1/link-reviews", api_link_review_list, ACTION_LINK_REVIEW_LIST, NULL, 0},
    {"POST", "/api/v1/link-reviews/{id}/decision", api_link_review_decide,
     ACTION_LINK_REVIEW_DECIDE, api_link_review_decide_spec, 0},
    {"POST", "/api/v1/person-links/{id}/undo", api_person_link_undo, ACTION_PERSON_LINK_UNDO,
     api_person_link_undo_spec, 0},

    /* Reports and returns (issue 5): docs/api.md "Reports and returns". */
    {"GET", "/api/v1/reports/turnaround", api_report_turnaround, ACTION_REPORT_READ, NULL, 0},
    {"GET", "/api/v1/reports/volumes", api_report_volumes, ACTION_REPORT_READ, NULL, 0},
    {"GET", "/api/v1/reports/agencies", api_report_agencies, ACTION_REPORT_READ, NULL, 0},
    {"GET", "/api/v1/reports/compare", api_report_compare, ACTION_REPORT_READ, NULL, 0},
    {"GET", "/api/v1/exports/annex-a", api_export_annex_a, ACTION_EXPORT_ANNEX_A, NULL, 0},
    {"GET", "/api/v1/exports/cin-census", api_export_cin_census, ACTION_EXPORT_CIN_CENSUS, NULL, 0},

    /* Pages for people (web/), and the files they use. */
    {"GET", "/", web_home, HTTP_PUBLIC, NULL, R_PAGE | HTTP_ROUTE_OPTIONAL_AUTH},
    {"GET", "/sign-in", web_sign_in, HTTP_PUBLIC, NULL, R_PAGE},
    {"POST", "/sign-in", web_sign_in_post, HTTP_PUBLIC, web_sign_in_spec, R_FORM},
    {"POST", "/sign-out", web_sign_out, ACTION_SESSION_READ, web_sign_out_spec, R_FORM},
    {"GET", "/assets/{file}", web_asset, HTTP_PUBLIC, NULL, R_PAGE},
    {"GET", "/assets/fonts/{file}", web_asset, HTTP_PUBLIC, NULL, R_PAGE},
    {"GET", "/assets/images/{file}", web_asset, HTTP_PUBLIC, NULL, R_PAGE},
};

const size_t api_routes_count = sizeof(api_routes) / sizeof(api_routes[0]);
