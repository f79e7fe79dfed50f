import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { assertGolden } from '../../test/golden.ts';
import { parseDeploymentRequest } from './deployment-request.ts';
import { renderDeploymentRequest } from './deployment-render.ts';

const fixture = (name: string) => new URL(`fixtures/${name}`, import.meta.url).pathname;
const { tenant, spec } = parseDeploymentRequest(readFileSync(fixture('deployment-request.xml'), 'utf8'), 'xml');

for (const format of ['xml', 'json'] as const) {
  test(`IMPL-1 renders the deployment back as ${format} (golden)`, () => {
    assertGolden(fixture(`deployment-render.golden.${format}`), renderDeploymentRequest(tenant, spec, format));
  });

  test(`IMPL-1 parse(render(spec)) deep-equals spec in ${format}`, () => {
    assert.deepEqual(parseDeploymentRequest(renderDeploymentRequest(tenant, spec, format), format), { tenant, spec });
  });
}

test('IMPL-1 a minimal deployment round-trips: empty lists and absent sections stay empty', () => {
  const minimal = parseDeploymentRequest(
    JSON.stringify({
      esc_datamodel: {
        tenants: {
          tenant: {
            name: 't',
            deployments: {
              deployment: {
                name: 'd',
                vm_group: {
                  name: 'g',
                  image: 'i',
                  flavor: 'f',
                  bootup_time: 1,
                  recovery_wait_time: 0,
                  scaling: { min_active: 0, max_active: 0 },
                },
              },
            },
          },
        },
      },
    }),
    'json',
  );
  const xml = renderDeploymentRequest(minimal.tenant, minimal.spec, 'xml');
  assert.doesNotMatch(xml, /<(interfaces|rules|policies|networks|extensions|volumes)>/);
  assert.deepEqual(parseDeploymentRequest(xml, 'xml'), minimal);
});

test('REST-3 a volume with external_volume_id round-trips in XML and JSON; anything but a volume UUID is refused', () => {
  const id = '6f1c0a52-3d4e-4b1a-9c2f-0e8d7b6a5c41';
  const withExternal = structuredClone(spec);
  withExternal.vmGroups[0]!.volumes = [{ name: 'restored', volid: undefined, size: undefined, sizeunit: 'GiB', bus: 'virtio', type: undefined, image: undefined, bootable: true, bootIndex: 0, externalVolumeId: id }];
  for (const format of ['xml', 'json'] as const) {
    const rendered = renderDeploymentRequest(tenant, withExternal, format);
    assert.ok(rendered.includes(id));
    assert.deepEqual(parseDeploymentRequest(rendered, format), { tenant, spec: withExternal });
  }
  const bad = renderDeploymentRequest(tenant, withExternal, 'xml').replace(id, 'not-a-uuid');
  assert.throws(() => parseDeploymentRequest(bad, 'xml'), /external_volume_id \[not-a-uuid\] is not a volume UUID/);
});

test('IMPL-2 a SCRIPT collector\'s properties (script_filename) round-trip in XML and JSON (issue 12 item 3)', () => {
  const scripted = structuredClone(spec);
  const kpi = scripted.vmGroups[0]!.kpiData.kpis[1]!;
  kpi.metricCollector = { ...kpi.metricCollector, type: 'SCRIPT', properties: [{ name: 'script_filename', value: 'sessions.sh' }] };
  for (const format of ['xml', 'json'] as const) {
    const rendered = renderDeploymentRequest(tenant, scripted, format);
    assert.ok(rendered.includes('sessions.sh'));
    assert.deepEqual(parseDeploymentRequest(rendered, format), { tenant, spec: scripted });
  }
});
