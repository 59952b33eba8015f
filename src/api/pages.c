/*
 * api/pages.c — the minimal pages for people: the home page (who is signed
 * in), the sign-in form and sign-out. HTML only through strbuf_add_html; no
 * inline script or style (the CSP forbids both). To move to src/web/ when
 * the web layer lands.
 *
 * CSRF before a session exists: GET /sign-in sets a random token in the
 * safehub_csrf cookie (HttpOnly, SameSite=Strict) and puts the same token in
 * the form; POST /sign-in accepts only when the two match (double submit).
 * After sign-in, forms carry the session's own CSRF token.
 */
#include "api/api.h"

#include "auth/account.h"
#include "base/error.h"
#include "base/timeutil.h"

#include <sodium.h>
#include <string.h>

#define PRESESSION_MAX_AGE_S 3600

const struct json_field api_page_sign_in_spec[] = {
    {"email", JSON_SPEC_STRING, 0, 0, AUTH_EMAIL_MAX, 0, 0, NULL},
    {"password", JSON_SPEC_STRING, 0, 0, AUTH_PASSWORD_MAX, 0, 0, NULL},
    {"csrf_token", JSON_SPEC_STRING, 0, 0, 128, 0, 0, NULL},
    {NULL, 0, 0, 0, 0, 0, 0, NULL},
};

const struct json_field api_page_sign_out_spec[] = {
    {NULL, 0, 0, 0, 0, 0, 0, NULL},
};

static void page_open(struct strbuf *sb, const char *title)
{
	strbuf_adds(sb, "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
	                "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
	                "<title>");
	strbuf_add_html(sb, title);
	strbuf_adds(sb, " – safehub</title></head><body><main>\n<h1>");
	strbuf_add_html(sb, title);
	strbuf_adds(sb, "</h1>\n");
}

static void page_close(struct strbuf *sb)
{
	strbuf_adds(sb, "</main></body></html>\n");
}

int api_page_home(struct http_request *req)
{
	struct strbuf sb;
	api_sb_init(&sb);
	page_open(&sb, "safehub");
	struct auth_user me;
	if (req->authed && !req->principal.via_token && !api_self(req, &me)) {
		strbuf_adds(&sb, "<p>Signed in as ");
		strbuf_add_html(&sb, me.display_name);
		strbuf_adds(&sb, " (");
		strbuf_add_html(&sb, perm_role_name(me.role));
		strbuf_adds(&sb, ", ");
		strbuf_add_html(&sb, me.agency_name);
		strbuf_adds(&sb, ").</p>\n<form method=\"post\" action=\"/sign-out\">"
		                 "<input type=\"hidden\" name=\"csrf_token\" value=\"");
		strbuf_add_html(&sb, req->principal.csrf);
		strbuf_adds(&sb, "\"><button type=\"submit\">Sign out</button></form>\n");
	} else {
		strbuf_adds(&sb,
		            "<p>You are not signed in. <a href=\"/sign-in\">Sign in</a></p>\n");
	}
	page_close(&sb);
	return http_reply_html(req, 200, &sb);
}

/* The sign-in form; error (may be NULL) as an error summary at the top. */
static int sign_in_form(struct http_request *req, int status, const char *error, const char *email)
{
	const char *tok = http_request_cookie(req, HTTP_PRESESSION_COOKIE);
	if (!tok || strlen(tok) != AUTH_CSRF_SIZE - 1) {
		unsigned char rnd[32];
		char *fresh = arena_alloc(&req->arena, AUTH_CSRF_SIZE);
		if (!fresh)
			return SH_ERR(NOMEM);
		randombytes_buf(rnd, sizeof(rnd));
		sodium_bin2base64(fresh, AUTH_CSRF_SIZE, rnd, sizeof(rnd),
		                  sodium_base64_VARIANT_URLSAFE_NO_PADDING);
		int rc =
		    http_set_cookie(req, HTTP_PRESESSION_COOKIE, fresh, PRESESSION_MAX_AGE_S, 1);
		if (rc)
			return rc;
		tok = fresh;
	}
	struct strbuf sb;
	api_sb_init(&sb);
	page_open(&sb, "Sign in");
	if (error) {
		strbuf_adds(&sb, "<div role=\"alert\"><h2>There is a problem</h2><p>");
		strbuf_add_html(&sb, error);
		strbuf_adds(&sb, "</p></div>\n");
	}
	strbuf_adds(&sb, "<form method=\"post\" action=\"/sign-in\">\n"
	                 "<input type=\"hidden\" name=\"csrf_token\" value=\"");
	strbuf_add_html(&sb, tok);
	strbuf_adds(&sb,
	            "\">\n<p><label for=\"email\">Email address</label>"
	            "<input id=\"email\" name=\"email\" type=\"email\" autocomplete=\"username\""
	            " value=\"");
	strbuf_add_html(&sb, email ? email : "");
	strbuf_adds(&sb, "\"></p>\n<p><label for=\"password\">Password</label>"
	                 "<input id=\"password\" name=\"password\" type=\"password\""
	                 " autocomplete=\"current-password\"></p>\n"
	                 "<button type=\"submit\">Sign in</button>\n</form>\n");
	page_close(&sb);
	return http_reply_html(req, status, &sb);
}

int api_page_sign_in(struct http_request *req)
{
	return sign_in_form(req, 200, NULL, NULL);
}

int api_page_sign_in_post(struct http_request *req)
{
	const char *cookie = http_request_cookie(req, HTTP_PRESESSION_COOKIE);
	const char *presented = json_spec_str(req->body, "csrf_token");
	if (!cookie || !presented || strlen(cookie) != AUTH_CSRF_SIZE - 1 ||
	    strlen(presented) != strlen(cookie) ||
	    sodium_memcmp(cookie, presented, strlen(cookie)) != 0)
		return SH_ERR(CSRF);
	const char *email = json_spec_str(req->body, "email");
	const char *password = json_spec_str(req->body, "password");
	if (!email || !*email || !password || !*password)
		return sign_in_form(req, 422, "Enter your email address and password", email);
	struct auth_new_session *ns = arena_zalloc(&req->arena, sizeof(*ns));
	if (!ns)
		return SH_ERR(NOMEM);
	int64_t now = time_now_ms();
	int rc = auth_sign_in(http_request_db(req), email, password, http_request_client_ip(req),
	                      now, ns);
	if (rc) {
		int status = sh_error_status(rc);
		if (status >= 500)
			return rc;
		return sign_in_form(req, status, sh_error_message(rc), email);
	}
	char *token = arena_strdup(&req->arena, ns->token);
	if (!token)
		return SH_ERR(NOMEM);
	rc = http_set_cookie(req, HTTP_SESSION_COOKIE, token,
	                     (ns->absolute_expires_ms - now) / 1000, 1);
	if (!rc)
		rc = http_set_cookie(req, HTTP_PRESESSION_COOKIE, "", 0, 1);
	return rc ? rc : http_reply_redirect(req, "/");
}

int api_page_sign_out(struct http_request *req)
{
	if (req->session_token) {
		int rc = auth_sign_out(http_request_db(req), req->session_token);
		if (rc)
			return rc;
	}
	int rc = http_set_cookie(req, HTTP_SESSION_COOKIE, "", 0, 1);
	return rc ? rc : http_reply_redirect(req, "/sign-in");
}
