import type { Param } from './compile-command-spec.ts';
import { DURATION_HINT, parseDuration } from './parse-duration.ts';
import type { Token } from './tokenize-command.ts';

export type ArgValue = string | number;

export type ParsedArgs =
  | { ok: true; args: Record<string, ArgValue | undefined>; conversationId?: number }
  | { ok: false; problem: string };

type Accepted = { value: ArgValue } | { problem: string };

/**
 * Reads a conversation display id: `42` or `#42`.
 *
 * @example
 * parseConversationId('#42'); // 42
 */
export function parseConversationId(text: string): number | undefined {
  const match = /^#?(\d{1,15})$/.exec(text.trim());
  const id = match ? Number(match[1]) : NaN;
  return Number.isSafeInteger(id) && id > 0 ? id : undefined;
}

function accept(param: Param, token: Token, now: () => number): Accepted {
  const raw = token.value;
  switch (param.type) {
    case 'conversation': {
      const id = parseConversationId(raw);
      return id === undefined ? { problem: `"${raw}" is not a conversation number (like 42 or #42)` } : { value: id };
    }
    case 'number':
      return /^[-+]?\d+(\.\d+)?$/.test(raw) ? { value: Number(raw) } : { problem: `"${raw}" is not a number` };
    case 'duration': {
      const seconds = parseDuration(raw, now);
      return seconds === undefined ? { problem: `"${raw}" is not a duration (${DURATION_HINT})` } : { value: seconds };
    }
    default: {
      if (!param.choices) return { value: raw };
      const choice = param.choices.find((c) => c.toLowerCase() === raw.toLowerCase());
      return choice === undefined ? { problem: `"${raw}" is not one of: ${param.choices.join(', ')}` } : { value: choice };
    }
  }
}

/** The rest of the text, verbatim; quotes are dropped only when they wrap all of it. */
function restOf(text: string, tokens: readonly Token[], i: number): string {
  const first = tokens[i] as Token;
  if (i === tokens.length - 1 && first.quoted) return first.value;
  return text.slice(first.start).trim();
}

/**
 * Matches words to parameters. Optional parameters are taken when the word fits their type and the
 * remaining words still fit the rest, so `reply 42 hello` takes 42 as the conversation while
 * `reply 42` (in a thread) sends "42". On failure, explains the first problem in plain words.
 *
 * @example
 * parseCommandArgs(params, 'snooze 2h #42', tokenizeCommand('snooze 2h #42').slice(1));
 * // { ok: true, args: { duration: 7200, conversation: 42 }, conversationId: 42 }
 */
export function parseCommandArgs(params: readonly Param[], text: string, tokens: readonly Token[], now: () => number = Date.now): ParsedArgs {
  const cache = new Map<string, Accepted>();
  const tryAccept = (j: number, i: number): Accepted => {
    const key = `${j}:${i}`;
    let result = cache.get(key);
    if (!result) cache.set(key, (result = accept(params[j] as Param, tokens[i] as Token, now)));
    return result;
  };

  // Dead ends are remembered so plugins' long lists of optional arguments cannot blow up.
  const deadEnds = new Set<number>();
  const match = (i: number, j: number): Array<[Param, ArgValue]> | null => {
    const key = j * (tokens.length + 1) + i;
    if (deadEnds.has(key)) return null;
    const result = step(i, j);
    if (!result) deadEnds.add(key);
    return result;
  };
  const step = (i: number, j: number): Array<[Param, ArgValue]> | null => {
    if (j === params.length) return i === tokens.length ? [] : null;
    const param = params[j] as Param;
    if (param.type === 'rest') {
      if (i < tokens.length) return [[param, restOf(text, tokens, i)]];
      return param.optional ? [] : null;
    }
    if (i < tokens.length) {
      const accepted = tryAccept(j, i);
      if ('value' in accepted) {
        const tail = match(i + 1, j + 1);
        if (tail) return [[param, accepted.value], ...tail];
      }
    }
    return param.optional ? match(i, j + 1) : null;
  };

  const matched = match(0, 0);
  if (!matched) return { ok: false, problem: explain(params, tokens, tryAccept) };
  const args: Record<string, ArgValue | undefined> = {};
  let conversationId: number | undefined;
  for (const [param, value] of matched) {
    args[param.name] = value;
    if (param.primary && typeof value === 'number') conversationId = value;
  }
  return conversationId === undefined ? { ok: true, args } : { ok: true, args, conversationId };
}

/** A greedy walk that names the first thing wrong (only used once matching has failed). */
function explain(params: readonly Param[], tokens: readonly Token[], tryAccept: (j: number, i: number) => Accepted): string {
  let i = 0;
  let skipped: { at: number; problem: string } | undefined;
  for (let j = 0; j < params.length; j += 1) {
    const param = params[j] as Param;
    if (i >= tokens.length) {
      if (!param.optional) return `missing <${param.name}>`;
      continue;
    }
    if (param.type === 'rest') {
      i = tokens.length;
      continue;
    }
    const accepted = tryAccept(j, i);
    if ('value' in accepted) {
      i += 1;
    } else if (!param.optional) {
      return accepted.problem;
    } else if (!skipped || skipped.at !== i) {
      skipped = { at: i, problem: accepted.problem };
    }
  }
  if (i < tokens.length) {
    if (skipped?.at === i) return skipped.problem;
    return `unexpected ${tokens.slice(i).map((t) => JSON.stringify(t.value)).join(' ')}`;
  }
  return 'these arguments do not fit';
}
