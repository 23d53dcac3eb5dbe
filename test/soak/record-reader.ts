import { closeSync, existsSync, openSync, readSync, statSync } from 'node:fs';
import type { DeliveryRecord } from './recorder-plugin.ts';

/**
 * Follows the recorder's JSON-lines file as the bot appends to it: each `read()` adds the complete
 * lines written since the last one (a half-written last line waits for the next read).
 *
 * @example
 * const records = createRecordReader(file);
 * records.read();
 * const delivered = records.endedIds().size;
 */
export function createRecordReader(file: string) {
  const all: DeliveryRecord[] = [];
  const ended = new Set<number>();
  let offset = 0;
  let partial = '';
  return {
    all,
    /** Reads what was appended since the last call; returns how many records were added. */
    read(): number {
      if (!existsSync(file)) return 0;
      const size = statSync(file).size;
      if (size <= offset) return 0;
      const fd = openSync(file, 'r');
      const buffer = Buffer.alloc(size - offset);
      try {
        readSync(fd, buffer, 0, buffer.length, offset);
      } finally {
        closeSync(fd);
      }
      offset = size;
      const lines = (partial + buffer.toString('utf8')).split('\n');
      partial = lines.pop() ?? '';
      let added = 0;
      for (const line of lines) {
        if (line.trim() === '') continue;
        const record = JSON.parse(line) as DeliveryRecord;
        all.push(record);
        if (record.phase === 'end') ended.add(record.id);
        added++;
      }
      return added;
    },
    /** Message ids whose handler finished at least once. */
    endedIds: (): ReadonlySet<number> => ended,
  };
}
