"""Subscribes to the manager's escEvent stream with Debian's ncclient (a client nobody here wrote;
issue 11 "Interoperability"): a replay from the epoch up to replayComplete, then a serviceAction STOP
and its live notifications up to SERVICE_STOPPED. Prints one JSON object; the node test asserts on it.
Usage: ncclient_notifications.py <port> <tenant> <deployment>"""
import json
import sys

from ncclient import manager
from ncclient.xml_ import to_ele

ESC = 'http://www.cisco.com/esc/esc'
NOTIF = 'urn:ietf:params:xml:ns:netconf:notification:1.0'
NETMOD = 'urn:ietf:params:xml:ns:netmod:notification'
port, tenant, deployment = int(sys.argv[1]), sys.argv[2], sys.argv[3]


def next_notification(m):
    n = m.take_notification(block=True, timeout=20)
    if n is None:
        raise SystemExit('no notification within 20 s')
    ele = n.notification_ele
    event_time = ele.find('{%s}eventTime' % NOTIF).text
    if ele.find('{%s}replayComplete' % NETMOD) is not None:
        return event_time, 'replayComplete'
    return event_time, ele.find('{%s}escEvent/{%s}event/{%s}type' % (ESC, ESC, ESC)).text


seen = {'replayed': [], 'live': []}
with manager.connect(host='127.0.0.1', port=port, username='admin', password='admin',
                     hostkey_verify=False, look_for_keys=False, allow_agent=False, timeout=30) as m:
    seen['subscribed'] = m.create_subscription(stream_name='escEvent', start_time='1970-01-01T00:00:00Z').ok
    times = []
    while True:
        event_time, what = next_notification(m)
        if what == 'replayComplete':
            break
        times.append(event_time)
        seen['replayed'].append(what)
    seen['replay_times_in_order'] = times == sorted(times)
    stop = ('<serviceAction xmlns="%s"><actionType>STOP</actionType><tenantName>%s</tenantName>'
            '<depName>%s</depName></serviceAction>') % (ESC, tenant, deployment)
    seen['stop'] = m.dispatch(to_ele(stop)).ok
    while 'SERVICE_STOPPED' not in seen['live']:
        seen['live'].append(next_notification(m)[1])

print(json.dumps(seen))
