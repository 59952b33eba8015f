/*
 * mash/person.h — a person as recorded on a contact: a child or a member of
 * the household.
 *
 * A person row is one record of a human as one contact gave it, not the
 * human: the same child on two contacts is two rows, and the linkage engine
 * (src/link/) says which rows are one child. Later modules (requests,
 * chronology, SAR) refer to persons by id.
 *
 * Rules (DOMAIN.md §10): a date of birth may be partial ("2019", "2019-04")
 * or full ("2019-04-23"), must be a real date, not before 1900 and not in the
 * future (Europe/London today); it may be flagged estimated. An NHS number,
 * when given, must pass Modulus 11 and is stored as ten digits; a postcode,
 * when given, must be well formed and is stored normalised ("SE1 7PB").
 * Sex follows the CIN census GenderCurrent: male, female, indeterminate,
 * not_recorded. At least one of given and family name is needed ("Baby" is a
 * given name).
 */
#ifndef SAFEHUB_MASH_PERSON_H
#define SAFEHUB_MASH_PERSON_H

#include <stddef.h>
#include <stdint.h>

struct db;
struct arena;

/* Most code points of each text field. */
#define PERSON_NAME_MAX         100
#define PERSON_OTHER_NAMES_MAX  200
#define PERSON_ADDRESS_MAX      300
#define PERSON_SCHOOL_MAX       200
#define PERSON_RELATIONSHIP_MAX 60
#define PERSON_NHS_MAX          16 /* "943 476 5919" with separators */
#define PERSON_POSTCODE_MAX     10

/* The allowed values of sex, NULL-terminated (for field specs). */
extern const char *const person_sexes[];

/* A person to record. Strings borrowed; NULL = not given. */
struct person_new {
	const char *given_name, *family_name, *other_names;
	const char *dob;   /* "YYYY", "YYYY-MM" or "YYYY-MM-DD" */
	int dob_estimated; /* 1 when the date is a guess */
	const char *sex;   /* one of person_sexes; NULL = not_recorded */
	const char *nhs_number, *address, *postcode, *school;
	const char *relationship; /* to the children (household members), free text */
};

/* A person as read back. Strings in the caller's arena; NULL = not given. */
struct person {
	int64_t id;
	const char *role; /* "child" or "household" */
	const char *given_name, *family_name, *other_names, *dob;
	int dob_estimated;
	const char *sex, *nhs_number, *address, *postcode, *school, *relationship;
};

/*
 * Check p as of now_ms. 0, or SH_ERR(INVALID_VALUE) / SH_ERR(TOO_LONG) /
 * SH_ERR(MISSING_FIELD) / SH_ERR(INVALID_UTF8) with *field (static string)
 * naming the field within the person, e.g. "nhs_number".
 */
int person_check(const struct person_new *p, int64_t now_ms, const char **field);

/* 0 if dob is a date of birth the rules above accept as of now_ms. */
int person_dob_check(const char *dob, int64_t now_ms);

/* Insert a checked person (normalising NHS number and postcode); *id gets
 * the new id. Call inside the caller's transaction. */
int person_insert(struct db *db, const struct person_new *p, int64_t now_ms, int64_t *id);

/* The persons of contact_id in order (children first), into arena memory. */
int person_list_for_contact(struct db *db, int64_t contact_id, struct arena *a, struct person **out,
                            size_t *n);

/* "[1,2,3]" of ids[0..n) in arena memory (for audit person_ids); NULL on
 * allocation failure. */
char *person_ids_json(struct arena *a, const int64_t *ids, size_t n);

#endif
