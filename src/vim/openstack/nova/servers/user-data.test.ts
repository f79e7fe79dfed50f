/** Day-0 config drive files delivered as MIME multipart user data (see user-data.ts). */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { assertGolden } from '../../../../../test/golden.ts';
import { buildUserData } from './user-data.ts';

const fixtures = join(import.meta.dirname, 'fixtures');

test('day-0 files and a shell script become one cloud-init multipart document', () => {
  const doc = buildUserData({
    configDrive: [{ path: 'day0.cfg', contents: 'hostname vm1\n' }, { path: '/etc/vnf/license.txt', contents: 'KEY-Ω' }],
    userData: '#!/bin/sh\necho started\n',
  });
  assertGolden(join(fixtures, 'user-data-multipart.txt'), doc ?? '');
});

test('user data without day-0 files goes through unchanged; none gives undefined', () => {
  assert.equal(buildUserData({ userData: '#cloud-config\n{}\n' }), '#cloud-config\n{}\n');
  assert.equal(buildUserData({}), undefined);
});
