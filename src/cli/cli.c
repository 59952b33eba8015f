/*
 * cli/cli.c — the `safehub` command dispatcher and the helpers every
 * subcommand uses (errors, database opening, password input).
 */
#include "cli/cli.h"

#include "base/error.h"
#include "db/db.h"

#include <getopt.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

struct cli_cmd {
	const char *name;
	int (*run)(int argc, char **argv);
	const char *summary;
};

static const struct cli_cmd commands[] = {
    {"init", cmd_init, "create or migrate the database"},
    {"serve", cmd_serve, "run the web application and JSON API"},
    {"user", cmd_user, "add, list, disable users; set a password"},
    {"agency", cmd_agency, "add and list agencies"},
    {"token", cmd_token, "create and revoke API tokens for agency systems"},
    {"audit", cmd_audit, "verify or export the audit chain"},
    {"backup", cmd_backup, "copy the database to a file, safely while serving"},
    {"restore", cmd_restore, "replace the database with a backup"},
    {"demo", cmd_demo, "create demo agencies and users (demo data only)"},
    {"link", cmd_link, "find the same person across records (dedupe, link, explain, eval)"},
    {"calendar", cmd_calendar, "office hours, bank holidays and RAG timescales; due times"},
    {"contact", cmd_contact, "import contacts from a CSV file (all or nothing)"},
    {"retention", cmd_retention, "apply the retention policy (delete or anonymise); show, set it"},
    {"sar", cmd_sar, "export everything held about a person (subject access request)"},
    {"export", cmd_export, "write a statutory return (Ofsted Annex A, DfE CIN census)"},
    {"report", cmd_report, "turnaround, volumes, agency and comparison figures"},
    {"version", cmd_version, "print the version and schema version"},
};

static void usage(FILE *f)
{
	fprintf(
	    f,
	    "usage: safehub COMMAND [OPTIONS]\n\n"
	    "safehub — case and information sharing for a children's safeguarding partnership.\n\n"
	    "Commands:\n");
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		fprintf(f, "  %-9s %s\n", commands[i].name, commands[i].summary);
	fprintf(f, "\nRun 'safehub COMMAND --help' for a command's options.\n\n"
	           "Environment: SAFEHUB_DB (database file, default " SAFEHUB_DEFAULT_DB "),\n"
	           "  SAFEHUB_LISTEN (address:port, default " SAFEHUB_DEFAULT_LISTEN "),\n"
	           "  SAFEHUB_PASSWORD (password for non-interactive use).\n\n"
	           "Exit codes: 0 ok, 1 failed, 2 usage, 3 invalid data, 4 database,\n"
	           "  5 audit chain broken, 6 not found.\n");
}

int cli_main(int argc, char **argv)
{
	if (argc < 2) {
		usage(stderr);
		return CLI_USAGE;
	}
	if (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help") || !strcmp(argv[1], "help")) {
		usage(stdout);
		return CLI_OK;
	}
	if (!strcmp(argv[1], "--version"))
		return cmd_version(1, argv + 1);
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		if (!strcmp(argv[1], commands[i].name))
			return commands[i].run(argc - 1, argv + 1);
	cli_error("unknown command '%s'", argv[1]);
	cli_hint("run 'safehub --help' for the list of commands");
	return CLI_USAGE;
}

void cli_error(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fputs("safehub: error: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
}

void cli_hint(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fputs("  hint: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
}

const char *cli_db_path(const char *flag)
{
	if (flag && *flag)
		return flag;
	const char *env = getenv("SAFEHUB_DB");
	return env && *env ? env : SAFEHUB_DEFAULT_DB;
}

int cli_open_db(const char *path, struct db **out)
{
	if (access(path, F_OK) != 0) {
		cli_error("no database at %s", path);
		cli_hint("create it with 'safehub init --db %s', or set SAFEHUB_DB", path);
		return CLI_DB;
	}
	int rc = db_open(path, 0, out);
	if (rc == SH_ERR(SCHEMA_NEWER)) {
		cli_error(
		    "the database %s was written by a newer safehub (this one knows schema %d)",
		    path, db_schema_latest());
		cli_hint("run the newer safehub, or restore a backup made by this version");
		return CLI_DB;
	}
	if (rc == SH_ERR(SCHEMA_OLDER)) {
		cli_error("the database %s has an older schema than this safehub (%d)", path,
		          db_schema_latest());
		cli_hint("run 'safehub init --db %s' to migrate it (take a backup first)", path);
		return CLI_DB;
	}
	if (rc) {
		cli_error("cannot open the database %s: %s", path, sh_error_message(rc));
		cli_hint("check the path and its permissions; is it a safehub database?");
		return CLI_DB;
	}
	return CLI_OK;
}

int cli_fail(int err, const char *what)
{
	cli_error("%s: %s", what, sh_error_message(err));
	if (err == SH_ERR(NOT_FOUND))
		return CLI_NOTFOUND;
	if (err == SH_ERR(INVALID_VALUE) || err == SH_ERR(TOO_LONG) || err == SH_ERR(CONFLICT) ||
	    err == SH_ERR(MISSING_FIELD) || err == SH_ERR(INVALID_UTF8))
		return CLI_DATA;
	if (err == SH_ERR(DB) || err == SH_ERR(BUSY) || err == SH_ERR(IO))
		return CLI_DB;
	if (err == SH_ERR(USAGE))
		return CLI_USAGE;
	return CLI_FAIL;
}

int cli_wants_help(int argc, char **argv)
{
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--"))
			return 0;
		if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help"))
			return 1;
	}
	return 0;
}

char *cli_read_password(const char *prompt)
{
	const char *env = getenv("SAFEHUB_PASSWORD");
	if (env)
		return strdup(env);
	int tty = isatty(STDIN_FILENO);
	struct termios old, quiet;
	if (tty) {
		fputs(prompt, stderr);
		tcgetattr(STDIN_FILENO, &old);
		quiet = old;
		quiet.c_lflag &= ~(tcflag_t)ECHO;
		tcsetattr(STDIN_FILENO, TCSANOW, &quiet);
	}
	char *line = NULL;
	size_t cap = 0;
	ssize_t n = getline(&line, &cap, stdin);
	if (tty) {
		tcsetattr(STDIN_FILENO, TCSANOW, &old);
		fputc('\n', stderr);
	}
	if (n < 0) {
		free(line);
		return NULL;
	}
	while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
		line[--n] = '\0';
	return line;
}

int cli_usage_error(const char *usage, const char *msg, const char *arg)
{
	if (arg)
		cli_error("%s '%s'", msg, arg);
	else
		cli_error("%s", msg);
	fputs(usage, stderr);
	return CLI_USAGE;
}

int cli_parse(int argc, char **argv, const char *usage, const struct option *opts,
              const char **vals, int maxpos, int *npos, char ***pos)
{
	int c;
	optind = 1;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		if (c == 'h' || c == CLI_OPT_HELP) {
			fputs(usage, stdout);
			return CLI_HELP_SHOWN;
		}
		if (c < 0 || c >= CLI_MAX_OPTS) {
			fputs(usage, stderr);
			return CLI_USAGE;
		}
		vals[c] = optarg ? optarg : "1";
	}
	if (argc - optind > maxpos)
		return cli_usage_error(usage, "unexpected argument", argv[optind + maxpos]);
	if (npos)
		*npos = argc - optind;
	if (pos)
		*pos = argv + optind;
	return 0;
}

int cli_dispatch(int argc, char **argv, const char *usage, const struct cli_sub *subs, size_t n)
{
	if (argc >= 2 && (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help"))) {
		fputs(usage, stdout);
		return CLI_OK;
	}
	if (argc >= 2)
		for (size_t i = 0; i < n; i++)
			if (!strcmp(argv[1], subs[i].name))
				return subs[i].run(argc - 1, argv + 1);
	if (argc < 2) {
		/* "say what to do: add, list, disable or passwd" */
		fputs("safehub: error: say what to do: ", stderr);
		for (size_t i = 0; i < n; i++)
			fprintf(stderr, "%s%s",
			        i == 0       ? ""
			        : i + 1 == n ? " or "
			                     : ", ",
			        subs[i].name);
		fputc('\n', stderr);
		fputs(usage, stderr);
		return CLI_USAGE;
	}
	fprintf(stderr, "safehub: error: unknown %s command '%s'\n", argv[0], argv[1]);
	fputs(usage, stderr);
	return CLI_USAGE;
}
