/*
 * base/error.h — the one error table of safehub.
 *
 * Every failure in the program is a negative int from this list. The same
 * X-macro row gives the code's C name, the stable string that API clients see
 * in {"error":{"code":...}}, the HTTP status, and a message a person can act
 * on. Functions return 0 for success or one of these; results come back
 * through out-parameters (STYLE.md rule 4).
 */
#ifndef SAFEHUB_BASE_ERROR_H
#define SAFEHUB_BASE_ERROR_H

/* X(NAME, "code", http_status, "message") — order is the numbering; append. */
// clang-format off
#define SH_ERRORS(X)                                                                               \
	X(INTERNAL, "internal_error", 500, "Something went wrong inside safehub; it has been logged")  \
	X(NOMEM, "out_of_memory", 503, "The server is out of memory; try again shortly")               \
	X(IO, "io_error", 500, "A file could not be read or written")                                  \
	X(DB, "database_error", 500, "The database reported an error")                                 \
	X(BUSY, "database_busy", 503, "The database is busy; try again shortly")                       \
	X(SCHEMA_NEWER, "schema_newer", 500, "The database was written by a newer safehub")            \
	X(SCHEMA_OLDER, "schema_older", 500, "The database needs migrating: run 'safehub init'")       \
	X(BAD_REQUEST, "bad_request", 400, "The request could not be understood")                      \
	X(MALFORMED_JSON, "malformed_json", 400, "The request body is not valid JSON")                  \
	X(NOT_JSON, "unsupported_media_type", 415, "Send the body as Content-Type: application/json")  \
	X(INVALID_UTF8, "invalid_utf8", 400, "The request contains bytes that are not valid UTF-8")    \
	X(MISSING_FIELD, "missing_field", 422, "A required field is missing")                          \
	X(UNKNOWN_FIELD, "unknown_field", 422, "The body has a field this endpoint does not accept")   \
	X(WRONG_TYPE, "wrong_type", 422, "A field has the wrong type")                                 \
	X(TOO_LONG, "too_long", 422, "A field is longer than allowed")                                 \
	X(INVALID_VALUE, "invalid_value", 422, "A field has a value that is not allowed")              \
	X(BODY_TOO_LARGE, "body_too_large", 413, "The request body is larger than allowed")            \
	X(TIMEOUT, "request_timeout", 408, "The request took too long to arrive")                      \
	X(NOT_FOUND, "not_found", 404, "There is nothing at this address")                             \
	X(METHOD, "method_not_allowed", 405, "This address does not accept that method")               \
	X(UNAUTHENTICATED, "unauthenticated", 401, "Sign in, or send a valid API token")               \
	X(BAD_CREDENTIALS, "bad_credentials", 401, "The email or password is not right")               \
	X(SESSION_EXPIRED, "session_expired", 401, "Your session has ended; sign in again")            \
	X(FORBIDDEN, "forbidden", 403, "You do not have permission to do that")                        \
	X(CSRF, "csrf_failed", 403, "The form had expired or was not from safehub; try again")         \
	X(ACCOUNT_DISABLED, "account_disabled", 403, "This account is disabled")                       \
	X(LOCKED, "too_many_attempts", 429, "Too many failed sign-ins; wait and try again")            \
	X(CONFLICT, "conflict", 409, "That already exists")                                            \
	X(USAGE, "usage", 400, "The command was not used correctly; see --help")                       \
	X(AUDIT_BROKEN, "audit_chain_broken", 500, "The audit chain does not verify")              \
	X(PASSWORD_WEAK, "password_too_short", 422, "The password must be at least 12 characters")  \
	X(STATE, "invalid_state", 409, "The record is not in a state that allows this")            \
	X(TOKEN_EXPIRED, "token_expired", 401, "The API token has expired; create a new one")

// clang-format on
#define SH_OK 0

/* Negative codes: SH_ERR(NAME) is -(index+1) in the table. */
enum sh_error_index {
#define SH_ERR_IDX(name, code, status, msg) SH_EI_##name,
	SH_ERRORS(SH_ERR_IDX)
#undef SH_ERR_IDX
	    SH_EI__COUNT
};
#define SH_ERR(name) (-(int)SH_EI_##name - 1)

/* The stable code string ("not_found") for err; "internal_error" if unknown. */
const char *sh_error_code(int err);
/* The HTTP status for err (500 if unknown, 200 for SH_OK). */
int sh_error_status(int err);
/* The default message a person sees for err. */
const char *sh_error_message(int err);

#endif
