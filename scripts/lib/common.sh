# shellcheck shell=bash
# Helpers shared by scripts/engine.sh and scripts/test-images.sh. Sourced, never run.

# The daemon binaries and iptables live in sbin directories, which a CI environment or a
# non-login shell may leave out of PATH; the scripts and the daemon they start both need them.
case ":${PATH:-}:" in
  *:/usr/sbin:*) ;;
  *) PATH="/usr/local/sbin:/usr/sbin:/sbin:${PATH:-/usr/local/bin:/usr/bin:/bin}" ;;
esac
export PATH

# Never prompt: these scripts run from CI with no stdin.
export DEBIAN_FRONTEND=noninteractive

log() { printf '%s: %s\n' "${BERTH_SCRIPT_NAME:-${0##*/}}" "$*" >&2; }
die() { log "error: $*"; exit 1; }

# The scripts talk to the engine on the default unix socket only: a DOCKER_HOST or context left
# in the environment would make "is it up?" answer for some other engine.
unset DOCKER_HOST DOCKER_CONTEXT DOCKER_TLS_VERIFY DOCKER_CERT_PATH

# True when the engine's server side answers. A bounded timeout, because a half-started daemon
# can accept the connection and then not answer.
engine_answers() {
  timeout 10 docker version --format '{{.Server.Version}}' >/dev/null 2>&1
}

apt_updated=0
# apt-get update once per script run, and only when an install needs it.
apt_update_once() {
  if [ "$apt_updated" -eq 0 ]; then
    log "apt-get update"
    apt-get update -qq </dev/null
    apt_updated=1
  fi
}

# apt_install PKG...: installs the packages not yet installed. The package lists on a reused
# machine can be stale (a version they name is gone from the mirror) or missing, so a failed
# install is retried once after apt-get update, instead of updating every time.
apt_install() {
  local missing=() p
  for p in "$@"; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
      missing+=("$p")
    fi
  done
  [ "${#missing[@]}" -eq 0 ] && return 0
  local cmd=(apt-get install -y -qq --no-install-recommends
    -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold "${missing[@]}")
  log "installing ${missing[*]}"
  if ! "${cmd[@]}" </dev/null >/dev/null 2>&1; then
    apt_update_once
    "${cmd[@]}" </dev/null >/dev/null
  fi
}
