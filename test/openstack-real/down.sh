#!/usr/bin/env bash
# Stops the OpenStack rig only when test/openstack-real/up.sh started it (its marker file is
# there); a rig someone else started is left running.
set -euo pipefail
REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
RIG_DIR=${OSRIG_RIG_DIR:-$REPO/../shared/rigs/openstack}
OSRIG=${OSRIG:-/tmp/osrig}
MARKER=$OSRIG/started-by-openvnfm
# The second compute host up.sh adds (also to a rig it did not start; not in the rig's own list).
if [ -f "$OSRIG/pids/nova-compute-2.pid" ]; then
  read -r pid st < "$OSRIG/pids/nova-compute-2.pid"
  if [ -d "/proc/$pid" ] && [ "$(awk '{print $22}' "/proc/$pid/stat")" = "$st" ]; then kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid"; fi
  rm -f "$OSRIG/pids/nova-compute-2.pid"
fi
if [ ! -f "$MARKER" ]; then
  echo "openstack-real: the rig was not started by up.sh; leaving it running"
  exit 0
fi
bash "$RIG_DIR/down.sh"
rm -f "$MARKER"
