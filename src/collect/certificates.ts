/**
 * The ACM certificates behind custom domains. Each is described in the region its ARN names:
 * a regional domain's certificate is in the domain's region, an edge-optimized domain's in
 * us-east-1.
 */
import { DescribeCertificateCommand } from '@aws-sdk/client-acm';
import { certificateSchema, type Certificate, type Collected, type DomainName, type V2DomainName } from '../inventory/schema.js';
import { parseArn } from './arn.js';
import { RegionFetcher, type RegionRead } from './context.js';
import { KeyedReads } from './keyed-reads.js';

/** Where ACM keeps certificates for edge-optimized (CloudFront) endpoints. */
export const EDGE_CERTIFICATE_REGION = 'us-east-1';

export interface CertificateRef {
  arn: string;
  /** Used when the ARN does not parse. */
  fallbackRegion: string;
}

/** The certificates behind the region's domains, from the v1 and the v2 view of them. */
export function certificateRefsOf(
  domains: readonly Omit<DomainName, 'basePathMappings'>[],
  v2Domains: readonly Omit<V2DomainName, 'apiMappings'>[],
  region: string,
): CertificateRef[] {
  const refs = new Map<string, CertificateRef>();
  for (const domain of domains) {
    if (domain.regionalCertificateArn) {
      refs.set(domain.regionalCertificateArn, { arn: domain.regionalCertificateArn, fallbackRegion: region });
    }
    if (domain.certificateArn && !refs.has(domain.certificateArn)) {
      const edge = domain.endpointConfiguration?.types?.includes('EDGE') ?? false;
      refs.set(domain.certificateArn, { arn: domain.certificateArn, fallbackRegion: edge ? EDGE_CERTIFICATE_REGION : region });
    }
  }
  for (const domain of v2Domains) {
    for (const configuration of domain.DomainNameConfigurations ?? []) {
      const arn = configuration.CertificateArn;
      if (arn && !refs.has(arn)) {
        const edge = configuration.EndpointType === 'EDGE';
        refs.set(arn, { arn, fallbackRegion: edge ? EDGE_CERTIFICATE_REGION : region });
      }
    }
  }
  return [...refs.values()];
}

/** What paces an ACM lane: DescribeCertificate's bucket. */
const ACM_PACE = { service: 'acm', operation: 'DescribeCertificate' } as const;

/** A lane of ACM calls, apart from the API Gateway calls of the region (its own bucket). */
export function acmFetcher(f: RegionFetcher): RegionFetcher {
  return new RegionFetcher(f.ctx, f.region, f.scope, ACM_PACE);
}

/** Each distinct certificate of the region's domains, described once, with `certificates` progress. */
export function certificateReads(acm: RegionFetcher): KeyedReads<CertificateRef, Collected<Certificate>> {
  return new KeyedReads(acm, 'certificates', (ref: CertificateRef) => ref.arn, (ref) => describeOnce(acm, ref));
}

/**
 * The certificates of one domain that can be described before every domain is listed: those
 * whose ARN names its region. For the others the region comes from the first domain naming the
 * certificate (`fallbackRegion`), known once all are.
 */
export function earlyCertificateRefs(read: RegionRead, region: string): CertificateRef[] {
  const refs =
    read.kind === 'domain' ? certificateRefsOf([read.domain], [], region) : read.kind === 'v2-domain' ? certificateRefsOf([], [read.domain], region) : [];
  return refs.filter((ref) => parseArn(ref.arn)?.region);
}

/** Regions scanned together share one description of each certificate (and one error). */
function describeOnce(f: RegionFetcher, ref: CertificateRef): Promise<Collected<Certificate>> {
  const cache = f.ctx.certificates;
  let pending = cache.get(ref.arn);
  if (!pending) {
    pending = describe(f, ref);
    cache.set(ref.arn, pending);
  }
  return pending;
}

async function describe(f: RegionFetcher, ref: CertificateRef): Promise<Collected<Certificate>> {
  const target = f.target('DescribeCertificate', ref.arn, parseArn(ref.arn)?.region || ref.fallbackRegion);
  const client = f.ctx.clients.acm(target.region);
  const result = await f.call(target, () => client.send(new DescribeCertificateCommand({ CertificateArn: ref.arn })));
  return f.conform(certificateSchema, result, target, (output) => output.Certificate);
}
