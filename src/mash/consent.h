/*
 * mash/consent.h — proceeding without consent: the override of a contact
 * whose consent was refused or not sought.
 *
 * A worker asks to proceed with a recorded reason (consent_override_request);
 * a MASH manager who is not the person who asked authorises it
 * (consent_override_authorise). Until then contact.override_state is
 * "required" or "requested" and contact_requests_allowed() (mash/contact.h)
 * says no information request may go out. Each step writes its audit event
 * (purpose "mash_consent", the contact's lawful basis and persons) in the
 * same transaction.
 */
#ifndef SAFEHUB_MASH_CONSENT_H
#define SAFEHUB_MASH_CONSENT_H

#include <stdint.h>

struct db;
struct principal;

#define CONSENT_REASON_MAX 2000 /* code points */
#define CONSENT_PURPOSE    "mash_consent"

/*
 * Ask to proceed without consent on contact_id, for reason (required, not
 * blank). *override_id gets the new override. Errors: SH_ERR(FORBIDDEN),
 * SH_ERR(NOT_FOUND), SH_ERR(STATE) when consent was given or an override is
 * already requested or authorised, SH_ERR(MISSING_FIELD) / TOO_LONG for the
 * reason.
 */
int consent_override_request(struct db *db, const struct principal *actor, int64_t contact_id,
                             const char *reason, int64_t now_ms, int64_t *override_id);

/*
 * Authorise the pending override of contact_id. Errors: SH_ERR(FORBIDDEN)
 * when actor is not a MASH manager or is the person who asked (both
 * audited as denied); SH_ERR(NOT_FOUND); SH_ERR(STATE) when no override is
 * pending. actor is required (an authorisation is a person's decision).
 */
int consent_override_authorise(struct db *db, const struct principal *actor, int64_t contact_id,
                               int64_t now_ms, int64_t *override_id);

#endif
