# Two commands matter: `make run` starts the whole product, `make test` runs the whole suite.
# Both install what is missing first (npm packages, Debian packages), so a fresh
# Debian 12 machine with only Node 20 needs nothing else.

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
export PATH := $(CURDIR)/node_modules/.bin:/usr/sbin:/sbin:$(PATH)

VAR         := $(CURDIR)/var
DB_PORT     ?= 3307
LOCAL_DB    := mysql://vpbx:vpbx@127.0.0.1:$(DB_PORT)
SUDO        := $(if $(filter 0,$(shell id -u)),,sudo)
TSX         := node_modules/.bin/tsx

# Debian packages each purpose needs, as "command-or-file:package" pairs.
DEJAVU        := /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf
# sox reads uploaded mp3 greetings through this plugin
SOX_MP3       := $(firstword $(wildcard /usr/lib/*/sox/libsox_fmt_mp3.so) /usr/lib/x86_64-linux-gnu/sox/libsox_fmt_mp3.so)
RUN_PACKAGES  := $(if $(DATABASE_URL),,mariadbd:mariadb-server mariadb:mariadb-client) $(DEJAVU):fonts-dejavu-core espeak-ng:espeak-ng sox:sox $(SOX_MP3):libsox-fmt-mp3
TEST_PACKAGES := $(RUN_PACKAGES) chromium:chromium pdftoppm:poppler-utils sipp:sip-tester

MOCHA_ARGS ?=

.PHONY: run test test-asterisk fake-asterisk typecheck admin asterisk-config engine-sounds db-start db-stop deps system-run system-test

## run: start web, pbx and jobs in one process (Ctrl-C stops all, including the local database)
run: deps system-run $(VAR)/session-secret $(VAR)/ari-password
	@started_db=""; \
	if [ -z "$${DATABASE_URL:-}" ]; then \
	  [ "$$($(TSX) app/cli/local-mariadb.ts status --port $(DB_PORT))" = running ] || started_db=1; \
	  $(TSX) app/cli/local-mariadb.ts start --port $(DB_PORT); \
	fi; \
	export DATABASE_URL="$${DATABASE_URL:-$(LOCAL_DB)/vpbx}"; \
	export SESSION_SECRET="$${SESSION_SECRET:-$$(cat $(VAR)/session-secret)}"; \
	export ARI_PASSWORD="$${ARI_PASSWORD:-$$(cat $(VAR)/ari-password)}"; \
	started_asterisk=""; \
	if command -v asterisk >/dev/null 2>&1 && [ -z "$${ARI_URL:-}" ]; then \
	  $(MAKE) --no-print-directory asterisk-config >/dev/null; \
	  sounds="$$(sed -n 's/^astdatadir *=> *//p' $(VAR)/asterisk/asterisk.conf)/sounds"; \
	  [ -e "$$sounds/en/vpbx" ] || $(MAKE) --no-print-directory engine-sounds SOUNDS_DIR="$$sounds" || echo "could not write the engine's notices into $$sounds"; \
	  mkdir -p $(VAR)/sounds/custom; [ -e "$$sounds/custom" ] || ln -s $(VAR)/sounds/custom "$$sounds/custom" || echo "link $$sounds/custom to $(VAR)/sounds/custom for the customers' prompts"; \
	  asterisk -C $(VAR)/asterisk/asterisk.conf && started_asterisk=1 && echo "Asterisk started with var/asterisk"; \
	fi; \
	cleanup() { \
	  if [ -n "$$started_asterisk" ]; then asterisk -C $(VAR)/asterisk/asterisk.conf -rx 'core stop now' || true; fi; \
	  if [ -n "$$started_db" ]; then $(TSX) app/cli/local-mariadb.ts stop --port $(DB_PORT); fi; \
	}; \
	trap cleanup EXIT; \
	$(TSX) app/cli/migrate.ts; \
	$(TSX) app/main.ts || [ $$? -eq 130 ]

## test: type-check, then mocha over spec/ against a freshly created test database
test: deps system-test typecheck
	@started_db=""; \
	if [ -z "$${DATABASE_URL:-}" ]; then \
	  [ "$$($(TSX) app/cli/local-mariadb.ts status --port $(DB_PORT))" = running ] || started_db=1; \
	  $(TSX) app/cli/local-mariadb.ts start --port $(DB_PORT) >/dev/null; \
	  export TEST_DATABASE_URL="$${TEST_DATABASE_URL:-$(LOCAL_DB)/vpbx_test}"; \
	elif [ -z "$${TEST_DATABASE_URL:-}" ]; then \
	  echo "DATABASE_URL is set: set TEST_DATABASE_URL too (a database the tests may drop)"; exit 2; \
	fi; \
	stop_db() { if [ -n "$$started_db" ]; then $(TSX) app/cli/local-mariadb.ts stop --port $(DB_PORT) >/dev/null; fi; }; \
	trap stop_db EXIT; \
	DATABASE_URL="$$TEST_DATABASE_URL" SESSION_SECRET=test-secret-test-secret-test-secret-0000 NODE_ENV=test LOG_LEVEL=$${LOG_LEVEL:-silent} \
	  node_modules/.bin/mocha $(MOCHA_ARGS)

## test-asterisk: the scenario suite (spec/scenarios, which `make test` runs against the fake) against a
## real Asterisk running the project's asterisk/ config, e.g.
## ARI_URL=http://host:8088 ARI_USER=vpbx ARI_PASSWORD=secret make test-asterisk
test-asterisk:
	@if [ -z "$${ARI_URL:-}" ]; then echo "ARI_URL is not set: ARI_URL=http://host:8088 ARI_USER=… ARI_PASSWORD=… make test-asterisk"; exit 2; fi
	@$(MAKE) --no-print-directory test MOCHA_ARGS="--no-config --require tsx/cjs --require spec/support/hooks.ts --extension ts --timeout 60000 --exit --no-color 'spec/scenarios/*.spec.ts'"

typecheck: deps
	@node_modules/.bin/tsc --noEmit -p .

## admin: platform staff, e.g. make admin ARGS="create --email you@example.kz --name 'You' --role superadmin"
admin: deps
	@export DATABASE_URL="$${DATABASE_URL:-$(LOCAL_DB)/vpbx}"; \
	export SESSION_SECRET="$${SESSION_SECRET:-$$(cat $(VAR)/session-secret 2>/dev/null || echo unused-by-the-cli-unused-by-the-cli-0)}"; \
	$(TSX) app/cli/admin.ts $(ARGS)

## asterisk-config: render asterisk/ for `asterisk -C var/asterisk/asterisk.conf`;
## trunk and NAT settings go in ASTERISK_ARGS, e.g. ASTERISK_ARGS="--trunk-host sip.carrier.kz --external-address 203.0.113.5"
ASTERISK_OUT ?= $(VAR)/asterisk
ARI_USER     ?= vpbx
ARI_PORT     ?= 8088
asterisk-config: deps $(VAR)/ari-password
	@$(TSX) app/cli/asterisk-config.ts --out $(ASTERISK_OUT) --var-dir $(VAR)/asterisk-state \
	  --ari-user $(ARI_USER) --ari-port $(ARI_PORT) --ari-password "$${ARI_PASSWORD:-$$(cat $(VAR)/ari-password)}" $(ASTERISK_ARGS)

## fake-asterisk: the tests' fake Asterisk, standalone on ARI_PORT with the project's dialplan, so that
## `make run` in another terminal has a PBX to drive when no Asterisk is installed
fake-asterisk: deps $(VAR)/ari-password
	@$(TSX) spec/support/run-fake-asterisk.ts --port $(ARI_PORT) --user $(ARI_USER) --password "$${ARI_PASSWORD:-$$(cat $(VAR)/ari-password)}"

## engine-sounds: speak the engine's notices (suspended, no funds, recording warning) in ru/kk/en into SOUNDS_DIR
SOUNDS_DIR ?= $(VAR)/asterisk-sounds
engine-sounds: deps system-run
	@$(TSX) app/cli/engine-sounds.ts --out $(SOUNDS_DIR)

## bench-pbx: N concurrent simulated calls through the engine against the fake Asterisk, or against a
## real one when ARI_URL (+ ARI_USER, ARI_PASSWORD) is set; e.g. make bench-pbx ARGS="--calls 500 --rate 300"
## bench-live: live monitoring's per-account query over a large history
## bench-web: statistics and call history pages for an account with 1,000,000 calls, dashboard requests/s
## bench-billing: the monthly run (rating, fees, documents) for 10,000 accounts with 2,000,000 calls
## Each runs spec/bench/<name>.ts against its own database vpbx_<name>_bench (BENCH_DATABASE_URL overrides).
bench-%: deps system-run
	@started_db=""; \
	if [ -z "$${BENCH_DATABASE_URL:-}" ]; then \
	  [ "$$($(TSX) app/cli/local-mariadb.ts status --port $(DB_PORT))" = running ] || started_db=1; \
	  $(TSX) app/cli/local-mariadb.ts start --port $(DB_PORT) >/dev/null; \
	fi; \
	stop_db() { if [ -n "$$started_db" ]; then $(TSX) app/cli/local-mariadb.ts stop --port $(DB_PORT) >/dev/null; fi; }; \
	trap stop_db EXIT; \
	DATABASE_URL="$${BENCH_DATABASE_URL:-$(LOCAL_DB)/vpbx_$*_bench}" SESSION_SECRET=test-secret-test-secret-test-secret-0000 \
	  NODE_ENV=test LOG_LEVEL=$${LOG_LEVEL:-error} $(TSX) spec/bench/$*.ts $(ARGS)

db-start: deps system-run
	@$(TSX) app/cli/local-mariadb.ts start --port $(DB_PORT)

db-stop: deps
	@$(TSX) app/cli/local-mariadb.ts stop --port $(DB_PORT)

deps: node_modules/.package-lock.json

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund
	@touch $@

system-run:
	@$(call install_missing,$(RUN_PACKAGES))

system-test:
	@$(call install_missing,$(TEST_PACKAGES))

$(VAR)/ari-password:
	@mkdir -p $(VAR) && umask 077 && head -c 24 /dev/urandom | base64 -w0 | tr '+/' '-_' > $@

$(VAR)/session-secret:
	@mkdir -p $(VAR) && umask 077 && head -c 48 /dev/urandom | base64 -w0 > $@

# Installs the Debian packages whose command is missing (apt-get update once, first).
define install_missing
missing=""; for pair in $(1); do cmd="$${pair%%:*}"; pkg="$${pair#*:}"; \
  if [ "$${cmd#/}" != "$$cmd" ]; then [ -e "$$cmd" ] || missing="$$missing $$pkg"; \
  else command -v "$$cmd" >/dev/null 2>&1 || missing="$$missing $$pkg"; fi; done; \
if [ -n "$$missing" ]; then echo "installing Debian packages:$$missing"; \
  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends $$missing; fi
endef
