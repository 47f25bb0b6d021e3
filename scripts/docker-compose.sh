#!/usr/bin/env bash
# Installs docker-compose 1.29 (Debian's package, Python) when it is missing, for the tests and
# benchmarks that check berth against it. Idempotent; exits at once when it is installed.
#
#   scripts/docker-compose.sh
#
# Must run as root when it has something to install. Safe with no stdin (CI).
set -euo pipefail

BERTH_SCRIPT_NAME=docker-compose.sh
# shellcheck source=scripts/lib/common.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

for arg in "$@"; do
  case "$arg" in
    -h | --help)
      sed -n '2,7p' "$0" | sed 's/^# \{0,1\}//'
      exit 0
      ;;
    *) die "unknown argument: $arg (try --help)" ;;
  esac
done

if command -v docker-compose >/dev/null; then
  exit 0
fi
[ "$(id -u)" -eq 0 ] || die "docker-compose is missing; install it as root: apt-get install docker-compose"
# Without recommends: those bring docker.io, and the engine is scripts/engine.sh's business.
apt_install docker-compose || die "installing docker-compose failed"
command -v docker-compose >/dev/null || die "docker-compose is installed but not on PATH"
log "installed $(docker-compose version --short 2>/dev/null || echo docker-compose)"
