/**
 * Custom domain names, as the domain checks need them: the security policies API Gateway
 * knows, the TLS settings, certificates and mutual TLS of a domain with its v1 and v2 views
 * merged, how a certificate stands at collection time, and which domains serve an API.
 *
 * Pure functions of the inventory; nothing here reads a clock (times come from the caller,
 * normally `view.collectedAt`).
 */
import { redactUri } from '../util/redact.js';
import type { Certificate, CollectionError } from '../inventory/schema.js';
import type { DomainEntity, InventoryView } from '../inventory/view.js';

// ── Security policies ──────────────────────────────────────────────────────────────────

export type EndpointType = 'EDGE' | 'REGIONAL' | 'PRIVATE';

export interface TlsPolicyInfo {
  name: string;
  /** `TLS_1_0` and `TLS_1_2` are legacy; `SecurityPolicy_*` are enhanced (and need an endpoint access mode). */
  kind: 'legacy' | 'enhanced';
  /** The lowest TLS version the policy accepts. */
  minTls: '1.0' | '1.2' | '1.3';
  /** Domain endpoint types the policy can be set on. */
  endpoints: readonly EndpointType[];
  /** One of the policies Security Hub control APIGateway.11 accepts (a fixed list). */
  securityHubRecommended: boolean;
}

const REGIONAL_OR_PRIVATE: readonly EndpointType[] = ['REGIONAL', 'PRIVATE'];
const EDGE: readonly EndpointType[] = ['EDGE'];

function policy(name: string, kind: TlsPolicyInfo['kind'], minTls: TlsPolicyInfo['minTls'], endpoints: readonly EndpointType[], securityHubRecommended = false): TlsPolicyInfo {
  return { name, kind, minTls, endpoints, securityHubRecommended };
}

/**
 * Every `SecurityPolicy` value of the API Gateway model (2026). The minimum version of an
 * enhanced policy is read from its name (`TLS13_1_2` accepts TLS 1.3 and 1.2, `TLS13_1_3` only
 * 1.3); for the `_EDGE` ones (CloudFront policies) `TLS13` means TLS 1.3 only and `TLS12` TLS
 * 1.2 and up. Security Hub APIGateway.11 accepts exactly the five marked.
 */
export const TLS_POLICIES: ReadonlyMap<string, TlsPolicyInfo> = new Map(
  [
    policy('TLS_1_0', 'legacy', '1.0', ['EDGE', 'REGIONAL']),
    policy('TLS_1_2', 'legacy', '1.2', ['EDGE', 'REGIONAL', 'PRIVATE']),
    policy('SecurityPolicy_TLS13_1_3_2025_09', 'enhanced', '1.3', REGIONAL_OR_PRIVATE, true),
    policy('SecurityPolicy_TLS13_1_3_FIPS_2025_09', 'enhanced', '1.3', REGIONAL_OR_PRIVATE, true),
    policy('SecurityPolicy_TLS13_1_2_PFS_PQ_2025_09', 'enhanced', '1.2', REGIONAL_OR_PRIVATE, true),
    policy('SecurityPolicy_TLS13_1_2_FIPS_PQ_2025_09', 'enhanced', '1.2', REGIONAL_OR_PRIVATE),
    policy('SecurityPolicy_TLS13_1_2_FIPS_PFS_PQ_2025_09', 'enhanced', '1.2', REGIONAL_OR_PRIVATE),
    policy('SecurityPolicy_TLS13_1_2_PQ_2025_09', 'enhanced', '1.2', REGIONAL_OR_PRIVATE),
    policy('SecurityPolicy_TLS13_1_2_2021_06', 'enhanced', '1.2', REGIONAL_OR_PRIVATE),
    policy('SecurityPolicy_TLS13_2025_EDGE', 'enhanced', '1.3', EDGE, true),
    policy('SecurityPolicy_TLS12_PFS_2025_EDGE', 'enhanced', '1.2', EDGE, true),
    policy('SecurityPolicy_TLS12_2018_EDGE', 'enhanced', '1.2', EDGE),
  ].map((p) => [p.name, p]),
);

/** What API Gateway knows about a security policy; `undefined` for a value it does not recognise. */
export function classifyTlsPolicy(name: string): TlsPolicyInfo | undefined {
  return TLS_POLICIES.get(name.trim());
}

/**
 * Does the policy use post-quantum hybrid key exchange? "Policies that contain PQ in the title use
 * Post-Quantum Cryptography (PQC) to implement hybrid key exchange algorithms for TLS" (Developer
 * Guide, "Supported security policies").
 */
export function isPostQuantum(name: string): boolean {
  return name.trim().split('_').includes('PQ');
}

/** The post-quantum policies an endpoint type can take (none for edge-optimized endpoints today). */
export function postQuantumPolicies(endpointType: EndpointType): string[] {
  return [...TLS_POLICIES.values()].filter((p) => p.endpoints.includes(endpointType) && isPostQuantum(p.name)).map((p) => p.name);
}

export function endpointTypeOf(value: string | undefined): EndpointType {
  const upper = (value ?? '').trim().toUpperCase();
  return upper === 'EDGE' || upper === 'PRIVATE' ? upper : 'REGIONAL';
}

/**
 * The policies to suggest for an endpoint type: the non-FIPS ones Security Hub recommends,
 * TLS 1.3 only first, then the one that still admits TLS 1.2 clients (with forward secrecy).
 */
export function recommendedPolicies(endpointType: EndpointType): string[] {
  return [...TLS_POLICIES.values()]
    .filter((p) => p.securityHubRecommended && p.endpoints.includes(endpointType) && !p.name.includes('FIPS'))
    .sort((a, b) => (a.minTls === b.minTls ? 0 : a.minTls > b.minTls ? -1 : 1))
    .map((p) => p.name);
}

export interface DomainTlsSetting {
  /** Absent when the view carried no policy for this endpoint. */
  policy?: string;
  endpointType: EndpointType;
  /** `BASIC` or `STRICT`; only the v1 view reports it. */
  endpointAccessMode?: string;
}

/**
 * The security policy of each endpoint of a domain: the v1 view's `securityPolicy` (it knows
 * the enhanced policies), else every v2 `DomainNameConfigurations` entry.
 */
export function domainTlsSettings(domain: DomainEntity): { source: 'v1' | 'v2'; settings: DomainTlsSetting[] } {
  const v1Policy = domain.v1?.securityPolicy?.trim();
  if (domain.v1 && (v1Policy || !domain.v2?.DomainNameConfigurations?.length)) {
    const types = domain.v1.endpointConfiguration?.types ?? [];
    return {
      source: 'v1',
      settings: [
        {
          ...(v1Policy ? { policy: v1Policy } : {}),
          endpointType: endpointTypeOf(types[0]),
          ...(domain.v1.endpointAccessMode ? { endpointAccessMode: domain.v1.endpointAccessMode } : {}),
        },
      ],
    };
  }
  return {
    source: 'v2',
    settings: (domain.v2?.DomainNameConfigurations ?? []).map((c) => ({
      ...(c.SecurityPolicy?.trim() ? { policy: c.SecurityPolicy.trim() } : {}),
      endpointType: endpointTypeOf(c.EndpointType),
    })),
  };
}

/**
 * Why a domain cannot take an enhanced policy: API Gateway allows neither mutual TLS nor HTTP
 * API mappings on a domain with one. Empty when nothing stands in the way.
 */
export function enhancedPolicyBlockers(domain: DomainEntity): string[] {
  const blockers: string[] = [];
  if (domainMutualTls(domain)) blockers.push('mutual TLS');
  const v2Apis = domain.region.apigatewayv2.apis;
  if (v2Apis.ok) {
    const httpApis = v2Apis.value
      .filter((api) => api.ProtocolType === 'HTTP' && domain.mappedApiArns.includes(api.arn))
      .map((api) => api.Name ?? api.ApiId);
    if (httpApis.length) blockers.push(`HTTP API mappings (${httpApis.join(', ')})`);
  }
  return blockers;
}

// ── Mutual TLS ─────────────────────────────────────────────────────────────────────────

export interface DomainMutualTls {
  /** As shown: credentials redacted (`redactUri`). */
  truststoreUri: string;
  truststoreVersion?: string;
  /** Warnings from either view, deduplicated. */
  warnings: string[];
}

/** The domain's mutual TLS settings, merged from both views; `undefined` when it has none. */
export function domainMutualTls(domain: DomainEntity): DomainMutualTls | undefined {
  const v1 = domain.v1?.mutualTlsAuthentication;
  const v2 = domain.v2?.MutualTlsAuthentication;
  const truststoreUri = v1?.truststoreUri?.trim() || v2?.TruststoreUri?.trim();
  if (!truststoreUri) return undefined;
  const truststoreVersion = v1?.truststoreVersion ?? v2?.TruststoreVersion;
  const warnings = [...new Set([...(v1?.truststoreWarnings ?? []), ...(v2?.TruststoreWarnings ?? [])].map((w) => w.trim()).filter(Boolean))];
  return { truststoreUri: redactUri(truststoreUri), ...(truststoreVersion ? { truststoreVersion } : {}), warnings };
}

// ── Certificates ───────────────────────────────────────────────────────────────────────

/** Every ACM certificate a domain presents: v1 regional and edge, and each v2 configuration's. */
export function domainCertificateArns(domain: DomainEntity): string[] {
  const arns = [
    domain.v1?.regionalCertificateArn,
    domain.v1?.certificateArn,
    ...(domain.v2?.DomainNameConfigurations ?? []).map((c) => c.CertificateArn),
  ];
  return [...new Set(arns.map((a) => a?.trim()).filter((a): a is string => !!a))];
}

/** `arn:aws:acm:eu-west-1:123456789012:certificate/abcd…` → `certificate/abcd…`. */
export function certificateLabel(arn: string): string {
  const resource = arn.split(':').slice(5).join(':');
  return resource || arn;
}

const DAY_MS = 86_400_000;

export type CertificateProblem = 'not-issued' | 'expired' | 'weak-key' | 'expiring-imported' | 'expiring';

/** Most severe first: the order a check reports them in. */
export const CERTIFICATE_PROBLEMS: readonly CertificateProblem[] = ['not-issued', 'expired', 'weak-key', 'expiring-imported', 'expiring'];

export interface CertificateAssessment {
  arn: string;
  status: string;
  type: string;
  keyAlgorithm: string;
  notAfter?: string;
  /** Whole days from `at` to `NotAfter`, negative once expired. */
  daysLeft?: number;
  /** Who renews it: ACM, or someone who must re-import it. */
  renewal: 'managed (ACM)' | 'manual (imported)' | 'manual (not eligible for managed renewal)';
  problems: { kind: CertificateProblem; text: string }[];
  /** Set when the description cannot be judged (no or unreadable `NotAfter`). */
  invalid?: string;
}

export function renewalOf(certificate: Certificate): CertificateAssessment['renewal'] {
  const type = (certificate.Type ?? '').toUpperCase();
  if (type === 'IMPORTED') return 'manual (imported)';
  if ((certificate.RenewalEligibility ?? '').toUpperCase() === 'INELIGIBLE') return 'manual (not eligible for managed renewal)';
  return 'managed (ACM)';
}

/**
 * How a certificate stands at `at`: ISSUED, not expired, not expiring within `expiryDays`, and
 * not an RSA 1024-bit key. An ACM-issued certificate inside the window is a problem too: ACM
 * starts managed renewal 60 days ahead, so one still unrenewed that late is stuck (usually a
 * validation record that is gone).
 */
export function assessCertificate(certificate: Certificate, at: Date, expiryDays: number): CertificateAssessment {
  const arn = certificate.CertificateArn;
  const label = certificateLabel(arn);
  const status = (certificate.Status ?? 'UNKNOWN').toUpperCase();
  const type = (certificate.Type ?? 'UNKNOWN').toUpperCase();
  const keyAlgorithm = certificate.KeyAlgorithm ?? 'unknown';
  const renewal = renewalOf(certificate);
  const base = { arn, status, type, keyAlgorithm, renewal };
  const problems: CertificateAssessment['problems'] = [];
  if (status !== 'ISSUED' && status !== 'EXPIRED') problems.push({ kind: 'not-issued', text: `${label} is ${status}` });
  if (keyAlgorithm.toUpperCase() === 'RSA_1024') problems.push({ kind: 'weak-key', text: `${label} has an RSA 1024-bit key` });

  const notAfterMs = certificate.NotAfter ? Date.parse(certificate.NotAfter) : NaN;
  if (Number.isNaN(notAfterMs)) {
    if (status === 'EXPIRED') problems.push({ kind: 'expired', text: `${label} is EXPIRED` });
    // An ISSUED certificate always has NotAfter; without it the expiry cannot be judged.
    return {
      ...base,
      ...(certificate.NotAfter ? { notAfter: certificate.NotAfter } : {}),
      problems,
      ...(status === 'ISSUED' ? { invalid: `certificate ${label} has ${certificate.NotAfter ? `an unreadable NotAfter '${certificate.NotAfter}'` : 'no NotAfter'}` } : {}),
    };
  }
  const notAfter = new Date(notAfterMs).toISOString().slice(0, 10);
  const daysLeft = Math.floor((notAfterMs - at.getTime()) / DAY_MS);
  if (status === 'EXPIRED' || notAfterMs <= at.getTime()) {
    problems.push({ kind: 'expired', text: `${label} expired on ${notAfter}` });
  } else if (notAfterMs - at.getTime() <= expiryDays * DAY_MS) {
    problems.push(
      renewal === 'managed (ACM)'
        ? { kind: 'expiring', text: `${label} expires in ${daysLeft} days (${notAfter}) and ACM has not renewed it` }
        : { kind: 'expiring-imported', text: `${label} expires in ${daysLeft} days (${notAfter}); renewal is ${renewal}` },
    );
  }
  return { ...base, notAfter, daysLeft, problems };
}

// ── Which domains serve an API ─────────────────────────────────────────────────────────

export interface DomainIndex {
  /** API ARN → the domains mapping it (known mappings only). */
  byApi: ReadonlyMap<string, DomainEntity[]>;
  /** Region → what could hide a mapping there: a domain list or a mapping list not collected. */
  gapsByRegion: ReadonlyMap<string, CollectionError[]>;
}

const indexes = new WeakMap<InventoryView, DomainIndex>();

/** The domains serving each API, computed once per view. */
export function domainIndex(view: InventoryView): DomainIndex {
  const cached = indexes.get(view);
  if (cached) return cached;
  const { targets, gaps } = view.domains();
  const byApi = new Map<string, DomainEntity[]>();
  const gapsByRegion = new Map<string, CollectionError[]>();
  const addGap = (region: string, error: CollectionError) => gapsByRegion.set(region, [...(gapsByRegion.get(region) ?? []), error]);
  for (const gap of gaps) addGap(gap.ref.region, gap.error);
  for (const domain of targets) {
    for (const arn of domain.mappedApiArns) byApi.set(arn, [...(byApi.get(arn) ?? []), domain]);
    for (const error of domain.mappingGaps) addGap(domain.region.region, error);
  }
  const index = { byApi, gapsByRegion };
  indexes.set(view, index);
  return index;
}
