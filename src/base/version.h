/*
 * base/version.h — the version of safehub, in one place.
 */
#ifndef SAFEHUB_BASE_VERSION_H
#define SAFEHUB_BASE_VERSION_H

#define SAFEHUB_VERSION "0.1.0"

#endif
