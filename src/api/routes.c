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
