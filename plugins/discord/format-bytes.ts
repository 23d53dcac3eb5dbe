/**
 * A size for people: bytes, KB or MB (1024-based, as Discord and Chatwoot count).
 *
 * @example
 * formatBytes(200);              // '200 B'
 * formatBytes(25 * 1024 * 1024); // '25 MB'
 */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
  const mb = bytes / (1024 * 1024);
  return `${mb < 10 ? Number(mb.toFixed(1)) : Math.round(mb)} MB`;
}
