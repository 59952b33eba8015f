/*
 * http/json_spec.c — checks a parsed request body against its declared
 * field spec (see json_spec.h).
 */
#include "http/json_spec.h"

#include "base/error.h"
#include "base/validate.h"

#include <string.h>

static const struct json_field *spec_find(const struct json_field *spec, const char *name)
{
	for (const struct json_field *f = spec; f && f->name; f++)
		if (!strcmp(f->name, name))
			return f;
	return NULL;
}

static int check_string(const struct json_field *f, const json_t *v)
{
	const char *s = json_string_value(v);
	size_t n = json_string_length(v);
	/* jansson refuses \u0000 and bad UTF-8 when parsing; keep the check for
	 * bodies built in other ways (forms). */
	if (strlen(s) != n || !validate_utf8(s, n))
		return SH_ERR(INVALID_UTF8);
	size_t cps = validate_utf8_len(s);
	if (f->max_len && cps > f->max_len)
		return SH_ERR(TOO_LONG);
	if (cps < f->min_len)
		return SH_ERR(INVALID_VALUE);
	if (f->allowed) {
		for (const char *const *a = f->allowed; *a; a++)
			if (!strcmp(*a, s))
				return 0;
		return SH_ERR(INVALID_VALUE);
	}
	return 0;
}

static int check_value(const struct json_field *f, const json_t *v)
{
	if (json_is_null(v))
		return (f->flags & JSON_SPEC_NULLABLE) ? 0 : SH_ERR(WRONG_TYPE);
	switch (f->type) {
	case JSON_SPEC_STRING:
		if (!json_is_string(v))
			return SH_ERR(WRONG_TYPE);
		return check_string(f, v);
	case JSON_SPEC_INT:
		if (!json_is_integer(v))
			return SH_ERR(WRONG_TYPE);
		if (f->min < f->max &&
		    (json_integer_value(v) < f->min || json_integer_value(v) > f->max))
			return SH_ERR(INVALID_VALUE);
		return 0;
	case JSON_SPEC_BOOL: return json_is_boolean(v) ? 0 : SH_ERR(WRONG_TYPE);
	case JSON_SPEC_OBJECT: return json_is_object(v) ? 0 : SH_ERR(WRONG_TYPE);
	case JSON_SPEC_ARRAY:
		if (!json_is_array(v))
			return SH_ERR(WRONG_TYPE);
		if (f->min < f->max &&
		    ((int64_t)json_array_size(v) < f->min || (int64_t)json_array_size(v) > f->max))
			return SH_ERR(INVALID_VALUE);
		return 0;
	}
	return SH_ERR(WRONG_TYPE);
}

int json_spec_check(const struct json_field *spec, const json_t *body, const char **field)
{
	*field = NULL;
	if (!json_is_object(body))
		return SH_ERR(WRONG_TYPE);
	for (const struct json_field *f = spec; f && f->name; f++) {
		const json_t *v = json_object_get(body, f->name);
		if (!v || (json_is_null(v) && (f->flags & JSON_SPEC_NULLABLE))) {
			if (f->flags & JSON_SPEC_REQUIRED) {
				*field = f->name;
				return SH_ERR(MISSING_FIELD);
			}
			continue;
		}
		int rc = check_value(f, v);
		if (rc) {
			*field = f->name;
			return rc;
		}
	}
	const char *key;
	json_t *v;
	/* jansson's iteration order is insertion order: the first unknown
	 * field the client wrote is the one reported. */
	json_object_foreach((json_t *)body, key, v)
	{
		if (!spec_find(spec, key)) {
			*field = key;
			return SH_ERR(UNKNOWN_FIELD);
		}
	}
	return 0;
}

const char *json_spec_str(const json_t *body, const char *name)
{
	return json_string_value(json_object_get(body, name));
}

int64_t json_spec_int(const json_t *body, const char *name, int64_t dflt)
{
	const json_t *v = json_object_get(body, name);
	return json_is_integer(v) ? json_integer_value(v) : dflt;
}

int json_spec_bool(const json_t *body, const char *name, int dflt)
{
	const json_t *v = json_object_get(body, name);
	return json_is_boolean(v) ? json_is_true(v) : dflt;
}
