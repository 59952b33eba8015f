/*
 * cli/cli.h — what every `safehub` subcommand shares.
 *
 * Each subcommand is one file cli/cmd_<name>.c exporting one
 * `int cmd_<name>(int argc, char **argv)` and listed in the table of cli.c.
 * argv[0] is the subcommand's name. A command prints its results on stdout,
 * errors on stderr through cli_error(), and returns one of the exit codes
 * below; only main() exits.
 *
 * Configuration: flags first, then environment variables as defaults
 * (SAFEHUB_DB, SAFEHUB_LISTEN, ...), then built-in defaults.
 */
#ifndef SAFEHUB_CLI_CLI_H
#define SAFEHUB_CLI_CLI_H

#include <stdio.h>

struct db;

/* Exit codes, documented in docs/operations.md and `safehub --help`. */
enum cli_exit {
	CLI_OK = 0,       /* success */
	CLI_FAIL = 1,     /* the command ran and failed (see stderr) */
	CLI_USAGE = 2,    /* wrong flags or arguments */
	CLI_DATA = 3,     /* input data was invalid (file, value) */
	CLI_DB = 4,       /* the database could not be opened or is the wrong version */
	CLI_AUDIT = 5,    /* the audit chain does not verify */
	CLI_NOTFOUND = 6, /* the named user, agency, token or file does not exist */
};

#define SAFEHUB_DEFAULT_DB     "var/safehub.db"
#define SAFEHUB_DEFAULT_LISTEN "127.0.0.1:8080"

int cli_main(int argc, char **argv);

/* "safehub: error: <message>" on stderr, with a newline. */
void cli_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* "  hint: <message>" on stderr, after an error, saying how to mend it. */
void cli_hint(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* The database path: flag if given, else $SAFEHUB_DB, else the default. */
const char *cli_db_path(const char *flag);
/* Open the database for a command, printing a clear error and hint on
 * failure. Returns 0 or a CLI_ exit code. */
int cli_open_db(const char *path, struct db **out);
/* Map an SH_ERR() to an exit code and print its message with context. */
int cli_fail(int err, const char *what);

struct option;

/* Options of a command, as data: each struct option's `val` is an index
 * (0..CLI_MAX_OPTS-1) into vals, where getopt_long puts the option's
 * argument ("1" for a flag); val CLI_OPT_HELP (or 'h') prints usage to
 * stdout. At most maxpos positional arguments are allowed; they come back
 * through *npos and *pos (both may be NULL when maxpos is 0). Returns 0,
 * CLI_HELP_SHOWN after --help, or CLI_USAGE after printing what was wrong
 * and the usage on stderr. */
#define CLI_MAX_OPTS   16
#define CLI_OPT_HELP   100
#define CLI_HELP_SHOWN (-1)
int cli_parse(int argc, char **argv, const char *usage, const struct option *opts,
              const char **vals, int maxpos, int *npos, char ***pos);
/* "safehub: error: msg 'arg'" (or just msg when arg is NULL), then usage on
 * stderr; returns CLI_USAGE. */
int cli_usage_error(const char *usage, const char *msg, const char *arg);

/* A command with subcommands (`safehub user add ...`): argv[1] names one of
 * subs[0..n), which runs with argv shifted by one. With no subcommand, or an
 * unknown one, says so and prints usage (CLI_USAGE); -h/--help prints usage. */
struct cli_sub {
	const char *name;
	int (*run)(int argc, char **argv);
};
int cli_dispatch(int argc, char **argv, const char *usage, const struct cli_sub *subs, size_t n);

/* 1 if argv has -h or --help (before any "--"). */
int cli_wants_help(int argc, char **argv);

/* Read a password: from $SAFEHUB_PASSWORD if set (for scripts and tests),
 * else a line from stdin with echo off when it is a terminal. Returns a
 * malloc'd string or NULL. */
char *cli_read_password(const char *prompt);

/* The subcommands. */
int cmd_init(int argc, char **argv);
int cmd_serve(int argc, char **argv);
int cmd_user(int argc, char **argv);
int cmd_agency(int argc, char **argv);
int cmd_token(int argc, char **argv);
int cmd_audit(int argc, char **argv);
int cmd_backup(int argc, char **argv);
int cmd_restore(int argc, char **argv);
int cmd_version(int argc, char **argv);
int cmd_demo(int argc, char **argv);
int cmd_link(int argc, char **argv);
int cmd_contact(int argc, char **argv);
int cmd_calendar(int argc, char **argv);
int cmd_retention(int argc, char **argv);
int cmd_sar(int argc, char **argv);
int cmd_report(int argc, char **argv);
int cmd_export(int argc, char **argv);

#endif
