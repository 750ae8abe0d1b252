/**
 * The KMS keys protecting linked log groups and trails, each described in its own region (an
 * ARN names it; a bare key id is resolved in the region it was found in). Rotation is read only
 * where automatic rotation exists: customer-managed symmetric keys with AWS KMS key material.
 * AWS-managed keys always rotate; any other key's rotation is `NotApplicable`, without a call.
 */
import { DescribeKeyCommand, GetKeyRotationStatusCommand, type KMSClient } from '@aws-sdk/client-kms';
import { kmsKeyArnsOf } from '../inventory/links.js';
import { kmsKeySchema, type Collected, type KmsKey, type RegionInventory } from '../inventory/schema.js';
import { parseArn } from './arn.js';
import type { RegionFetcher } from './context.js';
import { KeyedReads } from './keyed-reads.js';
import { valueSchemaOf } from './slots.js';

type KeyFields = Omit<KmsKey, 'rotation'>;

const keyFieldsSchema = kmsKeySchema.omit({ rotation: true });
const rotationSchema = valueSchemaOf(kmsKeySchema.shape.rotation);

export interface KeyRef {
  /** The key as the log group or trail names it (normally its ARN): the snapshot's key. */
  ref: string;
  /** Where to call. */
  region: string;
}

/**
 * The region a key ARN names, where it is read whichever region named it; undefined for a bare
 * key id, read in the first region (in scan order) that names it.
 */
export function regionNamedBy(ref: string): string | undefined {
  const arn = parseArn(ref);
  return (arn?.service === 'kms' && arn.region) || undefined;
}

/** Every key of every region, once, called in the region its ARN names. */
export function kmsKeyRefsOf(regions: readonly Pick<RegionInventory, 'region' | 'logGroups' | 'trails'>[]): KeyRef[] {
  const refs = new Map<string, KeyRef>();
  for (const region of regions) {
    for (const ref of kmsKeyArnsOf(region)) {
      if (!refs.has(ref)) refs.set(ref, { ref, region: regionNamedBy(ref) ?? region.region });
    }
  }
  return [...refs.values()].sort((a, b) => (a.ref < b.ref ? -1 : a.ref > b.ref ? 1 : 0));
}

/**
 * The keys' reads, each started once: a region's keys (`start`) as soon as its log groups and
 * trails are read, while the other regions still are; `all` then reads what the whole scan
 * names and waits for every one.
 */
export class KeyReads {
  private readonly reads: KeyedReads<KeyRef, Collected<KmsKey>>;

  constructor(f: RegionFetcher) {
    this.reads = new KeyedReads(f, 'kms-keys', (ref) => ref.ref, (ref) => collectKey(f, ref));
  }

  /**
   * Starts reading the keys whose ARN names their region; none is started twice. A bare key id
   * waits for `all`: which region reads it is known only once every region is collected.
   */
  start(refs: readonly KeyRef[]): void {
    for (const ref of refs) if (regionNamedBy(ref.ref) !== undefined) void this.reads.start(ref);
  }

  /** Every key of `refs` (`kmsKeyRefsOf` every region), by its ref, once each has been read. */
  all(refs: readonly KeyRef[]): Promise<Record<string, Collected<KmsKey>>> {
    return this.reads.all(refs);
  }
}

async function collectKey(f: RegionFetcher, { ref, region }: KeyRef): Promise<Collected<KmsKey>> {
  const target = f.target('DescribeKey', ref, region);
  const client = f.ctx.clients.kms(region);
  const described = await f.call(target, () => client.send(new DescribeKeyCommand({ KeyId: ref })));
  const key: Collected<KeyFields> = f.conform(keyFieldsSchema, described, target, (output) => output.KeyMetadata);
  if (!key.ok) return key;
  return { ok: true, value: { ...key.value, rotation: await collectRotation(f, client, key.value, region) } };
}

/** Why `GetKeyRotationStatus` does not apply to a key; undefined when it does. */
export function rotationNotApplicable(key: Pick<KeyFields, 'KeyManager' | 'KeySpec' | 'Origin'>): string | undefined {
  if (key.KeyManager !== 'CUSTOMER') {
    return `GetKeyRotationStatus is read for customer-managed keys; this key's manager is ${key.KeyManager ?? '(none returned)'}`;
  }
  if (key.KeySpec !== 'SYMMETRIC_DEFAULT') {
    return `automatic rotation applies only to symmetric encryption keys; this key is ${key.KeySpec ?? '(no key spec returned)'}`;
  }
  if (key.Origin !== 'AWS_KMS') {
    return `automatic rotation applies only to keys with AWS KMS key material; this key's origin is ${key.Origin ?? '(none returned)'}`;
  }
  return undefined;
}

async function collectRotation(f: RegionFetcher, client: KMSClient, key: KeyFields, region: string): Promise<KmsKey['rotation']> {
  const target = f.target('GetKeyRotationStatus', key.Arn, region);
  // "The key rotation status for AWS managed KMS keys is always true" (AWS KMS API Reference, GetKeyRotationStatus).
  if (key.KeyManager === 'AWS') return { ok: true, value: { KeyRotationEnabled: true } };
  const why = rotationNotApplicable(key);
  if (why) return { ok: false, error: { ...target, code: 'NotApplicable', message: why } };
  const result = await f.call(target, () => client.send(new GetKeyRotationStatusCommand({ KeyId: key.Arn })));
  return f.conform(rotationSchema, result, target);
}
