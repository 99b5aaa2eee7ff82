import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../core/errors.js';
import { ensureNodeImage } from './image/build.js';
import { dockerFixture } from './test-support/fixture.js';
import { dockerPrerequisites } from './test-support/prerequisites.js';
import { askNode, waitForNode } from './test-support/probe.js';

const prereq = await dockerPrerequisites();

describe.skipIf(!prereq.ok)('a runtime can run an image the user names instead of the built one', () => {
  const fixture = dockerFixture();

  it('runs nodes from the named image', async () => {
    const { tag } = await ensureNodeImage();
    const runtime = await fixture.create({ nodes: 1, image: tag });
    expect(runtime.image).toBe(tag);
    await runtime.start('n1');
    await waitForNode(runtime.nodes[0]);
    expect(await askNode(runtime.nodes[0], 'ping')).toMatchObject({ pong: true });
  });

  it('refuses an image the daemon does not have, before creating anything', async () => {
    const attempt = fixture.create({ nodes: 1, image: 'faultline-node:no-such-tag' });
    await expect(attempt).rejects.toBeInstanceOf(ConfigError);
    await expect(attempt).rejects.toThrow(/^image: "faultline-node:no-such-tag" is not among the Docker engine's images/);
  });
});
