import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MultipartError, parseMultipart, fieldText } from '../multipart.js';

const limits = { fieldBytes: 1024, fileBytes: 4096, parts: 10 };

async function form(entries: Array<[string, string | Blob, string?]>): Promise<{ type: string; body: Buffer }> {
  const fd = new FormData();
  for (const [k, v, filename] of entries) {
    if (typeof v === 'string') fd.append(k, v);
    else fd.append(k, v, filename);
  }
  const req = new Request('http://x/', { method: 'POST', body: fd });
  return { type: req.headers.get('content-type')!, body: Buffer.from(await req.arrayBuffer()) };
}

test('two same-named parts keep their order and kinds (string, then file)', async () => {
  const { type, body } = await form([
    ['x', '0'],
    ['score', 'ENCRYPTED=='],
    ['iv', 'IV'],
    ['score', new Blob([Buffer.from([1, 2, 3, 0, 255])]), 'score'],
  ]);
  const parts = await parseMultipart(type, body, limits);
  assert.deepEqual(
    parts.map((p) => [p.name, p.kind]),
    [
      ['x', 'field'],
      ['score', 'field'],
      ['iv', 'field'],
      ['score', 'file'],
    ],
  );
  assert.equal(parts[1]!.value.toString(), 'ENCRYPTED==');
  assert.deepEqual([...parts[3]!.value], [1, 2, 3, 0, 255]);
  assert.equal(fieldText(parts, 'iv'), 'IV');
  assert.equal(fieldText(parts, 'absent'), '');
});

test('limits per field, per file and per request; truncated and non-multipart bodies', async () => {
  const big = await form([['f', 'a'.repeat(2000)]]);
  await assert.rejects(parseMultipart(big.type, big.body, limits), MultipartError);
  const bigFile = await form([['score', new Blob([Buffer.alloc(5000)]), 'r']]);
  await assert.rejects(parseMultipart(bigFile.type, bigFile.body, limits), /larger than 4096/);
  const many = await form(Array.from({ length: 11 }, (_, i) => [`f${i}`, 'v'] as [string, string]));
  await assert.rejects(parseMultipart(many.type, many.body, limits), /more than 10/);
  const ok = await form([['a', 'b'], ['score', new Blob([Buffer.alloc(100)]), 'r']]);
  await assert.rejects(parseMultipart(ok.type, ok.body.subarray(0, ok.body.length - 30), limits), MultipartError);
  await assert.rejects(parseMultipart('application/x-www-form-urlencoded', Buffer.from('a=b'), limits), MultipartError);
  await assert.rejects(parseMultipart(undefined, Buffer.from('a=b'), limits), MultipartError);
  await assert.rejects(parseMultipart('multipart/form-data', ok.body, limits), MultipartError);
});
