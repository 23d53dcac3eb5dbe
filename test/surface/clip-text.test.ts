import { describe, expect, it } from 'vitest';
import { chunkText, clipText } from '../../src/surface/clip-text.ts';

const TAIL = '…';

describe('clipText', () => {
  it('leaves text that fits alone', () => {
    expect(clipText('short', 10, TAIL)).toBe('short');
  });

  it('cuts to the limit, tail included', () => {
    const out = clipText('a'.repeat(100), 20, TAIL);
    expect(out).toHaveLength(16); // 20 minus the tail and room for a closing code fence
    expect(out.endsWith(TAIL)).toBe(true);
  });

  it('never cuts through a link, an escape or a surrogate pair', () => {
    expect(clipText(`${'a'.repeat(10)}<https://x.test/long|label> rest`, 24, TAIL)).toBe(`${'a'.repeat(10)}${TAIL}`);
    expect(clipText(`${'a'.repeat(14)}&amp;${'b'.repeat(20)}`, 22, TAIL)).toBe(`${'a'.repeat(14)}${TAIL}`);
    const emoji = clipText(`${'a'.repeat(14)}😀${'b'.repeat(20)}`, 20, TAIL); // the cut falls between its halves
    expect(emoji).toBe(`${'a'.repeat(14)}${TAIL}`);
  });

  it('closes a code block it cut open', () => {
    expect(clipText(`see \`\`\`\n${'code '.repeat(20)}\`\`\``, 30, TAIL)).toMatch(/\n```…$/);
  });
});

describe('chunkText', () => {
  it('splits at line breaks and spaces, every piece within the size', () => {
    const text = Array.from({ length: 40 }, (_, i) => `line ${i} ${'w'.repeat(i % 7)}`).join('\n');
    const chunks = chunkText(text, 50);
    expect(chunks.every((c) => c.length <= 50)).toBe(true);
    expect(chunks.join('\n').replace(/\s+/g, ' ')).toBe(text.replace(/\s+/g, ' '));
  });

  it('never cuts a link, and closes and reopens a code block it splits', () => {
    const chunks = chunkText(`${'a '.repeat(20)}<https://x.test/long|label> tail`, 50);
    expect(chunks.some((c) => c.includes('<https://x.test/long|label>'))).toBe(true);
    const code = chunkText(`\`\`\`\n${'code line\n'.repeat(12)}\`\`\``, 40);
    expect(code.length).toBeGreaterThan(1);
    for (const piece of code) expect((piece.match(/\`\`\`/g) ?? []).length % 2).toBe(0);
  });
});
