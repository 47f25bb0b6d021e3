#!/usr/bin/env bash
# Builds the local images the tests use, from Debian packages only (nothing is pulled from an
# image registry). Idempotent: an image that exists is kept.
#
#   scripts/test-images.sh            berth-test/busybox:latest
#   scripts/test-images.sh --debian   also berth-test/debian:bookworm (debootstrap, minbase)
#   scripts/test-images.sh --force    rebuild the selected images even when they exist
#
# Needs a running engine (scripts/engine.sh), and root when it builds (apt-get, debootstrap).
# Downloaded packages are kept in $BERTH_IMAGE_CACHE (default /var/cache/berth-test-images) so a
# rebuild after `docker image rm` does not download again.
set -euo pipefail

BERTH_SCRIPT_NAME=test-images.sh
# shellcheck source=scripts/lib/common.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

readonly BUSYBOX_IMAGE=berth-test/busybox:latest
readonly DEBIAN_IMAGE=berth-test/debian:bookworm
readonly CACHE="${BERTH_IMAGE_CACHE:-/var/cache/berth-test-images}"

want_debian=0
force=0
for arg in "$@"; do
  case "$arg" in
    --debian) want_debian=1 ;;
    --force) force=1 ;;
    -h | --help)
      sed -n '2,11p' "$0" | sed 's/^# \{0,1\}//'
      exit 0
      ;;
    *) die "unknown argument: $arg (try --help)" ;;
  esac
done

engine_answers || die "no engine answers on the default socket; run scripts/engine.sh first"

image_exists() { docker image inspect "$1" >/dev/null 2>&1; }

# After a rebuild the previous image is left untagged; remove it unless a container uses it.
drop_previous() { # drop_previous OLD_ID NAME
  local new
  new="$(docker image inspect --format '{{.Id}}' "$2" 2>/dev/null || true)"
  if [ -n "$1" ] && [ "$1" != "$new" ]; then
    docker image rm "$1" >/dev/null 2>&1 || true
  fi
}
build() { # build NAME FUNCTION
  local old
  # Root only for building (debootstrap, apt-get, file ownership in the root file systems): a
  # user of the engine without root can still run this when the images exist.
  [ "$(id -u)" -eq 0 ] || die "run as root to build $1: building the root file systems needs it"
  if [ -z "$work" ]; then
    work="$(mktemp -d /tmp/berth-test-images.XXXXXX)"
    mkdir -p "$CACHE"
  fi
  old="$(docker image inspect --format '{{.Id}}' "$1" 2>/dev/null || true)"
  "$2"
  drop_previous "$old" "$1"
}

work=""
cleanup() { if [ -n "$work" ]; then rm -rf "$work"; fi; }
trap cleanup EXIT

# ---------------------------------------------------------------------------------------------
# berth-test/busybox:latest: a single static busybox with every applet linked, plus the few files
# programs expect (users and groups for `user:`, a writable /tmp). About 2 MB, starts instantly.
build_busybox() {
  local started=$SECONDS deb version root applet
  # The .deb comes through apt itself (with the machine's mirror and signature checks), and is
  # only downloaded again when the cached one is no longer the candidate version.
  version="$(apt-cache policy busybox-static 2>/dev/null | awk '/Candidate:/ { print $2 }')"
  if [ -z "$version" ] || [ "$version" = "(none)" ]; then
    apt_update_once
    version="$(apt-cache policy busybox-static | awk '/Candidate:/ { print $2 }')"
  fi
  if [ -z "$version" ] || [ "$version" = "(none)" ]; then
    die "busybox-static is not available from apt"
  fi
  # Debian writes an epoch's ':' as '%3a' in file names.
  deb="$CACHE/busybox-static_${version//:/%3a}_$(dpkg --print-architecture).deb"
  if [ ! -s "$deb" ]; then
    log "downloading busybox-static $version"
    # Run as root, apt's download sandbox user cannot write into a root-owned directory.
    if ! (cd "$CACHE" && apt-get download -qq -o APT::Sandbox::User=root busybox-static </dev/null); then
      apt_update_once
      (cd "$CACHE" && apt-get download -qq -o APT::Sandbox::User=root busybox-static </dev/null)
    fi
    [ -s "$deb" ] || deb="$(find "$CACHE" -maxdepth 1 -name 'busybox-static_*.deb' -newer "$work" | head -n 1)"
    if [ -z "$deb" ] || [ ! -s "$deb" ]; then
      die "apt-get download busybox-static produced no .deb"
    fi
  fi

  dpkg-deb -x "$deb" "$work/pkg"
  root="$work/busybox-root"
  mkdir -p "$root"/{bin,sbin,usr/bin,usr/sbin,etc,root,home,var/run,var/log,proc,sys,dev}
  install -m 0755 "$work/pkg/bin/busybox" "$root/bin/busybox"

  # Applet links as `busybox --install -s` makes them, but into the rootfs instead of the host's
  # own /bin: --list-full names each applet's path (bin/sh, usr/bin/wget, ...). The binary is
  # static, so running it on the host to ask is safe.
  while IFS= read -r applet; do
    # linuxrc is an init for initramfs images: no use in a container.
    case "$applet" in bin/busybox | linuxrc) continue ;; esac
    # Builtins only: one fork per applet instead of three keeps this under a second.
    [ -d "$root/${applet%/*}" ] || mkdir -p "$root/${applet%/*}"
    ln -sfn /bin/busybox "$root/$applet"
  done < <("$root/bin/busybox" --list-full)
  [ -L "$root/bin/sh" ] || die "busybox has no sh applet"

  cat >"$root/etc/passwd" <<'EOF'
root:x:0:0:root:/root:/bin/sh
daemon:x:1:1:daemon:/usr/sbin:/bin/false
www-data:x:33:33:www-data:/var/www:/bin/false
nobody:x:65534:65534:nobody:/nonexistent:/bin/false
EOF
  cat >"$root/etc/group" <<'EOF'
root:x:0:
daemon:x:1:
www-data:x:33:
nogroup:x:65534:
EOF
  chmod 0700 "$root/root"
  mkdir -p "$root/tmp" && chmod 1777 "$root/tmp"

  # Fixed owner and modification times make the same package give the same layer.
  tar --numeric-owner --owner=0 --group=0 --mtime='2000-01-01 00:00:00Z' --sort=name \
    -C "$root" -cf - . \
    | docker import \
      --change 'CMD ["sh"]' \
      --change 'ENV PATH=/usr/sbin:/usr/bin:/sbin:/bin' \
      --change "LABEL org.berth.test-image=busybox org.berth.busybox-version=$version" \
      - "$BUSYBOX_IMAGE" >/dev/null
  log "built $BUSYBOX_IMAGE (busybox-static $version) in $((SECONDS - started))s"
}

# ---------------------------------------------------------------------------------------------
# berth-test/debian:bookworm: a minbase Debian from the same mirror apt uses here, for tests that
# need a real distribution (apt, bash, coreutils). Slower to build (a minute or more).

# The first mirror the machine's apt sources use for the bookworm suite itself (not -security
# or -updates), from one-line .list files or deb822 .sources files.
debian_mirror() {
  local f
  for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
    [ -r "$f" ] || continue
    awk '$1 == "deb" { for (i = 2; i <= NF; i++) if ($i !~ /^\[/) { if ($(i+1) == "bookworm") { print $i; exit } break } }' "$f"
  done
  for f in /etc/apt/sources.list.d/*.sources; do
    [ -r "$f" ] || continue
    # deb822: stanzas separated by blank lines; take URIs of a stanza whose Suites has bookworm.
    awk 'BEGIN { RS = ""; FS = "\n" }
      {
        uri = ""; ok = 0; enabled = 1
        for (i = 1; i <= NF; i++) {
          if ($i ~ /^URIs:/) { split($i, a, /[ \t]+/); uri = a[2] }
          if ($i ~ /^Suites:/ && $i ~ /[ \t]bookworm([ \t]|$)/) ok = 1
          if ($i ~ /^Enabled:[ \t]*no/) enabled = 0
        }
        if (ok && enabled && uri != "") { print uri; exit }
      }' "$f"
  done
}

build_debian() {
  local started=$SECONDS mirror root
  command -v debootstrap >/dev/null || apt_install debootstrap
  mirror="$(debian_mirror | head -n 1)"
  [ -n "$mirror" ] || die "no bookworm mirror found in /etc/apt/sources.list*"
  root="$work/debian-root"
  mkdir -p "$CACHE/debootstrap"
  log "debootstrap bookworm (minbase) from $mirror"
  if ! debootstrap --variant=minbase --cache-dir="$CACHE/debootstrap" \
    --keyring=/usr/share/keyrings/debian-archive-keyring.gpg \
    bookworm "$root" "$mirror" >"$work/debootstrap.log" 2>&1; then
    tail -n 30 "$work/debootstrap.log" >&2
    die "debootstrap failed"
  fi
  # The image's own apt points at the same mirror; downloaded .debs and lists are dropped to keep
  # the image small (an `apt-get update` in a container brings the lists back).
  printf 'deb %s bookworm main\n' "$mirror" >"$root/etc/apt/sources.list"
  rm -rf "$root"/var/cache/apt/archives/*.deb "$root"/var/lib/apt/lists/* "$root"/var/log/*.log
  # Debootstrap leaves the build host's name and resolver here; the engine supplies its own.
  : >"$root/etc/resolv.conf"
  rm -f "$root/etc/hostname"

  tar --numeric-owner --xattrs -C "$root" -cf - . \
    | docker import \
      --change 'CMD ["bash"]' \
      --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
      --change 'ENV LANG=C.UTF-8' \
      --change 'LABEL org.berth.test-image=debian' \
      - "$DEBIAN_IMAGE" >/dev/null
  log "built $DEBIAN_IMAGE in $((SECONDS - started))s"
}

# ---------------------------------------------------------------------------------------------
if [ "$force" -eq 0 ] && image_exists "$BUSYBOX_IMAGE"; then
  log "$BUSYBOX_IMAGE exists"
else
  build "$BUSYBOX_IMAGE" build_busybox
fi

if [ "$want_debian" -eq 1 ]; then
  if [ "$force" -eq 0 ] && image_exists "$DEBIAN_IMAGE"; then
    log "$DEBIAN_IMAGE exists"
  else
    build "$DEBIAN_IMAGE" build_debian
  fi
fi
