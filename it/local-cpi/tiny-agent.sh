#!/bin/sh
# A tiny stand-in for bosh-agent, run by the local CPI tests as each VM's agent. It shows what an agent sees:
# - copies the settings it finds in $BASE/bosh/settings.json to $BASE/data/seen-settings.json (BASE is /var/vcap
#   in a mount namespace, the VM directory without isolation) and records each start in $BASE/data/boots;
# - starts a daemon in a session of its own, as job processes do, so it escapes the agent's process group;
# - like the agent's mount_disk, bind-mounts each persistent disk of its settings on $BASE/store (needs root; in
#   the host's mount namespace without isolation), appends its agent id to store/history and copies that file to
#   data/store-history;
# - records what it sees of /tmp and of the vcap account in $BASE/data/view: the agent id another VM left in
#   /tmp/tiny-agent-owner (none when /tmp is its own), TMPDIR, `id vcap`, its hostname, /etc/hostname and the
#   first line of /etc/hosts; then leaves its own id there;
# - exits when $BASE/data/exit-now appears (its init must start it again).
set -u
base=${BOSH_AGENT_BASE_DIR:-/var/vcap}
settings=$base/bosh/settings.json
agent_id=$(sed -n 's/.*"agent_id":"\([^"]*\)".*/\1/p' "$settings")
{
  echo "tmp-owner=$(cat /tmp/tiny-agent-owner 2>/dev/null || echo none)"
  echo "tmpdir=${TMPDIR:-}"
  echo "vcap=$(id vcap 2>&1)"
  echo "hostname=$(hostname)"
  echo "etc-hostname=$(cat /etc/hostname 2>/dev/null)"
  echo "hosts=$(head -n 1 /etc/hosts)"
} >"$base/data/view"
# Without isolation /tmp is the host's: leave nothing there.
[ "${BOSH_LOCAL_CPI_ISOLATION:-none}" = none ] || echo "$agent_id" >/tmp/tiny-agent-owner
cp "$settings" "$base/data/seen-settings.json.tmp" && mv "$base/data/seen-settings.json.tmp" "$base/data/seen-settings.json"
echo "boot" >>"$base/data/boots"
setsid sleep 1000000 </dev/null >/dev/null 2>&1 &
mounted=""
while :; do
  if [ -e "$base/data/exit-now" ]; then
    rm -f "$base/data/exit-now"
    exit 3
  fi
  for disk in $(sed -n 's/.*"persistent":{\([^}]*\)}.*/\1/p' "$settings" | grep -o '"/[^"]*"' | tr -d '"'); do
    case " $mounted " in *" $disk "*) continue ;; esac
    mount --bind "$disk" "$base/store" || exit 4
    echo "$agent_id" >>"$base/store/history"
    cp "$base/store/history" "$base/data/store-history.tmp" && mv "$base/data/store-history.tmp" "$base/data/store-history"
    mounted="$mounted $disk"
  done
  sleep 0.1
done
