/*
 * web/error_page.c — the page people see when a page route fails (404,
 * 401, 403 and the rest), in the shared layout (see web.h).
 */
#include "base/error.h"
#include "web/layout.h"
#include "web/web.h"

void web_error_page(struct strbuf *sb, int err, const char *field)
{
	const char *message = sh_error_message(err);
	web_layout_open(sb, message, 0);
	strbuf_adds(sb,
	            "<div class=\"govuk-grid-row\">\n<div class=\"govuk-grid-column-two-thirds\">\n"
	            "<h1 class=\"govuk-heading-l\">");
	strbuf_add_html(sb, message);
	strbuf_adds(sb, "</h1>\n");
	if (field) {
		strbuf_adds(sb, "<p class=\"govuk-body\">It is about the field ");
		strbuf_add_html(sb, field);
		strbuf_adds(sb, ".</p>\n");
	}
	if (sh_error_status(err) == 401)
		strbuf_adds(sb, "<p class=\"govuk-body\"><a class=\"govuk-link\" href=\"/sign-in\">"
		                "Sign in</a></p>\n");
	strbuf_adds(sb, "<p class=\"govuk-body\"><a class=\"govuk-link\" href=\"/\">Go to the home "
	                "page</a></p>\n</div>\n</div>\n");
	web_layout_close(sb);
}
