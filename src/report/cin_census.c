/*
 * report/cin_census.c — the CIN census return: query, codes and the XML
 * message through libxml2's xmlTextWriter (see report/cin_census.h,
 * docs/exports.md).
 */
#include "report/cin_census.h"

#include "base/error.h"
#include "base/timeutil.h"
#include "base/version.h"
#include "db/db.h"

#include <libxml/xmlwriter.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *cin_census_gender(const char *sex)
{
	if (!strcmp(sex, "male"))
		return "1";
	if (!strcmp(sex, "female"))
		return "2";
	if (!strcmp(sex, "indeterminate"))
		return "9";
	return "0";
}

struct cin_tx {
	const struct principal *actor;
	const char *lea;
	int64_t now_ms;
	struct cin_census *c;
};

static int cin_grow(void **p, size_t *cap, size_t n, size_t size)
{
	if (n < *cap)
		return 0;
	size_t nc = *cap ? *cap * 2 : 256;
	void *q = realloc(*p, nc * size);
	if (!q)
		return SH_ERR(NOMEM);
	*p = q;
	*cap = nc;
	return 0;
}

static int cin_lea_ok(const char *s)
{
	return strlen(s) == 3 && s[0] >= '0' && s[0] <= '9' && s[1] >= '0' && s[1] <= '9' &&
	       s[2] >= '0' && s[2] <= '9';
}

static int cin_tx_fn(struct db *db, void *arg)
{
	struct cin_tx *t = arg;
	struct cin_census *c = t->c;
	free(c->children);
	free(c->refs);
	c->children = NULL;
	c->refs = NULL;
	c->nchildren = c->nrefs = c->npersons = 0;
	int rc = 0;
	if (t->lea)
		snprintf(c->lea, sizeof c->lea, "%.3s", t->lea), rc = cin_lea_ok(t->lea) ? 0 : -1;
	else if ((rc = export_setting(db, CIN_LEA_SETTING, c->lea, sizeof c->lea)) ==
	         SH_ERR(NOT_FOUND))
		return SH_ERR(MISSING_FIELD);
	else if (rc == SH_ERR(TOO_LONG))
		rc = -1;
	if (rc == -1 || (!rc && !cin_lea_ok(c->lea)))
		return SH_ERR(INVALID_VALUE);
	if (rc)
		return rc;

	static const char sql[] = "SELECT COALESCE(" EXPORT_CHILD_KEY_SQL(
	    "p.id") ", p.id), p.id, p.dob, p.sex,"
	            " c.id, c.referral_date, c.decided_at, c.source, c.referral_nfa"
	            " FROM contact c JOIN contact_person cp ON cp.contact_id = c.id AND cp.role = "
	            "'child'"
	            " JOIN person p ON p.id = cp.person_id"
	            " WHERE c.referral_date IS NOT NULL AND c.referral_date >= $1 AND "
	            "c.referral_date < $2"
	            " ORDER BY 1, c.referral_date, c.id";
	struct db_stmt *st;
	if ((rc = db_prepare(db, sql, &st)))
		return rc;
	size_t ccap = 0, rcap = 0, icap = 0;
	int64_t *ids = NULL;
	if (!(rc = db_bind_int64(st, 1, c->period.start_ms)))
		rc = db_bind_int64(st, 2, c->period.end_ms);
	while (!rc && (rc = db_step(st)) == DB_ROW) {
		rc = 0;
		int64_t key = db_col_int64(st, 0), cid = db_col_int64(st, 4);
		const char *dob = db_col_text(st, 2), *sex = db_col_text(st, 3);
		if ((rc = cin_grow((void **)&ids, &icap, c->npersons, sizeof *ids)))
			break;
		ids[c->npersons++] = db_col_int64(st, 1);
		struct cin_child *ch = c->nchildren ? &c->children[c->nchildren - 1] : NULL;
		if (!ch || ch->child_id != key) {
			if ((rc = cin_grow((void **)&c->children, &ccap, c->nchildren,
			                   sizeof *c->children)))
				break;
			ch = &c->children[c->nchildren++];
			memset(ch, 0, sizeof *ch);
			ch->child_id = key;
			ch->first = c->nrefs;
			snprintf(ch->sex, sizeof ch->sex, "not_recorded");
		}
		int y, m, d;
		if (!ch->dob[0] && dob && strlen(dob) == 10 && !time_parse_date(dob, &y, &m, &d))
			snprintf(ch->dob, sizeof ch->dob, "%s", dob);
		if (!strcmp(ch->sex, "not_recorded") && sex)
			snprintf(ch->sex, sizeof ch->sex, "%s", sex);
		/* Two linked records of one child on one contact: one referral. */
		if (ch->n && c->refs[c->nrefs - 1].contact_id == cid)
			continue;
		if ((rc = cin_grow((void **)&c->refs, &rcap, c->nrefs, sizeof *c->refs)))
			break;
		struct cin_referral *r = &c->refs[c->nrefs++];
		memset(r, 0, sizeof *r);
		r->contact_id = cid;
		r->referral_ms = db_col_int64(st, 5);
		r->decided_ms = db_col_is_null(st, 6) ? r->referral_ms : db_col_int64(st, 6);
		snprintf(r->source, sizeof r->source, "%s", db_col_text(st, 7));
		r->nfa = db_col_int64(st, 8) == 1;
		ch->n++;
	}
	db_stmt_done(st);
	if (rc >= 0)
		rc = c->nchildren
		         ? export_audit(db, t->actor, CIN_AUDIT_ACTION, ids, c->npersons, t->now_ms)
		         : SH_ERR(NOT_FOUND);
	free(ids);
	return rc;
}

int cin_census_collect(struct db *db, const struct principal *actor,
                       const struct export_period *period, const char *lea, int64_t now_ms,
                       struct cin_census **out)
{
	struct cin_census *c = calloc(1, sizeof *c);
	if (!c)
		return SH_ERR(NOMEM);
	c->period = *period;
	c->made_ms = now_ms;
	struct cin_tx t = {actor, lea, now_ms, c};
	int rc = db_tx(db, cin_tx_fn, &t);
	if (rc) {
		cin_census_free(c);
		return rc;
	}
	*out = c;
	return 0;
}

void cin_census_free(struct cin_census *c)
{
	if (!c)
		return;
	free(c->children);
	free(c->refs);
	free(c);
}

/* ---- the XML message ---- */

static int cin_el(xmlTextWriterPtr w, const char *name, const char *value)
{
	return xmlTextWriterWriteElement(w, BAD_CAST name, BAD_CAST value) < 0 ? -1 : 0;
}

static int cin_start(xmlTextWriterPtr w, const char *name)
{
	return xmlTextWriterStartElement(w, BAD_CAST name) < 0 ? -1 : 0;
}

static int cin_end(xmlTextWriterPtr w)
{
	return xmlTextWriterEndElement(w) < 0 ? -1 : 0;
}

static int cin_header(xmlTextWriterPtr w, const struct cin_census *c)
{
	char buf[64];
	const struct export_period *p = &c->period;
	int e = cin_start(w, "Header") | cin_start(w, "CollectionDetails") |
	        cin_el(w, "Collection", "CIN");
	snprintf(buf, sizeof buf, "%04d", p->to_y % 10000);
	e |= cin_el(w, "Year", buf);
	snprintf(buf, sizeof buf, "%04d-%02d-%02d", p->to_y % 10000, p->to_m % 100, p->to_d % 100);
	e |= cin_el(w, "ReferenceDate", buf) | cin_end(w);
	e |= cin_start(w, "Source") | cin_el(w, "SourceLevel", "L") | cin_el(w, "LEA", c->lea) |
	     cin_el(w, "SoftwareCode", "safehub") | cin_el(w, "Release", SAFEHUB_VERSION) |
	     cin_el(w, "SerialNo", "001");
	/* Local London time without an offset, as the sample message has it. */
	char iso[TIME_ISO_LEN];
	time_format_iso(c->made_ms, iso);
	snprintf(buf, sizeof buf, "%.19s", iso);
	e |= cin_el(w, "DateTime", buf) | cin_end(w) | cin_end(w);
	return e;
}

static int cin_child(xmlTextWriterPtr w, const struct cin_census *c, const struct cin_child *ch)
{
	char buf[32], date[11];
	int e = cin_start(w, "Child") | cin_start(w, "ChildIdentifiers");
	snprintf(buf, sizeof buf, "%lld", (long long)ch->child_id);
	e |= cin_el(w, "LAchildID", buf);
	if (ch->dob[0])
		e |= cin_el(w, "PersonBirthDate", ch->dob);
	e |= cin_el(w, "GenderCurrent", cin_census_gender(ch->sex)) | cin_end(w);
	e |= cin_start(w, "ChildCharacteristics") | cin_el(w, "Ethnicity", "NOBT") | cin_end(w);
	for (size_t i = ch->first; i < ch->first + ch->n; i++) {
		const struct cin_referral *r = &c->refs[i];
		e |= cin_start(w, "CINdetails");
		export_format_ymd(r->referral_ms, date);
		e |= cin_el(w, "CINreferralDate", date) | cin_el(w, "ReferralSource", r->source);
		if (r->nfa) {
			/* Closed the day it was decided, NFA. */
			export_format_ymd(r->decided_ms, date);
			e |= cin_el(w, "CINclosureDate", date) |
			     cin_el(w, "ReasonForClosure", "RC8");
		}
		e |= cin_el(w, "ReferralNFA", r->nfa ? "true" : "false") | cin_end(w);
	}
	return e | cin_end(w);
}

int cin_census_xml(const struct cin_census *c, char **xml, size_t *len)
{
	xmlBufferPtr buf = xmlBufferCreate();
	if (!buf)
		return SH_ERR(NOMEM);
	xmlTextWriterPtr w = xmlNewTextWriterMemory(buf, 0);
	if (!w) {
		xmlBufferFree(buf);
		return SH_ERR(NOMEM);
	}
	xmlTextWriterSetIndent(w, 1);
	xmlTextWriterSetIndentString(w, BAD_CAST "  ");
	int e = xmlTextWriterStartDocument(w, "1.0", "UTF-8", NULL) < 0;
	e |= cin_start(w, "Message") | cin_header(w, c) | cin_start(w, "Children");
	for (size_t i = 0; i < c->nchildren && !e; i++)
		e |= cin_child(w, c, &c->children[i]);
	e |= cin_end(w) | cin_end(w);
	e |= xmlTextWriterEndDocument(w) < 0;
	xmlFreeTextWriter(w);
	int rc = 0;
	if (e) {
		rc = SH_ERR(INTERNAL);
	} else {
		size_t n = (size_t)xmlBufferLength(buf);
		char *s = malloc(n + 1);
		if (!s) {
			rc = SH_ERR(NOMEM);
		} else {
			memcpy(s, xmlBufferContent(buf), n);
			s[n] = 0;
			*xml = s;
			*len = n;
		}
	}
	xmlBufferFree(buf);
	return rc;
}
