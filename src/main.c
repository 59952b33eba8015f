/*
 * main.c — the safehub program: hands argv to the command dispatcher and
 * exits with its code. Nothing else exits the process.
 */
#include "cli/cli.h"

#include <sodium.h>
#include <stdio.h>

int main(int argc, char **argv)
{
	if (sodium_init() < 0) {
		fputs("safehub: error: libsodium could not start (no entropy source?)\n", stderr);
		return CLI_FAIL;
	}
	return cli_main(argc, argv);
}
