/**
 * The VM's init: bind-mounts the VM dir on /var/vcap (mount-ns) and mounts its ephemeral disk or tmpfs on
 * /var/vcap/data (`data`: `-`, `tmpfs:<MiB or empty>` or `ext4:<image>`). With `tmp` = `private` it bind-mounts
 * /var/vcap/data/root_tmp on /tmp and /var/tmp and mounts the host paths of `keep` (one per line) back at their
 * paths (see vm-tmp.ts). It puts `.cpi/etc/passwd`, `group` (vm-accounts.ts) and `hostname`, when present, over
 * the host's, and the agent's `bosh/etc/hosts` over /etc/hosts (the agent rewrites that file in place), and sets
 * the hostname to `name` when given (the VM has a UTS namespace of its own). Then it reports "ready" on fd 3, runs
 * the agent and restarts it when it exits, as runit does on a stemcell (the agent exits on purpose after
 * update_settings).
 */
export const LAUNCHER = `set -u
mode=$1 vm_dir=$2 data=$3 tmp=$4 keep=$5 name=$6
shift 6
if [ "$mode" = mount ]; then
  [ -d /var/vcap ] || mkdir -p /var/vcap || { echo "launcher: cannot create /var/vcap" >&2; exit 90; }
  mount --bind "$vm_dir" /var/vcap || { echo "launcher: cannot bind-mount $vm_dir on /var/vcap" >&2; exit 91; }
  case "$data" in
    tmpfs:*)
      size=\${data#tmpfs:}
      mount -t tmpfs -o "mode=0755\${size:+,size=\${size}m}" bosh-ephemeral /var/vcap/data ||
        { echo "launcher: cannot mount a tmpfs on /var/vcap/data" >&2; exit 92; } ;;
    ext4:*)
      mount -t ext4 -o loop "\${data#ext4:}" /var/vcap/data ||
        { echo "launcher: cannot mount \${data#ext4:} on /var/vcap/data" >&2; exit 92; } ;;
  esac
  # Directories the CPI made beforehand are only checked (a test is a shell builtin, mkdir a process of its own).
  [ -d /var/vcap/data/sys/log ] && [ -d /var/vcap/data/sys/run ] && [ -d /var/vcap/data/tmp ] ||
    mkdir -p /var/vcap/data/sys/log /var/vcap/data/sys/run /var/vcap/data/tmp ||
    { echo "launcher: cannot create the directories of /var/vcap/data" >&2; exit 93; }
  for file in .cpi/etc/passwd .cpi/etc/group .cpi/etc/hostname bosh/etc/hosts; do
    if [ -f "/var/vcap/$file" ] && [ -f "/etc/\${file##*/}" ]; then
      mount --bind "/var/vcap/$file" "/etc/\${file##*/}" ||
        { echo "launcher: cannot bind-mount the VM's /etc/\${file##*/}" >&2; exit 94; }
    fi
  done
  # Without the hostname program, the kernel's sysctl (which cuts a long name short where hostname refuses it).
  if [ -n "$name" ]; then
    if command -v hostname >/dev/null; then hostname "$name" 2>/dev/null; else
      printf '%s\\n' "$name" 2>/dev/null >/proc/sys/kernel/hostname; fi ||
      { echo "launcher: cannot set the hostname to $name" >&2; exit 96; }
  fi
  if [ "$tmp" = private ]; then
    set -f
    IFS='
'
    n=0
    for path in $keep; do
      n=$((n + 1))
      # The CPI made .cpi/keep/<n> (prepareTmpMounts).
      mount --bind "$path" "/var/vcap/.cpi/keep/$n" || { echo "launcher: cannot keep $path" >&2; exit 95; }
    done
    { [ -d /var/vcap/data/root_tmp ] || mkdir -m 1777 /var/vcap/data/root_tmp; } &&
      mount --bind /var/vcap/data/root_tmp /tmp && mount --bind /var/vcap/data/root_tmp /var/tmp ||
      { echo "launcher: cannot mount /var/vcap/data/root_tmp on /tmp and /var/tmp" >&2; exit 95; }
    n=0
    for path in $keep; do
      n=$((n + 1))
      { [ -d "$path" ] || mkdir -p "$path"; } && mount --bind "/var/vcap/.cpi/keep/$n" "$path" ||
        { echo "launcher: cannot mount $path back" >&2; exit 95; }
    done
    unset IFS
    set +f
    export TMPDIR=/var/vcap/data/tmp
  fi
  cd /var/vcap
else
  cd "$vm_dir"
fi
echo ready >&3
exec 3>&-
stopping=0
agent=
trap 'stopping=1; [ -z "$agent" ] || kill -TERM "$agent" 2>/dev/null' TERM INT HUP
while :; do
  "$@" </dev/null &
  agent=$!
  wait "$agent"
  status=$?
  while kill -0 "$agent" 2>/dev/null; do wait "$agent"; status=$?; done
  [ "$stopping" = 1 ] && exit 0
  echo "launcher: agent exited with status $status, restarting it in 1s" >&2
  sleep 1
done
`;
