#!/usr/bin/env bash
# The demo: brings up examples/webapp (a web page counting visits in redis and postgres) with
# berth, and prints its URL and how to stop it. What `npm run demo` runs after the build.
#
#   scripts/demo.sh
#
# Makes whatever is missing, and only that: the engine (scripts/engine.sh), the local base images
# (scripts/test-images.sh --debian), the demo's own images (scripts/example-images.sh). The first
# run on a fresh Debian machine installs packages and builds images (a few minutes); later runs
# take seconds. Root is needed for the first run. Safe with no stdin (CI).
#
# The page is published on port 8080 (all interfaces, as the compose file says). WEB_PORT chooses
# another; when 8080 is taken by something else, a free port is chosen and shown.
set -euo pipefail

BERTH_SCRIPT_NAME=demo.sh
# shellcheck source=scripts/lib/common.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

for arg in "$@"; do
  case "$arg" in
    -h | --help)
      sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//'
      exit 0
      ;;
    *) die "unknown argument: $arg (try --help)" ;;
  esac
done

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
readonly REPO
cd "$REPO"

readonly COMPOSE=examples/webapp/compose.yaml
readonly PROJECT=berth-webapp # the compose file's `name:`
readonly BERTH=(node bin/berth -f "$COMPOSE")
# The commands shown to the reader, from the repository directory.
readonly SHOWN="node bin/berth -f $COMPOSE"

# Settings a caller's shell may carry for other projects would change which files berth reads or
# what the project is called, and the `down` printed at the end would then miss it.
unset COMPOSE_FILE COMPOSE_PROJECT_NAME COMPOSE_PROFILES COMPOSE_PATH_SEPARATOR COMPOSE_ENV_FILES

command -v node >/dev/null || die "node is not on PATH (Node.js 20.19 or newer is needed)"
# bin/berth runs the build's output (the compiled CLI and its bundle).
if [ ! -f dist/cli/main.js ] || [ ! -f dist/bundle/berth.cjs ]; then
  log "berth is not built; building it (npm run build)"
  npm run --silent build </dev/null
fi

bash scripts/engine.sh
bash scripts/test-images.sh --debian
bash scripts/example-images.sh

# The host port: WEB_PORT when set; else the one a running demo already uses (so a re-run changes
# nothing); else 8080, unless something else holds it, when a free port is chosen instead, so the
# demo does not fail on a busy machine.
web_container() {
  docker ps --all --quiet --filter "label=com.docker.compose.project=$PROJECT" \
    --filter label=com.docker.compose.service=web | head -n 1
}
port_free() { # port_free PORT: nothing listens on it, on any interface
  node -e '
    const server = require("node:net").createServer();
    server.once("error", () => process.exit(1));
    server.listen(Number(process.argv[1]), "0.0.0.0", () => server.close(() => process.exit(0)));
  ' "$1"
}
if [ -z "${WEB_PORT:-}" ]; then
  running_port=""
  container="$(web_container)"
  if [ -n "$container" ]; then
    running_port="$(docker port "$container" 8080/tcp 2>/dev/null | sed -n 's/.*:\([0-9][0-9]*\)$/\1/p' | head -n 1)"
  fi
  if [ -n "$running_port" ]; then
    WEB_PORT="$running_port"
  elif ! port_free 8080; then
    WEB_PORT="$(node -e '
      const server = require("node:net").createServer();
      server.listen(0, "0.0.0.0", () => { process.stdout.write(String(server.address().port)); server.close(); });
    ')"
    log "port 8080 is in use; publishing the demo on $WEB_PORT instead"
  fi
  if [ -n "${WEB_PORT:-}" ]; then export WEB_PORT; fi
fi

log "starting the demo: $SHOWN up -d --wait"
"${BERTH[@]}" up -d --wait </dev/null

# Where the page is, as the engine reports it: `berth port` prints HOST:PORT (0.0.0.0 for all
# interfaces, which a browser on this machine reaches as 127.0.0.1); the engine's own answer is
# the fallback.
published="$("${BERTH[@]}" port web 8080 </dev/null 2>/dev/null | head -n 1 || true)"
if [ -z "$published" ]; then
  container="$(web_container)"
  if [ -n "$container" ]; then published="$(docker port "$container" 8080/tcp 2>/dev/null | head -n 1 || true)"; fi
fi
host_port="${published##*:}"
case "$host_port" in
  '' | *[!0-9]*) die "the web service has no published port 8080 (see: $SHOWN ps)" ;;
esac
url="http://127.0.0.1:$host_port/"

# One request, to show the page works end to end (web → redis and postgres). The web service's
# healthcheck already passed, so this answers at once; a few tries cover a slow first query.
if ! body="$(node -e '
  const url = process.argv[1];
  const attempt = async (left) => {
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(5000) });
      const text = await response.text();
      if (!response.ok) throw new Error("HTTP " + response.status + ": " + text.trim());
      process.stdout.write(text);
    } catch (error) {
      if (left === 0) { console.error(String(error.cause ?? error.message)); process.exit(1); }
      setTimeout(() => attempt(left - 1), 1000);
    }
  };
  attempt(10);
' "$url")"; then
  die "the demo started but $url does not answer; see: docker logs $(web_container)"
fi

cat <<EOF

The demo is running: $url
  $body
Each visit is counted in redis (cache) and stored in postgres (db).

From $REPO:
  $SHOWN ps       what is running
  $SHOWN down     stop it and remove its containers and network
  $SHOWN down -v  the same, and the database volume too
EOF
