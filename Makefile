# Makefile — builds safehub, its tests, benchmarks, lint and fuzz targets.
#
#   make            release build: build/rel/safehub
#   make check      bootstrap, sanitizer build (ASan+UBSan), every test runner
#   make demo       bootstrap, build, create var/safehub.db with demo data, serve
#   make bench      bootstrap, release build, print figures as JSON lines
#   make lint       clang-format check and cppcheck
#   make fuzz       libFuzzer targets (clang), a short run over the kept corpus
#
# Sources are found by folder: every src/**/*.c but src/main.c goes into
# libsafehub.a; every tests/unit/test_*.c and tests/api/test_*.c is one
# cmocka runner linked against it. Migrations in src/db/migrations/*.sql are
# embedded into the binary by scripts/embed-sql, shipped data files
# (data/*) by scripts/embed-files, and the GOV.UK Frontend files the pages
# use (node_modules/govuk-frontend, installed by scripts/bootstrap) by
# scripts/embed-assets.

CC      ?= cc
PKGS    := libmicrohttpd jansson sqlite3 libsodium libutf8proc xlsxwriter libxml-2.0
TPKGS   := cmocka libcurl
WARN    := -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
           -Wformat=2 -Wvla -Wno-unused-parameter
BASEFLAGS = -std=c11 -D_GNU_SOURCE -g $(WARN) -Isrc -I$(B)/gen $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
LIBS     = $(shell pkg-config --libs $(PKGS) 2>/dev/null) -lpthread -lm
TLIBS    = $(shell pkg-config --libs $(TPKGS) 2>/dev/null)

MODE ?= rel
ifeq ($(MODE),san)
B       := build/san
CFLAGS_MODE := -O1 -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=undefined
LDFLAGS_MODE := -fsanitize=address,undefined
else
B       := build/rel
CFLAGS_MODE := -O2 -DNDEBUG
LDFLAGS_MODE :=
endif

CFLAGS_ALL = $(BASEFLAGS) $(CFLAGS_MODE) $(CFLAGS)
LDFLAGS_ALL = $(LDFLAGS_MODE) $(LDFLAGS)

LIB_SRC  := $(filter-out src/main.c,$(shell find src -name '*.c' | sort))
LIB_OBJ  := $(patsubst src/%.c,$(B)/obj/%.o,$(LIB_SRC)) $(B)/obj/gen/migrations_sql.o \
            $(B)/obj/gen/data_files.o $(B)/obj/gen/web_assets.o
MIGRATIONS := $(sort $(wildcard src/db/migrations/*.sql))
DATA_FILES := $(sort $(wildcard data/*))
GOVUK_DIR := node_modules/govuk-frontend/dist/govuk
WEB_ASSETS := $(wildcard $(GOVUK_DIR)/govuk-frontend.min.css $(GOVUK_DIR)/assets/fonts/*.woff2 \
                         $(GOVUK_DIR)/assets/images/favicon.*)
UNIT_SRC := $(sort $(wildcard tests/unit/test_*.c))
API_SRC  := $(sort $(wildcard tests/api/test_*.c))
TEST_HELP_SRC := $(sort $(wildcard tests/support/*.c))
TEST_HELP_OBJ := $(patsubst tests/%.c,$(B)/obj/tests/%.o,$(TEST_HELP_SRC))
UNIT_BIN := $(patsubst tests/unit/%.c,$(B)/tests/unit/%,$(UNIT_SRC))
API_BIN  := $(patsubst tests/api/%.c,$(B)/tests/api/%,$(API_SRC))
BENCH_SRC := $(sort $(wildcard bench/*.c))
BENCH_BIN := $(patsubst bench/%.c,$(B)/bench/%,$(BENCH_SRC))

.PHONY: all build check demo bench lint format fuzz clean bootstrap tests unit api cli-golden
all: build
build: $(B)/safehub

bootstrap:
	@./scripts/bootstrap

# The folder is a prerequisite too: removing a file changes its mtime.
$(B)/gen/migrations_sql.c: $(MIGRATIONS) src/db/migrations scripts/embed-sql
	@mkdir -p $(dir $@)
	@./scripts/embed-sql $(MIGRATIONS) > $@.tmp && mv $@.tmp $@

$(B)/gen/data_files.c: $(DATA_FILES) data scripts/embed-files
	@mkdir -p $(dir $@)
	@./scripts/embed-files $(DATA_FILES) > $@.tmp && mv $@.tmp $@

# Fails, saying to run scripts/bootstrap, when node_modules is missing.
$(B)/gen/web_assets.c: $(WEB_ASSETS) package-lock.json scripts/embed-assets
	@mkdir -p $(dir $@)
	@./scripts/embed-assets $(GOVUK_DIR) > $@.tmp && mv $@.tmp $@ || { rm -f $@.tmp; exit 1; }

$(B)/obj/gen/web_assets.o: $(B)/gen/web_assets.c src/web/assets.h
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_ALL) -c $< -o $@

$(B)/obj/gen/data_files.o: $(B)/gen/data_files.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_ALL) -c $< -o $@

$(B)/obj/gen/migrations_sql.o: $(B)/gen/migrations_sql.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_ALL) -c $< -o $@

$(B)/obj/%.o: src/%.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_ALL) -MMD -MP -c $< -o $@

$(B)/obj/tests/%.o: tests/%.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_ALL) -Itests $(shell pkg-config --cflags $(TPKGS)) -MMD -MP -c $< -o $@

$(B)/libsafehub.a: $(LIB_OBJ)
	@rm -f $@
	ar rcs $@ $^

$(B)/safehub: $(B)/obj/main.o $(B)/libsafehub.a
	$(CC) $(LDFLAGS_ALL) -o $@ $^ $(LIBS)

$(B)/tests/unit/%: tests/unit/%.c $(B)/libsafehub.a $(TEST_HELP_OBJ)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_ALL) -Itests $(shell pkg-config --cflags $(TPKGS)) $(LDFLAGS_ALL) -o $@ $< $(TEST_HELP_OBJ) $(B)/libsafehub.a $(LIBS) $(TLIBS)

$(B)/tests/api/%: tests/api/%.c $(B)/libsafehub.a $(TEST_HELP_OBJ)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_ALL) -Itests $(shell pkg-config --cflags $(TPKGS)) $(LDFLAGS_ALL) -o $@ $< $(TEST_HELP_OBJ) $(B)/libsafehub.a $(LIBS) $(TLIBS)

$(B)/bench/%: bench/%.c $(B)/libsafehub.a
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_ALL) $(LDFLAGS_ALL) -o $@ $< $(B)/libsafehub.a $(LIBS)

tests: $(B)/safehub $(UNIT_BIN) $(API_BIN)

# The test command (README.md and .ci/run call it).
check: bootstrap
	@$(MAKE) --no-print-directory MODE=san -j2 tests
	@MODE=san ./tests/run-all build/san

demo: bootstrap
	@$(MAKE) --no-print-directory MODE=rel -j2 build
	@./scripts/demo build/rel/safehub

bench: bootstrap
	@$(MAKE) --no-print-directory MODE=rel -j2 build $(BENCH_BIN)
	@./bench/run build/rel

lint:
	@clang-format --dry-run -Werror $$(find src tests bench fuzz -name '*.[ch]')
	@cppcheck --quiet --error-exitcode=1 --enable=warning,performance,portability \
		--inline-suppr --suppress=missingIncludeSystem -Isrc $$(find src -name '*.c')

format:
	@clang-format -i $$(find src tests bench fuzz -name '*.[ch]')

fuzz: bootstrap
	@./fuzz/run

clean:
	rm -rf build

-include $(shell find build -name '*.d' 2>/dev/null)
