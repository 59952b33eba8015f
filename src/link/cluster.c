/*
 * link/cluster.c — connected components by union-find (see cluster.h).
 */
#include "link/cluster.h"

#include "base/error.h"

#include <stdlib.h>
#include <string.h>

static uint32_t find(uint32_t *parent, uint32_t x)
{
	while (parent[x] != x) {
		parent[x] = parent[parent[x]];
		x = parent[x];
	}
	return x;
}

int link_cluster(size_t n, const struct link_pair *pairs, size_t npairs, uint32_t *out)
{
	uint32_t *size = malloc((n ? n : 1) * sizeof(*size));
	if (!size)
		return SH_ERR(NOMEM);
	for (size_t i = 0; i < n; i++) {
		out[i] = (uint32_t)i;
		size[i] = 1;
	}
	for (size_t k = 0; k < npairs; k++) {
		uint32_t a = find(out, pairs[k].i), b = find(out, pairs[k].j);
		if (a == b)
			continue;
		if (size[a] < size[b]) {
			uint32_t t = a;
			a = b;
			b = t;
		}
		out[b] = a;
		size[a] += size[b];
	}
	/* Name each component by its lowest member: size[] becomes the root,
	 * then out[] the name. */
	for (size_t i = 0; i < n; i++)
		size[i] = find(out, (uint32_t)i);
	for (size_t i = 0; i < n; i++)
		out[i] = UINT32_MAX;
	for (size_t i = 0; i < n; i++)
		if (out[size[i]] == UINT32_MAX)
			out[size[i]] = (uint32_t)i;
	for (size_t i = 0; i < n; i++)
		size[i] = out[size[i]];
	memcpy(out, size, n * sizeof(*out));
	free(size);
	return 0;
}
