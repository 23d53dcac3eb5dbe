import { randomBytes } from 'node:crypto';
import type { UploadedFile } from './request-body.ts';

export interface StoredBlob {
  dataUrl: string;
  fileType: string;
  extension: string | null;
  size: number;
}

export interface BlobResponse {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

export interface AttachmentStore {
  put(file: UploadedFile): StoredBlob;
  /** Answers `/rails/active_storage/…` paths; undefined for anything else. */
  serve(path: string): BlobResponse | undefined;
}

/** Chatwoot's `file_type` from the MIME type (`Attachment#file_type` on upload). */
export function fileTypeOf(contentType: string): string {
  const major = contentType.split('/')[0];
  return major === 'image' || major === 'audio' || major === 'video' ? major : 'file';
}

const REDIRECT = '/rails/active_storage/blobs/redirect/';
const DISK = '/rails/active_storage/disk/';

/**
 * Uploaded files, served like ActiveStorage: `data_url` answers 302 to the blob itself.
 *
 * @example
 * const store = createAttachmentStore(() => 'http://127.0.0.1:4000');
 * const { dataUrl } = store.put({ field: 'attachments', filename: 'a.png', contentType: 'image/png', data });
 */
export function createAttachmentStore(baseUrl: () => string): AttachmentStore {
  const blobs = new Map<string, { file: UploadedFile }>();
  return {
    put(file) {
      const key = randomBytes(12).toString('hex');
      blobs.set(key, { file });
      const dot = file.filename.lastIndexOf('.');
      return {
        dataUrl: `${baseUrl()}${REDIRECT}${key}/${encodeURIComponent(file.filename)}`,
        fileType: fileTypeOf(file.contentType),
        extension: dot > 0 ? file.filename.slice(dot + 1) : null,
        size: file.data.length,
      };
    },
    serve(path): BlobResponse | undefined {
      const prefix = path.startsWith(REDIRECT) ? REDIRECT : path.startsWith(DISK) ? DISK : undefined;
      if (!prefix) return undefined;
      const [key = '', name = ''] = path.slice(prefix.length).split('/');
      const blob = blobs.get(key);
      if (!blob) return { status: 404, headers: { 'content-type': 'text/plain' }, body: Buffer.from('Not Found') };
      if (prefix === REDIRECT) return { status: 302, headers: { location: `${DISK}${key}/${name}` }, body: Buffer.alloc(0) };
      return { status: 200, headers: { 'content-type': blob.file.contentType }, body: blob.file.data };
    },
  };
}
