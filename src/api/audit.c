/*
 * api/audit.c — GET /api/v1/audit/verify: recompute the audit chain and say
 * whether it holds, and if not, the first broken event.
 */
#include "api/api.h"

#include "audit/audit.h"
#include "base/error.h"

int api_audit_verify(struct http_request *req)
{
	int64_t bad = 0, count = 0;
	int rc = audit_verify(http_request_db(req), &bad, &count);
	if (rc && rc != SH_ERR(AUDIT_BROKEN))
		return rc;
	struct strbuf sb;
	api_sb_init(&sb);
	strbuf_addf(&sb, "{\"ok\":%s,\"count\":%lld,\"first_bad_seq\":", rc ? "false" : "true",
	            (long long)count);
	if (rc)
		strbuf_addf(&sb, "%lld}", (long long)bad);
	else
		strbuf_adds(&sb, "null}");
	return http_reply_json(req, 200, &sb);
}
