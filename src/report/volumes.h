/*
 * report/volumes.h — volumes and flow through the MASH (issue 5, part 3).
 *
 * Which contacts: those received in the period (contact.received_at), as
 * they stand now. Definitions (docs/reports.md):
 *   contacts        received in the period;
 *   enquiries       MASH enquiries: contacts with at least one information
 *                   request sent to an agency;
 *   decided         contacts with an authorised decision;
 *   referrals       contacts that became CIN referrals (referral_date set:
 *                   mash/decision.h says when);
 *   assessments     authorised outcome assessment_s17;
 *   strategy        authorised outcome strategy_discussion_s47;
 *   referral_nfa    referrals with ReferralNFA true;
 *   re_referrals    referrals on which a child (a person record and every
 *                   record joined to it by an active person link) had an
 *                   earlier referral within 12 months
 *                   (chronology_within_12_months), counted once a contact;
 *   outcomes        authorised decisions by final level (1–4) and outcome;
 *   linked_children children whose records (joined by active person links)
 *                   sit on contacts from at least two referral sources, with
 *                   at least one of those contacts received in the period;
 *   linked_not_known of those, children whose first contact (of any of
 *                   their records) was received in the period and was not
 *                   already open to children's social care: children the
 *                   MASH would not have known, found across agencies.
 * Conversion rates are ratios of these counts, computed where shown.
 * Results hold counts only, never a child or a contact id.
 */
#ifndef SAFEHUB_REPORT_VOLUMES_H
#define SAFEHUB_REPORT_VOLUMES_H

#include "report/period.h"

struct db;

#define REPORT_OUTCOMES 7 /* decision_outcomes[], in its order */

struct report_volumes {
	struct report_period period;
	long contacts, enquiries, decided, referrals, assessments, strategy, referral_nfa,
	    re_referrals;
	long outcomes[4][REPORT_OUTCOMES]; /* [final level - 1][outcome index] */
	long linked_children, linked_not_known;
};

/* Fill out for period p from one snapshot. SH_ERR(NOMEM), SH_ERR(DB). */
int report_volumes(struct db *db, const struct report_period *p, struct report_volumes *out);

#endif
