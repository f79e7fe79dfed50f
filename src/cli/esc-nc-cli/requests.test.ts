import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseXml } from '../../xml/parse.ts';
import * as requests from './requests.ts';

const esc = 'xmlns="http://www.cisco.com/esc/esc"';
const dm = `<esc_datamodel ${esc} xmlns:nc="urn:ietf:params:xml:ns:netconf:base:1.0">`;
const edit = (config: string) => `<edit-config><target><running/></target>${config}</edit-config>`;

const cases: { name: string; sent: string; expected: string }[] = [
  {
    name: 'service-action STOP acme shop → serviceAction (item 5)',
    sent: requests.serviceAction('STOP', 'acme', 'shop'),
    expected: `<serviceAction ${esc}><actionType>STOP</actionType><tenantName>acme</tenantName><depName>shop</depName></serviceAction>`,
  },
  {
    name: 'vm-action reboot vm-1 --force → vmAction, the action upper-case',
    sent: requests.vmAction('reboot', 'vm-1', true),
    expected: `<vmAction ${esc}><actionType>REBOOT</actionType><vmName>vm-1</vmName><force>true</force></vmAction>`,
  },
  {
    name: 'recovery-vm-action DO vm-1 → recoveryVmAction',
    sent: requests.recoveryVmAction('DO', 'vm-1'),
    expected: `<recoveryVmAction ${esc}><actionType>DO</actionType><vmName>vm-1</vmName></recoveryVmAction>`,
  },
  {
    name: 'SNAP-5 vm-backup-action vm-1 b1 → SNAPSHOT by default',
    sent: requests.vmBackupAction({ vm: 'vm-1', backup: 'b1', action: undefined, xmlFile: undefined }),
    expected: `<vmBackupAction ${esc}><actionType>SNAPSHOT</actionType><vmName>vm-1</vmName><backupName>b1</backupName></vmBackupAction>`,
  },
  {
    name: "SNAP-5 vm-backup-action vm-1 b1 EXPORT file → the file's text in xmlFile, escaped",
    sent: requests.vmBackupAction({ vm: 'vm-1', backup: 'b1', action: 'EXPORT', xmlFile: '<note a="1">x & y</note>' }),
    expected: `<vmBackupAction ${esc}><actionType>EXPORT</actionType><vmName>vm-1</vmName><backupName>b1</backupName><xmlFile>&lt;note a=&quot;1&quot;&gt;x &amp; y&lt;/note&gt;</xmlFile></vmBackupAction>`,
  },
  {
    name: 'SNAP-9 snapshot-action delete my-snap → snapshotAction DELETE',
    sent: requests.snapshotAction('delete', 'my-snap'),
    expected: `<snapshotAction ${esc}><actionType>DELETE</actionType><snapshotRef>my-snap</snapshotRef></snapshotAction>`,
  },
  {
    name: 'create-tenant t<1> → an edit-config merging the tenant',
    sent: requests.createTenant('t<1>'),
    expected: edit(`<config>${dm}<tenants><tenant><name>t&lt;1&gt;</name></tenant></tenants></esc_datamodel></config>`),
  },
  {
    name: 'delete-tenant acme → nc:operation="delete" on the tenant',
    sent: requests.deleteTenant('acme'),
    expected: edit(`<config>${dm}<tenants><tenant nc:operation="delete"><name>acme</name></tenant></tenants></esc_datamodel></config>`),
  },
  {
    name: 'delete-dep acme shop → nc:operation="delete" on the deployment',
    sent: requests.deleteDeployment('acme', 'shop'),
    expected: edit(
      `<config>${dm}<tenants><tenant><name>acme</name><deployments><deployment nc:operation="delete"><name>shop</name></deployment></deployments></tenant></tenants></esc_datamodel></config>`,
    ),
  },
  {
    name: 'edit-config file.xml → the document inside <config>, its declaration dropped',
    sent: requests.editConfigFile(`<?xml version="1.0" encoding="UTF-8"?>\n<esc_datamodel ${esc}><tenants/></esc_datamodel>\n`),
    expected: edit(`<config><esc_datamodel ${esc}><tenants/></esc_datamodel></config>`),
  },
  {
    name: 'edit-config of a file that is a <config> already sends it as it is',
    sent: requests.editConfigFile(`<config xmlns="urn:ietf:params:xml:ns:netconf:base:1.0"><esc_datamodel ${esc}/></config>`),
    expected: edit(`<config xmlns="urn:ietf:params:xml:ns:netconf:base:1.0"><esc_datamodel ${esc}/></config>`),
  },
  { name: 'get with no path → everything', sent: requests.get(undefined), expected: '<get/>' },
  {
    name: 'get-config with a filter → source running and the filter',
    sent: requests.getConfig('<filter type="subtree"><x/></filter>'),
    expected: '<get-config><source><running/></source><filter type="subtree"><x/></filter></get-config>',
  },
  {
    name: 'notif --start-time --stop-time → create-subscription with replay and an end (RFC 5277 §2.1.1)',
    sent: requests.createSubscription({ stream: 'escEvent', startTime: '2026-11-30T10:00:00Z', stopTime: '2026-11-30T11:00:00Z' }),
    expected:
      '<create-subscription xmlns="urn:ietf:params:xml:ns:netconf:notification:1.0"><stream>escEvent</stream><startTime>2026-11-30T10:00:00Z</startTime><stopTime>2026-11-30T11:00:00Z</stopTime></create-subscription>',
  },
  {
    name: 'notif → create-subscription on the stream, live only',
    sent: requests.createSubscription({ stream: 'escEvent' }),
    expected: '<create-subscription xmlns="urn:ietf:params:xml:ns:netconf:notification:1.0"><stream>escEvent</stream></create-subscription>',
  },
];

for (const c of cases) {
  test(`esc_nc_cli ${c.name}`, () => {
    assert.equal(c.sent, c.expected);
    parseXml(`<rpc xmlns="urn:ietf:params:xml:ns:netconf:base:1.0">${c.sent}</rpc>`);
  });
}

test('edit-config of a broken file is refused before anything is sent, naming line and column', () => {
  assert.throws(() => requests.editConfigFile('<esc_datamodel>\n<tenants>\n</esc_datamodel>'), /line 3/);
});

test('edit-config of a file with a DTD is refused (entities never reach the server)', () => {
  assert.throws(() => requests.editConfigFile('<!DOCTYPE x [<!ENTITY a "b">]><x>&a;</x>'), /DTD|entit/i);
});
