import { z } from 'zod';
import { defineCheck } from '../../src/engine/define.js';
import {
  classifyTlsPolicy,
  domainTlsSettings,
  enhancedPolicyBlockers,
  isPostQuantum,
  postQuantumPolicies,
  recommendedPolicies,
} from '../../src/analysis/domains.js';
import type { DomainEntity } from '../../src/inventory/view.js';

type MessageId = 'recommended' | 'recommended-basic' | 'acceptable' | 'best-available' | 'tls-1-0' | 'not-recommended' | 'not-post-quantum';

const TLS_ORDER = ['1.0', '1.2', '1.3'];

const options = z.object({
  requireRecommended: z
    .boolean()
    .default(false)
    .describe('fail every policy Security Hub APIGateway.11 does not accept (TLS_1_2 included), unless the domain cannot take an enhanced policy'),
  requirePostQuantum: z
    .boolean()
    .default(false)
    .describe('fail every policy without post-quantum key exchange (no PQ in its name) where the endpoint type offers one, unless the domain cannot take an enhanced policy'),
});

export default defineCheck<DomainEntity, MessageId, typeof options>({
  id: 'domain-tls-policy',
  title: 'Custom domain names refuse TLS 1.0 (and preferably use a recommended enhanced security policy)',
  severity: 'medium',
  resourceTypes: ['domain'],
  reads: ['rest-apis', 'v2-apis', 'domains'],
  rationale:
    'The security policy of a custom domain sets the oldest TLS version and the cipher suites ' +
    'API Gateway accepts from clients. TLS_1_0 still accepts TLS 1.0 and 1.1, whose weaknesses ' +
    '(CBC padding oracles, SHA-1 handshakes, no AEAD ciphers) let a network attacker downgrade ' +
    'and read or alter traffic; PCI DSS and most baselines forbid them. TLS_1_2 rejects them and ' +
    'passes here, but it is a legacy policy: the enhanced SecurityPolicy_* policies add TLS 1.3 ' +
    'only, forward secrecy only and post-quantum key exchange, and need an endpoint access mode ' +
    '(STRICT is AWS\'s recommendation for production, BASIC for migrating). ' +
    'Security Hub control APIGateway.11 accepts only five of them ' +
    '(SecurityPolicy_TLS13_1_3_2025_09, SecurityPolicy_TLS13_1_3_FIPS_2025_09, ' +
    'SecurityPolicy_TLS13_1_2_PFS_PQ_2025_09, SecurityPolicy_TLS13_2025_EDGE, ' +
    'SecurityPolicy_TLS12_PFS_2025_EDGE), so a TLS_1_2 domain that passes here fails there; set ' +
    'the requireRecommended option to judge as Security Hub does. A domain with mutual TLS or ' +
    'HTTP API mappings cannot take an enhanced policy, so TLS_1_2 is the best it can have. The ' +
    'policy is read from the v1 view (which knows the enhanced policies), else from every v2 ' +
    'endpoint configuration; a value this tool does not know is reported, never assumed safe. ' +
    'Set the requirePostQuantum option to also fail policies without post-quantum hybrid key ' +
    'exchange ("Policies that contain PQ in the title use Post-Quantum Cryptography (PQC) to ' +
    'implement hybrid key exchange algorithms for TLS": Developer Guide, "Supported security ' +
    'policies"), such as SecurityPolicy_TLS13_1_2_PFS_PQ_2025_09; it applies only where the ' +
    'endpoint type offers one (Regional and private, not edge-optimized) and the domain can take ' +
    'an enhanced policy.',
  remediation: {
    text:
      'Move the domain to an enhanced security policy (regional and private: ' +
      'SecurityPolicy_TLS13_1_3_2025_09, or SecurityPolicy_TLS13_1_2_PFS_PQ_2025_09 while TLS 1.2 ' +
      'clients remain; edge-optimized: SecurityPolicy_TLS13_2025_EDGE) with endpoint access mode ' +
      'BASIC, check clients still connect ($context.tlsVersion in access logs), then switch to ' +
      'STRICT. Where mutual TLS or HTTP APIs rule that out, use TLS_1_2.',
    cli: 'aws apigateway update-domain-name --domain-name <domain> --patch-operations op=replace,path=/securityPolicy,value=SecurityPolicy_TLS13_1_3_2025_09 op=replace,path=/endpointAccessMode,value=BASIC',
    docs: 'https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-security-policies.html',
  },
  mappings: {
    securityHub: ['APIGateway.11'],
    awsConfig: ['apigateway-domain-name-tls-check'],
    owaspApi2023: ['API8'],
  },
  options,
  messages: {
    recommended: 'Security policy {policies} (minimum TLS {minTls}) is recommended, with endpoint access mode {endpointAccessMode}.',
    'recommended-basic':
      'Security policy {policies} (minimum TLS {minTls}) is recommended, but endpoint access mode is {endpointAccessMode}; switch to STRICT once clients use the domain name.',
    acceptable:
      'Security policy {policies} refuses TLS 1.0 (minimum TLS {minTls}) and passes; consider {recommended} with endpoint access mode STRICT, the policies Security Hub APIGateway.11 accepts.',
    'best-available':
      'Security policy {policies} refuses TLS 1.0 and is the strongest this domain can use: enhanced policies do not allow {blockers}.',
    'tls-1-0': 'Security policy {policies} still accepts TLS 1.0 and 1.1; use {recommended} (or at least TLS_1_2).',
    'not-recommended':
      'Security policy {policies} (minimum TLS {minTls}) is not one Security Hub APIGateway.11 accepts; use {recommended}.',
    'not-post-quantum': 'Security policy {policies} has no post-quantum key exchange; use one of {postQuantumPolicies}.',
  },
  select: (view) => view.domains(),
  evaluate: (domain, outcome, _view, { requireRecommended, requirePostQuantum }) => {
    const { source, settings } = domainTlsSettings(domain);
    const endpointTypes = [...new Set(settings.map((s) => s.endpointType))];
    const evidence = {
      source,
      policies: settings.map((s) => s.policy ?? 'none'),
      endpointTypes,
      recommended: [...new Set(endpointTypes.flatMap(recommendedPolicies))],
      endpointAccessMode: settings.length === 1 ? (settings[0]!.endpointAccessMode ?? 'unset') : 'unset',
    };
    if (settings.length === 0) {
      return outcome.invalid('the domain reports no endpoint configuration, so its security policy is unknown', evidence);
    }
    const classified = settings.map((s) => ({ s, info: s.policy === undefined ? undefined : classifyTlsPolicy(s.policy) }));
    // A policy that accepts TLS 1.0 fails whatever else is unknown.
    if (classified.some((c) => c.info?.minTls === '1.0')) return outcome.fail('tls-1-0', { ...evidence, minTls: '1.0' });
    const missing = classified.filter((c) => c.s.policy === undefined);
    if (missing.length) {
      return outcome.invalid(`the domain reports no security policy for its ${missing.map((c) => c.s.endpointType).join(', ')} endpoint`, evidence);
    }
    const unknown = classified.filter((c) => !c.info).map((c) => c.s.policy!);
    if (unknown.length) {
      return outcome.invalid(
        `security policy ${unknown.join(', ')} is not one this version of apiposture recognises: check its minimum TLS version by hand`,
        evidence,
      );
    }
    const infos = classified.map((c) => c.info!);
    const minTls = infos.map((i) => i.minTls).sort((a, b) => TLS_ORDER.indexOf(a) - TLS_ORDER.indexOf(b))[0]!;
    const securityHubRecommended = infos.every((i) => i.securityHubRecommended);
    const judged = { ...evidence, minTls, securityHubRecommended };
    const blockers = enhancedPolicyBlockers(domain);
    const bestAvailable = blockers.length > 0 && infos.every((i) => i.kind === 'legacy');
    if (requirePostQuantum && !bestAvailable) {
      // Only where the endpoint type offers a post-quantum policy (none for edge-optimized).
      const lacking = settings.filter((s) => !isPostQuantum(s.policy!) && postQuantumPolicies(s.endpointType).length > 0);
      if (lacking.length) {
        return outcome.fail('not-post-quantum', { ...judged, postQuantumPolicies: [...new Set(lacking.flatMap((s) => postQuantumPolicies(s.endpointType)))] });
      }
    }
    if (securityHubRecommended) {
      const strict = settings.every((s) => (s.endpointAccessMode ?? '').toUpperCase() === 'STRICT');
      return strict ? outcome.pass('recommended', judged) : outcome.pass('recommended-basic', judged);
    }
    if (bestAvailable) return outcome.pass('best-available', { ...judged, blockers });
    if (requireRecommended) return outcome.fail('not-recommended', judged);
    return outcome.pass('acceptable', judged);
  },
});
