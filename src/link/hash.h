/*
 * link/hash.h — the 64-bit mixer the linkage hash tables use (the
 * finaliser of MurmurHash3): blocking keys (block.c) and agreement
 * patterns (patterns.c).
 */
#ifndef SAFEHUB_LINK_HASH_H
#define SAFEHUB_LINK_HASH_H

#include <stdint.h>

static inline uint64_t link_mix64(uint64_t x)
{
	x ^= x >> 33;
	x *= 0xff51afd7ed558ccdULL;
	x ^= x >> 33;
	x *= 0xc4ceb9fe1a85ec53ULL;
	x ^= x >> 33;
	return x;
}

#endif
