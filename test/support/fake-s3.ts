/**
 * A one-bucket S3 look-alike on 127.0.0.1 (path style, reached through AWS_ENDPOINT_URL) for the
 * built CLI: PutObject (and CopyObject, a PUT with `x-amz-copy-source`), GetObject, DeleteObject
 * and ListObjectsV2 with a delimiter (two folders a page, so paging is exercised). `deny` answers
 * chosen requests with 403 AccessDenied, as a bucket policy or a missing IAM permission would.
 */
import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeS3Put {
  key: string;
  headers: IncomingHttpHeaders;
  contentType: string | undefined;
  encryption: string | undefined;
  body: string;
  /** The source key, when the PUT was a CopyObject. */
  copiedFrom?: string;
}

export type FakeS3Method = 'GET' | 'PUT' | 'DELETE';

function xmlEscape(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
}

export function errorXml(code: string, message: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?><Error><Code>${code}</Code><Message>${message}</Message><RequestId>r1</RequestId></Error>`;
}

export class FakeS3 {
  readonly objects = new Map<string, { body: string; contentType: string | undefined }>();
  /** Every PutObject and CopyObject that stored an object, in order. */
  readonly puts: FakeS3Put[] = [];
  /** Every request, `METHOD key` (`LIST prefix` for a listing), in order. */
  readonly log: string[] = [];
  readonly lists: URLSearchParams[] = [];
  /** Requests answered with 403 AccessDenied (nothing stored or deleted). */
  deny: (key: string, method: FakeS3Method) => boolean = () => false;
  private server: Server | undefined;
  url = '';

  constructor(readonly bucket: string) {}

  reset(): void {
    this.objects.clear();
    this.puts.length = 0;
    this.log.length = 0;
    this.lists.length = 0;
    this.deny = () => false;
  }

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const url = new URL(req.url ?? '/', 'http://x');
        const [bucket, ...rest] = decodeURIComponent(url.pathname).slice(1).split('/');
        const key = rest.join('/');
        const reply = (status: number, body: string, type = 'application/xml') => res.writeHead(status, { 'content-type': type }).end(body);
        if (bucket !== this.bucket) return reply(404, errorXml('NoSuchBucket', 'The specified bucket does not exist'));
        if (req.method === 'GET' && key === '' && url.searchParams.get('list-type') === '2') {
          this.lists.push(url.searchParams);
          this.log.push(`LIST ${url.searchParams.get('prefix') ?? ''}`);
          return reply(200, this.list(url.searchParams));
        }
        const method = req.method as FakeS3Method;
        this.log.push(`${method} ${key}`);
        if (this.deny(key, method)) return reply(403, errorXml('AccessDenied', 'Access Denied'));
        if (method === 'GET') {
          const object = this.objects.get(key);
          if (object === undefined) return reply(404, errorXml('NoSuchKey', 'The specified key does not exist.'));
          return res
            .writeHead(200, { 'content-type': object.contentType ?? 'application/octet-stream', 'content-length': Buffer.byteLength(object.body) })
            .end(object.body);
        }
        if (method === 'DELETE') {
          this.objects.delete(key);
          return res.writeHead(204).end();
        }
        if (method === 'PUT') return this.put(key, req.headers, Buffer.concat(chunks).toString('utf8'), res);
        reply(400, errorXml('InvalidRequest', 'not supported here'));
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}`;
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server!.close(() => resolve()));
  }

  private put(key: string, headers: IncomingHttpHeaders, body: string, res: ServerResponse): void {
    const encryption = headers['x-amz-server-side-encryption'] as string | undefined;
    const copySource = headers['x-amz-copy-source'] as string | undefined;
    if (copySource !== undefined) {
      const source = decodeURIComponent(copySource.replace(/^\//, '')).slice(`${this.bucket}/`.length);
      const object = this.objects.get(source);
      if (!object) return void res.writeHead(404, { 'content-type': 'application/xml' }).end(errorXml('NoSuchKey', 'The specified key does not exist.'));
      this.objects.set(key, { ...object });
      this.puts.push({ key, headers, contentType: object.contentType, encryption, body: object.body, copiedFrom: source });
      res.writeHead(200, { 'content-type': 'application/xml' });
      res.end(`<?xml version="1.0" encoding="UTF-8"?><CopyObjectResult><ETag>"c"</ETag><LastModified>2026-11-01T12:00:00.000Z</LastModified></CopyObjectResult>`);
      return;
    }
    const contentType = headers['content-type'];
    this.objects.set(key, { body, contentType });
    this.puts.push({ key, headers, contentType, encryption, body });
    res.writeHead(200, { etag: '"e"' }).end();
  }

  private list(params: URLSearchParams): string {
    const prefix = params.get('prefix') ?? '';
    const folders = [...new Set([...this.objects.keys()].filter((k) => k.startsWith(prefix)).map((k) => k.slice(prefix.length).split('/')[0]!))]
      .filter((name) => name !== '')
      .sort();
    const start = Number(params.get('continuation-token') ?? '0');
    const page = folders.slice(start, start + 2);
    const more = start + 2 < folders.length;
    return (
      `<?xml version="1.0" encoding="UTF-8"?><ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">` +
      `<Name>${this.bucket}</Name><Prefix>${xmlEscape(prefix)}</Prefix><KeyCount>${page.length}</KeyCount><MaxKeys>1000</MaxKeys>` +
      `<Delimiter>/</Delimiter><IsTruncated>${more}</IsTruncated>` +
      page.map((name) => `<CommonPrefixes><Prefix>${xmlEscape(`${prefix}${name}/`)}</Prefix></CommonPrefixes>`).join('') +
      (more ? `<NextContinuationToken>${start + 2}</NextContinuationToken>` : '') +
      `</ListBucketResult>`
    );
  }
}
