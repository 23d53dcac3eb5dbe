import { readFileSync } from 'node:fs';

export interface Sample {
  /** 1-based line of the `json` marker in the fixture. */
  line: number;
  /** The `# …` comment line before the JSON, if any. */
  comment?: string;
  text: string;
}

/**
 * The JSON blocks of Chatwoot's websocket docs (test/fixtures/websocket-samples.txt): each follows a
 * line `json`, sometimes after a `#` comment line, and ends where the accumulated lines parse.
 */
export function loadWebsocketSamples(): Sample[] {
  const lines = readFileSync(new URL('../fixtures/websocket-samples.txt', import.meta.url), 'utf8').split(/\r?\n/);
  const samples: Sample[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (lines[i]?.trim() !== 'json') continue;
    const sample: Sample = { line: i + 1, text: '' };
    let j = i + 1;
    if (lines[j]?.trim().startsWith('#')) sample.comment = lines[j++]?.trim();
    const body: string[] = [];
    for (; j < lines.length; j++) {
      body.push(lines[j] ?? '');
      if (!(lines[j] ?? '').trim().endsWith('}')) continue;
      try {
        JSON.parse(body.join('\n'));
        break;
      } catch {
        // not complete yet
      }
    }
    if (j >= lines.length) throw new Error(`sample at line ${i + 1} never parses`);
    sample.text = body.join('\n');
    samples.push(sample);
    i = j;
  }
  return samples;
}
