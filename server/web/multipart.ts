/**
 * multipart/form-data bodies as an ordered list of parts (busboy underneath). Order and repeats
 * are kept: score submission sends two parts both named `score` (the encrypted string, then the
 * replay file) and only their order tells them apart (score-and-web.md §2.1). Limits per part and
 * per request; any overrun, truncation or malformed framing is a MultipartError, never a partial
 * result.
 */
import busboy from 'busboy';

export interface FormPart {
  name: string;
  /** `file` when the part carried a filename. */
  kind: 'field' | 'file';
  filename?: string;
  contentType: string;
  value: Buffer;
}

export interface MultipartLimits {
  /** Largest field value in bytes. */
  fieldBytes: number;
  /** Largest file in bytes. */
  fileBytes: number;
  /** Most parts of either kind. */
  parts: number;
}

export class MultipartError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MultipartError';
  }
}

export function parseMultipart(contentType: string | undefined, body: Buffer, limits: MultipartLimits): Promise<FormPart[]> {
  return new Promise((resolve, reject) => {
    if (!contentType || !/^multipart\/form-data\b/i.test(contentType)) {
      reject(new MultipartError('not multipart/form-data'));
      return;
    }
    let parser: busboy.Busboy;
    try {
      parser = busboy({
        headers: { 'content-type': contentType },
        limits: { fieldSize: limits.fieldBytes, fileSize: limits.fileBytes, parts: limits.parts, fields: limits.parts, files: limits.parts },
        defParamCharset: 'utf8',
      });
    } catch (err) {
      reject(new MultipartError(err instanceof Error ? err.message : 'bad multipart header'));
      return;
    }
    const parts: FormPart[] = [];
    let failed: MultipartError | undefined;
    const fail = (message: string): void => {
      failed ??= new MultipartError(message);
    };
    // Files stream in chunks; keep each in a slot so the order of parts is the order in the body.
    parser.on('file', (name, stream, info) => {
      const chunks: Buffer[] = [];
      const part: FormPart = { name, kind: 'file', filename: info.filename, contentType: info.mimeType, value: Buffer.alloc(0) };
      parts.push(part);
      stream.on('data', (c: Buffer) => chunks.push(c));
      // A truncated body errors the open file stream too; the parser's own error reports it.
      stream.on('error', (err: unknown) => fail(err instanceof Error ? err.message : 'malformed file part'));
      stream.on('limit', () => fail(`file part ${JSON.stringify(name)} larger than ${limits.fileBytes} bytes`));
      stream.on('end', () => {
        part.value = Buffer.concat(chunks);
      });
    });
    parser.on('field', (name, value, info) => {
      if (info.valueTruncated) fail(`field ${JSON.stringify(name)} larger than ${limits.fieldBytes} bytes`);
      if (info.nameTruncated) fail('field name too long');
      parts.push({ name, kind: 'field', contentType: info.mimeType, value: Buffer.from(value, 'utf8') });
    });
    parser.on('partsLimit', () => fail(`more than ${limits.parts} parts`));
    parser.on('filesLimit', () => fail(`more than ${limits.parts} files`));
    parser.on('fieldsLimit', () => fail(`more than ${limits.parts} fields`));
    parser.on('error', (err: unknown) => {
      fail(err instanceof Error ? err.message : 'malformed multipart body');
      reject(failed);
    });
    parser.on('close', () => {
      if (failed) reject(failed);
      else resolve(parts);
    });
    parser.end(body);
  });
}

/** First value of a field part, as text ('' when absent). */
export function fieldText(parts: readonly FormPart[], name: string): string {
  const p = parts.find((x) => x.name === name && x.kind === 'field');
  return p ? p.value.toString('utf8') : '';
}
