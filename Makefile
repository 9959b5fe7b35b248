# moshmux: GNU make + pkg-config.
#
#   make                 build ./moshmux and tests/emu-dump
#   make deps            install every Debian package the build, tests and
#                        benchmarks need (run as root)
#   make test            build and run the whole suite
#   make test SANITIZE=1 the same under ASan + UBSan
#   make bench           run the benchmarks (not part of make test)
#   make fuzz            build the fuzz targets with clang/libFuzzer
#   make install PREFIX=/usr/local
#
# O=DIR puts every object and binary under DIR (default: the source tree),
# so that several builds can share one checkout.

O ?= .
PREFIX ?= /usr/local
CC ?= cc

PKGS := libevent ncursesw libcrypto libutf8proc zlib
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS := $(shell pkg-config --libs $(PKGS) 2>/dev/null)

CFLAGS ?= -O2 -g
CFLAGS += -std=gnu11 -Wall -Wextra -Werror -Wno-unused-parameter \
	-D_GNU_SOURCE -I. $(PKG_CFLAGS) -MMD -MP
LDLIBS += $(PKG_LIBS) -lutil -lm

ifeq ($(SANITIZE),1)
CFLAGS += -fsanitize=address,undefined -fno-omit-frame-pointer \
	-fno-sanitize-recover=undefined
LDFLAGS += -fsanitize=address,undefined
endif

DEPS_DEBIAN := build-essential pkg-config libevent-dev libncurses-dev \
	libssl-dev libutf8proc-dev zlib1g-dev tmux mosh libvterm-dev \
	clang libclang-rt-14-dev clang-format ncurses-term procps iproute2

# Module sources: every .c file in the folder belongs to the module.
EMU_SRC := $(sort $(wildcard emulator/*.c))
TP_SRC := $(sort $(wildcard transport/*.c))
SSP_SRC := $(sort $(wildcard ssp/*.c))
PANE_SRC := $(sort $(wildcard mux/panes/*.c))
MUX_SRC := $(sort $(wildcard mux/*.c))
CMD_SRC := $(sort $(wildcard tmux-compat/*.c))
MAIN_SRC := client.c server.c

obj = $(patsubst %.c,$(O)/%.o,$(1))

LIBEMU := $(O)/emulator/libemu.a
LIBTP := $(O)/transport/libtp.a
LIBSSP := $(O)/ssp/libssp.a
LIBPANE := $(O)/mux/panes/libpane.a
LIBMUX := $(O)/mux/libmux.a
LIBCMD := $(O)/tmux-compat/libcmd.a

# Libraries in link order (users before what they use).
ALL_LIBS := $(if $(CMD_SRC),$(LIBCMD)) $(if $(MUX_SRC),$(LIBMUX)) \
	$(if $(PANE_SRC),$(LIBPANE)) $(LIBSSP) $(LIBTP) $(LIBEMU)

# Unit tests: tests/<module>/test-*.c, each its own binary, linked with
# the module's library and what that module may use.
TEST_EMU := $(patsubst tests/%.c,$(O)/tests/%,$(wildcard tests/emulator/test-*.c))
TEST_TP := $(patsubst tests/%.c,$(O)/tests/%,$(wildcard tests/transport/test-*.c))
TEST_SSP := $(patsubst tests/%.c,$(O)/tests/%,$(wildcard tests/ssp/test-*.c))
TEST_MUX := $(patsubst tests/%.c,$(O)/tests/%,$(wildcard tests/mux/test-*.c))
TEST_CMD := $(patsubst tests/%.c,$(O)/tests/%,$(wildcard tests/tmux-compat/test-*.c))
TEST_BINS := $(TEST_EMU) $(TEST_TP) $(TEST_SSP) $(TEST_MUX) $(TEST_CMD)
BENCH_BINS := $(patsubst tests/%.c,$(O)/tests/%,$(wildcard tests/bench/bench-*.c))
# Helper programs the shell tests use (tests/tools/NAME.c).
TOOL_BINS := $(patsubst tests/%.c,$(O)/tests/%,$(wildcard tests/tools/*.c))

.PHONY: all deps test bench fuzz install clean format
all: $(O)/moshmux $(O)/tests/emu-dump

deps:
	apt-get update
	DEBIAN_FRONTEND=noninteractive apt-get install -y $(DEPS_DEBIAN)

$(O)/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -c -o $@ $<

$(LIBEMU): $(call obj,$(EMU_SRC))
$(LIBTP): $(call obj,$(TP_SRC))
$(LIBSSP): $(call obj,$(SSP_SRC))
$(LIBPANE): $(call obj,$(PANE_SRC))
$(LIBMUX): $(call obj,$(MUX_SRC))
$(LIBCMD): $(call obj,$(CMD_SRC))
%.a:
	@mkdir -p $(dir $@)
	rm -f $@
	$(AR) rcs $@ $^

$(O)/moshmux: $(call obj,$(MAIN_SRC)) $(ALL_LIBS)
	$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)

$(O)/tests/emu-dump: $(O)/tests/emu-dump.o $(LIBEMU)
	$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)

$(TEST_EMU): $(O)/tests/%: $(O)/tests/%.o $(LIBEMU)
	$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)
$(TEST_TP): $(O)/tests/%: $(O)/tests/%.o $(LIBTP)
	$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)
$(TEST_SSP): $(O)/tests/%: $(O)/tests/%.o $(LIBSSP) $(LIBTP) $(LIBEMU)
	$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)
$(TEST_MUX) $(TEST_CMD): $(O)/tests/%: $(O)/tests/%.o $(ALL_LIBS)
	$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)

$(TOOL_BINS): $(O)/tests/%: $(O)/tests/%.o $(ALL_LIBS)
	$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)

$(BENCH_BINS): $(O)/tests/%: $(O)/tests/%.o $(ALL_LIBS)
	$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS) $(shell pkg-config --libs vterm 2>/dev/null)

# Per-module test targets, handy while working on one module.
test-emulator: $(TEST_EMU) $(O)/tests/emu-dump
test-transport: $(TEST_TP)
test-ssp: $(TEST_SSP)
.PHONY: test-emulator test-transport test-ssp

test: all $(TEST_BINS) $(TOOL_BINS)
	O=$(O) sh tests/run.sh

bench: all $(BENCH_BINS) $(TOOL_BINS)
	O=$(O) sh tests/bench/run.sh

FUZZ_SRC := $(wildcard tests/fuzz/fuzz-*.c)
fuzz:
	@mkdir -p $(O)/fuzz
	for f in $(FUZZ_SRC); do \
		clang -g -O1 -fsanitize=fuzzer,address,undefined -D_GNU_SOURCE \
		-I. $(PKG_CFLAGS) -o $(O)/fuzz/$$(basename $$f .c) $$f \
		$(EMU_SRC) $(TP_SRC) $(PKG_LIBS) || exit 1; done

install: all
	install -d $(DESTDIR)$(PREFIX)/bin
	install -m 755 $(O)/moshmux $(DESTDIR)$(PREFIX)/bin/moshmux

format:
	clang-format -i $(EMU_SRC) $(TP_SRC) $(SSP_SRC) $(PANE_SRC) \
		$(MUX_SRC) $(CMD_SRC) $(MAIN_SRC) $(wildcard */*.h */*/*.h)

clean:
	rm -f $(O)/moshmux $(O)/tests/emu-dump $(TEST_BINS) $(BENCH_BINS) $(TOOL_BINS)
	find $(O) -name '*.[oad]' -not -path '*/.git/*' -delete
	rm -rf $(O)/fuzz

-include $(shell find $(O) -name '*.d' -not -path '*/.git/*' 2>/dev/null)
