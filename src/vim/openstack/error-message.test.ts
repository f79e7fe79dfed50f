/** OpenStack error bodies of each service → "OpenStack <Service>: <message>" (IMPL-3, SNAP-6). */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { openStackErrorText, type ServiceKind } from './error-message.ts';

const rows: { name: string; service: ServiceKind; status: number; body: string; want: string }[] = [
  { name: 'Nova fault wrapper', service: 'compute', status: 409, body: '{"conflictingRequest": {"code": 409, "message": "Cannot \'stop\' instance x while it is in vm_state stopped"}}', want: "OpenStack Nova: Cannot 'stop' instance x while it is in vm_state stopped" },
  { name: 'Cinder fault wrapper', service: 'volume', status: 404, body: '{"itemNotFound": {"code": 404, "message": "Volume v could not be found."}}', want: 'OpenStack Cinder: Volume v could not be found.' },
  { name: 'Neutron error with detail', service: 'network', status: 400, body: '{"NeutronError": {"type": "HTTPBadRequest", "message": "Invalid input", "detail": "cidr is bad"}}', want: 'OpenStack Neutron: Invalid input (cidr is bad)' },
  { name: 'Keystone error', service: 'identity', status: 401, body: '{"error": {"code": 401, "message": "The request you have made requires authentication.", "title": "Unauthorized"}}', want: 'OpenStack Keystone: The request you have made requires authentication.' },
  { name: 'Glance JSON', service: 'image', status: 404, body: '{"code": "404 Not Found", "title": "Not Found", "message": "No image found with ID i"}', want: 'OpenStack Glance: No image found with ID i' },
  { name: 'Glance HTML', service: 'image', status: 401, body: '<html><head><title>401 Unauthorized</title></head><body><h1>401 Unauthorized</h1>This server could not verify.<br /><br /></body></html>', want: 'OpenStack Glance: 401 Unauthorized This server could not verify.' },
  { name: 'empty body', service: 'compute', status: 502, body: '', want: 'OpenStack Nova: HTTP 502' },
  { name: 'JSON without a message', service: 'network', status: 500, body: '{"foo": 1}', want: 'OpenStack Neutron: HTTP 500' },
];

for (const r of rows) {
  test(`IMPL-3 error text: ${r.name}`, () => assert.equal(openStackErrorText(r.service, r.status, r.body), r.want));
}
