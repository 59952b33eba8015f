/*
 * cli/cmd_version.c — `safehub version`: program, schema and library versions.
 */
#include "base/version.h"
#include "cli/cli.h"
#include "db/db.h"

#include <jansson.h>
#include <microhttpd.h>
#include <sodium.h>
#include <sqlite3.h>

int cmd_version(int argc, char **argv)
{
	if (cli_wants_help(argc, argv)) {
		fputs("usage: safehub version\n\nPrint the safehub version, the newest database "
		      "schema it\n"
		      "knows, and the versions of the libraries it runs on.\n",
		      stdout);
		return CLI_OK;
	}
	printf("safehub %s (schema %d)\n", SAFEHUB_VERSION, db_schema_latest());
	printf("sqlite %s, libmicrohttpd %s, jansson %s, libsodium %s\n", sqlite3_libversion(),
	       MHD_get_version(), JANSSON_VERSION, sodium_version_string());
	return CLI_OK;
}
