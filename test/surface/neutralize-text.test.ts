import { describe, expect, it } from 'vitest';
import { neutralizeText } from '../../src/surface/neutralize-text.ts';

describe('neutralizeText', () => {
  it('removes bidi overrides, embeddings and isolates', () => {
    expect(neutralizeText('invoice \u202Efdp.exe')).toBe('invoice fdp.exe');
    expect(neutralizeText('a\u202Ab\u202Bc\u202Cd\u202De\u2066f\u2067g\u2068h\u2069i')).toBe('abcdefghi');
  });

  it('removes invisible characters and controls, keeping tabs and newlines', () => {
    expect(neutralizeText('Jo\u200Bhn\u2060 \uFEFFSmith\u00AD')).toBe('John Smith');
    expect(neutralizeText('bell\u0007 esc\u001b[2J\r\nnext\tcol')).toBe('bell esc[2J\nnext\tcol');
    expect(neutralizeText('\u200Dstray\u200C')).toBe('stray');
  });

  it('keeps right-to-left scripts, their marks, joiners inside words and emoji sequences', () => {
    for (const text of ['مرحبا بالعالم', 'שלום עולם', 'می\u200Cخواهم', 'a\u200Fb', '👩\u200D💻 and 👩🏽\u200D💻 and ❤\uFE0F\u200D🔥', 'plain ascii']) {
      expect(neutralizeText(text)).toBe(text);
    }
  });
});
