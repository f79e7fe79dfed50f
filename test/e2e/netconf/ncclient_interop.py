"""Drives the manager's NETCONF server with Debian's ncclient (a client nobody here wrote; issue 11
"Interoperability"). Prints one JSON object of what it saw; the node test asserts on it.
Usage: ncclient_interop.py <port> <deployment-config-xml-file>"""
import json
import sys
import time

from ncclient import manager
from ncclient.operations.rpc import RPCError
from ncclient.xml_ import to_ele

ESC = 'http://www.cisco.com/esc/esc'
port, config_file = int(sys.argv[1]), sys.argv[2]
seen = {}


def connect():
    return manager.connect(host='127.0.0.1', port=port, username='admin', password='admin',
                           hostkey_verify=False, look_for_keys=False, allow_agent=False, timeout=30)


def error_of(call):
    try:
        call()
    except RPCError as e:
        return {'tag': e.tag, 'type': e.type, 'app_tag': e.app_tag, 'message': e.message}
    return None


def state_of(m, tenant, dep):
    xpath = "/esc_datamodel/opdata/tenants/tenant[name='%s']/deployments[deployment_name='%s']/state_machine/state" % (tenant, dep)
    states = m.get(filter=('xpath', xpath)).data.findall('.//{%s}state' % ESC)
    return states[0].text if states else None


def wait_state(m, tenant, dep, want):
    deadline = time.time() + 60
    while time.time() < deadline:
        state = state_of(m, tenant, dep)
        if state == want:
            return state
        time.sleep(0.1)
    return state_of(m, tenant, dep)


with connect() as m:
    seen['session_id'] = m.session_id
    seen['esc_capability'] = any(c.startswith(ESC + '?module=esc') for c in m.server_capabilities)
    seen['base11'] = 'urn:ietf:params:netconf:base:1.1' in m.server_capabilities
    seen['get_tops'] = [child.tag for child in m.get().data]

    with open(config_file) as f:
        deployment = f.read()
    seen['deploy'] = m.edit_config(target='running', config='<config>%s</config>' % deployment).ok
    running = m.get_config(source='running', filter=('subtree', '<esc_datamodel xmlns="%s"><tenants><tenant><name>nc-t</name></tenant></tenants></esc_datamodel>' % ESC))
    seen['config_deployments'] = [e.text for e in running.data.findall('.//{%s}deployment/{%s}name' % (ESC, ESC))]
    seen['active'] = wait_state(m, 'nc-t', 'nc-dep', 'SERVICE_ACTIVE_STATE')

    stop = '<serviceAction xmlns="%s"><actionType>STOP</actionType><tenantName>nc-t</tenantName><depName>nc-dep</depName></serviceAction>' % ESC
    seen['stop'] = m.dispatch(to_ele(stop)).ok
    seen['stopped'] = wait_state(m, 'nc-t', 'nc-dep', 'SERVICE_STOPPED_STATE')

    with m.locked(target='running'):
        with connect() as other:
            seen['lock_denied'] = error_of(lambda: other.edit_config(target='running', config='<config>%s</config>' % deployment))
    # The same deployment again, now unlocked: a no-op merge, fine even while the service is stopped.
    seen['unlocked_edit'] = m.edit_config(target='running', config='<config>%s</config>' % deployment).ok

    delete = deployment.replace('<deployment>', '<deployment xmlns:nc="urn:ietf:params:xml:ns:netconf:base:1.0" nc:operation="delete">', 1)
    seen['delete'] = m.edit_config(target='running', config='<config>%s</config>' % delete).ok
    seen['delete_again'] = error_of(lambda: m.edit_config(target='running', config='<config>%s</config>' % delete))
    seen['unknown_rpc'] = error_of(lambda: m.dispatch(to_ele('<noSuchRpc xmlns="%s"/>' % ESC)))

print(json.dumps(seen))
