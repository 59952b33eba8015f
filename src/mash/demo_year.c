/*
 * mash/demo_year.c — the synthetic MASH year of mash/demo_year.h.
 *
 * Structure: plan, then simulate. Planning draws, in order of receipt,
 * every contact's received time (stratified over the year's day weights, so
 * that even a small N keeps the seasonal shape), its source, family (new,
 * or a family contacted before), rating, consent and worker. Simulation
 * runs a min-heap of timed steps (create, screen, override, send, respond,
 * re-rate, propose, decide) and takes each through the domain functions at
 * its simulated time, so the audit log is in time order as it would be in
 * life. Each contact draws from its own PRNG (splitmix64, seeded by seed
 * and contact number), so its story does not depend on its neighbours'.
 */
#include "mash/demo_year.h"

#include "audit/audit.h"
#include "auth/account.h"
#include "auth/auth.h"
#include "base/arena.h"
#include "base/error.h"
#include "base/timeutil.h"
#include "db/db.h"
#include "link/synth.h"
#include "mash/agreement.h"
#include "mash/calendar.h"
#include "mash/consent.h"
#include "mash/contact.h"
#include "mash/decision.h"
#include "mash/holidays.h"
#include "mash/request.h"
#include "mash/screening.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

/* ---- staff -------------------------------------------------------------- */

const struct demo_year_user demo_year_users[] = {
    {"mash.worker1@demo.safehub.invalid", "Demo MASH Worker 1", "mash_worker",
     "demo-pass-mash-worker-1", "childrens_social_care"},
    {"mash.worker2@demo.safehub.invalid", "Demo MASH Worker 2", "mash_worker",
     "demo-pass-mash-worker-2", "childrens_social_care"},
    {"mash.worker3@demo.safehub.invalid", "Demo MASH Worker 3", "mash_worker",
     "demo-pass-mash-worker-3", "childrens_social_care"},
    {"mash.worker4@demo.safehub.invalid", "Demo MASH Worker 4", "mash_worker",
     "demo-pass-mash-worker-4", "childrens_social_care"},
    {"mash.worker5@demo.safehub.invalid", "Demo MASH Worker 5", "mash_worker",
     "demo-pass-mash-worker-5", "childrens_social_care"},
    {"mash.manager1@demo.safehub.invalid", "Demo MASH Manager 1", "mash_manager",
     "demo-pass-mash-manager-1", "childrens_social_care"},
    {"mash.manager2@demo.safehub.invalid", "Demo MASH Manager 2", "mash_manager",
     "demo-pass-mash-manager-2", "childrens_social_care"},
    {"researcher.police@demo.safehub.invalid", "Demo Police Researcher", "agency_researcher",
     "demo-pass-researcher-police", "police"},
    {"researcher.health@demo.safehub.invalid", "Demo Health Researcher", "agency_researcher",
     "demo-pass-researcher-health", "health"},
    {"researcher.education@demo.safehub.invalid", "Demo Education Researcher", "agency_researcher",
     "demo-pass-researcher-education", "education"},
    {"researcher.probation@demo.safehub.invalid", "Demo Probation Researcher", "agency_researcher",
     "demo-pass-researcher-probation", "probation"},
    {"researcher.housing@demo.safehub.invalid", "Demo Housing Researcher", "agency_researcher",
     "demo-pass-researcher-housing", "housing"},
    {"researcher.yj@demo.safehub.invalid", "Demo Youth Justice Researcher", "agency_researcher",
     "demo-pass-researcher-youth-justice", "youth_justice"},
};
const size_t demo_year_user_count = NELEM(demo_year_users);

#define N_WORKERS  5
#define N_MANAGERS 2
#define U_MANAGER  5 /* index of the first manager */
#define U_RESEARCH 7 /* index of the first researcher; agencies in this order: */

enum { AG_POLICE, AG_HEALTH, AG_EDUCATION, AG_PROBATION, AG_HOUSING, AG_YJ, AG__COUNT };
static const char *const agency_words[AG__COUNT] = {"Police",    "Health",  "Education",
                                                    "Probation", "Housing", "Youth Justice"};

/* ---- PRNG: splitmix64 --------------------------------------------------- */

static uint64_t rnd(uint64_t *s)
{
	uint64_t z = (*s += 0x9E3779B97F4A7C15ull);
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
	return z ^ (z >> 31);
}

static uint64_t rnd_seed(uint64_t seed, uint64_t a, uint64_t b)
{
	uint64_t s = seed ^ (a * 0xD1B54A32D192ED03ull) ^ (b * 0x8CB92BA72F3D8DD7ull);
	rnd(&s);
	return s;
}

static double unit(uint64_t *s)
{
	return (double)(rnd(s) >> 11) * 0x1p-53;
}

static int chance(uint64_t *s, double p)
{
	return unit(s) < p;
}

static int between(uint64_t *s, int lo, int hi) /* inclusive */
{
	return lo + (int)((rnd(s) >> 33) % (uint64_t)(hi - lo + 1));
}

static double gauss(uint64_t *s)
{
	double u = unit(s), v = unit(s);
	if (u < 1e-12)
		u = 1e-12;
	return sqrt(-2.0 * log(u)) * cos(6.283185307179586 * v);
}

/* Index drawn from weights w[0..n). */
static int pick(uint64_t *s, const double *w, int n)
{
	double t = 0;
	for (int i = 0; i < n; i++)
		t += w[i];
	double u = unit(s) * t;
	for (int i = 0; i < n; i++) {
		if (u < w[i])
			return i;
		u -= w[i];
	}
	return n - 1;
}

/* ---- the world: sources, factors, schools -------------------------------- */

struct source {
	const char *code;
	double w;
	const char *role;   /* NULL: anonymous */
	const char *agency; /* NULL: an individual; "" = the child's school */
};

/* CIN ReferralSource mix of a MASH year (DOMAIN.md §4, §11). */
static const struct source sources[] = {
    {"6", 190, "Police Constable", "Demo Police"},
    {"2A", 270, "Designated Safeguarding Lead", ""},
    {"2B", 20, "Education Welfare Officer", "Demo Education"},
    {"3A", 30, "GP", "Demo Health, GP practice"},
    {"3B", 30, "Health Visitor", "Demo Health"},
    {"3C", 12, "School Nurse", "Demo Health"},
    {"3D", 18, "Practice Nurse", "Demo Health"},
    {"3E", 40, "Emergency Department Nurse", "Demo Health, hospital"},
    {"3F", 10, "Hospice Nurse", "Demo Health"},
    {"4", 30, "Housing Officer", "Demo Housing"},
    {"5A", 30, "Adult Social Worker", "Demo Council Adult Social Care"},
    {"5B", 20, "Youth Offending Officer", "Demo Youth Justice"},
    {"5C", 20, "Social Worker", "Another London Borough"},
    {"5D", 30, "Early Help Practitioner", "Demo Council Early Help"},
    {"1A", 40, "Grandparent", NULL},
    {"1B", 20, "Neighbour", NULL},
    {"1C", 15, "Young person (self)", NULL},
    {"1D", 15, "Member of the public", NULL},
    {"7", 30, "Probation Officer", "Demo Probation"},
    {"8", 40, "Children's Centre Worker", "Demo Voluntary Sector"},
    {"9", 30, NULL, NULL},
    {"10", 10, "Not recorded", NULL},
};
#define N_SOURCES ((int)NELEM(sources))

enum {
	IND_DA = 1 << 0,
	IND_VIOL = 1 << 1,
	IND_WEAP = 1 << 2,
	IND_DRUGS = 1 << 3,
	IND_ALC = 1 << 4,
	IND_MH = 1 << 5,
	IND_MISSING = 1 << 6,
	IND_CSE = 1 << 7,
	IND_CCE = 1 << 8,
	IND_GANG = 1 << 9,
	IND_SEX = 1 << 10,
	IND_NEG = 1 << 11,
};
/* In bit order, the codes of request_indicators. */
static const char *const ind_codes[] = {
    "domestic_abuse",   "violence",         "weapons",          "drugs",
    "alcohol",          "mental_health",    "missing_episodes", "exploitation_cse",
    "exploitation_cce", "gang_association", "sexual_offence",   "neglect"};
/* What each agency's records could show. */
static const unsigned agency_sees[AG__COUNT] = {
    IND_DA | IND_VIOL | IND_WEAP | IND_DRUGS | IND_MISSING | IND_CSE | IND_CCE | IND_GANG | IND_SEX,
    IND_MH | IND_ALC | IND_DRUGS | IND_NEG | IND_SEX | IND_VIOL,
    IND_NEG | IND_MH | IND_MISSING | IND_VIOL | IND_CSE,
    IND_DA | IND_VIOL | IND_DRUGS | IND_ALC | IND_SEX,
    IND_NEG | IND_DA,
    IND_CCE | IND_GANG | IND_WEAP | IND_VIOL | IND_DRUGS,
};

struct factor {
	const char *code;
	double w;
	int severe; /* weighs more at level 4 */
	unsigned ind;
	const char *text;
};

/* CIN factor codes (DOMAIN.md §4) with a sentence a referrer might write. */
static const struct factor factors[] = {
    {"3B", 220, 0, IND_DA,
     "Domestic abuse between the parents; the children were at home during the latest "
     "incident."},
    {"4B", 120, 0, IND_MH,
     "A parent's mental health has deteriorated and the children's care "
     "is suffering."},
    {"16A", 110, 0, IND_NEG,
     "The children are often hungry and unkempt and the home "
     "conditions are poor."},
    {"2B", 90, 0, IND_DRUGS, "A parent is said to be using drugs while caring for the children."},
    {"1B", 70, 0, IND_ALC, "A parent is often intoxicated when collecting the children."},
    {"18C", 80, 1, IND_VIOL,
     "The child has a bruise they could not explain and said an adult "
     "at home hurt them."},
    {"17A", 70, 0, 0, "The child describes being shouted at and belittled at home."},
    {"14A", 50, 0, IND_VIOL,
     "The child's behaviour has escalated, with aggression at school "
     "and in the community."},
    {"4A", 60, 0, IND_MH, "The child has spoken about low mood and thoughts of self-harm."},
    {"15A", 40, 1, IND_MH, "The child has self-harmed; staff saw the injuries."},
    {"10A", 40, 1, IND_MISSING,
     "The child has been reported missing twice this month and came "
     "back late at night."},
    {"24A", 30, 1, IND_CCE | IND_GANG,
     "There are worries the child is carrying drugs for older "
     "young people."},
    {"11A", 25, 1, IND_CSE,
     "The child is in contact with older adults online and has been "
     "seen getting into cars."},
    {"13A", 20, 1, IND_GANG | IND_WEAP,
     "The child is linked to a local gang and may carry a "
     "knife."},
    {"19C", 20, 1, IND_SEX,
     "The child has disclosed sexual abuse by an adult known to the "
     "family."},
    {"7A", 20, 0, 0, "The child is a young carer for a parent and is missing school."},
    {"22A", 5, 1, 0,
     "There is a worry that the child may be at risk of female genital "
     "mutilation."},
    {"9A", 5, 0, 0, "An unaccompanied asylum-seeking child has come to the front desk."},
    {"20", 40, 0, 0, "The referrer is worried about the child's wellbeing at home."},
};
#define N_FACTORS ((int)NELEM(factors))

static const char *const schools[] = {
    "Riverside Primary School",   "St Anne's CE Primary School", "Northbrook Academy",
    "Greenway Secondary School",  "Hillview Primary School",     "Canal Side Academy",
    "Our Lady RC High School",    "Parkfield Primary School",    "Elmstead Community School",
    "Thames Gateway Free School", "Marsh Lane Primary School",   "Kingsgate Girls' School",
};

/* ---- the year ------------------------------------------------------------ */

/* Month factors, April first: the August and December dips, the autumn peak. */
static const double month_factor[12] = {0.92, 1.00, 1.02, 0.97, 0.70, 1.08,
                                        1.16, 1.12, 0.92, 1.05, 1.06, 1.08};

/* London school terms 2025-26 (first and last day, inclusive). */
static const char *const terms[][2] = {
    {"2025-04-22", "2025-05-23"}, {"2025-06-02", "2025-07-22"}, {"2025-09-03", "2025-10-24"},
    {"2025-11-03", "2025-12-19"}, {"2026-01-05", "2026-02-13"}, {"2026-02-23", "2026-03-27"},
};

static int64_t day_of(const char *ymd)
{
	int y, m, d;
	if (time_parse_date(ymd, &y, &m, &d))
		return 0;
	return time_days_from_civil(y, m, d);
}

static int in_term(int64_t day)
{
	for (size_t i = 0; i < NELEM(terms); i++)
		if (day >= day_of(terms[i][0]) && day <= day_of(terms[i][1]))
			return 1;
	return 0;
}

/* ---- simulation state ---------------------------------------------------- */

#define MAX_REQ         6
#define MAX_CHILD       3
#define DEMO_FAMILY_MAX 4 /* contacts about one family in the year */

struct sc {
	uint64_t rng;
	int64_t received, id, screened, propose_at, first_resp;
	uint32_t family;
	uint16_t k; /* earlier contacts of the family */
	uint8_t source, rag, level, consent, routed, worker, manager, enquiry, rerate, reject;
	uint8_t n_factors, factor[3], n_req, by_manager, decided, referral, decline_next;
	uint8_t req_ag[MAX_REQ];
	int64_t req_id[MAX_REQ], req_due[MAX_REQ], req_at[MAX_REQ], req_sent;
	uint8_t req_done[MAX_REQ];
	int8_t prior_high;  /* the family's earlier contact was level 3 or 4 */
	uint8_t min_age_ok; /* some child is of school age (4+) */
	uint8_t teen;       /* some child is 10+ */
};

enum step {
	ST_CREATE,
	ST_SCREEN,
	ST_OVR_REQ,
	ST_OVR_AUTH,
	ST_SEND,
	ST_RESPOND,
	ST_RERATE,
	ST_PROPOSE,
	ST_DECIDE
};

static const char *const step_names[] = {"contact",
                                         "screening",
                                         "consent override request",
                                         "consent override authorisation",
                                         "request",
                                         "response",
                                         "re-rating",
                                         "decision proposal",
                                         "decision authorisation"};

struct ev {
	int64_t at;
	uint32_t seq, ci;
	uint8_t step, arg;
};

struct heap {
	struct ev *v;
	size_t n, cap;
	uint32_t seq;
};

static int ev_less(const struct ev *a, const struct ev *b)
{
	return a->at < b->at || (a->at == b->at && a->seq < b->seq);
}

static int heap_push(struct heap *h, int64_t at, uint32_t ci, int step, int arg)
{
	if (h->n == h->cap) {
		size_t cap = h->cap ? h->cap * 2 : 1024;
		struct ev *v = realloc(h->v, cap * sizeof *v);
		if (!v)
			return SH_ERR(NOMEM);
		h->v = v;
		h->cap = cap;
	}
	struct ev e = {at, h->seq++, ci, (uint8_t)step, (uint8_t)arg};
	size_t i = h->n++;
	while (i > 0) {
		size_t p = (i - 1) / 2;
		if (!ev_less(&e, &h->v[p]))
			break;
		h->v[i] = h->v[p];
		i = p;
	}
	h->v[i] = e;
	return 0;
}

static struct ev heap_pop(struct heap *h)
{
	struct ev top = h->v[0], last = h->v[--h->n];
	size_t i = 0;
	for (;;) {
		size_t l = 2 * i + 1, r = l + 1, m = i;
		const struct ev *best = &last;
		if (l < h->n && ev_less(&h->v[l], best)) {
			m = l;
			best = &h->v[l];
		}
		if (r < h->n && ev_less(&h->v[r], best))
			m = r;
		if (m == i)
			break;
		h->v[i] = h->v[m];
		i = m;
	}
	if (h->n)
		h->v[i] = last;
	return top;
}

struct sim {
	struct db *db;
	const struct demo_year_options *o;
	struct demo_year_summary *sum;
	struct calendar cal;
	struct rag_policy pol;
	struct synth_gen *gen;
	struct principal staff[NELEM(demo_year_users)];
	int64_t agency[AG__COUNT];
	int64_t agreement;
	int64_t year_start, year_end;
	struct sc *c;
	long n;
	struct heap h;
	struct arena a;
	const char *step;
	int entered; /* the transaction body runs once: a retry would replay side effects */
};

/* Working minutes after t on the MASH calendar. */
static int64_t after(struct sim *s, int64_t t, int64_t minutes)
{
	return cal_add_working(&s->cal, t, minutes);
}

/* ---- planning ------------------------------------------------------------ */

/* The received times of n contacts, sorted: days by stratified draws over
 * the day weights, a time of day by whether the day is working. */
static int plan_times(struct sim *s)
{
	int64_t d0 = day_of(DEMO_YEAR_FROM), d1 = day_of(DEMO_YEAR_TO);
	int nd = (int)(d1 - d0 + 1);
	double *cum = malloc((size_t)nd * sizeof *cum);
	if (!cum)
		return SH_ERR(NOMEM);
	double t = 0;
	int64_t xmas0 = day_of("2025-12-20"), xmas1 = day_of("2026-01-04");
	for (int i = 0; i < nd; i++) {
		int64_t day = d0 + i;
		int y, m, d;
		time_civil_from_days(day, &y, &m, &d);
		int wd = time_weekday(day);
		double w = wd == 0 ? 0.18 : wd == 6 ? 0.22 : 1.0;
		if (wd != 0 && wd != 6 && !cal_is_working_day(&s->cal, day))
			w = 0.25; /* bank holiday */
		w *= month_factor[(m + 8) % 12];
		if (day >= xmas0 && day <= xmas1)
			w *= 0.55;
		else if (m != 8 && !in_term(day))
			w *= 0.9;
		t += w;
		cum[i] = t;
	}
	uint64_t r = rnd_seed(s->o->seed, 0x71AE, 0);
	for (long i = 0; i < s->n; i++) {
		double u = ((double)i + unit(&r)) / (double)s->n * t;
		int lo = 0, hi = nd - 1;
		while (lo < hi) {
			int mid = (lo + hi) / 2;
			if (cum[mid] < u)
				lo = mid + 1;
			else
				hi = mid;
		}
		int64_t day = d0 + lo;
		int y, m, d, min;
		time_civil_from_days(day, &y, &m, &d);
		if (cal_is_working_day(&s->cal, day)) {
			if (chance(&r, 0.82)) /* office hours, busiest late morning */
				min = 540 + (int)((unit(&r) + unit(&r) + unit(&r)) / 3 * 480 * 0.9 +
				                  unit(&r) * 48);
			else if (chance(&r, 0.6))
				min = between(&r, 1020, 1379); /* evening */
			else if (chance(&r, 0.6))
				min = between(&r, 0, 419); /* night */
			else
				min = between(&r, 420, 539); /* early morning */
		} else {
			min = chance(&r, 0.8) ? between(&r, 480, 1439) : between(&r, 0, 479);
		}
		s->c[i].received =
		    time_london_to_utc(y, m, d, min / 60, min % 60, between(&r, 0, 59));
	}
	free(cum);
	/* stratified draws come out in order of day; times within a day do not */
	for (long i = 1; i < s->n; i++) {
		int64_t v = s->c[i].received;
		long j = i;
		while (j > 0 && s->c[j - 1].received > v) {
			s->c[j].received = s->c[j - 1].received;
			j--;
		}
		s->c[j].received = v;
	}
	return 0;
}

static int plan_source(uint64_t *r, int64_t received, struct sim *s)
{
	double w[N_SOURCES];
	int64_t day = cal_local_day(received);
	int working = cal_is_working_time(&s->cal, received);
	int term = in_term(day);
	for (int i = 0; i < N_SOURCES; i++) {
		w[i] = sources[i].w;
		const char *c = sources[i].code;
		if (!term && (!strcmp(c, "2A") || !strcmp(c, "3C")))
			w[i] *= 0.2;
		if (!term && !strcmp(c, "2B"))
			w[i] *= 0.4;
		if (!working) {
			if (!strcmp(c, "6"))
				w[i] *= 2.5;
			else if (!strcmp(c, "3E"))
				w[i] *= 2.0;
			else if (c[0] == '2' || !strcmp(c, "3A") || !strcmp(c, "3B") || c[0] == '5')
				w[i] *= 0.08;
		}
	}
	return pick(r, w, N_SOURCES);
}

static void plan_factors(uint64_t *r, struct sc *c)
{
	int want = c->level <= 1 ? 1 : c->level == 2 ? between(r, 1, 2) : c->level == 3 ? 2 : 3;
	double w[N_FACTORS];
	for (int i = 0; i < N_FACTORS; i++)
		w[i] = factors[i].w * (c->level == 4 && factors[i].severe ? 4.0 : 1.0) *
		       (c->level <= 2 && factors[i].severe ? 0.3 : 1.0);
	c->n_factors = 0;
	for (int t = 0; t < want; t++) {
		int f = pick(r, w, N_FACTORS);
		w[f] = 0;
		c->factor[c->n_factors++] = (uint8_t)f;
	}
}

/* Everything about contact i that is known when it arrives. */
static void plan_contact(struct sim *s, long i, uint32_t *next_family, uint16_t *fam_count)
{
	struct sc *c = &s->c[i];
	c->rng = rnd_seed(s->o->seed, 0xC0417AC7, (uint64_t)i);
	uint64_t *r = &c->rng;
	c->source = (uint8_t)plan_source(r, c->received, s);
	/* a family contacted before (at most DEMO_FAMILY_MAX contacts each), most
	 * often one whose needs were higher */
	c->prior_high = 0;
	c->family = UINT32_MAX;
	if (i > 0 && chance(r, 0.36)) {
		for (int tries = 0; tries < 4; tries++) {
			long j = (long)((rnd(r) >> 11) % (uint64_t)i);
			const struct sc *e = &s->c[j];
			if (fam_count[e->family] >= DEMO_FAMILY_MAX)
				continue;
			if (e->level >= 3 || chance(r, 0.3)) {
				c->family = e->family;
				c->prior_high = e->level >= 3;
				break;
			}
		}
	}
	if (c->family == UINT32_MAX)
		c->family = (*next_family)++;
	c->k = fam_count[c->family]++;
	c->routed = chance(r, 0.05);
	double rw[4] = {0.07, 0.21, 0.58, 0.14}; /* red, amber, green, blue */
	if (c->prior_high) {
		rw[0] = 0.12;
		rw[1] = 0.32;
		rw[2] = 0.48;
		rw[3] = 0.08;
	}
	c->rag = (uint8_t)pick(r, rw, 4);
	c->level = (uint8_t)(c->rag == RAG_RED     ? 4
	                     : c->rag == RAG_AMBER ? 3
	                     : c->rag == RAG_GREEN ? 2
	                                           : 1);
	if (c->routed)
		c->level = 0;
	double cw[3] = {0.55, 0.17, 0.28}; /* given, refused, not sought */
	if (c->rag == RAG_RED) {
		cw[0] = 0.3;
		cw[2] = 0.55;
	}
	c->consent = (uint8_t)pick(r, cw, 3);
	c->worker = (uint8_t)between(r, 0, N_WORKERS - 1);
	c->manager = (uint8_t)between(r, 0, N_MANAGERS - 1);
	c->enquiry = !c->routed && (c->rag == RAG_RED || c->rag == RAG_AMBER ||
	                            (c->rag == RAG_GREEN && chance(r, 0.75)));
	if (c->enquiry && c->consent != 0 && c->rag == RAG_GREEN && chance(r, 0.3))
		c->enquiry = 0; /* consent refused: decide on what the referrer said */
	c->rerate = c->enquiry && (c->rag == RAG_GREEN || c->rag == RAG_AMBER) && chance(r, 0.07);
	c->reject = chance(r, 0.03);
	c->by_manager = chance(r, 0.05);
	plan_factors(r, c);
}

/* ---- steps ---------------------------------------------------------------- */

static const char *sex_word(char s)
{
	return s == 'M' ? "male" : s == 'F' ? "female" : NULL;
}

static const char *nz(struct arena *a, const char *s)
{
	return s && s[0] ? arena_strdup(a, s) : NULL;
}

/* The demo DOBs run to 2024 so no child is born after the year begins:
 * records of 2025 (the synthetic generator's last year) move back a year.
 * A record whose year was mis-keyed out of a child's range (2008 written
 * 2006, 2025 written 2026) takes the true date: a referral names a child. */
static const char *demo_dob(struct arena *a, const char *dob, const char *truth)
{
	if (dob[0] && (strncmp(dob, "2007", 4) < 0 || strncmp(dob, "2025", 4) > 0))
		dob = truth; /* the generator's true dates run 2008 to 2025 */
	if (!dob[0])
		return NULL;
	if (!strncmp(dob, "2025", 4))
		return arena_printf(a, "2024%s", dob + 4);
	return arena_strdup(a, dob);
}

static int age_on(const char *dob, int64_t t)
{
	int y, m, d, ty, tm, td;
	if (!dob || time_parse_date(dob, &y, &m, &d))
		return 8;
	time_civil_from_days(cal_local_day(t), &ty, &tm, &td);
	return ty - y - (tm < m || (tm == m && td < d));
}

static void person_from(struct arena *a, const struct synth_person *sp, struct person_new *p)
{
	memset(p, 0, sizeof *p);
	p->given_name = nz(a, sp->given);
	p->family_name = nz(a, sp->family);
	p->other_names = nz(a, sp->middle);
	p->sex = sex_word(sp->sex);
	p->nhs_number = nz(a, sp->nhs);
	p->address = nz(a, sp->address);
	p->postcode = nz(a, sp->postcode);
}

/* ASCII letters of s, lower case, into out (for a synthetic email). */
static void slug(const char *s, char *out, size_t cap)
{
	size_t n = 0;
	for (; *s && n + 1 < cap; s++)
		if ((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z'))
			out[n++] = (char)(*s | 0x20);
	out[n] = '\0';
	if (!n && cap > 1)
		snprintf(out, cap, "referrer");
}

static int step_create(struct sim *s, uint32_t ci, int64_t now)
{
	struct sc *c = &s->c[ci];
	struct arena *a = &s->a;
	uint64_t *r = &c->rng;
	int twins;
	int nch = synth_family_children(s->gen, c->family, &twins);
	if (nch > MAX_CHILD)
		nch = MAX_CHILD;
	struct person_new kids[MAX_CHILD], hh[2];
	size_t nhh = 0;
	c->min_age_ok = 0;
	c->teen = 0;
	const struct source *src = &sources[c->source];
	for (int j = 0; j < nch; j++) {
		struct synth_person sp, truth;
		synth_child_record(s->gen, c->family, j, c->k, &sp);
		synth_child_record(s->gen, c->family, j, 0, &truth);
		person_from(a, &sp, &kids[j]);
		if (!kids[j].given_name && !kids[j].family_name)
			kids[j].family_name = nz(a, truth.family[0] ? truth.family : "Unknown");
		kids[j].dob = demo_dob(a, sp.dob, truth.dob);
		if (!strcmp(src->code, "9") && kids[j].dob && chance(r, 0.5)) {
			kids[j].dob = arena_strndup(a, kids[j].dob, 4); /* "about 9" */
			kids[j].dob_estimated = 1;
		}
		int age = age_on(demo_dob(a, truth.dob, truth.dob), c->received);
		c->min_age_ok |= age >= 4;
		c->teen |= age >= 10;
		if (age >= 4 && age <= 16 && chance(r, 0.85))
			kids[j].school =
			    schools[(c->family * 7u + (uint32_t)age / 5) % NELEM(schools)];
	}
	for (int w = 0; w < 2; w++) {
		if (!chance(r, w == 0 ? 0.85 : 0.4))
			continue;
		struct synth_person sp;
		synth_carer(s->gen, c->family, w, &sp);
		struct person_new *p = &hh[nhh++];
		person_from(a, &sp, p);
		p->dob = nz(a, sp.dob);
		p->other_names = NULL;
		p->relationship = w == 0 ? "mother" : "father or mother's partner";
	}
	/* the referrer: a synthetic adult from a family nobody else uses */
	struct contact_referrer ref = {0};
	char phone[32], email[160];
	if (src->role) {
		struct synth_person rp;
		synth_carer(s->gen, 0x40000000u + ci, (int)(ci & 1), &rp);
		if (!strcmp(src->code, "1C"))
			ref.name = arena_printf(a, "%s (the young person)",
			                        kids[0].given_name ? kids[0].given_name : "Child");
		else if (!strcmp(src->code, "10"))
			ref.name = "Caller did not give a name";
		else
			ref.name = arena_printf(a, "%s %s", rp.given, rp.family);
		ref.role = src->role;
		if (src->agency)
			ref.agency = src->agency[0] ? (kids[0].school ? kids[0].school : schools[0])
			                            : src->agency;
		snprintf(phone, sizeof phone, "020 7946 0%03d", (int)(ci % 1000));
		ref.phone = phone;
		if (src->agency) {
			char g[40], f[60];
			slug(rp.given, g, sizeof g);
			slug(rp.family, f, sizeof f);
			snprintf(email, sizeof email, "%s.%s@demo.safehub.invalid", g, f);
			ref.email = email;
		}
	}
	const char *codes[3];
	const char *concerns = "";
	for (int f = 0; f < c->n_factors; f++) {
		codes[f] = factors[c->factor[f]].code;
		concerns =
		    arena_printf(a, "%s%s%s", concerns, f ? " " : "", factors[c->factor[f]].text);
	}
	if (c->k > 0)
		concerns = arena_printf(a, "%s The family is known to services.", concerns);
	if (!concerns)
		return SH_ERR(NOMEM);
	const char *basis = c->consent == 0 && chance(r, 0.1)     ? "consent"
	                    : c->rag == RAG_RED && chance(r, 0.1) ? "vital_interests"
	                    : chance(r, 0.12)                     ? "legal_obligation"
	                                                          : "public_task";
	struct contact_new cn = {
	    .received_ms = c->received,
	    .source = src->code,
	    .referrer = ref,
	    .children = kids,
	    .n_children = (size_t)nch,
	    .household = hh,
	    .n_household = nhh,
	    .concerns = concerns,
	    .factors = codes,
	    .n_factors = c->n_factors,
	    .open_to_csc = c->routed,
	    .consent = contact_consents[c->consent],
	    .lawful_basis = basis,
	};
	struct contact_created out;
	int rc = contact_create(s->db, &s->staff[c->worker], &cn, now, a, &out);
	if (rc)
		return rc;
	c->id = out.id;
	s->sum->children += nch;
	s->sum->household += (long)nhh;
	if (c->routed) {
		s->sum->routed++;
		return 0;
	}
	int64_t delay = c->rag == RAG_RED     ? between(r, 10, 60)
	                : c->rag == RAG_AMBER ? between(r, 30, 150)
	                : c->rag == RAG_BLUE  ? between(r, 30, 240)
	                                      : between(r, 60, 420);
	return heap_push(&s->h, after(s, c->received, delay), ci, ST_SCREEN, 0);
}

/* The time the MASH decides: when every request is answered or past due,
 * plus time to weigh it (no enquiry: time to read the contact). */
static int64_t decide_time(struct sim *s, struct sc *c, int64_t from)
{
	uint64_t *r = &c->rng;
	if (!c->n_req) {
		int64_t gap = c->rag == RAG_BLUE ? between(r, 15, 240) : between(r, 90, 600);
		return after(s, from, gap);
	}
	/* the MASH waits for an answer until it is due, or for amber and green
	 * until its own patience runs out (the late answer still comes) */
	int64_t patience = c->rag == RAG_RED ? 240 : c->rag == RAG_AMBER ? 420 : 960;
	int64_t limit = after(s, from, patience);
	int64_t wait = from;
	for (int i = 0; i < c->n_req; i++) {
		int64_t t = c->req_at[i] < c->req_due[i] ? c->req_at[i] : c->req_due[i];
		if (t > limit)
			t = limit;
		if (t > wait)
			wait = t;
	}
	int64_t gap = c->rag == RAG_RED     ? between(r, 10, 45)
	              : c->rag == RAG_AMBER ? between(r, 30, 150)
	                                    : between(r, 60, 300);
	return after(s, wait, gap);
}

static int step_screen(struct sim *s, uint32_t ci, int64_t now)
{
	struct sc *c = &s->c[ci];
	struct screening_new sn = {.rag = (enum rag)c->rag, .level = c->level};
	struct screening_result res;
	const char *field;
	int rc = screening_rate(s->db, &s->staff[c->worker], c->id, &sn, now, &res, &field);
	if (rc)
		return rc;
	c->screened = now;
	if (c->enquiry && c->consent != 0)
		return heap_push(&s->h, after(s, now, between(&c->rng, 5, 20)), ci, ST_OVR_REQ, 0);
	if (c->enquiry)
		return heap_push(&s->h, after(s, now, between(&c->rng, 5, 30)), ci, ST_SEND, 0);
	c->propose_at = decide_time(s, c, now);
	return heap_push(&s->h, c->propose_at, ci, ST_PROPOSE, 0);
}

static int step_override_request(struct sim *s, uint32_t ci, int64_t now)
{
	struct sc *c = &s->c[ci];
	const char *why = c->consent == 1
	                      ? "Consent refused by the parent. Sharing is necessary and "
	                        "proportionate to find out whether the child is at risk of harm."
	                      : "Consent not sought: telling the family now could put the child "
	                        "at greater risk.";
	int64_t id;
	int rc = consent_override_request(s->db, &s->staff[c->worker], c->id, why, now, &id);
	if (rc)
		return rc;
	int64_t gap = c->rag == RAG_RED ? between(&c->rng, 5, 30) : between(&c->rng, 15, 120);
	return heap_push(&s->h, after(s, now, gap), ci, ST_OVR_AUTH, 0);
}

static int step_override_authorise(struct sim *s, uint32_t ci, int64_t now)
{
	struct sc *c = &s->c[ci];
	int64_t id;
	int rc =
	    consent_override_authorise(s->db, &s->staff[U_MANAGER + c->manager], c->id, now, &id);
	if (rc)
		return rc;
	s->sum->overrides++;
	return heap_push(&s->h, after(s, now, between(&c->rng, 5, 30)), ci, ST_SEND, 0);
}

/* Median working minutes to answer, by agency and RAG (red, amber, green),
 * and the share of slow answers (five times longer). */
static const double resp_median[AG__COUNT][3] = {
    {50, 100, 200}, {100, 150, 300}, {80, 120, 240},
    {90, 130, 280}, {130, 180, 400}, {70, 120, 250},
};
static const double resp_slow[AG__COUNT] = {0.03, 0.09, 0.04, 0.06, 0.12, 0.04};
static const double resp_known[AG__COUNT] = {0.45, 0.5, 0.6, 0.2, 0.25, 0.2};

static int step_send(struct sim *s, uint32_t ci, int64_t now)
{
	struct sc *c = &s->c[ci];
	uint64_t *r = &c->rng;
	int hi = c->rag != RAG_GREEN;
	int want[AG__COUNT] = {
	    hi || chance(r, 0.8),
	    chance(r, hi ? 0.95 : 0.7),
	    c->min_age_ok && chance(r, hi ? 0.9 : 0.75),
	    chance(r, c->rag == RAG_RED ? 0.3 : 0.12),
	    chance(r, 0.12),
	    c->teen && chance(r, 0.12),
	};
	for (int f = 0; f < c->n_factors; f++)
		if (factors[c->factor[f]].ind & (IND_CCE | IND_GANG))
			want[AG_YJ] = c->teen;
	int64_t ids[AG__COUNT];
	c->n_req = 0;
	for (int g = 0; g < AG__COUNT; g++)
		if (want[g]) {
			c->req_ag[c->n_req] = (uint8_t)g;
			ids[c->n_req++] = s->agency[g];
		}
	if (!c->n_req) {
		c->req_ag[0] = AG_POLICE;
		ids[0] = s->agency[AG_POLICE];
		c->n_req = 1;
	}
	const char *q = "Please share what your agency holds about the children named and their "
	                "household that is relevant to:";
	for (int f = 0; f < c->n_factors; f++)
		q = arena_printf(&s->a, "%s%s %s", q, f ? ";" : "", factors[c->factor[f]].text);
	if (!q)
		return SH_ERR(NOMEM);
	struct request_send rs = {c->id, s->agreement, ids, c->n_req, q};
	struct request_sent *out;
	size_t nout;
	const char *field;
	int rc = request_send(s->db, &s->staff[c->worker], &rs, now, &s->a, &out, &nout, &field);
	if (rc)
		return rc;
	c->req_sent = now;
	c->first_resp = INT64_MAX;
	for (int i = 0; i < c->n_req; i++) {
		int g = c->req_ag[i];
		int ri = c->rag == RAG_RED ? 0 : c->rag == RAG_AMBER ? 1 : 2;
		double m = resp_median[g][ri] * exp(0.7 * gauss(r));
		if (chance(r, resp_slow[g]))
			m *= 5;
		c->req_id[i] = out[i].id;
		c->req_due[i] = out[i].due_ms;
		c->req_at[i] = after(s, now, (int64_t)m + 5);
		if (c->req_at[i] < c->first_resp)
			c->first_resp = c->req_at[i];
		s->sum->requests++;
		if ((rc = heap_push(&s->h, c->req_at[i], ci, ST_RESPOND, i)))
			return rc;
	}
	c->propose_at = decide_time(s, c, now);
	if (c->rerate && c->first_resp < c->propose_at) {
		int64_t t = after(s, c->first_resp, 5);
		if (t < c->propose_at && (rc = heap_push(&s->h, t, ci, ST_RERATE, 0)))
			return rc;
	}
	return heap_push(&s->h, c->propose_at, ci, ST_PROPOSE, 0);
}

static int step_respond(struct sim *s, uint32_t ci, int i, int64_t now)
{
	struct sc *c = &s->c[ci];
	uint64_t *r = &c->rng;
	int g = c->req_ag[i];
	const struct principal *who = &s->staff[U_RESEARCH + g];
	int64_t rid;
	const char *field;
	int rc;
	c->req_done[i] = 1;
	if (now > c->req_due[i])
		s->sum->requests_overdue++;
	if (chance(r, 0.025)) {
		static const char *const why[] = {
		    "The information is held under a court order; please apply to our legal team.",
		    "We hold no lawful basis to share this record without the adult's consent; "
		    "please contact our information governance team.",
		    "The record belongs to another force; the request has been passed to them."};
		rc = request_decline(s->db, who, c->req_id[i], why[between(r, 0, 2)], now, &rid,
		                     &field);
		s->sum->declined++;
		return rc;
	}
	unsigned seen = 0;
	for (int f = 0; f < c->n_factors; f++)
		seen |= factors[c->factor[f]].ind;
	seen &= agency_sees[g];
	double pk = resp_known[g] + (c->level >= 3 ? 0.1 : 0) + (c->k > 0 ? 0.1 : 0);
	if (!chance(r, pk)) {
		struct request_answer_new ans = {
		    .outcome = "not_known",
		    .findings = chance(r, 0.5) ? "No records found for the children "
		                                 "or the adults named."
		                               : NULL};
		s->sum->not_known++;
		return request_respond(s->db, who, c->req_id[i], &ans, now, &s->a, &rid, &field);
	}
	const char *ind[12];
	size_t nind = 0;
	const char *text = arena_printf(&s->a, "%s records:", agency_words[g]);
	for (int b = 0; b < 12; b++)
		if ((seen >> b) & 1 && chance(r, 0.8)) {
			ind[nind++] = ind_codes[b];
			text =
			    arena_printf(&s->a, "%s%s %s", text, nind > 1 ? "," : "", ind_codes[b]);
		}
	if (!nind)
		text = arena_printf(&s->a, "%s the family is known; no current concerns recorded.",
		                    text);
	else
		text = arena_printf(&s->a, "%s (%d entries in the last 12 months).", text,
		                    between(r, 1, 6));
	if (!text)
		return SH_ERR(NOMEM);
	struct request_answer_new ans = {"known", text, ind, nind};
	s->sum->known++;
	return request_respond(s->db, who, c->req_id[i], &ans, now, &s->a, &rid, &field);
}

static int step_rerate(struct sim *s, uint32_t ci, int64_t now)
{
	struct sc *c = &s->c[ci];
	int up = !(c->rag == RAG_AMBER && chance(&c->rng, 0.3));
	c->rag = (uint8_t)(up ? c->rag - 1 : c->rag + 1); /* red < amber < green */
	c->level = (uint8_t)(up ? c->level + 1 : c->level - 1);
	struct screening_new sn = {
	    .rag = (enum rag)c->rag,
	    .level = c->level,
	    .reason = up ? "Agency information shows the risk is higher than the referral said."
	                 : "Agency information shows the needs are lower than first thought."};
	struct screening_result res;
	const char *field;
	int rc = screening_rate(s->db, &s->staff[c->worker], c->id, &sn, now, &res, &field);
	if (!rc)
		s->sum->rerated++;
	return rc;
}

/* Outcome (index of decision_outcomes) and final level for level L. */
static int draw_outcome(uint64_t *r, int L, int *final)
{
	enum { NFA, SIGNPOST, EH, S17, S47, PASS, OTHER };
	static const double w[5][7] = {
	    {0},
	    {55, 45, 0, 0, 0, 0, 0},
	    {10, 28, 55, 0, 0, 0, 7},
	    {12, 0, 18, 60, 6, 0, 4},
	    {0, 0, 0, 25, 75, 0, 0},
	};
	int o = pick(r, w[L], 7);
	*final = L == 3 && o == EH ? 2 : L;
	return o;
}

static const char *const rationale[DEMO_YEAR_OUTCOMES] = {
    "The information gathered shows no role for children's social care or other services.",
    "Needs can be met by universal services; the family has been given details.",
    "Emerging needs that an early help assessment with a lead professional can meet.",
    "Complex needs: a child and family assessment under section 17 is needed.",
    "Reasonable cause to suspect significant harm: a strategy discussion under section 47.",
    "The child is open to an allocated worker, who has been told.",
    "Another agency is best placed to respond; a referral has been made to them.",
};

static int step_propose(struct sim *s, uint32_t ci, int64_t now)
{
	struct sc *c = &s->c[ci];
	uint64_t *r = &c->rng;
	int final;
	int o = draw_outcome(r, c->level, &final);
	static const char *const methods[] = {"phone", "secure_email", "email", "letter"};
	static const double mw[] = {50, 35, 10, 5};
	int anon = !strcmp(sources[c->source].code, "9");
	struct decision_new d = {
	    .level = final,
	    .outcome = decision_outcomes[o],
	    .rationale = rationale[o],
	    .feedback_text = anon ? NULL
	                          : "Thanked the referrer and told them the outcome and what "
	                            "happens next.",
	    .feedback_method = anon ? NULL : methods[pick(r, mw, 4)],
	    .feedback_given_ms = anon ? 0 : now,
	};
	const struct principal *who =
	    c->by_manager ? &s->staff[U_MANAGER + c->manager] : &s->staff[c->worker];
	struct decision_result res;
	int rc = decision_propose(s->db, who, c->id, &d, now, &res);
	if (rc)
		return rc;
	int64_t gap = c->level == 4 ? between(r, 5, 45) : between(r, 10, 120);
	return heap_push(&s->h, after(s, now, gap), ci, ST_DECIDE, 0);
}

static int step_decide(struct sim *s, uint32_t ci, int64_t now)
{
	struct sc *c = &s->c[ci];
	/* never the proposer: a manager's proposal goes to the other manager */
	int m = c->by_manager ? (c->manager + 1) % N_MANAGERS : c->manager;
	const struct principal *who = &s->staff[U_MANAGER + m];
	struct decision_result res;
	int rc;
	if (c->reject) {
		c->reject = 0;
		rc = decision_reject(s->db, who, c->id,
		                     "The rationale does not weigh the agency information; please "
		                     "reconsider.",
		                     now, &res);
		if (rc)
			return rc;
		s->sum->rejected++;
		return heap_push(&s->h, after(s, now, between(&c->rng, 30, 180)), ci, ST_PROPOSE,
		                 0);
	}
	if ((rc = decision_authorise(s->db, who, c->id, now, &res)))
		return rc;
	c->decided = 1;
	c->referral = (uint8_t)res.referral;
	return 0;
}

static int run_step(struct sim *s, const struct ev *e)
{
	s->step = step_names[e->step];
	arena_clear(&s->a);
	switch (e->step) {
	case ST_CREATE: {
		/* recorded a few minutes after it came in */
		int64_t now = s->c[e->ci].received + 60000LL * between(&s->c[e->ci].rng, 2, 15);
		return step_create(s, e->ci, now);
	}
	case ST_SCREEN: return step_screen(s, e->ci, e->at);
	case ST_OVR_REQ: return step_override_request(s, e->ci, e->at);
	case ST_OVR_AUTH: return step_override_authorise(s, e->ci, e->at);
	case ST_SEND: return step_send(s, e->ci, e->at);
	case ST_RESPOND: return step_respond(s, e->ci, e->arg, e->at);
	case ST_RERATE: return step_rerate(s, e->ci, e->at);
	case ST_PROPOSE: return step_propose(s, e->ci, e->at);
	case ST_DECIDE: return step_decide(s, e->ci, e->at);
	}
	return SH_ERR(INTERNAL);
}

/* ---- setup and the run ----------------------------------------------------- */

static int find_agencies(struct sim *s, int64_t *csc)
{
	struct arena a;
	arena_init(&a, 0);
	struct auth_agency *ags;
	size_t n;
	int rc = auth_agency_list(s->db, &a, &ags, &n);
	static const enum agency_kind kinds[AG__COUNT] = {AGENCY_POLICE,    AGENCY_HEALTH,
	                                                  AGENCY_EDUCATION, AGENCY_PROBATION,
	                                                  AGENCY_HOUSING,   AGENCY_YOUTH_JUSTICE};
	*csc = 0;
	for (int g = 0; g < AG__COUNT; g++)
		s->agency[g] = 0;
	/* the lowest id of each kind: the demo agencies come first */
	for (size_t i = 0; !rc && i < n; i++) {
		for (int g = 0; g < AG__COUNT; g++)
			if (ags[i].kind == kinds[g] && (!s->agency[g] || ags[i].id < s->agency[g]))
				s->agency[g] = ags[i].id;
		if (ags[i].kind == AGENCY_CHILDRENS_SOCIAL_CARE && (!*csc || ags[i].id < *csc))
			*csc = ags[i].id;
	}
	arena_release(&a);
	if (rc)
		return rc;
	for (int g = 0; g < AG__COUNT; g++)
		if (!s->agency[g])
			return SH_ERR(NOT_FOUND);
	return *csc ? 0 : SH_ERR(NOT_FOUND);
}

static int setup(struct sim *s)
{
	int64_t csc;
	s->step = "agencies";
	int rc = find_agencies(s, &csc);
	if (rc)
		return rc;
	s->step = "staff";
	int64_t at = s->year_start - 7 * 86400000LL;
	for (size_t i = 0; i < demo_year_user_count; i++) {
		const struct demo_year_user *u = &demo_year_users[i];
		int64_t agency = csc;
		for (int g = 0; g < AG__COUNT; g++)
			if (!strcmp(u->agency_kind, auth_agency_kind_name((enum agency_kind)(
			                                g == AG_POLICE      ? AGENCY_POLICE
			                                : g == AG_HEALTH    ? AGENCY_HEALTH
			                                : g == AG_EDUCATION ? AGENCY_EDUCATION
			                                : g == AG_PROBATION ? AGENCY_PROBATION
			                                : g == AG_HOUSING   ? AGENCY_HOUSING
			                                                  : AGENCY_YOUTH_JUSTICE))))
				agency = s->agency[g];
		struct auth_user_new nu = {u->email, u->name, agency, u->role, u->password};
		int64_t id;
		if ((rc = auth_user_create(s->db, NULL, &nu, at, &id)))
			return rc;
		enum role role;
		if ((rc = perm_role_parse(u->role, &role)))
			return rc;
		s->staff[i] = (struct principal){.user_id = id, .agency_id = agency, .role = role};
	}
	s->step = "agreement";
	static const char *const purposes[] = {
	    "Safeguarding children: MASH information sharing",
	    "Deciding the response to a contact (Children Act 1989 s17 and s47)"};
	static const char *const cats[] = {
	    "Identity and contact details of children and their household",
	    "Police incidents, crime reports and intelligence",
	    "Health records relevant to safeguarding", "School attendance and welfare",
	    "Offender management, youth justice and housing records"};
	static const char *const bases[] = {"public_task", "legal_obligation"};
	int64_t parties[AG__COUNT + 1];
	for (int g = 0; g < AG__COUNT; g++)
		parties[g] = s->agency[g];
	parties[AG__COUNT] = csc;
	struct agreement_new ag = {
	    .title = "Demo MASH information sharing agreement",
	    .purposes = purposes,
	    .n_purposes = NELEM(purposes),
	    .data_categories = cats,
	    .n_data_categories = NELEM(cats),
	    .lawful_bases = bases,
	    .n_lawful_bases = NELEM(bases),
	    .valid_from = "2025-03-01",
	    .valid_to = "2028-02-29",
	    .review_date = "2026-09-30",
	    .parties = parties,
	    .n_parties = AG__COUNT + 1,
	};
	const char *field;
	return agreement_create(s->db, &s->staff[U_MANAGER], &ag, at, &s->a, &s->agreement, &field);
}

static int count_contacts(struct db *db, void *arg)
{
	struct db_stmt *st;
	int rc = db_prepare(db, "SELECT count(*) FROM contact", &st);
	if (rc)
		return rc;
	rc = db_step(st);
	if (rc == DB_ROW) {
		*(long *)arg = (long)db_col_int64(st, 0);
		rc = 0;
	} else if (rc == DB_DONE) {
		rc = SH_ERR(DB);
	}
	db_stmt_done(st);
	return rc;
}

int demo_year_contacts(struct db *db, long *n)
{
	return db_read_tx(db, count_contacts, n);
}

static int year_body(struct db *db, void *arg)
{
	struct sim *s = arg;
	(void)db;
	if (s->entered++)
		return SH_ERR(STATE); /* retried: the in-memory plan is spent */
	long existing;
	int rc = count_contacts(s->db, &existing);
	if (rc)
		return rc;
	if (existing) {
		s->step = "contacts";
		return SH_ERR(STATE);
	}
	if ((rc = setup(s)))
		return rc;
	for (long i = 0; i < s->n; i++)
		if ((rc = heap_push(&s->h, s->c[i].received, (uint32_t)i, ST_CREATE, 0)))
			return rc;
	while (s->h.n) {
		struct ev e = heap_pop(&s->h);
		if (e.at >= s->year_end)
			continue; /* after the year: still to do */
		if ((rc = run_step(s, &e)))
			return rc;
	}
	return 0;
}

/* Referrals of a family within 365 days of its previous referral. */
static int cmp_ref(const void *x, const void *y)
{
	const struct sc *a = *(const struct sc *const *)x, *b = *(const struct sc *const *)y;
	if (a->family != b->family)
		return a->family < b->family ? -1 : 1;
	return a->received < b->received ? -1 : a->received > b->received;
}

static int summarise(struct sim *s)
{
	struct demo_year_summary *sum = s->sum;
	const struct sc **refs = malloc((size_t)s->n * sizeof *refs);
	if (!refs)
		return SH_ERR(NOMEM);
	size_t nref = 0;
	for (long i = 0; i < s->n; i++) {
		const struct sc *c = &s->c[i];
		int y, m, d;
		time_civil_from_days(cal_local_day(c->received), &y, &m, &d);
		sum->by_month[(m + 8) % 12]++;
		for (int k = 0; k < c->n_req; k++)
			if (!c->req_done[k]) {
				sum->requests_open++;
				if (c->req_due[k] < s->year_end)
					sum->requests_overdue++;
			}
		if (c->routed)
			continue;
		if (c->screened) {
			sum->screened++;
			sum->rag[c->rag]++;
			sum->level[c->level]++;
		}
		if (!c->decided) {
			sum->open_at_end++;
			continue;
		}
		if (c->referral)
			refs[nref++] = c;
	}
	qsort(refs, nref, sizeof *refs, cmp_ref);
	sum->referrals = (long)nref;
	for (size_t i = 1; i < nref; i++)
		if (refs[i]->family == refs[i - 1]->family &&
		    refs[i]->received - refs[i - 1]->received <= 365 * 86400000LL)
			sum->rereferrals++;
	free(refs);
	return 0;
}

/* Decisions by outcome and the turnaround, read back from the database so
 * the figures are what a report on it would show. */
static int read_decisions(struct db *db, void *arg)
{
	struct sim *s = arg;
	struct db_stmt *st;
	int rc =
	    db_prepare(db,
	               "SELECT d.outcome, d.level, c.received_at, c.decided_at FROM decision d "
	               "JOIN contact c ON c.id = d.contact_id WHERE d.status = 'authorised' "
	               "ORDER BY d.id",
	               &st);
	if (rc)
		return rc;
	while ((rc = db_step(st)) == DB_ROW) {
		const char *o = db_col_text(st, 0);
		int L = (int)db_col_int64(st, 1);
		for (int k = 0; k < DEMO_YEAR_OUTCOMES; k++)
			if (o && !strcmp(o, decision_outcomes[k]))
				s->sum->outcome[k]++;
		s->sum->decided++;
		if (L >= 1 && L <= 4) {
			int64_t w =
			    cal_working_between(&s->cal, db_col_int64(st, 2), db_col_int64(st, 3));
			s->sum->turnaround_n[L]++;
			s->sum->turnaround_days[L] += (double)w / (8 * 3600000.0);
		}
	}
	db_stmt_done(st);
	if (rc < 0)
		return rc;
	for (int L = 1; L <= 4; L++)
		if (s->sum->turnaround_n[L])
			s->sum->turnaround_days[L] /= (double)s->sum->turnaround_n[L];
	return 0;
}

int demo_year_run(struct db *db, const struct demo_year_options *o, struct demo_year_summary *out,
                  const char **step)
{
	static struct sim zero;
	struct sim *s = malloc(sizeof *s);
	if (step)
		*step = "options";
	memset(out, 0, sizeof *out);
	if (!s)
		return SH_ERR(NOMEM);
	*s = zero;
	if (o->contacts < 1 || o->contacts > DEMO_YEAR_CONTACTS_MAX) {
		free(s);
		return SH_ERR(INVALID_VALUE);
	}
	s->db = db;
	s->o = o;
	s->sum = out;
	s->n = o->contacts;
	s->step = "calendar";
	cal_init(&s->cal);
	arena_init(&s->a, 0);
	int64_t d0 = day_of(DEMO_YEAR_FROM), d1 = day_of(DEMO_YEAR_TO) + 1;
	int y, m, d;
	time_civil_from_days(d0, &y, &m, &d);
	s->year_start = time_london_to_utc(y, m, d, 0, 0, 0);
	time_civil_from_days(d1, &y, &m, &d);
	s->year_end = time_london_to_utc(y, m, d, 0, 0, 0);
	uint16_t *fam = NULL;
	int rc = holidays_load(db, &s->cal, &s->pol);
	if (!rc) {
		s->step = "plan";
		s->c = calloc((size_t)s->n, sizeof *s->c);
		fam = calloc((size_t)s->n, sizeof *fam);
		rc = s->c && fam ? synth_gen_new(o->seed, &s->gen) : SH_ERR(NOMEM);
	}
	if (!rc)
		rc = plan_times(s);
	if (!rc) {
		uint32_t next_family = 0;
		for (long i = 0; i < s->n; i++)
			plan_contact(s, i, &next_family, fam);
		out->contacts = s->n;
		rc = db_tx(db, year_body, s);
	}
	if (!rc)
		rc = summarise(s);
	if (!rc) {
		s->step = "summary";
		rc = db_read_tx(db, read_decisions, s);
	}
	if (step)
		*step = s->step;
	if (rc)
		memset(out, 0, sizeof *out); /* nothing of the year was kept */
	else
		out->agreement_id = s->agreement;
	free(fam);
	free(s->c);
	free(s->h.v);
	synth_gen_free(s->gen);
	arena_release(&s->a);
	cal_release(&s->cal);
	free(s);
	return rc;
}
