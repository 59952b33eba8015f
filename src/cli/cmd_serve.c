/*
 * cli/cmd_serve.c — `safehub serve`: check the database, open a connection
 * pool, start the HTTP server with the API route table, and run until
 * SIGINT or SIGTERM, then stop cleanly and free everything.
 */
#include "api/api.h"
#include "auth/auth.h"
#include "base/error.h"
#include "base/version.h"
#include "base/timeutil.h"
#include "cli/cli.h"
#include "db/db.h"
#include "http/server.h"
#include "web/web.h"

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <time.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char serve_usage[] =
    "usage: safehub serve [--db PATH] [--listen ADDR:PORT] [--threads N]\n"
    "                     [--tls-cert FILE --tls-key FILE | --behind-tls]\n"
    "                     [--access-log FILE]\n"
    "                     [--body-limit BYTES] [--timeout SECONDS]\n\n"
    "Serve the pages and the JSON API (/api/v1) until SIGINT or SIGTERM.\n\n"
    "  --db PATH            database (default $SAFEHUB_DB or " SAFEHUB_DEFAULT_DB ")\n"
    "  --listen ADDR:PORT   address (default $SAFEHUB_LISTEN or " SAFEHUB_DEFAULT_LISTEN
    "); port 0 picks a\n"
    "                       free port, printed on start\n"
    "  --threads N          worker threads (default 16 x cores: a worker waits for its\n"
    "                       group commit, so workers are the batch size)\n"
    "  --tls-cert FILE      PEM certificate; with --tls-key serves HTTPS (and HSTS)\n"
    "  --tls-key FILE       PEM private key\n"
    "  --behind-tls         a proxy in front terminates TLS: plain HTTP here, but\n"
    "                       session cookies are Secure and HSTS is sent\n"
    "  --access-log FILE    append JSON access lines to FILE (default stderr)\n"
    "  --body-limit BYTES   largest request body accepted (default 1048576)\n"
    "  --timeout SECONDS    close a connection idle this long (default 10)\n";

/* A whole number in 1..max from a flag, or -1. */
static long parse_count(const char *s, long max)
{
	char *end;
	errno = 0;
	long v = strtol(s, &end, 10);
	if (errno || end == s || *end || v < 1 || v > max)
		return -1;
	return v;
}

int cmd_serve(int argc, char **argv)
{
	static const struct option opts[] = {
	    {"db", required_argument, NULL, 'd'},
	    {"listen", required_argument, NULL, 'l'},
	    {"threads", required_argument, NULL, 't'},
	    {"tls-cert", required_argument, NULL, 'c'},
	    {"tls-key", required_argument, NULL, 'k'},
	    {"behind-tls", no_argument, NULL, 'p'},
	    {"access-log", required_argument, NULL, 'a'},
	    {"body-limit", required_argument, NULL, 'b'},
	    {"timeout", required_argument, NULL, 'o'},
	    {"help", no_argument, NULL, 'h'},
	    {0},
	};
	const char *dbflag = NULL, *access_log = NULL;
	struct http_config cfg = {.access_log_fd = STDERR_FILENO, .version = SAFEHUB_VERSION};
	long v;
	int c;
	optind = 1;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'd': dbflag = optarg; break;
		case 'l': cfg.listen = optarg; break;
		case 'c': cfg.tls_cert = optarg; break;
		case 'k': cfg.tls_key = optarg; break;
		case 'p': cfg.behind_tls = 1; break;
		case 'a': access_log = optarg; break;
		case 't':
			if ((v = parse_count(optarg, 1024)) < 0) {
				cli_error("--threads wants a number from 1 to 1024, not '%s'",
				          optarg);
				return CLI_USAGE;
			}
			cfg.threads = (unsigned)v;
			break;
		case 'b':
			if ((v = parse_count(optarg, 1L << 30)) < 0) {
				cli_error("--body-limit wants bytes from 1 to 1073741824, not '%s'",
				          optarg);
				return CLI_USAGE;
			}
			cfg.body_limit = (size_t)v;
			break;
		case 'o':
			if ((v = parse_count(optarg, 3600)) < 0) {
				cli_error("--timeout wants seconds from 1 to 3600, not '%s'",
				          optarg);
				return CLI_USAGE;
			}
			cfg.timeout_s = (unsigned)v;
			break;
		case 'h': fputs(serve_usage, stdout); return CLI_OK;
		default: fputs(serve_usage, stderr); return CLI_USAGE;
		}
	}
	if (optind < argc) {
		cli_error("unexpected argument '%s'", argv[optind]);
		fputs(serve_usage, stderr);
		return CLI_USAGE;
	}
	if (!cfg.listen) {
		const char *env = getenv("SAFEHUB_LISTEN");
		cfg.listen = env && *env ? env : SAFEHUB_DEFAULT_LISTEN;
	}
	if (!cfg.tls_cert != !cfg.tls_key) {
		cli_error("TLS needs both --tls-cert and --tls-key");
		return CLI_USAGE;
	}

	/* Refuse a missing or wrong-version database with the usual message. */
	const char *path = cli_db_path(dbflag);
	struct db *check;
	int rc = cli_open_db(path, &check);
	if (rc)
		return rc;
	db_close(check);

	int log_fd = -1;
	if (access_log) {
		log_fd = open(access_log, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0640);
		if (log_fd < 0) {
			cli_error("cannot open the access log %s: %s", access_log, strerror(errno));
			cli_hint("check the folder exists and is writable");
			return CLI_FAIL;
		}
		cfg.access_log_fd = log_fd;
	}
	if (!cfg.threads) {
		long cores = sysconf(_SC_NPROCESSORS_ONLN);
		cfg.threads = cores > 0 ? (unsigned)cores * 16 : 32;
	}
	struct db_pool *pool = NULL;
	rc = db_pool_open(path, (int)cfg.threads, &pool);
	if (rc) {
		if (log_fd >= 0)
			close(log_fd);
		return cli_fail(rc, "cannot open the database pool");
	}
	cfg.pool = pool;
	cfg.routes = api_routes;
	cfg.nroutes = api_routes_count;
	cfg.error_page = web_error_page;
	auth_ratelimit_reset();

	/* Block the stop signals before the server's threads start, so that
	 * they inherit the mask and only sigwait() below sees the signals. */
	sigset_t stop;
	sigemptyset(&stop);
	sigaddset(&stop, SIGINT);
	sigaddset(&stop, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &stop, NULL);
	signal(SIGPIPE, SIG_IGN);

	struct http_server *server = NULL;
	char err[512] = "";
	rc = http_server_start(&cfg, &server, err, sizeof(err));
	if (rc) {
		cli_error("%s", err);
		if (rc == SH_ERR(IO))
			cli_hint("is another program on that port? try --listen 127.0.0.1:0");
		else if (rc == SH_ERR(INVALID_VALUE))
			cli_hint("--tls-cert and --tls-key name PEM files this user can read");
		db_pool_free(pool);
		if (log_fd >= 0)
			close(log_fd);
		return rc == SH_ERR(USAGE)           ? CLI_USAGE
		       : rc == SH_ERR(INVALID_VALUE) ? CLI_DATA
		                                     : CLI_FAIL;
	}
	/* The address as given, with the real port (port 0 picks one). */
	const char *colon = strrchr(cfg.listen, ':');
	printf("safehub listening on %s://%.*s:%u\n", http_server_tls(server) ? "https" : "http",
	       (int)(colon - cfg.listen), cfg.listen, http_server_port(server));
	fflush(stdout);

	/* Wait for a stop signal; meanwhile sweep expired sessions each minute,
	 * so their (hashed) tokens do not pile up. */
	int sig;
	struct timespec minute = {60, 0};
	while ((sig = sigtimedwait(&stop, NULL, &minute)) < 0) {
		if (errno != EAGAIN)
			continue;
		struct db *db = db_pool_acquire(pool);
		int64_t swept = 0;
		if (auth_session_sweep(db, time_now_ms(), &swept) == 0 && swept > 0)
			fprintf(stderr, "safehub: %lld expired session%s removed\n",
			        (long long)swept, swept == 1 ? "" : "s");
		db_pool_release(pool, db);
	}
	fprintf(stderr, "safehub: %s received, stopping\n", sig == SIGINT ? "SIGINT" : "SIGTERM");
	http_server_stop(server);
	db_pool_free(pool);
	if (log_fd >= 0)
		close(log_fd);
	return CLI_OK;
}
