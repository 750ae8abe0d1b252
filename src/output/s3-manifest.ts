/**
 * `latest/manifest.json`: the record of the set `latest/` holds. The S3 sink writes it last,
 * once every file of the set is in `latest/`; it names the dated folder the set came from and
 * each file's size, SHA-256 and the ETag S3 gave the `latest/` copy. S3 has no multi-object
 * transaction, but one PutObject is atomic, so readers that check a `latest/` file against the
 * manifest never take a file of one run for part of another's set (see src/output/s3.ts for
 * how a failed publication is undone, and src/output/s3-read.ts for the check).
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';

/** The folder beside the dated ones that holds the newest complete set. */
export const LATEST_FOLDER = 'latest';
export const MANIFEST_FILE = 'manifest.json';
export const MANIFEST_CONTENT_TYPE = 'application/json';
export const MANIFEST_KIND = 'apiposture-latest';
export const MANIFEST_VERSION = 1;
/** A manifest lists a handful of files: anything bigger is not one. */
export const MAX_MANIFEST_BYTES = 1 << 20;

const manifestFileSchema = z.object({
  name: z.string().min(1),
  bytes: z.number().int().nonnegative(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  /** The ETag S3 returned for the `latest/` copy, when it returned one. */
  etag: z.string().optional(),
});

export const latestManifestSchema = z.object({
  schemaVersion: z.literal(MANIFEST_VERSION),
  kind: z.literal(MANIFEST_KIND),
  /** The dated folder (a sibling of `latest/`) the set was published from: one key segment. */
  folder: z.string().regex(/^[^/]+$/),
  publishedAt: z.string(),
  files: z.array(manifestFileSchema),
});

export type LatestManifest = z.infer<typeof latestManifestSchema>;
export type ManifestFile = z.infer<typeof manifestFileSchema>;

export function sha256Of(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

export function manifestFile(name: string, body: Uint8Array, etag?: string): ManifestFile {
  return { name, bytes: body.length, sha256: sha256Of(body), ...(etag !== undefined ? { etag } : {}) };
}

export function manifestBody(manifest: LatestManifest): Buffer {
  return Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`, 'utf8');
}

/** The manifest in `bytes`, or why it is not one. */
export function parseManifest(bytes: Uint8Array): { ok: true; manifest: LatestManifest } | { ok: false; reason: string } {
  let document: unknown;
  try {
    document = JSON.parse(Buffer.from(bytes).toString('utf8'));
  } catch {
    return { ok: false, reason: 'not valid JSON' };
  }
  const parsed = latestManifestSchema.safeParse(document);
  if (!parsed.success) return { ok: false, reason: `not an apiposture ${MANIFEST_FILE} (version ${MANIFEST_VERSION})` };
  return { ok: true, manifest: parsed.data };
}

/** Undefined when `bytes` are the file the manifest lists as `name`; else what differs. */
export function mismatch(manifest: LatestManifest, name: string, bytes: Uint8Array): string | undefined {
  const entry = manifest.files.find((file) => file.name === name);
  if (!entry) return `not in the set ${MANIFEST_FILE} lists`;
  if (entry.bytes !== bytes.length) return `${bytes.length} bytes where ${MANIFEST_FILE} lists ${entry.bytes}`;
  if (entry.sha256 !== sha256Of(bytes)) return `its SHA-256 is not the one ${MANIFEST_FILE} lists`;
  return undefined;
}
