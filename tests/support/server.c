/*
 * tests/support/server.c — the real-server harness of the API tests (see
 * server.h): temporary database, seeding through the auth API, the
 * `safehub serve` child process, and a libcurl client.
 */
#include "support/server.h"

#include "auth/account.h"
#include "base/timeutil.h"
#include "db/db.h"

#include <curl/curl.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static int stdout_fd = -1;

static const char *bin(void)
{
	const char *b = getenv("SAFEHUB_BIN");
	return b && *b ? b : "build/san/safehub";
}

static int run_init(const struct ts_server *s)
{
	pid_t pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		int null = open("/dev/null", O_WRONLY);
		dup2(null, 1);
		execl(bin(), bin(), "init", "--db", s->db, (char *)NULL);
		_exit(127);
	}
	int st;
	if (waitpid(pid, &st, 0) != pid || !WIFEXITED(st) || WEXITSTATUS(st)) {
		fprintf(stderr, "ts: '%s init --db %s' failed\n", bin(), s->db);
		return -1;
	}
	return 0;
}

static int seed_user(struct db *db, struct ts_server *s, struct ts_user *u, const char *email,
                     enum role role)
{
	struct auth_user_new nu = {
	    .email = email,
	    .display_name = "Test Person",
	    .agency_id = s->agency_id,
	    .role = perm_role_name(role),
	    .password = TS_PASSWORD,
	};
	snprintf(u->email, sizeof(u->email), "%s", email);
	u->role = role;
	int64_t now = time_now_ms();
	if (auth_user_create(db, NULL, &nu, now, &u->id) ||
	    auth_token_create(db, NULL, u->id, "test token", 0, now, u->token, &u->token_id,
	                      NULL)) {
		fprintf(stderr, "ts: seeding %s failed: %s\n", email, db_errmsg(db));
		return -1;
	}
	return 0;
}

static int seed(struct ts_server *s)
{
	struct db *db;
	if (db_open(s->db, 0, &db))
		return -1;
	int rc = auth_agency_create(db, NULL, "Test Borough Children's Services",
	                            "childrens_social_care", time_now_ms(), &s->agency_id);
	if (!rc)
		rc = seed_user(db, s, &s->victim, "victim@example.test", ROLE_MASH_WORKER);
	for (int r = 0; !rc && r < ROLE__COUNT; r++) {
		char email[64];
		snprintf(email, sizeof(email), "%s@example.test", perm_role_name((enum role)r));
		rc = seed_user(db, s, &s->users[r], email, (enum role)r);
	}
	db_close(db);
	return rc ? -1 : 0;
}

int ts_db_exec(struct ts_server *s, const char *sql)
{
	struct db *db;
	if (db_open(s->db, 0, &db))
		return -1;
	int rc = db_exec(db, sql);
	db_close(db);
	return rc;
}

int64_t ts_db_int(struct ts_server *s, const char *sql)
{
	struct db *db;
	struct db_stmt *st;
	int64_t v = -1;
	if (db_open(s->db, 0, &db))
		return -1;
	if (db_prepare(db, sql, &st) == 0) {
		if (db_step(st) == DB_ROW)
			v = db_col_int64(st, 0);
		db_stmt_done(st);
	}
	db_close(db);
	return v;
}

/* Read the "safehub listening on http://ADDR:PORT" line. */
static int read_port(struct ts_server *s, int fd)
{
	char line[256];
	size_t n = 0;
	while (n < sizeof(line) - 1) {
		struct pollfd p = {.fd = fd, .events = POLLIN};
		if (poll(&p, 1, 30000) <= 0)
			return -1;
		ssize_t r = read(fd, line + n, 1);
		if (r <= 0)
			return -1;
		if (line[n] == '\n')
			break;
		n++;
	}
	line[n] = '\0';
	const char *colon = strrchr(line, ':');
	if (strncmp(line, "safehub listening on http", 25) || !colon)
		return -1;
	s->tls = strncmp(line, "safehub listening on https:", 27) == 0;
	s->port = (unsigned)atoi(colon + 1);
	return s->port ? 0 : -1;
}

int ts_server_start(struct ts_server *s, const char *const *extra)
{
	memset(s, 0, sizeof(*s));
	if (sodium_init() < 0)
		return -1;
	setenv("SAFEHUB_PWHASH_FAST", "1", 1);
	curl_global_init(CURL_GLOBAL_DEFAULT);
	snprintf(s->dir, sizeof(s->dir), "/tmp/safehub-api-XXXXXX");
	if (!mkdtemp(s->dir))
		return -1;
	snprintf(s->db, sizeof(s->db), "%s/test.db", s->dir);
	snprintf(s->errlog, sizeof(s->errlog), "%s/stderr.log", s->dir);
	if (run_init(s) || seed(s))
		return -1;
	int pfd[2];
	if (pipe(pfd))
		return -1;
	const char *argv[32] = {bin(),      "serve",       "--db",      s->db,
	                        "--listen", "127.0.0.1:0", "--threads", "4"};
	int argc = 8;
	for (size_t i = 0; extra && extra[i] && argc < 30; i++)
		argv[argc++] = extra[i];
	argv[argc] = NULL;
	s->pid = fork();
	if (s->pid < 0)
		return -1;
	if (s->pid == 0) {
		int err = open(s->errlog, O_WRONLY | O_CREAT | O_TRUNC, 0600);
		dup2(pfd[1], 1);
		dup2(err, 2);
		close(pfd[0]);
		execv(bin(), (char *const *)argv);
		_exit(127);
	}
	close(pfd[1]);
	stdout_fd = pfd[0];
	if (read_port(s, pfd[0])) {
		fprintf(stderr, "ts: the server did not print its port\n");
		ts_server_dump_log(s);
		return -1;
	}
	for (int i = 0; i < 100; i++) {
		struct ts_resp r;
		if (!ts_get(s, "/api/v1/health", &r) && r.status == 200) {
			ts_resp_free(&r);
			return 0;
		}
		ts_resp_free(&r);
		usleep(100 * 1000);
	}
	fprintf(stderr, "ts: the server did not answer /api/v1/health\n");
	return -1;
}

void ts_server_dump_log(const struct ts_server *s)
{
	FILE *f = fopen(s->errlog, "r");
	if (!f)
		return;
	char buf[4096];
	size_t n;
	fprintf(stderr, "---- server stderr ----\n");
	while ((n = fread(buf, 1, sizeof(buf), f)) > 0)
		fwrite(buf, 1, n, stderr);
	fclose(f);
}

int ts_server_stop(struct ts_server *s)
{
	int rc = -1;
	if (s->pid > 0) {
		kill(s->pid, SIGTERM);
		for (int i = 0; i < 200; i++) {
			int st;
			pid_t w = waitpid(s->pid, &st, WNOHANG);
			if (w == s->pid) {
				rc = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
				break;
			}
			usleep(100 * 1000);
		}
		if (rc == -1) {
			kill(s->pid, SIGKILL);
			waitpid(s->pid, NULL, 0);
		}
		if (rc != 0)
			ts_server_dump_log(s);
		s->pid = 0;
	}
	if (stdout_fd >= 0)
		close(stdout_fd);
	stdout_fd = -1;
	if (s->dir[0]) {
		char cmd[400];
		snprintf(cmd, sizeof(cmd), "rm -rf '%s'", s->dir);
		if (system(cmd) != 0)
			fprintf(stderr, "ts: could not remove %s\n", s->dir);
	}
	curl_global_cleanup();
	return rc;
}

/* ---- client ---- */

struct body_buf {
	char *p;
	size_t n;
};

static size_t on_body(char *data, size_t size, size_t nmemb, void *arg)
{
	struct body_buf *b = arg;
	size_t n = size * nmemb;
	char *p = realloc(b->p, b->n + n + 1);
	if (!p)
		return 0;
	memcpy(p + b->n, data, n);
	b->p = p;
	b->n += n;
	p[b->n] = '\0';
	return n;
}

static size_t on_header(char *data, size_t size, size_t nmemb, void *arg)
{
	struct ts_resp *r = arg;
	size_t n = size * nmemb;
	if (n >= 5 && !strncmp(data, "HTTP/", 5)) {
		/* A new status line (after 100 Continue): forget what came before. */
		for (size_t i = 0; i < r->nheaders; i++) {
			free(r->headers[i].name);
			free(r->headers[i].value);
		}
		r->nheaders = 0;
		return n;
	}
	const char *colon = memchr(data, ':', n);
	if (!colon || r->nheaders >= TS_MAX_HEADERS)
		return n;
	const char *v = colon + 1, *e = data + n;
	while (v < e && *v == ' ')
		v++;
	while (e > v && (e[-1] == '\r' || e[-1] == '\n'))
		e--;
	r->headers[r->nheaders].name = strndup(data, (size_t)(colon - data));
	r->headers[r->nheaders].value = strndup(v, (size_t)(e - v));
	r->nheaders++;
	return n;
}

const char *ts_header(const struct ts_resp *r, const char *name)
{
	for (size_t i = 0; i < r->nheaders; i++)
		if (!strcasecmp(r->headers[i].name, name))
			return r->headers[i].value;
	return NULL;
}

static int header_is(const struct ts_resp *r, const char *name, const char *want)
{
	const char *v = ts_header(r, name);
	return v && !strcmp(v, want);
}

static void check_invariants(struct ts_server *s, const char *method, const char *path,
                             struct ts_resp *r)
{
	const char *id = ts_header(r, "X-Request-Id");
	int bad = 0;
	if (!id || strlen(id) != 16 || strspn(id, "0123456789abcdef") != 16)
		bad++, fprintf(stderr, "ts: %s %s: no X-Request-Id of 16 hex\n", method, path);
	if (!header_is(r, "Content-Security-Policy",
	               "default-src 'self'; frame-ancestors 'none'; base-uri 'none'; "
	               "form-action 'self'") ||
	    !header_is(r, "X-Content-Type-Options", "nosniff") ||
	    !header_is(r, "Referrer-Policy", "no-referrer") ||
	    !header_is(r, "X-Frame-Options", "DENY"))
		bad++, fprintf(stderr, "ts: %s %s: a security header is missing\n", method, path);
	/* Only an asset that was found may be cached. */
	const char *cache = r->status == 200 && !strncmp(path, "/assets/", 8)
	                        ? "public, max-age=31536000, immutable"
	                        : "no-store";
	if (!header_is(r, "Cache-Control", cache))
		bad++, fprintf(stderr, "ts: %s %s: Cache-Control is not %s\n", method, path, cache);
	if (r->status >= 500)
		bad++, fprintf(stderr, "ts: %s %s: status %ld: %s\n", method, path, r->status,
		               r->body);
	r->violations = bad;
	s->violations += bad;
}

int ts_request(struct ts_server *s, const char *method, const char *path,
               const char *const *headers, const char *body, size_t len, struct ts_resp *out)
{
	memset(out, 0, sizeof(*out));
	CURL *c = curl_easy_init();
	if (!c)
		return -1;
	char url[2048];
	snprintf(url, sizeof(url), "%s://127.0.0.1:%u%s", s->tls ? "https" : "http", s->port, path);
	if (s->tls) { /* the tests' own throwaway certificate */
		curl_easy_setopt(c, CURLOPT_SSL_VERIFYPEER, 0L);
		curl_easy_setopt(c, CURLOPT_SSL_VERIFYHOST, 0L);
	}
	struct body_buf b = {0};
	struct curl_slist *hl = curl_slist_append(NULL, "Expect:");
	for (size_t i = 0; headers && headers[i]; i++)
		hl = curl_slist_append(hl, headers[i]);
	curl_easy_setopt(c, CURLOPT_URL, url);
	curl_easy_setopt(c, CURLOPT_HTTPHEADER, hl);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, &b);
	curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, on_header);
	curl_easy_setopt(c, CURLOPT_HEADERDATA, out);
	curl_easy_setopt(c, CURLOPT_TIMEOUT, 30L);
	if (!strcmp(method, "HEAD")) {
		curl_easy_setopt(c, CURLOPT_NOBODY, 1L);
	} else {
		curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, method);
		if (body || strcmp(method, "GET")) {
			curl_easy_setopt(c, CURLOPT_POSTFIELDS, body ? body : "");
			curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE,
			                 (curl_off_t)(body ? len : 0));
		}
	}
	CURLcode rc = curl_easy_perform(c);
	curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &out->status);
	curl_slist_free_all(hl);
	curl_easy_cleanup(c);
	out->body = b.p ? b.p : calloc(1, 1);
	out->len = b.n;
	if (rc != CURLE_OK) {
		fprintf(stderr, "ts: %s %s: %s\n", method, path, curl_easy_strerror(rc));
		s->violations++;
		return -1;
	}
	out->json = json_loadb(out->body, out->len, 0, NULL);
	check_invariants(s, method, path, out);
	return 0;
}

int ts_get(struct ts_server *s, const char *path, struct ts_resp *out)
{
	return ts_request(s, "GET", path, NULL, NULL, 0, out);
}

int ts_post_json(struct ts_server *s, const char *path, const char *json,
                 const char *const *headers, struct ts_resp *out)
{
	const char *h[16] = {"Content-Type: application/json"};
	size_t n = 1;
	for (size_t i = 0; headers && headers[i] && n < 15; i++)
		h[n++] = headers[i];
	h[n] = NULL;
	return ts_request(s, "POST", path, h, json, strlen(json), out);
}

void ts_resp_free(struct ts_resp *r)
{
	for (size_t i = 0; i < r->nheaders; i++) {
		free(r->headers[i].name);
		free(r->headers[i].value);
	}
	free(r->body);
	json_decref(r->json);
	memset(r, 0, sizeof(*r));
}

const char *ts_error_code(const struct ts_resp *r)
{
	return json_string_value(json_object_get(json_object_get(r->json, "error"), "code"));
}

const char *ts_error_field(const struct ts_resp *r)
{
	return json_string_value(json_object_get(json_object_get(r->json, "error"), "field"));
}

int ts_cookie(const struct ts_resp *r, const char *name, char *out, size_t n)
{
	size_t nl = strlen(name);
	for (size_t i = 0; i < r->nheaders; i++) {
		const char *v = r->headers[i].value;
		if (strcasecmp(r->headers[i].name, "Set-Cookie") || strncmp(v, name, nl) ||
		    v[nl] != '=')
			continue;
		v += nl + 1;
		size_t len = strcspn(v, ";");
		if (len >= n)
			return -1;
		memcpy(out, v, len);
		out[len] = '\0';
		return 0;
	}
	return -1;
}

int ts_sign_in(struct ts_server *s, const char *email, const char *password,
               char token[AUTH_SESSION_TOKEN_SIZE], char csrf[AUTH_CSRF_SIZE])
{
	json_t *b = json_pack("{s:s,s:s}", "email", email, "password", password);
	char *text = json_dumps(b, 0);
	struct ts_resp r;
	int rc = ts_post_json(s, "/api/v1/session", text, NULL, &r);
	free(text);
	json_decref(b);
	if (!rc && r.status == 201 &&
	    !ts_cookie(&r, "safehub_session", token, AUTH_SESSION_TOKEN_SIZE)) {
		const char *c = json_string_value(json_object_get(r.json, "csrf_token"));
		snprintf(csrf, AUTH_CSRF_SIZE, "%s", c ? c : "");
	} else {
		fprintf(stderr, "ts: sign-in of %s: %ld %s\n", email, r.status, r.body);
		rc = -1;
	}
	ts_resp_free(&r);
	return rc;
}
