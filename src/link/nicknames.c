/*
 * link/nicknames.c — forename equivalence look-ups (text_nickname_* of
 * link/text.h) over the table in link/nicknames_data.c.
 *
 * On first use the table is normalised with text_normalise() into one sorted
 * array of (name, group, is_head) entries, without duplicates; a name in
 * several groups has one entry per group, adjacent and in group order. A
 * look-up is a binary search; equivalence is a merge of two short sorted runs
 * of group ids. Built once under pthread_once, read-only afterwards.
 */
#include "link/text.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "link/nicknames_data.h"

struct nick_entry {
	const char *name; /* normalised, in nick_pool */
	int group;        /* row in nickname_table */
	int head;         /* 1 if the name is the row's first entry */
};

static struct nick_entry *nick_index;
static int nick_count;
static char *nick_pool;

/* Near look-up: every table name of three letters or more, OCR-folded, and
 * each of its one-letter deletions, with the entry it came from, sorted by
 * text (a symmetric-deletion index: two strings one edit apart share a
 * deletion or one is a deletion of the other). */
struct near_entry {
	const char *key; /* in near_pool */
	int entry;       /* index into nick_index */
};
static struct near_entry *near_index;
static size_t near_count;
static char *near_pool;
static pthread_once_t nick_once = PTHREAD_ONCE_INIT;

static int nick_cmp(const void *pa, const void *pb)
{
	const struct nick_entry *a = pa, *b = pb;
	int c = strcmp(a->name, b->name);
	if (c)
		return c;
	return (a->group > b->group) - (a->group < b->group);
}

static int near_cmp(const void *pa, const void *pb)
{
	const struct near_entry *a = pa, *b = pb;
	int c = strcmp(a->key, b->key);
	return c ? c : (a->entry > b->entry) - (a->entry < b->entry);
}

#define NEAR_MIN_LEN 3  /* table names shorter than this have too many neighbours */
#define NEAR_MAX_LEN 63 /* longer names are left out of the near look-up */

static void near_build(void)
{
	size_t n = 0, bytes = 0;
	for (int k = 0; k < nick_count; k++) {
		size_t l = strlen(nick_index[k].name);
		if (l < NEAR_MIN_LEN || l > NEAR_MAX_LEN)
			continue;
		n += l + 1;
		bytes += (l + 1) * (l + 1);
	}
	struct near_entry *v = malloc((n ? n : 1) * sizeof *v);
	char *pool = malloc(bytes + 1);
	if (!v || !pool) {
		free(v);
		free(pool);
		return; /* near look-ups then find nothing */
	}
	size_t m = 0, used = 0;
	for (int k = 0; k < nick_count; k++) {
		size_t l = strlen(nick_index[k].name);
		if (l < NEAR_MIN_LEN || l > NEAR_MAX_LEN)
			continue;
		char f[NEAR_MAX_LEN + 1];
		text_ocr_fold(nick_index[k].name, f, sizeof f, 0);
		size_t fl = strlen(f);
		for (size_t d = 0; d <= fl; d++) { /* d == fl: the name itself */
			char *key = pool + used;
			memcpy(key, f, d);
			memcpy(key + d, f + d + (d < fl), fl - d - (d < fl) + 1);
			used += strlen(key) + 1;
			v[m++] = (struct near_entry){key, k};
		}
	}
	qsort(v, m, sizeof *v, near_cmp);
	near_index = v;
	near_pool = pool;
	near_count = m;
}

static void nick_build(void)
{
	size_t n = 0, bytes = 0;
	for (int g = 0; g < nickname_table_rows; g++)
		for (int k = 0; k < NICKNAME_WIDTH && nickname_table[g][k]; k++) {
			n++;
			bytes += strlen(nickname_table[g][k]) + 1;
		}
	struct nick_entry *idx = malloc(n * sizeof *idx);
	char *pool = malloc(bytes + 1);
	if (!idx || !pool) {
		free(idx);
		free(pool);
		return; /* look-ups then find nothing: no worse than no table */
	}
	size_t used = 0, m = 0;
	for (int g = 0; g < nickname_table_rows; g++) {
		for (int k = 0; k < NICKNAME_WIDTH && nickname_table[g][k]; k++) {
			/* normalising never lengthens a table entry: they are
			 * lower-case letters with at most one accent each */
			int len =
			    text_normalise(nickname_table[g][k], pool + used, bytes + 1 - used);
			if (len <= 0)
				continue;
			idx[m].name = pool + used;
			idx[m].group = g;
			idx[m].head = k == 0;
			used += (size_t)len + 1;
			m++;
		}
	}
	qsort(idx, m, sizeof *idx, nick_cmp);
	/* drop repeats of (name, group), keeping head status */
	size_t w = 0;
	for (size_t r = 0; r < m; r++) {
		if (w > 0 && idx[w - 1].group == idx[r].group &&
		    strcmp(idx[w - 1].name, idx[r].name) == 0) {
			idx[w - 1].head |= idx[r].head;
			continue;
		}
		idx[w++] = idx[r];
	}
	nick_index = idx;
	nick_pool = pool;
	nick_count = (int)w;
	near_build();
}

/* The run of entries for name: *first and the count (0 if absent). */
static int nick_find(const char *name, int *first)
{
	pthread_once(&nick_once, nick_build);
	int lo = 0, hi = nick_count;
	while (lo < hi) {
		int mid = lo + (hi - lo) / 2;
		if (strcmp(nick_index[mid].name, name) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	int end = lo;
	while (end < nick_count && strcmp(nick_index[end].name, name) == 0)
		end++;
	*first = lo;
	return end - lo;
}

int text_nickname_equiv(const char *a, const char *b)
{
	if (!a || !b || !*a || !*b)
		return 0;
	if (strcmp(a, b) == 0)
		return 1;
	int fa, fb;
	int na = nick_find(a, &fa);
	if (na == 0)
		return 0;
	int nb = nick_find(b, &fb);
	int i = 0, j = 0;
	while (i < na && j < nb) {
		int ga = nick_index[fa + i].group, gb = nick_index[fb + j].group;
		if (ga == gb)
			return 1;
		if (ga < gb)
			i++;
		else
			j++;
	}
	return 0;
}

int text_nickname_group(const char *name)
{
	if (!name || !*name)
		return -1;
	int f;
	int n = nick_find(name, &f);
	if (n == 0)
		return -1;
	for (int i = 0; i < n; i++)
		if (nick_index[f + i].head)
			return nick_index[f + i].group;
	return nick_index[f].group;
}

int text_nickname_groups(const char *name, int *groups, int cap)
{
	if (!name || !*name)
		return 0;
	int f;
	int n = nick_find(name, &f);
	for (int i = 0; i < n && i < cap; i++)
		groups[i] = nick_index[f + i].group;
	return n;
}

/* Add the groups of the table entries keyed key whose folded name is one
 * edit from f to groups[0..*n) (ascending, no repeats, at most cap). */
static void near_collect(const char *key, const char *f, int *groups, int *n, int cap)
{
	size_t lo = 0, hi = near_count;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (strcmp(near_index[mid].key, key) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (; lo < near_count && strcmp(near_index[lo].key, key) == 0; lo++) {
		const struct nick_entry *e = &nick_index[near_index[lo].entry];
		char ef[NEAR_MAX_LEN + 1];
		text_ocr_fold(e->name, ef, sizeof ef, 0);
		if (!text_one_edit(ef, f))
			continue;
		int g = e->group, i = 0;
		while (i < *n && groups[i] < g)
			i++;
		if ((i < *n && groups[i] == g) || *n >= cap)
			continue;
		memmove(groups + i + 1, groups + i, (size_t)(*n - i) * sizeof *groups);
		groups[i] = g;
		(*n)++;
	}
}

int text_nickname_near(const char *name, int *groups, int cap)
{
	if (!name || strlen(name) < NEAR_MIN_LEN + 1 || strlen(name) > NEAR_MAX_LEN)
		return 0;
	int f0;
	if (nick_find(name, &f0) > 0) /* also builds the index */
		return 0;
	char f[NEAR_MAX_LEN + 1], key[NEAR_MAX_LEN + 1];
	text_ocr_fold(name, f, sizeof f, 0);
	size_t fl = strlen(f);
	int n = 0;
	for (size_t d = 0; d <= fl; d++) {
		memcpy(key, f, d);
		memcpy(key + d, f + d + (d < fl), fl - d - (d < fl) + 1);
		near_collect(key, f, groups, &n, cap);
	}
	return n;
}

const char *text_nickname_head(int group)
{
	if (group < 0 || group >= nickname_table_rows)
		return NULL;
	return nickname_table[group][0];
}

int text_nickname_table_size(void)
{
	return nickname_table_rows;
}
