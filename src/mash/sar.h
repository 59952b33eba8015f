/*
 * mash/sar.h — a subject access request (UK GDPR Art. 15): everything the
 * MASH holds about one person, as one JSON document, with the list of who
 * accessed their data and when.
 *
 * "The person" is the person record asked for and every record joined to
 * it by an active person link (mash/chronology.h: the same child); linked
 * records are marked "linked": true. The export holds:
 *   - persons: each record as stored (anonymised ones show what is left);
 *   - contacts: every contact a record is on, with its referrer, concerns,
 *     factor codes, consent and its overrides, screening history and
 *     decisions. The other people on a contact (siblings, household) are
 *     third parties: each is a placeholder {"role", "third_party":
 *     "withheld"} with no id, name or relationship. A referrer who is a
 *     private individual or anonymous (CIN sources 1A, 1B, 1C, 1D, 9, 10)
 *     is withheld the same way; a professional referrer is shown.
 *   - requests: every information request on those contacts with the
 *     agency's answer, read through request_list_for_person() (the
 *     firewall; the command line sees answers, as an IG officer acting for
 *     the subject must). Other persons shared on a request are withheld.
 *   - access: every audit event whose person_ids hold one of the records,
 *     or whose object is the person record (time, user id and role,
 *     agency, action, purpose, lawful basis, outcome), oldest first. Staff
 *     are named by id and role, not by name. Events from before a record
 *     was created are left out, so an id a deleted record once had (SQLite
 *     may reuse the highest id) cannot pull in another person's history.
 * Free text (concerns, rationale, findings) may still mention third
 * parties or hold information an exemption covers (e.g. police
 * information): the IG officer reviews the export before it is released,
 * and the document says so in "review".
 *
 * The export is itself audited: one event "person.sar" (object person,
 * purpose SAR_PURPOSE, lawful basis SAR_LAWFUL_BASIS, person_ids every
 * record), in the transaction that read the data; each request it shows is
 * also recorded as read by the request module.
 */
#ifndef SAFEHUB_MASH_SAR_H
#define SAFEHUB_MASH_SAR_H

#include <stdint.h>

struct db;

#define SAR_PURPOSE      "subject_access_request"
#define SAR_LAWFUL_BASIS "legal_obligation"

/* What an export held, for the caller's message. */
struct sar_summary {
	int64_t records, contacts, requests, access_events;
};

/*
 * Export person_id as of now_ms for the command line (user 0). *json gets
 * the document (owned: free()), indented, ending in a newline; *sum (may
 * be NULL) its counts. SH_ERR(NOT_FOUND) when there is no such person
 * (nothing is recorded: nothing was read).
 */
int sar_export(struct db *db, int64_t person_id, int64_t now_ms, char **json,
               struct sar_summary *sum);

#endif
