/** Exactly these, in lower case, at the very start: a private note must be deliberate. */
const NOTE = /^(note|private):\s*/;
const REPLY = /^reply:\s*/;
/** A prefix in another case (`Note:`, `PRIVATE:`): not a note, but worth telling its author. */
const NEAR_MISS = /^\s*(note|private)\s*:/i;

export interface ParsedReply {
  note: boolean;
  /** The text without the prefix. */
  text: string;
  /** True when a note prefix was typed (not just the channel's notes mode). */
  prefixed: boolean;
  /** Starts like a note prefix in another case: sent as a reply, and the author is told so. */
  nearMiss: boolean;
}

/**
 * Reply or private note, from the prefix and the channel's mode: `note:` / `private:` (lower case,
 * at the very start) make a note, `reply:` a reply — both stripped; without a prefix the mode
 * decides. "Note: your refund takes 5 days" is a reply.
 *
 * @example
 * parseReplyPrefix('note: check the invoice', false); // { note: true, text: 'check the invoice', prefixed: true, nearMiss: false }
 * parseReplyPrefix('Note: your refund', false);       // { note: false, text: 'Note: your refund', prefixed: false, nearMiss: true }
 * parseReplyPrefix('reply: on it', true);             // { note: false, text: 'on it', prefixed: false, nearMiss: false }
 */
export function parseReplyPrefix(text: string, notesByDefault: boolean): ParsedReply {
  const note = NOTE.exec(text);
  if (note) return { note: true, text: text.slice(note[0].length), prefixed: true, nearMiss: false };
  const reply = REPLY.exec(text);
  if (reply) return { note: false, text: text.slice(reply[0].length), prefixed: false, nearMiss: false };
  return { note: notesByDefault, text, prefixed: false, nearMiss: !notesByDefault && NEAR_MISS.test(text) };
}

/** What the author of a note sees once it is queued. */
export const NOTE_SAVED = 'Saved in Chatwoot as a private note: only agents see it, the customer does not.';

/** What the author of a reply that looked like a note sees. */
export const NEAR_MISS_SENT = 'Sent to the customer. Only a lower-case "note:" or "private:" at the very start makes a private note.';
