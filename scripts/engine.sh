#!/usr/bin/env bash
# Makes a Docker engine answer on the default unix socket (/var/run/docker.sock), idempotently.
#
#   scripts/engine.sh        exits 0 at once when the engine already answers; otherwise installs
#                            Debian's docker.io if dockerd is absent, clears state left by killed
#                            processes, starts dockerd detached and waits for it.
#
# Must run as root. Safe with no stdin (CI). Environment overrides, for machines unlike this one:
#   BERTH_STORAGE_DRIVER   overlay2 | fuse-overlayfs | vfs   (default: probed)
#   BERTH_IPTABLES         nft | legacy | off                (default: probed)
#   BERTH_ENGINE_TIMEOUT   seconds to wait for the socket    (default: 60)
#   BERTH_DOCKERD_LOG      daemon log                        (default: /var/log/berth-dockerd.log)
#
# On the project's reference machine (a 2-core VM, ext4 root, cgroup v1 hierarchy mounted, no
# systemd, no AppArmor) the probes below choose: overlay2, iptables through the nftables backend,
# the cgroupfs driver. With those, published ports answer on 127.0.0.1 and containers on a
# user-defined network resolve each other by name and alias. Debian's docker.io is 20.10; newer
# clients negotiate its API version down.
set -euo pipefail

BERTH_SCRIPT_NAME=engine.sh
# shellcheck source=scripts/lib/common.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

readonly DOCKER_ROOT=/var/lib/docker
readonly PIDFILE=/var/run/docker.pid
readonly SOCKET=/var/run/docker.sock
readonly LOGFILE="${BERTH_DOCKERD_LOG:-/var/log/berth-dockerd.log}"
readonly WAIT_SECONDS="${BERTH_ENGINE_TIMEOUT:-60}"
# Helper files (the iptables shim below) live under /run, never in the repository.
readonly RUNDIR=/run/berth-engine

# ---------------------------------------------------------------------------------------------
# 0. Already answering: nothing to do. This is the common case and must stay fast.
if engine_answers; then
  exit 0
fi

[ "$(id -u)" -eq 0 ] || die "the engine can only be started as root (run with sudo)"

# ---------------------------------------------------------------------------------------------
# 1. Install the daemon when it is absent (docker.io also brings a client, when there is none).
if ! command -v dockerd >/dev/null || ! command -v docker >/dev/null; then
  # Debian's maintainer scripts would try to start the daemon themselves (with other options
  # and its own log) on a machine without systemd. policy-rc.d is Debian's switch for "don't
  # start services while installing"; it is put in place only for the install, and only when
  # the machine has none of its own.
  policy=/usr/sbin/policy-rc.d
  added_policy=0
  if [ ! -e "$policy" ]; then
    printf '#!/bin/sh\nexit 101\n' >"$policy"
    chmod 0755 "$policy"
    added_policy=1
  fi
  # docker.io brings containerd, runc, tini and iptables. Recommends (git, apparmor, ...) are
  # not needed to run containers.
  install_rc=0
  apt_install docker.io || install_rc=$?
  if [ "$added_policy" -eq 1 ]; then rm -f "$policy"; fi
  [ "$install_rc" -eq 0 ] || die "installing docker.io failed"
  command -v dockerd >/dev/null || die "docker.io is installed but dockerd is not on PATH"
fi

# ---------------------------------------------------------------------------------------------
# 2. Is a daemon already there but not answering yet (started a moment ago by someone else)?
# Then wait for it rather than start a second one on the same state.
# A killed daemon's children can linger as zombies for a while (the init of a VM or container
# does not always reap promptly), so "alive" means present and not in state Z.
pid_is() { # pid_is PID NAME: true when PID is a live process whose command is NAME
  local stat
  [ -n "$1" ] && [ "$(cat "/proc/$1/comm" 2>/dev/null)" = "$2" ] || return 1
  stat="$(cat "/proc/$1/stat" 2>/dev/null)" || return 1
  stat="${stat##*) }" # the state follows the parenthesised command name
  [ "${stat%% *}" != Z ]
}
running() { # running NAME: true when a live (non-zombie) process has the command NAME
  local p
  for p in $(pgrep -x "$1"); do
    if pid_is "$p" "$1"; then return 0; fi
  done
  return 1
}

wait_for_engine() { # wait_for_engine PID: waits while PID lives, up to WAIT_SECONDS
  local pid="$1" deadline=$((SECONDS + WAIT_SECONDS))
  while [ "$SECONDS" -lt "$deadline" ]; do
    if engine_answers; then return 0; fi
    if ! pid_is "$pid" dockerd; then return 1; fi
    sleep 0.5
  done
  return 1
}

show_log_tail() {
  log "dockerd did not answer on $SOCKET; last lines of $LOGFILE:"
  tail -n 40 "$LOGFILE" >&2 2>/dev/null || true
}

old_pid=""
if [ -s "$PIDFILE" ]; then old_pid="$(tr -dc '0-9' <"$PIDFILE")"; fi
if pid_is "$old_pid" dockerd; then
  log "dockerd (pid $old_pid) is running but not answering yet; waiting"
  if wait_for_engine "$old_pid"; then exit 0; fi
  show_log_tail
  die "the running dockerd (pid $old_pid) does not answer; it was not started by this script, so it is left alone"
fi

# ---------------------------------------------------------------------------------------------
# 3. Clear state left by processes that were killed rather than stopped.
#
# A killed dockerd leaves its pid file; after the machine is reused, that pid can belong to any
# other process, and dockerd refuses to start while the pid in its pid file is alive.
if [ -e "$PIDFILE" ]; then
  log "removing stale $PIDFILE (pid ${old_pid:-none} is not a dockerd)"
  rm -f "$PIDFILE"
fi

# dockerd runs its own containerd (pid file /var/run/docker/containerd/containerd.pid) and
# reuses it when the pid there is alive. It checks only "alive", so a recycled pid makes it
# connect to a containerd that is not there and hang. Keep the file only when it names a live
# containerd (one that outlived a killed dockerd, which is fine to reuse: its containers too).
managed_pidfile=/var/run/docker/containerd/containerd.pid
if [ -e "$managed_pidfile" ]; then
  cpid="$(tr -dc '0-9' <"$managed_pidfile" || true)"
  if ! pid_is "$cpid" containerd; then
    log "removing stale $managed_pidfile"
    rm -f "$managed_pidfile"
  fi
fi

# dockerd prefers a system containerd whenever /run/containerd/containerd.sock exists, and
# would hang on a socket file whose containerd is gone. Nothing here runs a system containerd
# (no systemd), so a socket with no containerd process at all is a leftover.
if ! running containerd; then
  for s in /run/containerd/containerd.sock /run/containerd/containerd.sock.ttrpc; do
    if [ -S "$s" ]; then
      log "removing stale $s"
      rm -f "$s"
    fi
  done
fi

# With no daemon, no containerd and no shim alive, nothing can be using the mounts under the
# engine's directories (container root filesystems, /dev/shm, network namespaces): a kill leaves
# them behind, and a restarted daemon can trip over them ("device or resource busy" when it
# cleans a container up). Lazily unmount them, deepest first.
if ! running dockerd && ! running containerd \
  && ! running containerd-shim; then
  stale_mounts="$(awk '$5 ~ "^(/var/lib/docker|/run/docker|/var/run/docker)/" { print $5 }' \
    /proc/self/mountinfo | sort -r)"
  if [ -n "$stale_mounts" ]; then
    log "unmounting $(printf '%s\n' "$stale_mounts" | wc -l) stale mount(s) under the engine's directories"
    while IFS= read -r m; do
      umount -l "$m" 2>/dev/null || true
    done <<<"$stale_mounts"
  fi
fi

# ---------------------------------------------------------------------------------------------
# 4. Choose daemon options that work on this machine. Each probe tries the real thing instead
# of guessing from the kind of machine, since this may be a VM, a container or a laptop.
opts=(--host "unix://$SOCKET" --pidfile "$PIDFILE" --data-root "$DOCKER_ROOT")

# cgroups: the daemon needs a cgroup hierarchy mounted. A bare VM or container may have none;
# cgroup2 is the one mount that gives all controllers. No systemd here, so the cgroupfs driver
# (the daemon's default without systemd, named to make it explicit).
# A v1 (or hybrid) hierarchy shows a `tasks` file per controller, a v2 one `cgroup.controllers`.
if ! compgen -G '/sys/fs/cgroup/*/tasks' >/dev/null && [ ! -e /sys/fs/cgroup/cgroup.controllers ]; then
  log "no cgroup hierarchy mounted; mounting cgroup2 on /sys/fs/cgroup"
  mount -t cgroup2 cgroup2 /sys/fs/cgroup || die "cannot mount cgroups"
fi
opts+=(--exec-opt native.cgroupdriver=cgroupfs)

# Storage driver: overlay2 when the kernel can mount overlayfs with its upper dir on the file
# system of the data root (ext4/xfs yes; overlayfs-on-overlayfs, as inside many containers, no).
# Else fuse-overlayfs when present with /dev/fuse; else vfs, which always works but copies
# every layer (slow, large).
probe_overlay() {
  local d rc=0
  mkdir -p "$DOCKER_ROOT"
  d="$(mktemp -d "$DOCKER_ROOT/.overlay-probe.XXXXXX")"
  mkdir -p "$d/lower" "$d/upper" "$d/work" "$d/merged"
  touch "$d/lower/f"
  if mount -t overlay overlay -o "lowerdir=$d/lower,upperdir=$d/upper,workdir=$d/work" "$d/merged" 2>/dev/null; then
    # A mount alone is not enough: the daemon also needs copy-up (write over a lower file) and
    # whiteouts (delete one) to work on this upper file system.
    { echo x >"$d/merged/f" && rm "$d/merged/f"; } 2>/dev/null || rc=1
    umount "$d/merged" 2>/dev/null || umount -l "$d/merged" 2>/dev/null || true
  else
    rc=1
  fi
  rm -rf "$d"
  return "$rc"
}
storage="${BERTH_STORAGE_DRIVER:-}"
if [ -z "$storage" ]; then
  if probe_overlay; then
    storage=overlay2
  elif command -v fuse-overlayfs >/dev/null && [ -c /dev/fuse ]; then
    storage=fuse-overlayfs
  else
    storage=vfs
  fi
fi
opts+=(--storage-driver "$storage")

# iptables: the daemon writes NAT/filter rules with the `iptables` on its PATH. Debian 12's
# default `iptables` is the nftables-backed one; a kernel without nf_tables may still have the
# legacy x_tables, and one with neither gets --iptables=false. A legacy choice is made through a
# PATH shim for the daemon alone, so the machine's own iptables alternative is left as it is.
# With --iptables=false, ports published on 127.0.0.1 still work through the userland proxy, but
# containers cannot reach outside (no masquerade) and published ports are not reachable from
# other containers through the host.
iptables_works() { # iptables_works BINARY: the nat table, which the daemon needs, can be used
  command -v "$1" >/dev/null && timeout 10 "$1" -w -t nat -S >/dev/null 2>&1 \
    && timeout 10 "$1" -w -t filter -S >/dev/null 2>&1
}
ipt="${BERTH_IPTABLES:-}"
if [ -z "$ipt" ]; then
  if iptables_works iptables-nft; then
    ipt=nft
  elif iptables_works iptables-legacy; then
    ipt=legacy
  else
    ipt=off
  fi
fi
daemon_path="$PATH"
case "$ipt" in
  nft)
    # The plain `iptables` name is what the daemon runs; point it at the nft backend only
    # when the alternative says something else and the nft one is the one that works.
    if ! iptables_works iptables; then
      mkdir -p "$RUNDIR/bin"
      ln -sfn "$(command -v iptables-nft)" "$RUNDIR/bin/iptables"
      daemon_path="$RUNDIR/bin:$PATH"
    fi
    ;;
  legacy)
    mkdir -p "$RUNDIR/bin"
    ln -sfn "$(command -v iptables-legacy)" "$RUNDIR/bin/iptables"
    if command -v ip6tables-legacy >/dev/null; then
      ln -sfn "$(command -v ip6tables-legacy)" "$RUNDIR/bin/ip6tables"
    fi
    daemon_path="$RUNDIR/bin:$PATH"
    ;;
  off) opts+=(--iptables=false --ip-masq=false) ;;
  *) die "BERTH_IPTABLES must be nft, legacy or off, not '$ipt'" ;;
esac

# Bridge networking needs the kernel's bridge and veth drivers; without them, only
# --bridge=none works (no default network; user-defined bridge networks fail too).
if ! ip link show docker0 >/dev/null 2>&1; then
  if ip link add berthprobe0 type bridge 2>/dev/null; then
    ip link delete berthprobe0 2>/dev/null || true
  else
    log "warning: the kernel cannot create bridges; starting with --bridge=none"
    opts+=(--bridge=none)
  fi
fi

# ---------------------------------------------------------------------------------------------
# 5. Start dockerd detached from the calling shell: its own session (setsid -f), no stdin, output
# to the log, and nohup so a closing terminal's SIGHUP does not end it.
mkdir -p "$(dirname "$LOGFILE")"
{
  printf '\n==== %s: starting dockerd (storage=%s, iptables=%s)\n' "$(date -Is)" "$storage" "$ipt"
  printf '==== dockerd %s\n' "${opts[*]}"
} >>"$LOGFILE"
log "starting dockerd (storage-driver=$storage, iptables=$ipt); log: $LOGFILE"
started=$SECONDS
PATH="$daemon_path" setsid -f nohup dockerd "${opts[@]}" </dev/null >>"$LOGFILE" 2>&1

# The pid appears in the pid file once the daemon is past its first checks; until then, look
# it up by its command line. Used only to stop waiting early when the daemon has died.
new_pid=""
for _ in $(seq 1 20); do
  if [ -s "$PIDFILE" ]; then new_pid="$(tr -dc '0-9' <"$PIDFILE")"; break; fi
  new_pid="$(pgrep -n -x dockerd || true)"
  [ -n "$new_pid" ] && break
  sleep 0.25
done

if [ -n "$new_pid" ] && wait_for_engine "$new_pid"; then
  log "engine up in $((SECONDS - started))s ($(docker version --format 'server {{.Server.Version}}' 2>/dev/null))"
  exit 0
fi
show_log_tail
die "dockerd did not come up within ${WAIT_SECONDS}s"
