/*
 * web/layout.c — the shared page template and the error summary (see
 * layout.h). Markup follows GOV.UK Frontend 5's template.njk and its
 * skip-link, header, footer and error-summary components.
 */
#include "web/layout.h"

#include "web/assets.h"

#include <string.h>

void web_page_init(struct strbuf *sb)
{
	strbuf_init(sb, WEB_PAGE_CAP);
}

void web_layout_open(struct strbuf *sb, const char *title, int has_error)
{
	strbuf_adds(sb, "<!DOCTYPE html>\n<html lang=\"en\" class=\"govuk-template\">\n<head>\n"
	                "<meta charset=\"utf-8\">\n<title>");
	if (has_error)
		strbuf_adds(sb, "Error: ");
	strbuf_add_html(sb, title);
	strbuf_adds(sb, " – safehub</title>\n"
	                "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1, "
	                "viewport-fit=cover\">\n"
	                "<meta name=\"theme-color\" content=\"#0b0c0c\">\n"
	                "<link rel=\"icon\" sizes=\"48x48\" href=\"/assets/images/favicon.ico\">\n"
	                "<link rel=\"icon\" sizes=\"any\" href=\"/assets/images/favicon.svg\" "
	                "type=\"image/svg+xml\">\n"
	                "<link rel=\"stylesheet\" href=\"");
	strbuf_add_html(sb, web_asset_stylesheet);
	strbuf_adds(sb, "\">\n</head>\n<body class=\"govuk-template__body\">\n"
	                "<a href=\"#main-content\" class=\"govuk-skip-link\">Skip to main "
	                "content</a>\n"
	                "<header class=\"govuk-header\">\n"
	                "<div class=\"govuk-header__container govuk-width-container\">\n"
	                "<div class=\"govuk-header__content govuk-!-padding-left-0\">\n"
	                "<a href=\"/\" class=\"govuk-header__link govuk-header__service-name\">"
	                "safehub</a>\n</div>\n</div>\n</header>\n"
	                "<div class=\"govuk-width-container\">\n"
	                "<main class=\"govuk-main-wrapper\" id=\"main-content\">\n");
}

void web_layout_close(struct strbuf *sb)
{
	strbuf_adds(sb, "</main>\n</div>\n"
	                "<footer class=\"govuk-footer\">\n<div class=\"govuk-width-container\">\n"
	                "<div class=\"govuk-footer__meta\">\n"
	                "<div class=\"govuk-footer__meta-item govuk-footer__meta-item--grow\">\n"
	                "<p class=\"govuk-body-s\">safehub: the case and information-sharing "
	                "system of the safeguarding children partnership.</p>\n"
	                "</div>\n</div>\n</div>\n</footer>\n</body>\n</html>\n");
}

void web_error_summary(struct strbuf *sb, const struct web_problem *problems, size_t n)
{
	strbuf_adds(sb, "<div class=\"govuk-error-summary\" data-module=\"govuk-error-summary\">\n"
	                "<div role=\"alert\">\n"
	                "<h2 class=\"govuk-error-summary__title\">There is a problem</h2>\n"
	                "<div class=\"govuk-error-summary__body\">\n"
	                "<ul class=\"govuk-list govuk-error-summary__list\">\n");
	for (size_t i = 0; i < n; i++) {
		strbuf_adds(sb, "<li><a href=\"#");
		strbuf_add_html(sb, problems[i].field);
		strbuf_adds(sb, "\">");
		strbuf_add_html(sb, problems[i].message);
		strbuf_adds(sb, "</a></li>\n");
	}
	strbuf_adds(sb, "</ul>\n</div>\n</div>\n</div>\n");
}

const struct web_problem *web_problem_for(const struct web_problem *problems, size_t n,
                                          const char *field)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(problems[i].field, field))
			return &problems[i];
	return NULL;
}

void web_error_message(struct strbuf *sb, const struct web_problem *p)
{
	if (!p)
		return;
	strbuf_adds(sb, "<p id=\"");
	strbuf_add_html(sb, p->field);
	strbuf_adds(sb, "-error\" class=\"govuk-error-message\">"
	                "<span class=\"govuk-visually-hidden\">Error:</span> ");
	strbuf_add_html(sb, p->message);
	strbuf_adds(sb, "</p>\n");
}
