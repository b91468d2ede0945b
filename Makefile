# sanctsim: a sanctions trade-flow simulator.
# `make` builds ./sanctsim; `make run` runs the default scenario and draws its
# charts; `make test` runs every test. Both install missing Debian packages
# when run as root, and otherwise print the apt-get line to run.

# ---- user settings -------------------------------------------------------
CC       ?= cc
CFLAGS   ?= -O3 -g
# Link-time optimisation: the route sums and shipping in model/route.c are
# inlined into their loops in model/sim_*.c (docs/performance.md, "How the
# speed was reached"). `make LTO=` builds without it, in build-nolto/: links take
# seconds less.
LTO      ?= -flto=auto
PREFIX   ?= /usr/local
SANITIZE ?= 0
SCENARIO ?= scenarios/eurasian-roundabout.ini
FUZZ_SECONDS ?= 60
# --------------------------------------------------------------------------

WARN    = -Wall -Wextra -Wshadow -Wconversion -Wstrict-prototypes -Werror
# Threads are POSIX threads, in model/team.c.
CPPFLAGS += -pthread
LDFLAGS  += -pthread
VERSION  = 0.2.0
CPPFLAGS += -Imodel -Isrc -D_GNU_SOURCE -DSS_VERSION=\"$(VERSION)\" \
            -DSS_PLOTS_DIR=\"$(PREFIX)/share/sanctsim/plots\" \
            -DSS_WORLDS_DIR=\"$(PREFIX)/share/sanctsim/worlds\"
LDLIBS  = -lgsl -lgslcblas -lcsv -linih -lz -lm
PACKAGES = build-essential libgsl-dev libcsv-dev libinih-dev zlib1g-dev gnuplot-nox python3

ifeq ($(SANITIZE),1)
BUILD   = build-san
MODE    = -O1 -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all
else
BUILD   = build$(if $(strip $(LTO)),,-nolto)
MODE    = $(LTO)
endif
# Every compile and link takes FLAGS (with LTO the code is generated at the
# link). The build's mode comes after CFLAGS, and last, whatever CFLAGS say,
# never fusing a multiply and an add (-march=native enables FMA): the
# vectorised loops promise the same bits on every machine.
FLAGS   = $(CFLAGS) $(MODE) -ffp-contract=off

# The build's settings, kept in $(BUILD)/flags and rewritten only when they
# change: every object and program depends on it, so that new flags, another
# compiler or another PREFIX rebuild everything rather than mix with old
# objects (a checkout built before -O3 and LTO kept its -O2 objects).
SETTINGS = $(CC) $(CPPFLAGS) $(FLAGS) $(WARN) | $(LDFLAGS) $(LDLIBS)
ifneq ($(SETTINGS),$(file <$(BUILD)/flags))
$(shell mkdir -p $(BUILD))
$(file >$(BUILD)/flags,$(SETTINGS))
endif

MODEL_SRC = $(wildcard model/*.c)
APP_SRC   = $(filter-out src/main.c,$(wildcard src/*.c))
MODEL_OBJ = $(MODEL_SRC:%.c=$(BUILD)/%.o)
APP_OBJ   = $(APP_SRC:%.c=$(BUILD)/%.o)
UNIT_SRC  = $(wildcard tests/test_*.c)
UNIT_BIN  = $(UNIT_SRC:tests/%.c=$(BUILD)/tests/%)

.PHONY: all deps test test-valgrind run bench fuzz install uninstall clean sanctsim

all: deps sanctsim

# Installs missing packages as root; otherwise says exactly what to run.
deps:
	@missing=""; for p in $(PACKAGES); do \
	  dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "installing:$$missing"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq$$missing; \
	  else \
	    echo "sanctsim needs these Debian packages; run:"; \
	    echo "  sudo apt-get install$$missing"; exit 1; \
	  fi; \
	fi

# Always copied, so that ./sanctsim is the build asked for (plain or SANITIZE=1);
# copied beside it and renamed over it, so that a run still using the old
# program keeps its file (overwriting it in place would kill that run with SIGBUS).
sanctsim: $(BUILD)/sanctsim
	@cp $< $@.new && mv -f $@.new $@

$(BUILD)/sanctsim: $(BUILD)/src/main.o $(APP_OBJ) $(BUILD)/libsanctsim.a $(BUILD)/flags
	$(CC) $(FLAGS) $(LDFLAGS) -o $@ $(filter-out $(BUILD)/flags,$^) $(LDLIBS)

$(BUILD)/libsanctsim.a: $(MODEL_OBJ)
	rm -f $@ && ar rcs $@ $^

$(BUILD)/%.o: %.c $(wildcard model/*.h src/*.h) $(BUILD)/flags
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(FLAGS) $(WARN) -c -o $@ $<

# Unit tests link the model library and the program's modules (not main).
$(BUILD)/tests/%: tests/%.c tests/check.h tests/fixture.h $(APP_OBJ) $(BUILD)/libsanctsim.a $(BUILD)/flags
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) -Itests $(FLAGS) $(WARN) $(LDFLAGS) -o $@ $< $(APP_OBJ) \
	  $(BUILD)/libsanctsim.a $(LDLIBS)

test: deps sanctsim $(UNIT_BIN) $(BUILD)/tests/bench
	@BUILD=$(BUILD) sh tests/run.sh

# The command-line tests with every ./sanctsim they start under valgrind
# memcheck: any error or leak fails them.
# Possibly-lost blocks are not shown: memcheck calls a block that only a
# pointer into its middle reaches possibly lost, as it does the block kept
# for the next simulation (model/dense.c), reached through its head.
VALGRIND = valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite,indirect \
           --show-possibly-lost=no
test-valgrind: deps sanctsim
	@command -v valgrind >/dev/null || { echo "needs valgrind: apt-get install valgrind"; exit 1; }
	@BUILD=$(BUILD) TESTS=cli SANCTSIM_WRAP="$(VALGRIND)" sh tests/run.sh

run: deps sanctsim
	@mkdir -p runs
	./sanctsim run $(SCENARIO) --out runs/default --force
	./sanctsim plot runs/default
	./sanctsim brief runs/default

bench: deps sanctsim $(BUILD)/tests/bench $(BUILD)/tests/proctime
	BUILD=$(BUILD) sh tests/bench.sh

$(BUILD)/tests/proctime: tests/proctime.c $(BUILD)/flags
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(FLAGS) $(WARN) -o $@ $<

$(BUILD)/tests/bench: tests/bench.c $(APP_OBJ) $(BUILD)/libsanctsim.a $(BUILD)/flags
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) -Itests $(FLAGS) $(WARN) $(LDFLAGS) -o $@ $< $(APP_OBJ) \
	  $(BUILD)/libsanctsim.a $(LDLIBS)

# libFuzzer targets (clang) for the scenario parser, the world loader and the
# command line, each for FUZZ_SECONDS (default 60).
fuzz:
	@command -v clang >/dev/null || { echo "make fuzz needs clang; run:"; \
	  echo "  sudo apt-get install clang"; exit 1; }
	sh tests/fuzz/build.sh
	FUZZ_SECONDS=$(FUZZ_SECONDS) sh tests/fuzz/run.sh

# What `make install` puts in place, and so what `make uninstall` removes.
# The 2019 world goes to share/sanctsim/worlds/world-2019, where a scenario's
# `world = .../world-2019` is looked for when it is not beside the scenario.
WORLD_FILES = $(wildcard scenarios/data/world-2019/*)
WORLDS_DIR  = $(DESTDIR)$(PREFIX)/share/sanctsim/worlds
INSTALLED = $(DESTDIR)$(PREFIX)/bin/sanctsim $(DESTDIR)$(PREFIX)/share/sanctsim/LICENSE \
            $(addprefix $(DESTDIR)$(PREFIX)/share/sanctsim/,$(wildcard plots/*.gp)) \
            $(WORLD_FILES:scenarios/data/%=$(WORLDS_DIR)/%)

install: sanctsim
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/sanctsim/plots \
	  $(WORLDS_DIR)/world-2019
	install -m 755 sanctsim $(DESTDIR)$(PREFIX)/bin/sanctsim
	install -m 644 plots/*.gp $(DESTDIR)$(PREFIX)/share/sanctsim/plots/
	install -m 644 LICENSE $(DESTDIR)$(PREFIX)/share/sanctsim/LICENSE
	install -m 644 $(WORLD_FILES) $(WORLDS_DIR)/world-2019/

# Removes those files, then the folders share/sanctsim/plots and
# share/sanctsim if nothing else is left in them.
uninstall:
	rm -f $(INSTALLED)
	rmdir $(WORLDS_DIR)/world-2019 $(WORLDS_DIR) 2>/dev/null || true
	rmdir $(DESTDIR)$(PREFIX)/share/sanctsim/plots $(DESTDIR)$(PREFIX)/share/sanctsim 2>/dev/null || true

clean:
	rm -rf build build-san build-nolto sanctsim sanctsim.new tests/fuzz/build
