/*
 * http/json_spec.h — the declared shape of a request body, checked at the edge.
 *
 * Each route names a spec: an array of struct json_field ended by a row with
 * a NULL name. json_spec_check() compares a parsed body (a jansson object)
 * with it before the handler runs, so a handler only ever sees a body whose
 * fields are known, of the right type, within their limits and, for
 * enumerations, one of the allowed values. The first problem found is
 * reported with the name of the field: each spec field in spec order
 * (missing, wrong type, too long, invalid value), then the first unknown
 * field in body order.
 *
 * Lengths are counted in Unicode code points of the (already validated)
 * UTF-8 string, which is what a person typing into a form would count.
 */
#ifndef SAFEHUB_HTTP_JSON_SPEC_H
#define SAFEHUB_HTTP_JSON_SPEC_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

enum json_spec_type {
	JSON_SPEC_STRING, /* a JSON string */
	JSON_SPEC_INT,    /* a JSON integer (not a real, not a string of digits) */
	JSON_SPEC_BOOL,   /* true or false */
	JSON_SPEC_OBJECT, /* a JSON object; its fields are the handler's to check */
	JSON_SPEC_ARRAY,  /* a JSON array, of min..max items when min < max; items
	                     are the handler's to check (against their own spec) */
};

enum json_spec_flags {
	JSON_SPEC_REQUIRED = 1, /* the field must be present */
	JSON_SPEC_NULLABLE = 2, /* JSON null is accepted (and read as absent) */
};

struct json_field {
	const char *name;           /* NULL ends the spec */
	enum json_spec_type type;   /* what the value must be */
	unsigned flags;             /* JSON_SPEC_ flags */
	size_t min_len;             /* strings: fewest code points (0 = may be empty) */
	size_t max_len;             /* strings: most code points (0 = no limit; avoid) */
	int64_t min, max;           /* ints: inclusive range; arrays: item count (min < max) */
	const char *const *allowed; /* strings: NULL-terminated list of allowed values, or NULL */
};

/*
 * Check body (borrowed; a JSON value) against spec. 0 when it conforms. Else
 * one of SH_ERR(WRONG_TYPE) (also when body is not an object; *field is then
 * NULL), SH_ERR(MISSING_FIELD), SH_ERR(UNKNOWN_FIELD), SH_ERR(TOO_LONG),
 * SH_ERR(INVALID_VALUE), SH_ERR(INVALID_UTF8), with *field (borrowed from
 * spec or body) naming the field. A NULL spec accepts only an empty object.
 */
int json_spec_check(const struct json_field *spec, const json_t *body, const char **field);

/* Readers for a checked body; they return the default when the field is
 * absent or null. Strings are borrowed from body. */
const char *json_spec_str(const json_t *body, const char *name);
int64_t json_spec_int(const json_t *body, const char *name, int64_t dflt);
int json_spec_bool(const json_t *body, const char *name, int dflt);

#endif
