import { describe, expect, it } from 'vitest';
import { startScenes, unknownScenes } from '../../src/cli/start-scenes.ts';
import type { SandboxScene } from '../../src/index.ts';
import { definePlugin } from '../../src/index.ts';
import { createLogger } from '../../src/observability/create-logger.ts';

const chatwoot = { url: 'http://127.0.0.1:1', apiToken: 't', accountId: 1 };
const log = createLogger({ level: 'silent' });

function scene(name: string, events: string[], fail = false): SandboxScene {
  return {
    name,
    description: `scene ${name}`,
    async start() {
      if (fail) throw new Error(`${name} cannot start`);
      events.push(`start ${name}`);
      return {
        env: { [`${name.toUpperCase()}_TOKEN`]: name, SHARED: name },
        settings: { plugin: { [name]: true } },
        plugins: [definePlugin({ name: `${name}-plugin`, setup() {} })],
        leaveOut: [`${name}-mirror`],
        stop: async () => void events.push(`stop ${name}`),
      };
    },
  };
}

describe('sandbox scenes', () => {
  it('starts the requested scenes in order and merges env, settings and plugins; stops them in reverse', async () => {
    const events: string[] = [];
    const started = await startScenes(['b', 'a'], [scene('a', events), scene('b', events), scene('c', events)], chatwoot, log);
    expect(started.env).toEqual({ B_TOKEN: 'b', A_TOKEN: 'a', SHARED: 'a' });
    expect(started.settings).toEqual({ plugin: { b: true, a: true } });
    expect(started.plugins.map((p) => p.name)).toEqual(['b-plugin', 'a-plugin']);
    expect(started.leaveOut).toEqual(['b-mirror', 'a-mirror']);
    await started.stop();
    expect(events).toEqual(['start b', 'start a', 'stop a', 'stop b']);
  });

  it('stops the scenes already started when one fails, and rethrows', async () => {
    const events: string[] = [];
    await expect(startScenes(['a', 'broken'], [scene('a', events), scene('broken', events, true)], chatwoot, log)).rejects.toThrow('broken cannot start');
    expect(events).toEqual(['start a', 'stop a']);
  });

  it('names a scene the config does not offer', () => {
    expect(unknownScenes(['a', 'x'], [scene('a', [])])).toEqual(['no scene "x" — this config offers: a']);
    expect(unknownScenes(['x'], [])).toEqual(['no scene "x" — this config offers: none (add one to sandbox.scenes of the config)']);
  });
});
