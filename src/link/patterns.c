/*
 * link/patterns.c — counts of agreement patterns: an open-addressing hash
 * table from packed pattern to count (see model.h).
 */
#include "link/model.h"

#include "link/hash.h"

#include "base/error.h"

#include <stdlib.h>
#include <string.h>

void link_patterns_init(struct link_patterns *p)
{
	memset(p, 0, sizeof(*p));
}

void link_patterns_release(struct link_patterns *p)
{
	free(p->key);
	free(p->count);
	memset(p, 0, sizeof(*p));
}

static int patterns_grow(struct link_patterns *p)
{
	size_t cap = p->cap ? p->cap * 2 : 1024;
	uint64_t *key = calloc(cap, sizeof(*key));
	double *count = calloc(cap, sizeof(*count));
	if (!key || !count) {
		free(key);
		free(count);
		return SH_ERR(NOMEM);
	}
	for (size_t i = 0; i < p->cap; i++) {
		if (!p->key[i])
			continue;
		size_t j = link_mix64(p->key[i]) & (cap - 1);
		while (key[j])
			j = (j + 1) & (cap - 1);
		key[j] = p->key[i];
		count[j] = p->count[i];
	}
	free(p->key);
	free(p->count);
	p->key = key;
	p->count = count;
	p->cap = cap;
	return 0;
}

int link_patterns_add(struct link_patterns *p, uint64_t pat, double c)
{
	if ((p->n + 1) * 2 > p->cap && patterns_grow(p))
		return SH_ERR(NOMEM);
	uint64_t k = pat | (1ULL << 63);
	size_t j = link_mix64(k) & (p->cap - 1);
	while (p->key[j] && p->key[j] != k)
		j = (j + 1) & (p->cap - 1);
	if (!p->key[j]) {
		p->key[j] = k;
		p->n++;
	}
	p->count[j] += c;
	return 0;
}

int link_patterns_merge(struct link_patterns *dst, const struct link_patterns *src)
{
	for (size_t i = 0; i < src->cap; i++)
		if (src->key[i] &&
		    link_patterns_add(dst, src->key[i] & ~(1ULL << 63), src->count[i]))
			return SH_ERR(NOMEM);
	return 0;
}
