#!/usr/bin/env bash
# Makes two local image registries answer on loopback, for the e2e tests, idempotently.
#
#   scripts/registry.sh      exits 0 at once when both already answer; otherwise installs Debian's
#                            docker-registry (and apache2-utils, for htpasswd) when absent, and
#                            starts each registry that does not answer, detached, and waits for it.
#
#   127.0.0.1:5000   no authentication
#   127.0.0.1:5001   htpasswd authentication, user "berth", password "berth-secret"
#
# Each registry has its own config, storage and pid file under $BERTH_REGISTRY_ROOT/<port> and
# its log at $BERTH_REGISTRY_LOG_DIR/berth-registry-<port>.log. Root is needed to install, and to
# write the default directories. Safe with no stdin (CI). Environment overrides:
#   BERTH_REGISTRY_ROOT      state directory          (default: /var/lib/berth-registry)
#   BERTH_REGISTRY_LOG_DIR   log directory            (default: /var/log)
#   BERTH_REGISTRY_TIMEOUT   seconds to wait for each (default: 30)
#
# The engine needs no change to use them: it treats registries in 127.0.0.0/8 as insecure (plain
# HTTP) by default. The script checks that, when an engine answers, and says so if it does not.
set -euo pipefail

BERTH_SCRIPT_NAME=registry.sh
# shellcheck source=scripts/lib/common.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

readonly STATE_ROOT="${BERTH_REGISTRY_ROOT:-/var/lib/berth-registry}"
readonly LOG_DIR="${BERTH_REGISTRY_LOG_DIR:-/var/log}"
readonly WAIT_SECONDS="${BERTH_REGISTRY_TIMEOUT:-30}"
readonly HOST=127.0.0.1
readonly OPEN_PORT=5000
readonly AUTH_PORT=5001
# Test-only credentials for a registry that listens on loopback alone and holds nothing but test
# images; the e2e tests log in with them. Never reuse them for anything reachable from elsewhere.
readonly AUTH_USER=berth
readonly AUTH_PASSWORD=berth-secret
# Every response of a registry started here carries this header, naming its port: that tells
# "our registry is up" apart from "something else answers on that port".
readonly MARKER_HEADER=X-Berth-Registry
# Per probe: a half-started server can accept a connection and then say nothing.
readonly PROBE_SECONDS=3

# ---------------------------------------------------------------------------------------------
# Probing. Only 127.0.0.1 is ever asked: the registries listen nowhere else.

# http_head PORT: the status line and headers of GET /v2/ on 127.0.0.1:PORT; empty when nothing
# answers. curl when present, else bash's /dev/tcp; both bounded by PROBE_SECONDS.
http_head() {
  local port="$1"
  if command -v curl >/dev/null; then
    curl -sS --max-time "$PROBE_SECONDS" -o /dev/null -D - "http://$HOST:$port/v2/" 2>/dev/null || true
  else
    timeout "$PROBE_SECONDS" bash -c 'exec 3<>"/dev/tcp/$0/$1" || exit 1
      printf "GET /v2/ HTTP/1.0\r\nHost: %s:%s\r\nConnection: close\r\n\r\n" "$0" "$1" >&3
      sed "/^\r\{0,1\}\$/q" <&3' "$HOST" "$port" 2>/dev/null || true
  fi
}

# probe PORT: prints "STATUS MARKER", e.g. "200 5000"; "000 -" when nothing answers.
probe() {
  local head status marker
  head="$(http_head "$1" | tr -d '\r')"
  status="$(printf '%s\n' "$head" | awk 'NR == 1 && /^HTTP\// { print $2 }')"
  marker="$(printf '%s\n' "$head" | awk -v h="$(printf '%s' "$MARKER_HEADER" | tr 'A-Z' 'a-z')" \
    'index(tolower($0), h ":") == 1 { sub(/^[^:]*:[ \t]*/, ""); print; exit }')"
  printf '%s %s\n' "${status:-000}" "${marker:--}"
}

# expected_status PORT: what /v2/ answers when the registry is up: 200 open, 401 with auth.
expected_status() { if [ "$1" = "$AUTH_PORT" ]; then echo 401; else echo 200; fi; }

# is_up PORT: true when our registry answers on PORT as it should.
is_up() { [ "$(probe "$1")" = "$(expected_status "$1") $1" ]; }

# port_bound PORT: true when something listens on the port (unknown without ss: false).
port_bound() { command -v ss >/dev/null && [ -n "$(ss -Hltn "sport = :$1")" ]; }

# ---------------------------------------------------------------------------------------------
# 0. Both already answering: nothing to do. This is the common case and must stay fast.
if is_up "$OPEN_PORT" && is_up "$AUTH_PORT"; then
  log "registries up: $HOST:$OPEN_PORT (no auth), $HOST:$AUTH_PORT (htpasswd, user $AUTH_USER)"
  exit 0
fi

# ---------------------------------------------------------------------------------------------
# 1. Install the registry and htpasswd when absent.
readonly POLICY=/usr/sbin/policy-rc.d
policy_forbids_start() { # true when policy-rc.d already tells maintainer scripts not to start services
  local rc=0
  [ -x "$POLICY" ] || return 1
  "$POLICY" docker-registry start </dev/null >/dev/null 2>&1 || rc=$?
  [ "$rc" -eq 101 ]
}
restore_policy() {
  rm -f "$POLICY"
  if [ -e "$POLICY.berth-saved" ]; then mv -f "$POLICY.berth-saved" "$POLICY"; fi
}

if ! command -v docker-registry >/dev/null || ! command -v htpasswd >/dev/null; then
  [ "$(id -u)" -eq 0 ] || die "docker-registry and apache2-utils must be installed, which needs root (run with sudo)"
  # Debian's docker-registry would start its own service (port 5000 on every interface, its own config)
  # from its maintainer scripts. policy-rc.d answering 101 is Debian's "don't start services
  # while installing"; a machine's own policy is kept when it already says that, else it is set
  # aside for the install and put back afterwards, even when the install fails.
  swapped_policy=0
  if ! policy_forbids_start; then
    if [ -e "$POLICY" ]; then mv -f "$POLICY" "$POLICY.berth-saved"; fi
    trap restore_policy EXIT
    printf '#!/bin/sh\nexit 101\n' >"$POLICY"
    chmod 0755 "$POLICY"
    swapped_policy=1
  fi
  install_rc=0
  apt_install docker-registry apache2-utils || install_rc=$?
  if [ "$swapped_policy" -eq 1 ]; then
    restore_policy
    trap - EXIT
  fi
  [ "$install_rc" -eq 0 ] || die "installing docker-registry and apache2-utils failed"
  command -v docker-registry >/dev/null || die "docker-registry is installed but not on PATH"
  command -v htpasswd >/dev/null || die "apache2-utils is installed but htpasswd is not on PATH"
fi
REGISTRY_BIN="$(command -v docker-registry)"
readonly REGISTRY_BIN

# ---------------------------------------------------------------------------------------------
# 2. Start each registry that does not answer.

# pid_is PID: true when PID is a live (non-zombie) docker-registry process.
pid_is() {
  local stat
  [ -n "$1" ] && [ "$(cat "/proc/$1/comm" 2>/dev/null)" = docker-registry ] || return 1
  stat="$(cat "/proc/$1/stat" 2>/dev/null)" || return 1
  stat="${stat##*) }" # the state follows the parenthesised command name
  [ "${stat%% *}" != Z ]
}

show_log_tail() { # show_log_tail PORT: the log of the latest start only (each begins with ====)
  local logfile="$LOG_DIR/berth-registry-$1.log"
  log "the registry on $HOST:$1 did not come up; last lines of $logfile:"
  awk '/^==== / { n = 0 } { lines[n++] = $0 } END { for (i = (n > 30 ? n - 30 : 0); i < n; i++) print lines[i] }' \
    "$logfile" >&2 2>/dev/null || true
}

# wait_for PORT PID: waits while PID lives, up to WAIT_SECONDS, for the registry to answer.
# Returns 0 when it answers, 1 when the process ended, 2 on timeout.
wait_for() {
  local port="$1" pid="$2" deadline=$((SECONDS + WAIT_SECONDS))
  while [ "$SECONDS" -lt "$deadline" ]; do
    if ! pid_is "$pid"; then
      # It may have answered and then exited; only the port says whether a registry is there.
      if is_up "$port"; then return 0; fi
      return 1
    fi
    if is_up "$port"; then return 0; fi
    sleep 0.25
  done
  return 2
}

# write_config PORT DIR: the registry's config.yml (distribution's version 0.1 format).
write_config() {
  local port="$1" dir="$2"
  {
    printf 'version: 0.1\n'
    printf 'log:\n  level: info\n  formatter: text\n'
    printf 'storage:\n  filesystem:\n    rootdirectory: %s/data\n' "$dir"
    # Tests delete what they push; without this the registry refuses manifest deletes.
    printf '  delete:\n    enabled: true\n'
    printf 'http:\n  addr: %s:%s\n' "$HOST" "$port"
    # Signs upload state between requests of one registry; a fresh one per start is enough.
    printf '  secret: %s\n' "$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')"
    printf '  headers:\n    %s: ["%s"]\n' "$MARKER_HEADER" "$port"
    if [ "$port" = "$AUTH_PORT" ]; then
      printf 'auth:\n  htpasswd:\n    realm: berth-test-registry\n    path: %s/htpasswd\n' "$dir"
    fi
  } >"$dir/config.yml.new"
  mv -f "$dir/config.yml.new" "$dir/config.yml"
}

start_registry() { # start_registry PORT
  local port="$1" dir="$STATE_ROOT/$1" logfile="$LOG_DIR/berth-registry-$1.log" answer old_pid="" new_pid="" rc

  answer="$(probe "$port")"
  if [ "$answer" = "$(expected_status "$port") $port" ]; then
    log "$HOST:$port already up"
    return 0
  fi
  if [ "${answer%% *}" != 000 ]; then
    die "something other than a registry started by this script answers on $HOST:$port (GET /v2/: ${answer%% *}); stop it or free the port"
  fi

  mkdir -p "$dir/data" "$LOG_DIR" 2>/dev/null \
    || die "cannot create $dir or $LOG_DIR (run as root, or set BERTH_REGISTRY_ROOT and BERTH_REGISTRY_LOG_DIR)"

  # The pid file is only a hint: the port decides. A live registry of ours that does not answer
  # yet may be starting; wait for it rather than start a second one on the same storage.
  if [ -s "$dir/registry.pid" ]; then old_pid="$(tr -dc '0-9' <"$dir/registry.pid")"; fi
  if pid_is "$old_pid" && tr '\0' ' ' <"/proc/$old_pid/cmdline" 2>/dev/null | grep -qF "$dir/config.yml"; then
    log "the registry for $HOST:$port (pid $old_pid) is running but not answering yet; waiting"
    rc=0
    wait_for "$port" "$old_pid" || rc=$?
    [ "$rc" -ne 0 ] || return 0
    show_log_tail "$port"
    die "the registry for $HOST:$port (pid $old_pid) does not answer; it is left alone (stop it: kill $old_pid)"
  fi
  if [ -e "$dir/registry.pid" ]; then
    log "removing stale $dir/registry.pid (pid ${old_pid:-none} is not a running registry)"
    rm -f "$dir/registry.pid"
  fi
  if port_bound "$port"; then
    die "something holds $HOST:$port but does not answer HTTP; stop it or free the port"
  fi

  if [ "$port" = "$AUTH_PORT" ]; then
    # bcrypt, the only hash the registry accepts. Kept when it still holds the test password, so a
    # restart leaves the file as it was.
    if ! htpasswd -vb "$dir/htpasswd" "$AUTH_USER" "$AUTH_PASSWORD" >/dev/null 2>&1; then
      htpasswd -Bbn "$AUTH_USER" "$AUTH_PASSWORD" >"$dir/htpasswd.new"
      mv -f "$dir/htpasswd.new" "$dir/htpasswd"
    fi
  fi
  write_config "$port" "$dir"

  printf '\n==== %s: starting %s serve %s\n' "$(date -Is)" "$REGISTRY_BIN" "$dir/config.yml" >>"$logfile"
  log "starting the registry on $HOST:$port; log: $logfile"
  # Detached from the calling shell: its own session (setsid -f), no stdin, output to the log,
  # and nohup so a closing terminal's SIGHUP does not end it.
  setsid -f nohup "$REGISTRY_BIN" serve "$dir/config.yml" </dev/null >>"$logfile" 2>&1

  for _ in $(seq 1 20); do
    new_pid="$(pgrep -n -f -x -- "$REGISTRY_BIN serve $dir/config.yml" || true)"
    [ -n "$new_pid" ] && break
    sleep 0.1
  done
  rc=1 # no process found: it exited at once
  if [ -n "$new_pid" ]; then
    printf '%s\n' "$new_pid" >"$dir/registry.pid"
    rc=0
    wait_for "$port" "$new_pid" || rc=$?
    if [ "$rc" -eq 0 ]; then
      log "$HOST:$port up (pid $new_pid)"
      return 0
    fi
  fi
  show_log_tail "$port"
  if [ "$rc" -eq 2 ]; then die "the registry on $HOST:$port did not answer within ${WAIT_SECONDS}s"; fi
  die "the registry on $HOST:$port exited before answering (see its log above)"
}

start_registry "$OPEN_PORT"
start_registry "$AUTH_PORT"

# ---------------------------------------------------------------------------------------------
# 3. Check what the tests rely on, against 127.0.0.1 only.
if [ "$(probe "$AUTH_PORT" | cut -d' ' -f1)" != 401 ]; then
  die "$HOST:$AUTH_PORT answers GET /v2/ without credentials; its htpasswd auth is not in effect"
fi
if command -v curl >/dev/null; then
  status="$(curl -sS --max-time "$PROBE_SECONDS" -o /dev/null -w '%{http_code}' \
    -u "$AUTH_USER:$AUTH_PASSWORD" "http://$HOST:$AUTH_PORT/v2/" 2>/dev/null || true)"
  [ "$status" = 200 ] || die "$HOST:$AUTH_PORT refuses the test user (GET /v2/ as $AUTH_USER: $status)"
fi
# The listeners must be on loopback alone: these registries have no TLS and test credentials.
if command -v ss >/dev/null; then
  for port in "$OPEN_PORT" "$AUTH_PORT"; do
    exposed="$(ss -Hltn "sport = :$port" | awk '{ print $4 }' | grep -v "^$HOST:$port\$" || true)"
    [ -z "$exposed" ] || die "port $port is also bound on $(printf '%s' "$exposed" | tr '\n' ' ')(expected $HOST only)"
  done
fi
# The engine reaches 127.0.0.0/8 registries over plain HTTP unless its configuration says
# otherwise; warn (the registries themselves are fine) when an engine here says otherwise.
if engine_answers; then
  insecure="$(timeout 10 docker info --format '{{json .RegistryConfig.InsecureRegistryCIDRs}}' 2>/dev/null || true)"
  case "$insecure" in
    *'"127.0.0.0/8"'*) ;;
    *) log "warning: the engine does not list 127.0.0.0/8 as insecure (${insecure:-unknown}); pushes to $HOST will try HTTPS" ;;
  esac
fi

log "registries up: $HOST:$OPEN_PORT (no auth), $HOST:$AUTH_PORT (htpasswd, user $AUTH_USER)"
