import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { cycles, folderOf, groupGraph, importGraph } from './import-graph.ts';

const src = fileURLToPath(new URL('../../src', import.meta.url));
const graph = importGraph(src);

// docs/ARCHITECTURE.md, "Folder map": dependencies point one way.
const MAY_IMPORT: Record<string, string[]> = {
  observability: [],
  chatwoot: ['observability'],
  core: ['chatwoot', 'observability'],
  http: ['core', 'chatwoot', 'observability'],
  config: ['core', 'chatwoot', 'observability'],
  app: ['config', 'http', 'core', 'chatwoot', 'observability'],
};

describe('the layout of src/', () => {
  it('reads the imports it checks', () => {
    expect(graph.size).toBeGreaterThan(100);
    expect(graph.get('app/create-runtime.ts')).toContain('app/open-storage.ts');
  });

  it('has no import cycle between files', () => {
    expect(cycles(graph)).toEqual([]);
  });

  it('has no import cycle between folders, at any depth', () => {
    expect(cycles(groupGraph(graph, (file) => folderOf(file)))).toEqual([]);
    expect(cycles(groupGraph(graph, (file) => folderOf(file, 1)))).toEqual([]);
  });

  it('keeps the wiring out of core: each layer imports only the layers below it', () => {
    const top = groupGraph(graph, (file) => folderOf(file, 1));
    const wrong = Object.entries(MAY_IMPORT).flatMap(([layer, allowed]) =>
      [...(top.get(layer) ?? [])].filter((target) => !allowed.includes(target)).map((target) => `${layer} → ${target}`),
    );
    expect(wrong).toEqual([]);
  });

  it('leaves no loose files at the root of core/ (each concern has its folder)', () => {
    expect([...graph.keys()].filter((file) => folderOf(file) === 'core')).toEqual([]);
  });
});
