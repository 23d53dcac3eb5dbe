import { describe, expect, it } from 'vitest';
import { tokenizeCommand } from '../../../src/core/commands/tokenize-command.ts';

const words = (text: string) => tokenizeCommand(text).map((t) => t.value);

describe('tokenizeCommand', () => {
  it('splits on any whitespace', () => {
    expect(words('  resolve\t42 \n now ')).toEqual(['resolve', '42', 'now']);
    expect(words('   ')).toEqual([]);
  });

  it('groups double, single and curly quotes', () => {
    expect(words(`label "needs review" 'two words' \u201Ccurly one\u201D`)).toEqual(['label', 'needs review', 'two words', 'curly one']);
    expect(words('x "" y')).toEqual(['x', '', 'y']);
  });

  it('keeps apostrophes and unclosed quotes literal', () => {
    expect(words(`reply I don't know`)).toEqual(['reply', 'I', "don't", 'know']);
    expect(words(`note "unfinished thought`)).toEqual(['note', '"unfinished', 'thought']);
  });

  it('joins a quoted group with the letters around it, like a shell', () => {
    expect(words(`say "a b"c`)).toEqual(['say', 'a bc']);
  });

  it('records where each token starts and whether it was one quoted group', () => {
    const tokens = tokenizeCommand(`reply 42 "hi there"`);
    expect(tokens.map((t) => t.start)).toEqual([0, 6, 9]);
    expect(tokens.map((t) => t.quoted)).toEqual([false, false, true]);
    expect(tokenizeCommand(`"a"b`)[0]?.quoted).toBe(false);
  });
});
