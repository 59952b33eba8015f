/*
 * tests/unit/test_link_text.c — the name primitives of link/text.h:
 * normalisation, Jaro-Winkler, Levenshtein, Double Metaphone, nicknames.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "link/text.h"

static void expect_norm(const char *in, const char *want)
{
	char out[128];
	int n = text_normalise(in, out, sizeof out);
	if (n < 0 || strcmp(out, want) != 0)
		fail_msg("text_normalise(\"%s\") gave \"%s\" (%d), want \"%s\"", in, out, n, want);
	assert_int_equal(n, (int)strlen(want));
	/* idempotent */
	char again[128];
	text_normalise(out, again, sizeof again);
	assert_string_equal(again, out);
}

static void test_link_text__normalise_ascii(void **state)
{
	expect_norm("  John   SMITH ", "john smith");
	expect_norm("O'Neill", "oneill");
	expect_norm("D`Arcy", "darcy");
	expect_norm("Smith-Jones", "smith-jones");
	expect_norm("Smith - Jones", "smith-jones");
	expect_norm("-Smith-", "smith");
	expect_norm("St.John", "st john");
	expect_norm("Flat 3/12, Mare St.", "flat 3 12 mare st");
	expect_norm("\t\n", "");
	expect_norm("", "");
}

static void test_link_text__normalise_unicode(void **state)
{
	expect_norm("Zoë", "zoe");
	expect_norm("JOSÉ María", "jose maria");
	expect_norm("Ö'Brien", "obrien");
	expect_norm("Öztürk", "ozturk");
	expect_norm("Straße", "strasse");
	expect_norm("Małgorzata Wójcik", "malgorzata wojcik");
	expect_norm("Søren Æbelø", "soren aebelo");
	expect_norm("Şükrü Yıldız", "sukru yildiz");
	expect_norm("İbrahim", "ibrahim");
	expect_norm("Ｓｍｉｔｈ", "smith");                   /* fullwidth */
	expect_norm("ﬁona", "fiona");                         /* ligature (NFKC) */
	expect_norm("O\xE2\x80\x99Neill", "oneill");          /* right single quotation mark */
	expect_norm("Smith\xE2\x80\x93Jones", "smith-jones"); /* en dash */
	expect_norm("Nguyễn Văn", "nguyen van");
	expect_norm("Ana\xC2\xA0Lúcia", "ana lucia"); /* no-break space */
	expect_norm("محمد", "محمد");                  /* other scripts kept */
	expect_norm("Đorđe", "dorde");
}

static void test_link_text__normalise_rejects_invalid_utf8_and_truncates_whole(void **state)
{
	char out[16];
	assert_int_equal(text_normalise("caf\xE9", out, sizeof out), -1);
	assert_string_equal(out, "");
	assert_int_equal(text_normalise("\xC0\xAF", out, sizeof out), -1);
	/* truncation never splits a code point */
	char small[4];
	int n = text_normalise("ééé", small, sizeof small);
	assert_int_equal(n, 3);
	assert_string_equal(small, "eee");
	n = text_normalise("محمد", small, sizeof small);
	assert_int_equal(n, 2);
	/* nor leaves a separator with no letter after it, ASCII or not */
	assert_int_equal(text_normalise("ab cd", small, sizeof small), 2);
	assert_string_equal(small, "ab");
	assert_int_equal(text_normalise("éb cd", small, sizeof small), 2);
	assert_string_equal(small, "eb");
}

static void expect_jw(const char *a, const char *b, double want)
{
	double got = text_jaro_winkler(a, b);
	if (got < want - 0.0005 || got > want + 0.0005)
		fail_msg("JW(%s,%s) = %.4f, want %.3f", a, b, got, want);
	double rev = text_jaro_winkler(b, a);
	if (rev < got - 1e-12 || rev > got + 1e-12)
		fail_msg("JW is not symmetric for %s/%s", a, b);
}

static void test_link_text__jaro_winkler_known_values(void **state)
{
	expect_jw("MARTHA", "MARHTA", 0.961);
	expect_jw("DWAYNE", "DUANE", 0.840);
	expect_jw("DIXON", "DICKSONX", 0.813);
	expect_jw("JELLYFISH", "SMELLYFISH", 0.896);
	expect_jw("same", "same", 1.0);
	expect_jw("", "", 1.0);
	expect_jw("abc", "", 0.0);
	expect_jw("abc", "xyz", 0.0);
	/* code points, not bytes: one accent is one substitution */
	double a = text_jaro_winkler("zoë", "zoe");
	double b = text_jaro_winkler("zox", "zoe");
	assert_true(a > 0.82 && a < 0.83); /* Jaro 7/9, then 2 prefix letters */
	assert_true(a == b);
	/* long strings (beyond the stack buffers) work */
	char l1[600], l2[600];
	memset(l1, 'a', 599);
	l1[599] = 0;
	memcpy(l2, l1, 600);
	l2[300] = 'b';
	assert_true(text_jaro_winkler(l1, l2) > 0.99);
}

static void test_link_text__levenshtein(void **state)
{
	assert_int_equal(text_levenshtein("kitten", "sitting", 5), 3);
	assert_int_equal(text_levenshtein("kitten", "sitting", 2), 3); /* max+1 */
	assert_int_equal(text_levenshtein("", "abc", 5), 3);
	assert_int_equal(text_levenshtein("abc", "", 1), 2);
	assert_int_equal(text_levenshtein("same", "same", 0), 0);
	assert_int_equal(text_levenshtein("9434765919", "9434765929", 2), 1);
	assert_int_equal(text_levenshtein("9434765919", "4934765919", 2), 2);
	assert_int_equal(text_levenshtein("żółw", "zolw", 5), 3); /* code points */
	assert_int_equal(text_levenshtein("short", "a much longer string", 3), 4);
}

struct dm_case {
	const char *name, *primary, *alternate;
};

/* Codes from Philips' rules as published (and as the reference C++ and the
 * Apache commons-codec port give them). */
static const struct dm_case dm_cases[] = {
    {"Smith", "SM0", "XMT"},
    {"Schmidt", "XMT", "SMT"},
    /* The brief suggested TMSN for Thompson; the rules give TMPS: TH before
     * OM is T, M is M, and P before S is P (only PH and PP/PB are special). */
    {"Thompson", "TMPS", "TMPS"},
    {"Jose", "HS", "HS"},
    {"Xavier", "SF", "SFR"},
    {"Catherine", "K0RN", "KTRN"},
    {"Katherine", "K0RN", "KTRN"},
    {"Mohammed", "MHMT", "MHMT"},
    {"Cambrillo", "KMPR", "KMPR"},
    {"Zhao", "J", "J"},
    {"Zhang", "JNK", "JNK"},
    {"Maurice", "MRS", "MRS"},
    {"Aubrey", "APR", "APR"},
    {"Richard", "RXRT", "RKRT"},
    {"Bob", "PP", "PP"},
    {"Geoff", "JF", "KF"},
    {"Through", "0R", "TR"},
    {"Schwein", "XN", "XFN"},
    {"Steven", "STFN", "STFN"},
    {"Bryce", "PRS", "PRS"},
    {"Otto", "AT", "AT"},
    {"Dallas", "TLS", "TLS"},
    {"Chile", "XL", "XL"},
    {"Arnow", "ARN", "ARNF"},
    {"Parachute", "PRKT", "PRKT"},
    {"Nowhere", "NR", "NR"},
    {"Tux", "TKS", "TKS"},
    {"Thumbail", "0MPL", "TMPL"},
    /* one or more per rule of the letter-by-letter walk */
    {"Gnome", "NM", "NM"},          /* initial GN */
    {"Knight", "NT", "NT"},         /* initial KN, GH after a vowel silent */
    {"Wright", "RT", "RT"},         /* initial WR */
    {"Psychology", "SXLJ", "SKLK"}, /* initial PS */
    {"Caesar", "SSR", "SSR"},
    {"Chianti", "KNT", "KNT"},
    {"Michael", "MKL", "MXL"},
    {"Chemistry", "KMST", "KMST"},
    {"McHugh", "MK", "MK"},
    {"Czerny", "SRN", "XRN"},
    {"Focaccia", "FKX", "FKX"},
    {"Bacci", "PX", "PX"},
    {"Accident", "AKST", "AKST"},
    {"Edge", "AJ", "AJ"},
    {"Edgar", "ATKR", "ATKR"},
    {"Ghislane", "JLN", "JLN"},
    {"Hugh", "H", "H"},
    {"Laugh", "LF", "LF"},
    {"Cagney", "KKN", "KKN"},
    {"Tagliaro", "TKLR", "TLR"},
    {"Biaggi", "PJ", "PK"},
    {"Gallegos", "KLKS", "KKS"}, /* Spanish LL */
    {"Rogier", "RJ", "RJR"},     /* French final R */
    {"Island", "ALNT", "ALNT"},
    {"Sugar", "XKR", "SKR"},
    {"School", "SKL", "SKL"},
    {"Schenker", "XNKR", "SKNK"},
    {"Resnais", "RSN", "RSNS"},
    {"Thomas", "TMS", "TMS"},
    {"Wasserman", "ASRM", "FSRM"},
    {"Jankelowicz", "JNKL", "ANKL"},
    {"Filipowicz", "FLPT", "FLPF"},
    {"Breaux", "PR", "PR"}, /* French final X */
    {"Zola", "SL", "SL"},
    {"Fran\xC3\xA7ois", "FRNS", "FRNS"}, /* Ç */
    {"Pe\xC3\xB1"
     "a",
     "PN", "PN"}, /* Ñ */
    {"San Jacinto", "SNHS", "SNHS"},
    {"Campbell", "KMPL", "KMPL"},
    {"Nowakowski", "NKSK", "NKFS"}, /* Polish -OWSKI */
    {"Philips", "FLPS", "FLPS"},
    {"Ahmed", "AMT", "AMT"},
    {"Begum", "PKM", "PKM"},
    {"Nguyen", "NKN", "NKN"}, /* G before U is simply K */
    {"", "", ""},
};

static void test_link_text__double_metaphone_codes(void **state)
{
	int bad = 0;
	for (size_t i = 0; i < sizeof dm_cases / sizeof dm_cases[0]; i++) {
		char p[5], a[5];
		text_double_metaphone(dm_cases[i].name, p, a);
		if (strcmp(p, dm_cases[i].primary) || strcmp(a, dm_cases[i].alternate)) {
			print_error("%s: got %s/%s, want %s/%s\n", dm_cases[i].name, p, a,
			            dm_cases[i].primary, dm_cases[i].alternate);
			bad++;
		}
	}
	assert_int_equal(bad, 0);
	/* case and surrounding noise do not matter */
	char p1[5], a1[5], p2[5], a2[5];
	text_double_metaphone("smith", p1, a1);
	text_double_metaphone(" SMITH ", p2, a2);
	assert_string_equal(p1, p2);
	assert_string_equal(a1, a2);
	/* hostile input: long, non-letters */
	char longname[1000];
	memset(longname, 'x', sizeof longname - 1);
	longname[sizeof longname - 1] = 0;
	text_double_metaphone(longname, p1, a1);
	assert_true(strlen(p1) <= 4);
	text_double_metaphone("1234 !!", p1, a1);
	assert_string_equal(p1, "");
}

static void test_link_text__nickname_equivalences(void **state)
{
	static const char *const yes[][2] = {
	    {"bill", "william"},      {"peggy", "margaret"},      {"sasha", "alexander"},
	    {"kate", "catherine"},    {"kitty", "katherine"},     {"kathryn", "cathy"},
	    {"bob", "robert"},        {"bobby", "rob"},           {"jack", "john"},
	    {"harry", "henry"},       {"hal", "henry"},           {"ted", "edward"},
	    {"ned", "edward"},        {"alex", "alexandra"},      {"alex", "alexander"},
	    {"sandy", "alexandra"},   {"mohammed", "muhammad"},   {"mohd", "mohamed"},
	    {"maxamed", "mohammed"},  {"mehmet", "mohammed"},     {"ahmed", "ahmad"},
	    {"yusuf", "yousef"},      {"fatima", "fatimah"},      {"aisha", "ayesha"},
	    {"abdullah", "abdallah"}, {"hussein", "hussain"},     {"ibrahim", "ebrahim"},
	    {"malgorzata", "gosia"},  {"katarzyna", "kasia"},     {"wojciech", "wojtek"},
	    {"jose", "pepe"},         {"francisco", "paco"},      {"sean", "shaun"},
	    {"shawn", "sean"},        {"siobhan", "joan"},        {"oluwaseun", "seun"},
	    {"chukwuemeka", "emeka"}, {"kwabena", "kobby"},       {"giorgos", "george"},
	    {"hatice", "khadija"},    {"jasvinder", "jaswinder"}, {"liz", "elizabeth"},
	    {"same", "same"},
	};
	for (size_t i = 0; i < sizeof yes / sizeof yes[0]; i++) {
		if (!text_nickname_equiv(yes[i][0], yes[i][1]) ||
		    !text_nickname_equiv(yes[i][1], yes[i][0]))
			fail_msg("%s and %s should be nickname-equivalent", yes[i][0], yes[i][1]);
	}
	static const char *const no[][2] = {
	    {"alexander", "alexandra"},
	    {"john", "mary"},
	    {"william", "robert"},
	    {"mohammed", "ahmed"},
	    {"ali", "alison"},
	    {"jack", "jacqueline"},
	    {"harry", "edward"},
	    {"unknownname", "x"},
	    {"", ""},
	    {"bill", ""},
	    {"Bill", "william"}, /* not normalised */
	};
	for (size_t i = 0; i < sizeof no / sizeof no[0]; i++) {
		if (text_nickname_equiv(no[i][0], no[i][1]))
			fail_msg("%s and %s should not be nickname-equivalent", no[i][0], no[i][1]);
	}
}

static void test_link_text__one_edit(void **state)
{
	(void)state;
	assert_true(text_one_edit("anna", "anna"));
	assert_true(text_one_edit("anna", "ana"));        /* deletion */
	assert_true(text_one_edit("jon", "john"));        /* insertion */
	assert_true(text_one_edit("kayla", "kayls"));     /* substitution */
	assert_true(text_one_edit("mohamed", "mohaemd")); /* adjacent transposition */
	assert_false(text_one_edit("clara", "sara"));
	assert_false(text_one_edit("anna", "an"));
	assert_false(text_one_edit("abcd", "badc"));
	assert_true(text_one_edit("", "a"));
}

static void test_link_text__ocr_fold(void **state)
{
	(void)state;
	char out[32];
	assert_int_equal(text_ocr_fold("ahrnad", out, sizeof out, 1), 1);
	assert_string_equal(out, "ahmad");
	assert_int_equal(text_ocr_fold("a1bert", out, sizeof out, 1), 1);
	assert_string_equal(out, "albert");
	assert_int_equal(text_ocr_fold("berijamin", out, sizeof out, 1), 1);
	assert_string_equal(out, "benjamin");
	assert_int_equal(text_ocr_fold("anna", out, sizeof out, 1), 0);
	assert_string_equal(out, "anna");
	assert_int_equal(text_ocr_fold("anna", out, 3, 1), 0);
	assert_string_equal(out, "an");
	/* digits only: letter pairs stay */
	assert_int_equal(text_ocr_fold("ahrnad", out, sizeof out, 0), 0);
	assert_string_equal(out, "ahrnad");
	assert_int_equal(text_ocr_fold("a1rnad", out, sizeof out, 0), 1);
	assert_string_equal(out, "alrnad");
}

static void test_link_text__nickname_groups(void **state)
{
	assert_true(text_nickname_table_size() >= 300);
	int w = text_nickname_group("william");
	assert_true(w >= 0);
	assert_string_equal(text_nickname_head(w), "william");
	assert_int_equal(text_nickname_group("bill"), w);
	assert_int_equal(text_nickname_group("liam"), w);
	assert_int_equal(text_nickname_group("zzzz"), -1);
	assert_int_equal(text_nickname_group(""), -1);
	/* a head keeps its own group even when it appears in others */
	int a = text_nickname_group("alexander");
	assert_string_equal(text_nickname_head(a), "alexander");
	int ib = text_nickname_group("ibrahim");
	assert_string_equal(text_nickname_head(ib), "ibrahim");
	/* "alex" is in several groups; every one is reported */
	int gs[16];
	int n = text_nickname_groups("alex", gs, 16);
	assert_true(n >= 3);
	int saw_a = 0;
	for (int i = 0; i < n && i < 16; i++) {
		if (i)
			assert_true(gs[i - 1] < gs[i]);
		saw_a |= gs[i] == a;
	}
	assert_true(saw_a);
	/* accented table entries were normalised: "zoë" is found as "zoe" */
	assert_true(text_nickname_equiv("zoe", "zoey"));
	assert_int_equal(text_nickname_groups("nobody", gs, 16), 0);
	assert_null(text_nickname_head(-1));
	/* near: the groups of table names one edit from a name not in the table */
	n = text_nickname_near("kayls", gs, 16);
	assert_int_equal(n, 1);
	assert_string_equal(text_nickname_head(gs[0]), "kayleigh");
	assert_true(text_nickname_near("0liver", gs, 16) >= 1);   /* OCR: 0 for o */
	assert_int_equal(text_nickname_near("kayla", gs, 16), 0); /* in the table */
	assert_int_equal(text_nickname_near("kyl", gs, 16), 0);   /* too short */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_link_text__normalise_ascii),
	    cmocka_unit_test(test_link_text__normalise_unicode),
	    cmocka_unit_test(test_link_text__normalise_rejects_invalid_utf8_and_truncates_whole),
	    cmocka_unit_test(test_link_text__jaro_winkler_known_values),
	    cmocka_unit_test(test_link_text__levenshtein),
	    cmocka_unit_test(test_link_text__double_metaphone_codes),
	    cmocka_unit_test(test_link_text__nickname_equivalences),
	    cmocka_unit_test(test_link_text__nickname_groups),
	    cmocka_unit_test(test_link_text__one_edit),
	    cmocka_unit_test(test_link_text__ocr_fold),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
