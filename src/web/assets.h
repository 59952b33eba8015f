/*
 * web/assets.h — the static files the pages use, embedded in the binary:
 * GOV.UK Frontend's compiled stylesheet, its fonts (woff2) and favicons.
 *
 * The table is generated at build time by scripts/embed-assets from
 * node_modules/govuk-frontend/dist/govuk/ (the version pinned in
 * package.json and package-lock.json; scripts/bootstrap runs `npm ci`).
 * Paths are URL paths under /assets/. Fonts keep the hashed names the
 * stylesheet refers to; the stylesheet's own path carries the package
 * version (WEB_ASSET_STYLESHEET), so every asset may be cached for a year.
 */
#ifndef SAFEHUB_WEB_ASSETS_H
#define SAFEHUB_WEB_ASSETS_H

#include <stddef.h>

struct web_asset {
	const char *path;           /* "/assets/fonts/bold-b542beb274-v2.woff2" */
	const char *content_type;   /* "font/woff2" */
	const unsigned char *bytes; /* the file, static */
	size_t len;                 /* its length in bytes */
};

/* The generated table (build/.../gen/web_assets.c), and its number of rows. */
extern const struct web_asset web_assets[];
extern const size_t web_assets_count;
/* The path of GOV.UK Frontend's stylesheet, such as
 * "/assets/govuk-frontend-5.14.0.min.css" (static; also a row of the table). */
extern const char web_asset_stylesheet[];

/* The asset at URL path (borrowed from the table), or NULL. */
const struct web_asset *web_asset_find(const char *path);

#endif
