#!/usr/bin/env bash
# Local stack for credscore: a project-local PostgreSQL cluster and a Kafka-protocol broker
# (tansu, memory storage), both plain processes on loopback. Idempotent.
#
#   scripts/stack.sh deps            install what is missing (apt packages, tansu)
#   scripts/stack.sh up   [NAME]     start PostgreSQL + broker for NAME (run|test), create the database
#   scripts/stack.sh down [NAME]     stop them
#   scripts/stack.sh env  [NAME]     print the environment the services need
#
# State lives in .local/NAME/ (git-ignored). "run" uses ports 55432/19092, "test" 55433/19093,
# so tests never touch the data of `make run`.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
command=${1:-up}
name=${2:-run}
case $name in
  run) pg_port=${CREDSCORE_PG_PORT:-55432}; broker_port=${CREDSCORE_BROKER_PORT:-19092} ;;
  test) pg_port=${CREDSCORE_PG_PORT:-55433}; broker_port=${CREDSCORE_BROKER_PORT:-19093} ;;
  *) echo "unknown stack name: $name (run or test)" >&2; exit 64 ;;
esac
state=$root/.local/$name
pg_bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
tools=${CREDSCORE_TOOLS_DIR:-$HOME/.cache/credscore/tools}
tansu_bin=$tools/bin/tansu
database_url="postgres://credscore@127.0.0.1:$pg_port/credscore"
brokers="127.0.0.1:$broker_port"

log() { printf '[stack] %s\n' "$*" >&2; }

# shellcheck source=scripts/lib.sh
source "$root/scripts/lib.sh"

deps() {
  local missing=()
  [[ -f /usr/share/hunspell/fr.dic ]] || missing+=(hunspell-fr-comprehensive)
  [[ -f /usr/share/hunspell/en_US.dic ]] || missing+=(hunspell-en-us)
  [[ -f /usr/share/hunspell/en_GB.dic ]] || missing+=(hunspell-en-gb)
  [[ -f /usr/share/man/fr/man7/signal.7.gz ]] || missing+=(manpages-fr)
  [[ -n $pg_bin ]] || missing+=(postgresql)
  command -v psql >/dev/null || missing+=(postgresql-client)
  # Headless browser for the dashboard test.
  command -v chromium >/dev/null || missing+=(chromium)
  # promtool checks and unit-tests the alert rules in deploy/prometheus/.
  command -v promtool >/dev/null || missing+=(prometheus)
  # rdkafka is built with TLS (and SASL over it) for managed Kafka.
  [[ -f /usr/include/openssl/ssl.h ]] || missing+=(libssl-dev)
  command -v pkg-config >/dev/null || missing+=(pkg-config)
  python3 -c 'import venv, ensurepip' 2>/dev/null || missing+=(python3-venv)
  if ((${#missing[@]})); then
    log "installing ${missing[*]}"
    apt_install "${missing[@]}"
    pg_bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
  fi
  # A Kafka client this project did not write, for the fault tests: the Python
  # confluent-kafka wheel bundles a recent librdkafka (Debian's kcat does not talk to the
  # local broker: deploy/README.md says why).
  local venv=$root/.local/venv
  if ! "$venv/bin/python" -c 'import confluent_kafka' 2>/dev/null; then
    log "installing the confluent-kafka Python client into $venv"
    python3 -m venv "$venv" >&2
    "$venv/bin/pip" install --quiet 'confluent-kafka>=2.12,<3' >&2
  fi
  if [[ ! -x $tansu_bin ]]; then
    if command -v tansu >/dev/null; then
      mkdir -p "$tools/bin" && ln -sf "$(command -v tansu)" "$tansu_bin"
    else
      log "building the tansu broker once into $tools (about 15 minutes on 2 cores)"
      env -u RUSTFLAGS cargo install tansu --version 0.6.0 --locked --features dynostore --root "$tools" >&2
    fi
  fi
}

# PostgreSQL refuses to run as root: the cluster belongs to the postgres user, which must be
# able to reach the state folder.
pg_user() { if [[ $(id -u) -eq 0 ]]; then echo postgres; else id -un; fi; }
as_pg() { if [[ $(id -u) -eq 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi; }

open_path_for_postgres() {
  [[ $(id -u) -eq 0 ]] || return 0
  local dir=$state
  while [[ $dir != / ]]; do
    chmod o+x "$dir" 2>/dev/null || true
    dir=$(dirname "$dir")
  done
}

pg_up() {
  mkdir -p "$state"
  open_path_for_postgres
  local data=$state/pg started=0
  if [[ ! -f $data/PG_VERSION ]]; then
    log "initialising PostgreSQL cluster in $data"
    mkdir -p "$data" && chown "$(pg_user)" "$data" && chmod 700 "$data"
    as_pg "$pg_bin/initdb" -D "$data" -U credscore --auth=trust --encoding=UTF8 --locale=C.UTF-8 >/dev/null
  fi
  if ! as_pg "$pg_bin/pg_ctl" -D "$data" status >/dev/null 2>&1; then
    log "starting PostgreSQL on 127.0.0.1:$pg_port"
    started=1
    touch "$state/postgres.log" && chown "$(pg_user)" "$state/postgres.log"
    as_pg "$pg_bin/pg_ctl" -D "$data" -l "$state/postgres.log" -w -t 60 \
      -o "-c listen_addresses=127.0.0.1 -p $pg_port -c unix_socket_directories='' -c fsync=off -c synchronous_commit=off -c max_connections=200" \
      start >/dev/null
  fi
  for _ in $(seq 1 60); do
    psql -h 127.0.0.1 -p "$pg_port" -U credscore -d postgres -qAtc 'select 1' >/dev/null 2>&1 && break
    sleep 0.5
  done
  if [[ $(psql -h 127.0.0.1 -p "$pg_port" -U credscore -d postgres -qAtc "select 1 from pg_database where datname='credscore'") != 1 ]]; then
    psql -h 127.0.0.1 -p "$pg_port" -U credscore -d postgres -qc 'create database credscore' >/dev/null
  fi
  # Each test and benchmark creates its own database: those of earlier runs are dropped when
  # the test stack starts (not when it is already up: a run may be using them), so runs do
  # not pile gigabytes up, nor vacuum them during the next.
  if [[ $name == test && $started == 1 ]]; then
    local db
    for db in $(psql -h 127.0.0.1 -p "$pg_port" -U credscore -d postgres -qAtc \
        "select datname from pg_database where datname like 'credscore\_%'"); do
      psql -h 127.0.0.1 -p "$pg_port" -U credscore -d postgres -qc "drop database if exists \"$db\" with (force)" >/dev/null
    done
  fi
}

broker_up() {
  local pidfile=$state/tansu.pid
  if [[ -f $pidfile ]] && kill -0 "$(cat "$pidfile")" 2>/dev/null; then return 0; fi
  if (exec 3<>"/dev/tcp/127.0.0.1/$broker_port") 2>/dev/null; then
    log "port $broker_port is taken by another process: stop it or set CREDSCORE_BROKER_PORT"; exit 1
  fi
  log "starting the tansu broker on 127.0.0.1:$broker_port (memory storage)"
  nohup "$tansu_bin" broker --listener-url "tcp://127.0.0.1:$broker_port" \
    --advertised-listener-url "tcp://127.0.0.1:$broker_port" --storage-engine memory://tansu/ \
    >"$state/tansu.log" 2>&1 &
  echo $! >"$pidfile"
  for _ in $(seq 1 50); do
    kill -0 "$(cat "$pidfile")" 2>/dev/null || break
    (exec 3<>"/dev/tcp/127.0.0.1/$broker_port") 2>/dev/null && return 0
    sleep 0.2
  done
  log "the broker did not start; see $state/tansu.log"; exit 1
}

down() {
  if [[ -f $state/tansu.pid ]]; then
    local pid
    pid=$(cat "$state/tansu.pid")
    kill "$pid" 2>/dev/null || true
    # Wait for the port to be released, so an `up` right after starts cleanly.
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
    rm -f "$state/tansu.pid"
  fi
  if [[ -f $state/pg/PG_VERSION ]]; then
    as_pg "$pg_bin/pg_ctl" -D "$state/pg" -m fast -w stop >/dev/null 2>&1 || true
  fi
  log "stopped the $name stack"
}

case $command in
  deps) deps ;;
  up)
    deps
    mkdir -p "$state"
    pg_up
    broker_up
    log "up: CREDSCORE_DATABASE_URL=$database_url CREDSCORE_KAFKA_BROKERS=$brokers"
    ;;
  down) down ;;
  env)
    echo "export CREDSCORE_DATABASE_URL=$database_url"
    echo "export CREDSCORE_KAFKA_BROKERS=$brokers"
    # The local broker (tansu 0.6, memory storage) numbers a multi-record batch as if it
    # were shorter, so a consumer resuming from a committed offset inside such a batch skips
    # records or stalls. One record per batch keeps offsets exact; Apache Kafka needs nothing.
    echo "export CREDSCORE_KAFKA_SETTINGS=batch.num.messages=1"
    ;;
  *) echo "usage: $0 deps|up|down|env [run|test]" >&2; exit 64 ;;
esac
