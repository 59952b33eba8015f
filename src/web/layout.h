/*
 * web/layout.h — the page template every HTML page shares, after GOV.UK
 * Frontend's template.njk: <html class="govuk-template">, the stylesheet and
 * favicons from /assets/, a skip link to #main-content, a header with the
 * service name "safehub", the width container and <main>, and a footer. The
 * page writes its content between web_layout_open() and web_layout_close().
 *
 * No script: the template's inline script that sets js-enabled and
 * govuk-frontend-supported on <body> is left out (the CSP forbids inline
 * script), so components render in their no-JavaScript form. Pages use
 * only components that work without it.
 *
 * Also the GOV.UK error summary, for pages with a form: a list of the
 * problems, each a link to its field (<input id="field">).
 */
#ifndef SAFEHUB_WEB_LAYOUT_H
#define SAFEHUB_WEB_LAYOUT_H

#include "base/strbuf.h"

#include <stddef.h>

/* The most a page may hold. */
#define WEB_PAGE_CAP (1024 * 1024)

/* One problem on a form: the id of its field and what to do about it. */
struct web_problem {
	const char *field;   /* id of the input, the link target "#field" */
	const char *message; /* what the user must do, as the summary and the field say it */
};

/* strbuf_init() with WEB_PAGE_CAP. */
void web_page_init(struct strbuf *sb);

/* Everything up to and including <main>. title (borrowed) is the page's
 * heading as text; the <title> is "title – safehub", prefixed "Error: " when
 * has_error (a form shown again with problems). */
void web_layout_open(struct strbuf *sb, const char *title, int has_error);
/* </main>, the footer, </body></html>. */
void web_layout_close(struct strbuf *sb);

/* The error summary of n problems (n > 0): "There is a problem" and each
 * message as a link to its field. Goes first in <main>, before the <h1>. */
void web_error_summary(struct strbuf *sb, const struct web_problem *problems, size_t n);
/* The problem about field among problems, or NULL. */
const struct web_problem *web_problem_for(const struct web_problem *problems, size_t n,
                                          const char *field);
/* The field-level message of p, <p id="FIELD-error" class="govuk-error-message">;
 * nothing when p is NULL. */
void web_error_message(struct strbuf *sb, const struct web_problem *p);

#endif
