#!/usr/bin/env bash
# Brings up the real OpenStack used by the acceptance suites (npm run test:openstack-real):
# the shared rig (../shared/rigs/openstack beside the repository, or $OSRIG_RIG_DIR), with a
# short Keystone token lifetime so token expiry and re-authentication are exercised for real.
#
# Idempotent: when the rig already answers (another run or another user started it), it is left
# as it is and no marker is written, so down.sh will not stop it. When this script starts it, it
# writes $OSRIG/started-by-openvnfm; down.sh stops the rig only when that marker exists.
#
# Token lifetime: the rig rewrites /etc/keystone/keystone.conf on every start, so the lifetime is
# given through oslo.config's environment source (OS_TOKEN__EXPIRATION, read by keystone at start).
# A rig that was already running keeps the lifetime it was started with; the suites also revoke
# a token to test re-authentication whatever the lifetime is.
#
# The rig runs from openvnfm's copy of it ($OSRIG/rig): the same scripts, with nova-compute
# started by rig/osrig_nova_compute.py, which gives the fake virt driver Cinder's assisted volume
# snapshots (without them a snapshot of an attached volume, as Nova's createImage of a
# volume-booted server makes, never leaves `creating`). See that file.
set -euo pipefail
REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
RIG_DIR=${OSRIG_RIG_DIR:-$REPO/../shared/rigs/openstack}
OSRIG=${OSRIG:-/tmp/osrig}
MARKER=$OSRIG/started-by-openvnfm
TOKEN_TTL=${OSRIG_TOKEN_EXPIRATION:-300}

answers() { curl -s -o /dev/null -m 5 "$1"; }
rig_up() {
  [ -f "$OSRIG/openrc" ] || return 1
  local port
  for port in 5000 9292 8774 9696 8776; do answers "http://127.0.0.1:$port/" || return 1; done
}
token_lifetime() { # seconds between issued_at and expires_at of a fresh admin token
  curl -s -m 10 -H 'content-type: application/json' http://127.0.0.1:5000/v3/auth/tokens -d '{"auth":{"identity":{"methods":["password"],"password":{"user":{"name":"admin","domain":{"name":"Default"},"password":"admin"}}},"scope":{"project":{"name":"admin","domain":{"name":"Default"}}}}}' \
    | /usr/bin/python3 -c 'import json,sys,datetime as d; t=json.load(sys.stdin)["token"]; p=lambda s: d.datetime.fromisoformat(s.replace("Z","+00:00")); print(int((p(t["expires_at"])-p(t["issued_at"])).total_seconds()))'
}

COPY=$OSRIG/rig
patched_compute() { # the running nova-compute is the copy's launcher
  local pid
  read -r pid _ < "$OSRIG/pids/nova-compute.pid" 2>/dev/null || return 1
  tr '\0' ' ' < "/proc/$pid/cmdline" 2>/dev/null | grep -q "$COPY/lib/osrig_nova_compute.py"
}

# A second compute host (issue 12, placement): the same patched fake nova-compute under another
# `host`, so anti-affinity has two hosts to spread over (one more process, ~150 MB). Its pid is
# recorded the rig's way ("pid starttime" under $OSRIG/pids), so down.sh stops it. Idempotent.
SECOND_HOST=osrig-compute-2
starttime() { awk '{print $22}' "/proc/$1/stat" 2>/dev/null; }
second_compute_running() {
  local pid st
  read -r pid st 2>/dev/null < "$OSRIG/pids/nova-compute-2.pid" || return 1
  [ -d "/proc/$pid" ] && [ "$(starttime "$pid")" = "$st" ]
}
hypervisor_up() { # host → 0 once Nova lists it as an up hypervisor
  (. "$OSRIG/openrc" && openstack hypervisor list -f value -c 'Hypervisor Hostname' -c State 2>/dev/null) | grep -q "^$1 up"
}
start_second_compute() {
  if ! second_compute_running; then
    printf '[DEFAULT]\nhost = %s\n' "$SECOND_HOST" > "$OSRIG/nova-compute-2.conf"
    PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin setsid env -u PYTHONPATH PYTHONPATH="$COPY/lib" /usr/bin/python3 "$COPY/lib/osrig_nova_compute.py" \
      --config-file /etc/nova/nova.conf --config-file "$OSRIG/nova-compute-2.conf" >>"$OSRIG/logs/nova-compute-2.log" 2>&1 </dev/null &
    local pid=$!
    sleep 0.2
    echo "$pid $(starttime "$pid")" > "$OSRIG/pids/nova-compute-2.pid"
  fi
  local i
  for ((i = 0; i < 90; i++)); do
    nova-manage cell_v2 discover_hosts >>"$OSRIG/logs/nova-manage.log" 2>&1 || true
    hypervisor_up "$SECOND_HOST" && { echo "openstack-real: second compute host $SECOND_HOST up"; return 0; }
    second_compute_running || { tail -20 "$OSRIG/logs/nova-compute-2.log" >&2; return 1; }
    sleep 2
  done
  echo "openstack-real: second compute host $SECOND_HOST did not come up" >&2
  return 1
}

if rig_up; then
  echo "openstack-real: the rig is already up; leaving it as it is (token lifetime $(token_lifetime) s)"
  patched_compute || echo "openstack-real: WARNING its nova-compute is not $COPY/lib/osrig_nova_compute.py: snapshots of attached volumes will hang" >&2
  [ -f "$COPY/lib/osrig_nova_compute.py" ] && start_second_compute
  exit 0
fi
[ -x "$RIG_DIR/up.sh" ] || { echo "openstack-real: no rig at $RIG_DIR" >&2; exit 1; }
rm -rf "$COPY"
mkdir -p "$OSRIG"
cp -r "$RIG_DIR" "$COPY"
mv "$COPY/lib/osrig_nova_compute.py" "$COPY/lib/osrig_nova_compute_rig.py"
cp "$REPO/test/openstack-real/rig/osrig_nova_compute.py" "$COPY/lib/"
keystone_was_running=0
answers http://127.0.0.1:5000/ && keystone_was_running=1
# Marked before the start, so down.sh also cleans up after a start that failed half-way.
[ "$keystone_was_running" = 0 ] && date -u +%FT%TZ > "$MARKER"
OS_TOKEN__EXPIRATION=$TOKEN_TTL bash "$COPY/up.sh"
start_second_compute
echo "openstack-real: rig up$([ -f "$MARKER" ] && echo " (started here, marker $MARKER)"); token lifetime $(token_lifetime) s"
