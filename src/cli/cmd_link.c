/*
 * cli/cmd_link.c — `safehub link`: the batch face of the linkage engine.
 *
 *   dedupe    find the same person within one file
 *   link      find the same person across two files
 *   explain   each field's level and weight for one pair
 *   eval      run dedupe (or link) and measure it against a truth column
 *   generate  write synthetic records with known truth
 *
 * The flags and the output formats are a contract (issue 4): the engine is
 * judged through them on data it has never seen.
 */
#include "base/error.h"
#include "cli/cli.h"
#include "link/cluster.h"
#include "link/compare.h"
#include "link/csv.h"
#include "link/eval.h"
#include "link/link.h"
#include "link/record.h"
#include "link/synth.h"

#include <errno.h>
#include <stdarg.h>
#include <getopt.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

static const char link_usage[] =
    "usage: safehub link dedupe --input F.csv --id COL --field ROLE=COL ... --pairs OUT.csv\n"
    "                           [--clusters OUT.csv] [--threshold P]\n"
    "       safehub link link --left A.csv --right B.csv --id COL --field ROLE=COL ...\n"
    "                         --pairs OUT.csv [--threshold P]\n"
    "       safehub link explain (--input F.csv | --left A.csv --right B.csv) --id COL\n"
    "                            --field ROLE=COL ... --pair ID1,ID2\n"
    "       safehub link eval --truth COL (--input F.csv | --left A.csv --right B.csv)\n"
    "                         --id COL --field ROLE=COL ... [--pairs OUT.csv] [--clusters "
    "OUT.csv]\n"
    "       safehub link generate --records N --seed S [--nhs] [--dup-rate R] --output F.csv\n"
    "\n"
    "Find the same person across records, without training labels: a Fellegi-Sunter\n"
    "model trained on the input itself (see docs/linkage.md).\n"
    "\n"
    "ROLE is one of given, middle, family, fullname, dob, dob_day, dob_month,\n"
    "dob_year, sex, nhs, other_id, postcode, address (may repeat), house_number,\n"
    "locality. Any role may be absent; a blank cell is missing.\n"
    "\n"
    "--pairs writes id_l,id_r,match_weight,match_probability for each pair at or\n"
    "above the threshold (default probability 0.5); in dedupe it also holds pairs\n"
    "closed through a third record both are linked to at 0.95 or more (probability\n"
    "P(A=C) + P(B=C) - 1; not when their own fields speak against it, as siblings'\n"
    "do), so explain may show such a pair lower. A child has one NHS number: a\n"
    "record without one that is linked to holders of two different valid numbers\n"
    "has each link weighed by its links to the other number, so such a pair can be\n"
    "reported lower than explain shows, or not at all. Twins and siblings at one\n"
    "home count against a match, unless the file holds none: where records of one\n"
    "family at one home with other forenames mostly share a date of birth, they\n"
    "are taken as duplicates (--verbose says \"siblings no\"). Dates of birth up\n"
    "to 183 days apart count as a date written approximately only when the pairs\n"
    "that are sure without the date show such dates (--verbose says \"near dates\n"
    "yes\"); otherwise as different dates. How often a duplicate may carry\n"
    "another forename or family name, or the two swapped, is capped, unless the\n"
    "pairs that are sure without the names show more (--verbose says \"name\n"
    "caps\"). --clusters writes id,cluster_id for every record. Other flags:\n"
    "--threads N (default: all cores), --seed S, --block-cap N (records a blocking\n"
    "key may hold before it is split), --verbose.\n"
    "\n"
    "Exit codes: 0 ok, 2 usage, 3 bad input (message names the line), 6 missing file.\n";

struct link_args {
	const char *input, *left, *right, *pairs, *clusters, *pair, *output;
	struct link_spec spec;
	struct link_options opt;
	long records;
	double dup_rate;
	int nhs, verbose;
	int have_threshold;
};

static int usage_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static int usage_error(const char *fmt, ...)
{
	char msg[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	cli_error("%s", msg);
	cli_hint("run 'safehub link --help' for the flags");
	return CLI_USAGE;
}

static int parse_double(const char *s, double lo, double hi, double *out)
{
	char *end;
	errno = 0;
	double v = strtod(s, &end);
	if (errno || end == s || *end || !(v >= lo && v <= hi))
		return -1;
	*out = v;
	return 0;
}

static int parse_args(int argc, char **argv, struct link_args *a)
{
	enum {
		O_INPUT = 256,
		O_LEFT,
		O_RIGHT,
		O_ID,
		O_FIELD,
		O_PAIRS,
		O_CLUSTERS,
		O_THRESHOLD,
		O_TRUTH,
		O_PAIR,
		O_RECORDS,
		O_SEED,
		O_NHS,
		O_DUP,
		O_OUTPUT,
		O_THREADS,
		O_CAP,
		O_VERBOSE
	};
	static const struct option opts[] = {{"input", required_argument, NULL, O_INPUT},
	                                     {"left", required_argument, NULL, O_LEFT},
	                                     {"right", required_argument, NULL, O_RIGHT},
	                                     {"id", required_argument, NULL, O_ID},
	                                     {"field", required_argument, NULL, O_FIELD},
	                                     {"pairs", required_argument, NULL, O_PAIRS},
	                                     {"clusters", required_argument, NULL, O_CLUSTERS},
	                                     {"threshold", required_argument, NULL, O_THRESHOLD},
	                                     {"truth", required_argument, NULL, O_TRUTH},
	                                     {"pair", required_argument, NULL, O_PAIR},
	                                     {"records", required_argument, NULL, O_RECORDS},
	                                     {"seed", required_argument, NULL, O_SEED},
	                                     {"nhs", no_argument, NULL, O_NHS},
	                                     {"dup-rate", required_argument, NULL, O_DUP},
	                                     {"output", required_argument, NULL, O_OUTPUT},
	                                     {"threads", required_argument, NULL, O_THREADS},
	                                     {"block-cap", required_argument, NULL, O_CAP},
	                                     {"verbose", no_argument, NULL, O_VERBOSE},
	                                     {"help", no_argument, NULL, 'h'},
	                                     {0}};
	char err[256];
	double d;
	int c;
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":h", opts, NULL)) != -1) {
		switch (c) {
		case O_INPUT: a->input = optarg; break;
		case O_LEFT: a->left = optarg; break;
		case O_RIGHT: a->right = optarg; break;
		case O_ID: a->spec.id_col = optarg; break;
		case O_FIELD:
			if (link_spec_add(&a->spec, optarg, err, sizeof(err)))
				return usage_error("%s", err);
			break;
		case O_PAIRS: a->pairs = optarg; break;
		case O_CLUSTERS: a->clusters = optarg; break;
		case O_THRESHOLD:
			if (parse_double(optarg, 0, 1, &a->opt.threshold))
				return usage_error(
				    "--threshold wants a probability from 0 to 1, not '%s'",
				    optarg);
			a->have_threshold = 1;
			break;
		case O_TRUTH: a->spec.truth_col = optarg; break;
		case O_PAIR: a->pair = optarg; break;
		case O_RECORDS:
			if (parse_double(optarg, 1, 1e9, &d) || d != floor(d))
				return usage_error("--records wants a whole number, not '%s'",
				                   optarg);
			a->records = (long)d;
			break;
		case O_SEED:
			if (parse_double(optarg, 0, 1e18, &d) || d != floor(d))
				return usage_error("--seed wants a whole number, not '%s'", optarg);
			a->opt.seed = (uint64_t)d;
			break;
		case O_NHS: a->nhs = 1; break;
		case O_DUP:
			if (parse_double(optarg, 0, 1, &a->dup_rate))
				return usage_error("--dup-rate wants a share from 0 to 1, not '%s'",
				                   optarg);
			break;
		case O_OUTPUT: a->output = optarg; break;
		case O_THREADS:
			if (parse_double(optarg, 1, 64, &d) || d != floor(d))
				return usage_error("--threads wants 1 to 64, not '%s'", optarg);
			a->opt.threads = (int)d;
			break;
		case O_CAP:
			if (parse_double(optarg, 2, 1e6, &d) || d != floor(d))
				return usage_error("--block-cap wants a number from 2, not '%s'",
				                   optarg);
			a->opt.block_cap = (uint32_t)d;
			break;
		case O_VERBOSE: a->verbose = 1; break;
		case 'h': fputs(link_usage, stdout); return -1;
		case ':': return usage_error("%s needs a value", argv[optind - 1]);
		default: return usage_error("unknown flag '%s'", argv[optind - 1]);
		}
	}
	if (optind < argc)
		return usage_error("unexpected argument '%s'", argv[optind]);
	return 0;
}

/* Check the flags that every run over input files needs. */
static int need_inputs(const struct link_args *a, int allow_link, int *link_mode)
{
	if (a->input && (a->left || a->right))
		return usage_error("%s", "give --input, or --left and --right, not both");
	if (a->input)
		*link_mode = 0;
	else if (allow_link && a->left && a->right)
		*link_mode = 1;
	else if (allow_link && (a->left || a->right))
		return usage_error("%s", "--left and --right go together");
	else
		return usage_error("%s", allow_link
		                             ? "no input: give --input F.csv, or --left and --right"
		                             : "no input: give --input F.csv");
	if (!a->spec.id_col)
		return usage_error("%s", "--id COL is required: the column naming each record");
	int any = 0;
	for (int r = 0; r < LINK_ROLE_COUNT; r++)
		any |= a->spec.ncols[r] > 0;
	if (!any)
		return usage_error("%s", "give at least one --field ROLE=COL");
	return 0;
}

static int load_file(struct link_records *rs, const char *path, const struct link_spec *spec,
                     int src)
{
	FILE *f = fopen(path, "rb");
	if (!f) {
		cli_error("cannot open %s: %s", path, strerror(errno));
		return errno == ENOENT ? CLI_NOTFOUND : CLI_FAIL;
	}
	char err[512];
	int rc = link_records_load(rs, f, path, spec, src, err, sizeof(err));
	fclose(f);
	if (rc == SH_ERR(NOMEM)) {
		cli_error("%s: out of memory", path);
		return CLI_FAIL;
	}
	if (rc) {
		cli_error("%s", err);
		return CLI_DATA;
	}
	return 0;
}

static int load_inputs(const struct link_args *a, int link_mode, struct link_records *rs)
{
	int rc;
	if (link_mode) {
		if ((rc = load_file(rs, a->left, &a->spec, 0)) ||
		    (rc = load_file(rs, a->right, &a->spec, 1)))
			return rc;
	} else if ((rc = load_file(rs, a->input, &a->spec, 0))) {
		return rc;
	}
	link_records_finish(rs);
	return 0;
}

static void report_blocking(const struct block_set *bs)
{
	for (int r = 0; r < BR_COUNT; r++)
		if (bs->stats[r].windowed)
			fprintf(stderr,
			        "safehub: warning: blocking rule %s: %llu key(s) held more than %u "
			        "records even after splitting; each record there was compared with "
			        "its %u neighbours only\n",
			        block_rule_name(r), (unsigned long long)bs->stats[r].windowed,
			        bs->cap, bs->cap);
}

/* Say when a field agrees on most random pairs: it cannot tell people apart
 * (a file of identical rows), so its agreement counts for nothing. */
static void report_model(const struct link_model *md)
{
	for (int f = 0; f < LMF_COUNT; f++) {
		/* location: the share of pairs sharing a full postcode */
		double agree = f == LMF_LOCATION ? md->pc_share : md->u[f][0];
		if (md->used[f] && f != LF_SEX && agree > 0.5)
			fprintf(stderr,
			        "safehub: warning: %s agrees on %.0f%% of random pairs of records; "
			        "agreement on it is no evidence of a match\n",
			        f == LMF_LOCATION ? "postcode" : link_model_field_name(f),
			        100 * agree);
	}
}

static int write_pairs(const char *path, const struct link_records *rs, const struct link_pair *p,
                       size_t n)
{
	FILE *f = fopen(path, "w");
	if (!f) {
		cli_error("cannot write %s: %s", path, strerror(errno));
		return CLI_FAIL;
	}
	static char buf[1 << 16];
	setvbuf(f, buf, _IOFBF, sizeof(buf));
	fputs("id_l,id_r,match_weight,match_probability\n", f);
	for (size_t k = 0; k < n; k++) {
		csv_write_field(f, rs->v[p[k].i].id);
		fputc(',', f);
		csv_write_field(f, rs->v[p[k].j].id);
		fprintf(f, ",%.4f,%.6f\n", p[k].weight, link_probability(p[k].weight));
	}
	int bad = ferror(f);
	if (fclose(f) || bad) {
		cli_error("cannot write %s: %s", path, strerror(errno));
		return CLI_FAIL;
	}
	return 0;
}

static int write_clusters(const char *path, const struct link_records *rs, const uint32_t *cl)
{
	FILE *f = fopen(path, "w");
	if (!f) {
		cli_error("cannot write %s: %s", path, strerror(errno));
		return CLI_FAIL;
	}
	static char buf[1 << 16];
	setvbuf(f, buf, _IOFBF, sizeof(buf));
	fputs("id,cluster_id\n", f);
	for (size_t i = 0; i < rs->n; i++) {
		csv_write_field(f, rs->v[i].id);
		fputc(',', f);
		csv_write_field(f, rs->v[cl[i]].id);
		fputc('\n', f);
	}
	int bad = ferror(f);
	if (fclose(f) || bad) {
		cli_error("cannot write %s: %s", path, strerror(errno));
		return CLI_FAIL;
	}
	return 0;
}

static void print_prf(const char *what, const struct link_prf *p)
{
	printf("%s_precision %.4f\n%s_recall %.4f\n%s_f1 %.4f\n", what, p->precision, what,
	       p->recall, what, p->f1);
	printf("%s_tp %llu\n%s_fp %llu\n%s_fn %llu\n", what, (unsigned long long)p->tp, what,
	       (unsigned long long)p->fp, what, (unsigned long long)p->fn);
}

/* dedupe, link and eval. */
static int run_batch(struct link_args *a, int mode_link_cmd, int eval)
{
	int link_mode = 0;
	int rc = need_inputs(a, mode_link_cmd || eval, &link_mode);
	if (rc)
		return rc;
	if (mode_link_cmd && !link_mode)
		return usage_error("%s", "link wants --left A.csv --right B.csv");
	if (!eval && !a->pairs)
		return usage_error("%s", "--pairs OUT.csv is required");
	if (eval && !a->spec.truth_col)
		return usage_error("%s", "eval wants --truth COL: the column of true person ids");
	if (link_mode && a->clusters)
		return usage_error("%s", "--clusters is for dedupe (and eval on one --input)");
	struct link_records rs;
	link_records_init(&rs);
	struct link_result res = {0};
	uint32_t *cl = NULL;
	rc = load_inputs(a, link_mode, &rs);
	if (rc)
		goto out;
	a->opt.link_mode = link_mode;
	int err = link_run(&rs, &a->opt, &res);
	if (err) {
		rc = cli_fail(err, "linkage");
		goto out;
	}
	report_blocking(&res.blocks);
	report_model(&res.model);
	if (a->verbose)
		fprintf(stderr,
		        "link: %zu records, %llu pairs compared, %zu at or above %.3g; "
		        "lambda %.4g, prior %.2f, em %d iterations, siblings %s, "
		        "near dates %s (conclusive pairs %.0f: %.0f within 183 days, %.0f else); "
		        "block %.2fs train %.2fs score %.2fs\n",
		        rs.n, (unsigned long long)res.blocked_pairs, res.npairs, a->opt.threshold,
		        res.model.lambda_blocked, res.model.prior, res.model.em_iterations,
		        res.model.no_siblings ? "no" : "yes", res.model.dob_near ? "yes" : "no",
		        res.model.near_strong[0], res.model.near_strong[1],
		        res.model.near_strong[2], res.seconds_block, res.seconds_train,
		        res.seconds_score);
	if (a->verbose)
		fprintf(stderr,
		        "link: name caps: given else %.3g (conclusive pairs %.0f, %.0f else), "
		        "family else %.3g (%.0f, %.0f), swapped %.3g (%.0f, %.0f)\n",
		        res.model.else_cap[LF_GIVEN], res.model.caps_strong[0][0],
		        res.model.caps_strong[0][1], res.model.else_cap[LF_FAMILY],
		        res.model.caps_strong[1][0], res.model.caps_strong[1][1],
		        res.model.swap_cap, res.model.caps_strong[2][0],
		        res.model.caps_strong[2][1]);
	if (a->verbose)
		for (int r = 0; r < BR_COUNT; r++)
			fprintf(stderr,
			        "  rule %-16s keyed %llu split %llu windowed %llu pairs<= %llu\n",
			        block_rule_name(r), (unsigned long long)res.blocks.stats[r].keyed,
			        (unsigned long long)res.blocks.stats[r].subblocked,
			        (unsigned long long)res.blocks.stats[r].windowed,
			        (unsigned long long)res.blocks.stats[r].pairs);
	if (a->verbose)
		for (int f = 0; f < LMF_COUNT; f++) {
			if (!res.model.used[f])
				continue;
			double tot = 0;
			for (int l = 0; l < link_model_field_levels(f); l++)
				tot += res.true_levels[f][l];
			for (int l = 0; l < link_model_field_levels(f); l++) {
				fprintf(stderr, "  %-9s %-18s m %.5f u %.7f uh %.5f w %+.2f",
				        link_model_field_name(f), link_model_level_name(f, l),
				        res.model.m[f][l], res.model.u[f][l], res.model.uh[f][l],
				        res.model.w[f][l]);
				if (f == LF_DOB) /* u of a sibling at the same home */
					fprintf(stderr, " us %.5f", res.model.us_dob[l]);
				if (f == LF_DOB && l == LD_NEAR && !res.model.dob_near)
					fputs(" (read as else)", stderr);
				if (f == LF_SEX) /* u when the forenames are exact, alike */
					fprintf(stderr, " ug %.5f %.5f",
					        res.model.u_sex_given[LN_EXACT][l],
					        res.model.u_sex_given[LN_JW92][l]);
				if (tot > 0)
					fprintf(stderr, "  true m %.5f",
					        res.true_levels[f][l] / tot);
				fputc('\n', stderr);
			}
		}
	if (a->pairs && (rc = write_pairs(a->pairs, &rs, res.pairs, res.npairs)))
		goto out;
	if (a->clusters || (eval && !link_mode)) {
		cl = malloc((rs.n ? rs.n : 1) * sizeof(*cl));
		if (!cl || link_cluster(rs.n, res.pairs, res.npairs, cl)) {
			rc = cli_fail(SH_ERR(NOMEM), "clustering");
			goto out;
		}
		if (a->clusters && (rc = write_clusters(a->clusters, &rs, cl)))
			goto out;
	}
	if (eval) {
		struct link_eval ev;
		if (link_evaluate(&rs, link_mode, res.pairs, res.npairs, link_mode ? NULL : cl,
		                  res.true_compared, &ev)) {
			rc = cli_fail(SH_ERR(NOMEM), "evaluation");
			goto out;
		}
		printf("records %zu\n", rs.n);
		printf("compared_pairs %llu\n", (unsigned long long)res.blocked_pairs);
		printf("true_pairs %llu\n", (unsigned long long)ev.true_pairs);
		printf("blocking_recall %.4f\n", ev.blocking_recall);
		print_prf("pairwise", &ev.pairwise);
		if (!link_mode)
			print_prf("cluster", &ev.cluster);
	}
	rc = CLI_OK;
out:
	free(cl);
	link_result_release(&res);
	link_records_release(&rs);
	return rc;
}

static int find_record(const struct link_records *rs, int src, const char *id, size_t n,
                       size_t *out)
{
	uint32_t k = link_strtab_find(&rs->ids[src], id, n);
	if (!k)
		return -1;
	*out = (src ? rs->nsrc[0] : 0) + k - 1;
	return 0;
}

static int run_explain(struct link_args *a)
{
	int link_mode = 0;
	int rc = need_inputs(a, 1, &link_mode);
	if (rc)
		return rc;
	const char *comma = a->pair ? strchr(a->pair, ',') : NULL;
	if (!comma || comma == a->pair || !comma[1])
		return usage_error("%s", "explain wants --pair ID1,ID2");
	struct link_records rs;
	link_records_init(&rs);
	struct block_set bs = {0};
	rc = load_inputs(a, link_mode, &rs);
	if (rc)
		goto out;
	size_t i, j;
	if (find_record(&rs, 0, a->pair, (size_t)(comma - a->pair), &i)) {
		cli_error("no record with id '%.*s' in %s", (int)(comma - a->pair), a->pair,
		          link_mode ? a->left : a->input);
		rc = CLI_NOTFOUND;
		goto out;
	}
	if (find_record(&rs, link_mode, comma + 1, strlen(comma + 1), &j)) {
		cli_error("no record with id '%s' in %s", comma + 1,
		          link_mode ? a->right : a->input);
		rc = CLI_NOTFOUND;
		goto out;
	}
	if (i == j) {
		cli_error("--pair names the same record twice");
		rc = CLI_USAGE;
		goto out;
	}
	a->opt.link_mode = link_mode;
	struct link_model md;
	if (block_build(&bs, &rs, link_mode, a->opt.block_cap) ||
	    link_train(&rs, &bs, &a->opt, &md, NULL)) {
		rc = cli_fail(SH_ERR(NOMEM), "training");
		goto out;
	}
	struct link_cmp c;
	struct link_explain ex;
	link_compare(&rs, &rs.v[i], &rs.v[j], &c, NULL);
	link_model_score(&md, &c, &ex);
	printf("pair %s %s\n", rs.v[i].id, rs.v[j].id);
	printf("%-10s %-18s %8s\n", "field", "level", "weight");
	printf("%-10s %-18s %+8.2f\n", "prior", "", ex.prior);
	for (int f = 0; f < LF_COUNT; f++) {
		if (!md.used[f] && ex.level[f] == LINK_MISSING)
			continue;
		printf("%-10s %-18s %+8.2f", link_field_name(f), link_level_name(f, ex.level[f]),
		       ex.weight[f]);
		if (ex.tf_adj[f] != 0)
			printf("  (term frequency %+.2f)", ex.tf_adj[f]);
		if (ex.household &&
		    (f == LF_DOB || f == LF_POSTCODE || f == LF_ADDRESS || f == LF_LOCALITY) &&
		    ex.level[f] != LINK_MISSING)
			printf("  (household)");
		putchar('\n');
	}
	printf("match_weight %.4f\n", ex.match_weight);
	printf("match_probability %.6f\n", ex.probability);
	printf("compared_by_blocking %s\n",
	       block_compared(&bs, (uint32_t)(i < j ? i : j), (uint32_t)(i < j ? j : i)) ? "yes"
	                                                                                 : "no");
	rc = CLI_OK;
out:
	block_release(&bs);
	link_records_release(&rs);
	return rc;
}

static int run_generate(struct link_args *a)
{
	if (!a->output)
		return usage_error("%s", "generate wants --output F.csv");
	struct synth_options so;
	synth_defaults(&so);
	if (a->records)
		so.records = a->records;
	if (a->dup_rate >= 0)
		so.dup_rate = a->dup_rate;
	so.with_nhs = a->nhs;
	so.seed = a->opt.seed;
	FILE *f = fopen(a->output, "w");
	if (!f) {
		cli_error("cannot write %s: %s", a->output, strerror(errno));
		return CLI_FAIL;
	}
	int rc = synth_write_csv(&so, f);
	if (fclose(f) || rc) {
		cli_error("cannot write %s", a->output);
		return CLI_FAIL;
	}
	return CLI_OK;
}

int cmd_link(int argc, char **argv)
{
	if (argc < 2 || !strcmp(argv[1], "-h") || !strcmp(argv[1], "--help") ||
	    !strcmp(argv[1], "help")) {
		fputs(link_usage, argc < 2 ? stderr : stdout);
		return argc < 2 ? CLI_USAGE : CLI_OK;
	}
	const char *sub = argv[1];
	struct link_args a;
	memset(&a, 0, sizeof(a));
	link_options_default(&a.opt);
	a.dup_rate = -1;
	int rc = parse_args(argc - 1, argv + 1, &a);
	if (rc < 0)
		return CLI_OK;
	if (rc)
		return rc;
	if (!strcmp(sub, "dedupe"))
		return run_batch(&a, 0, 0);
	if (!strcmp(sub, "link"))
		return run_batch(&a, 1, 0);
	if (!strcmp(sub, "eval"))
		return run_batch(&a, 0, 1);
	if (!strcmp(sub, "explain"))
		return run_explain(&a);
	if (!strcmp(sub, "generate"))
		return run_generate(&a);
	return usage_error("unknown link command '%s' (dedupe, link, explain, eval, generate)",
	                   sub);
}
