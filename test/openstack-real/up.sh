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

if rig_up; then
  echo "openstack-real: the rig is already up; leaving it as it is (token lifetime $(token_lifetime) s)"
  patched_compute || echo "openstack-real: WARNING its nova-compute is not $COPY/lib/osrig_nova_compute.py: snapshots of attached volumes will hang" >&2
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
echo "openstack-real: rig up$([ -f "$MARKER" ] && echo " (started here, marker $MARKER)"); token lifetime $(token_lifetime) s"
