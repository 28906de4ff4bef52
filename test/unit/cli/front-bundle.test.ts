/**
 * The executable's front end (src/cli/front.ts) is parsed on every call, agent or not: the agent's
 * serving side, its D-Bus client and the clipboard code belong to the full CLI only.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { build } from 'esbuild';

describe('the CLI front bundle', () => {
  it('holds no agent server, D-Bus or clipboard code', async () => {
    const result = await build({ entryPoints: ['src/cli/front.ts'], bundle: true, platform: 'node', format: 'cjs', target: 'node20', write: false, metafile: true, logLevel: 'error' });
    const inputs = Object.keys(result.metafile.inputs);
    assert.ok(inputs.includes('src/cli/agent/via.ts'), 'the agent detour is in it');
    const forbidden = /@jellybrick\/dbus-next|fast-xml|src\/platform\/linux-lock-dbus|src\/cli\/agent\/(server|commands|lock-triggers|start)\.ts|src\/cli\/clipboard\//;
    assert.deepEqual(inputs.filter((input) => forbidden.test(input)), []);
  });
});
