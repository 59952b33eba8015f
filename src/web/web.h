/*
 * web/web.h — the HTML pages for people: their handlers (the rows of the
 * route table in api/routes.c point here), the field specs of their forms,
 * and the error page the server renders for page routes.
 *
 * One file per area: layout.c (the GOV.UK Frontend template every page
 * shares), signin.c (sign-in and sign-out), home.c (the home page),
 * error_page.c (404, 403 and the rest), assets.c (GOV.UK Frontend's
 * stylesheet, fonts and icons, embedded in the binary). Pages are written
 * only through strbuf_add_html(); they carry no script and no inline style,
 * as the Content-Security-Policy allows neither.
 */
#ifndef SAFEHUB_WEB_WEB_H
#define SAFEHUB_WEB_WEB_H

#include "http/request.h"

/* GET / — who is signed in (name, email, role, agency) and a sign-out
 * button; "You are not signed in" with a link to the sign-in page
 * otherwise. Route flags: HTTP_ROUTE_OPTIONAL_AUTH. */
int web_home(struct http_request *req);

/* GET /sign-in — the sign-in form. Sets the pre-session CSRF cookie
 * (HTTP_PRESESSION_COOKIE) when the browser has none, and puts the same
 * token in the form (double submit: there is no session to hold one yet). */
int web_sign_in(struct http_request *req);
/* POST /sign-in (form: email, password, csrf_token) — 403 unless the form's
 * token matches the cookie; the form again with an error summary (422 for an
 * empty field, the sign-in error's status otherwise; the email kept, never
 * the password); or the session cookie and a 303 to /. */
int web_sign_in_post(struct http_request *req);
/* POST /sign-out (form: csrf_token) — ends the session, 303 to /sign-in. */
int web_sign_out(struct http_request *req);

/* GET /assets/… — an embedded GOV.UK Frontend file (web/assets.h), with a
 * year-long immutable Cache-Control; 404 for any other path. */
int web_asset(struct http_request *req);

/* Field specs of the forms. */
extern const struct json_field web_sign_in_spec[];
extern const struct json_field web_sign_out_spec[];

/* The error page of err in the layout (an http_error_page_fn, for
 * http_config.error_page): the error's message as the heading, the field it
 * is about when there is one, and a way on. */
void web_error_page(struct strbuf *sb, int err, const char *field);

#endif
