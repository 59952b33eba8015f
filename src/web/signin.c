/*
 * web/signin.c — the sign-in form, signing in and signing out (see web.h).
 *
 * CSRF before a session exists: GET /sign-in sets a random token in the
 * safehub_csrf cookie (HttpOnly, SameSite=Strict) and puts the same token in
 * the form; POST /sign-in accepts only when the two match (double submit).
 * After sign-in, forms carry the session's own CSRF token, which the server
 * checks before the handler runs.
 *
 * Problems are shown the GOV.UK way: an error summary linking to the field,
 * the message again above the field, "Error: " before the page title. The
 * email address is kept; the password never comes back.
 */
#include "auth/account.h"
#include "base/error.h"
#include "base/timeutil.h"
#include "web/layout.h"
#include "web/web.h"

#include <sodium.h>
#include <string.h>

#define PRESESSION_MAX_AGE_S 3600

const struct json_field web_sign_in_spec[] = {
    {"email", JSON_SPEC_STRING, 0, 0, AUTH_EMAIL_MAX, 0, 0, NULL},
    {"password", JSON_SPEC_STRING, 0, 0, AUTH_PASSWORD_MAX, 0, 0, NULL},
    {"csrf_token", JSON_SPEC_STRING, 0, 0, 128, 0, 0, NULL},
    {NULL, 0, 0, 0, 0, 0, 0, NULL},
};

const struct json_field web_sign_out_spec[] = {
    {NULL, 0, 0, 0, 0, 0, 0, NULL},
};

/* The browser's pre-session token, or a fresh one set as its cookie. */
static int presession_token(struct http_request *req, const char **out)
{
	const char *tok = http_request_cookie(req, HTTP_PRESESSION_COOKIE);
	if (tok && strlen(tok) == AUTH_CSRF_SIZE - 1) {
		*out = tok;
		return 0;
	}
	unsigned char rnd[32];
	char *fresh = arena_alloc(&req->arena, AUTH_CSRF_SIZE);
	if (!fresh)
		return SH_ERR(NOMEM);
	randombytes_buf(rnd, sizeof(rnd));
	sodium_bin2base64(fresh, AUTH_CSRF_SIZE, rnd, sizeof(rnd),
	                  sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	*out = fresh;
	return http_set_cookie(req, HTTP_PRESESSION_COOKIE, fresh, PRESESSION_MAX_AGE_S, 1);
}

/* One labelled input of the form, with its problem (may be NULL). */
static void form_field(struct strbuf *sb, const char *id, const char *label, const char *type,
                       const char *autocomplete, const char *value,
                       const struct web_problem *problem)
{
	strbuf_adds(sb, problem ? "<div class=\"govuk-form-group govuk-form-group--error\">\n"
	                        : "<div class=\"govuk-form-group\">\n");
	strbuf_adds(sb, "<label class=\"govuk-label\" for=\"");
	strbuf_add_html(sb, id);
	strbuf_adds(sb, "\">");
	strbuf_add_html(sb, label);
	strbuf_adds(sb, "</label>\n");
	web_error_message(sb, problem);
	strbuf_adds(sb, problem ? "<input class=\"govuk-input govuk-input--error\""
	                        : "<input class=\"govuk-input\"");
	strbuf_adds(sb, " id=\"");
	strbuf_add_html(sb, id);
	strbuf_adds(sb, "\" name=\"");
	strbuf_add_html(sb, id);
	strbuf_adds(sb, "\" type=\"");
	strbuf_add_html(sb, type);
	strbuf_adds(sb, "\" spellcheck=\"false\" autocomplete=\"");
	strbuf_add_html(sb, autocomplete);
	strbuf_adds(sb, "\"");
	if (problem) {
		strbuf_adds(sb, " aria-describedby=\"");
		strbuf_add_html(sb, id);
		strbuf_adds(sb, "-error\"");
	}
	if (value) {
		strbuf_adds(sb, " value=\"");
		strbuf_add_html(sb, value);
		strbuf_adds(sb, "\"");
	}
	strbuf_adds(sb, ">\n</div>\n");
}

/* The sign-in page with n problems (0: the blank form). email (may be
 * NULL) is put back in its field. */
static int sign_in_form(struct http_request *req, int status, const struct web_problem *problems,
                        size_t n, const char *email)
{
	const char *tok;
	int rc = presession_token(req, &tok);
	if (rc)
		return rc;
	struct strbuf sb;
	web_page_init(&sb);
	web_layout_open(&sb, "Sign in", n > 0);
	strbuf_adds(
	    &sb, "<div class=\"govuk-grid-row\">\n<div class=\"govuk-grid-column-two-thirds\">\n");
	if (n)
		web_error_summary(&sb, problems, n);
	strbuf_adds(&sb, "<h1 class=\"govuk-heading-l\">Sign in</h1>\n"
	                 "<form method=\"post\" action=\"/sign-in\" novalidate>\n"
	                 "<input type=\"hidden\" name=\"csrf_token\" value=\"");
	strbuf_add_html(&sb, tok);
	strbuf_adds(&sb, "\">\n");
	form_field(&sb, "email", "Email address", "email", "username", email ? email : "",
	           web_problem_for(problems, n, "email"));
	form_field(&sb, "password", "Password", "password", "current-password", NULL,
	           web_problem_for(problems, n, "password"));
	strbuf_adds(&sb,
	            "<button type=\"submit\" class=\"govuk-button\" data-module=\"govuk-button\">"
	            "Sign in</button>\n</form>\n</div>\n</div>\n");
	web_layout_close(&sb);
	return http_reply_html(req, status, &sb);
}

int web_sign_in(struct http_request *req)
{
	return sign_in_form(req, 200, NULL, 0, NULL);
}

int web_sign_in_post(struct http_request *req)
{
	const char *cookie = http_request_cookie(req, HTTP_PRESESSION_COOKIE);
	const char *presented = json_spec_str(req->body, "csrf_token");
	if (!cookie || !presented || strlen(cookie) != AUTH_CSRF_SIZE - 1 ||
	    strlen(presented) != strlen(cookie) ||
	    sodium_memcmp(cookie, presented, strlen(cookie)) != 0)
		return SH_ERR(CSRF);
	const char *email = json_spec_str(req->body, "email");
	const char *password = json_spec_str(req->body, "password");
	struct web_problem problems[2];
	size_t n = 0;
	if (!email || !*email)
		problems[n++] = (struct web_problem){"email", "Enter your email address"};
	if (!password || !*password)
		problems[n++] = (struct web_problem){"password", "Enter your password"};
	if (n)
		return sign_in_form(req, 422, problems, n, email);
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
		/* Wrong credentials: the password is what to type again (the
		 * message does not say which was wrong). Lockout, a disabled
		 * account: about the account, so the email. */
		problems[0].field = rc == SH_ERR(BAD_CREDENTIALS) ? "password" : "email";
		problems[0].message = sh_error_message(rc);
		return sign_in_form(req, status, problems, 1, email);
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

int web_sign_out(struct http_request *req)
{
	if (req->session_token) {
		int rc = auth_sign_out(http_request_db(req), req->session_token);
		if (rc)
			return rc;
	}
	int rc = http_set_cookie(req, HTTP_SESSION_COOKIE, "", 0, 1);
	return rc ? rc : http_reply_redirect(req, "/sign-in");
}
