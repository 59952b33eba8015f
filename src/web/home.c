/*
 * web/home.c — the home page: who is signed in (name, email, role,
 * agency) and the sign-out button (see web.h).
 */
#include "auth/account.h"
#include "auth/perm.h"
#include "web/layout.h"
#include "web/web.h"

/* A role as people call it. */
static const char *role_label(enum role role)
{
	switch (role) {
	case ROLE_MASH_WORKER: return "MASH social worker";
	case ROLE_MASH_MANAGER: return "MASH manager";
	case ROLE_AGENCY_RESEARCHER: return "Agency researcher";
	case ROLE_IG_OFFICER: return "Information governance officer";
	case ROLE_PARTNERSHIP_ADMIN: return "Partnership administrator";
	case ROLE_SYSADMIN: return "System administrator";
	default: return perm_role_name(role); /* a new role shows its stable name */
	}
}

static void summary_row(struct strbuf *sb, const char *key, const char *value)
{
	strbuf_adds(sb, "<div class=\"govuk-summary-list__row\">\n"
	                "<dt class=\"govuk-summary-list__key\">");
	strbuf_add_html(sb, key);
	strbuf_adds(sb, "</dt>\n<dd class=\"govuk-summary-list__value\">");
	strbuf_add_html(sb, value);
	strbuf_adds(sb, "</dd>\n</div>\n");
}

int web_home(struct http_request *req)
{
	struct strbuf sb;
	struct auth_user me;
	int signed_in = req->authed && !req->principal.via_token &&
	                !auth_user_self(http_request_db(req), &req->principal, &req->arena, &me);
	web_page_init(&sb);
	web_layout_open(&sb, "Home", 0);
	strbuf_adds(&sb,
	            "<div class=\"govuk-grid-row\">\n<div class=\"govuk-grid-column-two-thirds\">\n"
	            "<h1 class=\"govuk-heading-l\">Home</h1>\n");
	if (signed_in) {
		strbuf_adds(&sb, "<p class=\"govuk-body\">You are signed in as ");
		strbuf_add_html(&sb, me.display_name);
		strbuf_adds(&sb, ".</p>\n<dl class=\"govuk-summary-list\">\n");
		summary_row(&sb, "Name", me.display_name);
		summary_row(&sb, "Email address", me.email);
		summary_row(&sb, "Role", role_label(me.role));
		summary_row(&sb, "Agency", me.agency_name);
		strbuf_adds(&sb, "</dl>\n<form method=\"post\" action=\"/sign-out\" novalidate>\n"
		                 "<input type=\"hidden\" name=\"csrf_token\" value=\"");
		strbuf_add_html(&sb, req->principal.csrf);
		strbuf_adds(&sb, "\">\n<button type=\"submit\" class=\"govuk-button "
		                 "govuk-button--secondary\" data-module=\"govuk-button\">Sign out"
		                 "</button>\n</form>\n");
	} else {
		strbuf_adds(&sb,
		            "<p class=\"govuk-body\">You are not signed in.</p>\n"
		            "<p class=\"govuk-body\"><a class=\"govuk-link\" href=\"/sign-in\">"
		            "Sign in</a></p>\n");
	}
	strbuf_adds(&sb, "</div>\n</div>\n");
	web_layout_close(&sb);
	return http_reply_html(req, 200, &sb);
}
