#!/usr/bin/env bash
# Builds the images of the demo project (examples/webapp) with `docker build`, since berth has no
# `build` of its own yet. Idempotent: an image is rebuilt only when it is missing or when its
# build context or the base image changed since it was built.
#
#   scripts/example-images.sh           berth-example/{web,cache,db}:latest, when needed
#   scripts/example-images.sh --force   rebuild all three, without the engine's layer cache
#
# Needs a running engine (scripts/engine.sh) and the base image berth-test/debian:bookworm
# (scripts/test-images.sh --debian, which this script runs when the base is missing).
# The Dockerfiles install Debian packages with apt-get, from the mirror the base image names.
set -euo pipefail

BERTH_SCRIPT_NAME=example-images.sh
# shellcheck source=scripts/lib/common.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

SCRIPTS="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
readonly SCRIPTS
readonly EXAMPLE="$SCRIPTS/../examples/webapp"
readonly BASE_IMAGE=berth-test/debian:bookworm
readonly SERVICES=(cache db web)
# The label that records what an image was built from (see context_digest).
readonly DIGEST_LABEL=org.berth.example-source

force=0
for arg in "$@"; do
  case "$arg" in
    --force) force=1 ;;
    -h | --help)
      sed -n '2,11p' "$0" | sed 's/^# \{0,1\}//'
      exit 0
      ;;
    *) die "unknown argument: $arg (try --help)" ;;
  esac
done

engine_answers || die "no engine answers on the default socket; run scripts/engine.sh first"

# The current build's output, shown only when the build fails; an interrupted run removes it too.
buildlog=""
trap 'if [ -n "$buildlog" ]; then rm -f "$buildlog"; fi' EXIT

image_id() { docker image inspect --format '{{.Id}}' "$1" 2>/dev/null || true; }

if [ -z "$(image_id "$BASE_IMAGE")" ]; then
  log "$BASE_IMAGE is missing; building it"
  bash "$SCRIPTS/test-images.sh" --debian
fi
base_id="$(image_id "$BASE_IMAGE")"
[ -n "$base_id" ] || die "$BASE_IMAGE is still missing"

# What an image depends on: every file of its build context (names and contents) and the base
# image it starts from. Editing app.py, or rebuilding the base, makes the next run rebuild it.
context_digest() { # context_digest DIR
  {
    printf 'base %s\n' "$base_id"
    (cd "$1" && find . -type f -print0 | LC_ALL=C sort -z | xargs -0 sha256sum)
  } | sha256sum | cut -d ' ' -f 1
}

# The legacy builder, explicitly: it uses the local base image as it is, where BuildKit (when a
# client has it) may try to resolve berth-test/debian from a registry. The host's network, so
# apt-get reaches the mirror even when the engine runs without NAT (engine.sh's iptables=off).
# Proxy settings of the caller are passed on as the predefined build arguments.
build_image() { # build_image SERVICE IMAGE DIGEST
  local service="$1" image="$2" digest="$3" old started=$SECONDS
  local args=(build --network host --label "$DIGEST_LABEL=$digest" --tag "$image")
  # --force means fresh packages too, not the layers of the last build again.
  if [ "$force" -eq 1 ]; then args+=(--no-cache); fi
  local v
  for v in http_proxy https_proxy no_proxy HTTP_PROXY HTTPS_PROXY NO_PROXY; do
    if [ -n "${!v:-}" ]; then args+=(--build-arg "$v"); fi
  done
  old="$(image_id "$image")"
  buildlog="$(mktemp /tmp/berth-example-build.XXXXXX)"
  log "building $image from examples/webapp/$service"
  if ! DOCKER_BUILDKIT=0 docker "${args[@]}" "$EXAMPLE/$service" </dev/null >"$buildlog" 2>&1; then
    tail -n 30 "$buildlog" >&2
    die "docker build of $image failed"
  fi
  rm -f "$buildlog"
  buildlog=""
  # The image this one replaced is left untagged; drop it unless a container still uses it.
  if [ -n "$old" ] && [ "$old" != "$(image_id "$image")" ]; then
    docker image rm "$old" >/dev/null 2>&1 || true
  fi
  log "built $image in $((SECONDS - started))s"
}

for service in "${SERVICES[@]}"; do
  image="berth-example/$service:latest"
  digest="$(context_digest "$EXAMPLE/$service")"
  current="$(docker image inspect --format "{{index .Config.Labels \"$DIGEST_LABEL\"}}" "$image" 2>/dev/null || true)"
  if [ "$force" -eq 0 ] && [ "$current" = "$digest" ]; then
    log "$image is up to date"
  else
    build_image "$service" "$image" "$digest"
  fi
done
