/**
 * Custom domains, their ACM certificates, and API keys and usage plans for the demo account, so
 * the domain and account checks show a PASS and a FAIL each:
 *
 *   eu-west-1  orders.api.example.com   TLS_1_2 (v1 + v2 views), ACM certificate, orders-api
 *                                       (default endpoint disabled)
 *              stores.api.example.com   TLS_1_2 with mutual TLS (clean truststore), inventory-sync
 *                                       (default endpoint still on: mTLS can be bypassed)
 *              status.example.com       SecurityPolicy_TLS13_1_3_2025_09 + STRICT, ECDSA certificate
 *              usage plan partner-trial with neither throttle nor quota
 *   us-east-1  m.example.com            edge-optimized, TLS_1_0, imported certificate expiring
 *                                       in 18 days, mobile-backend
 *              webhooks.example.com     mutual TLS whose truststore has warnings, webhooks-ingest
 *              usage plan and a recent key, both fine
 *
 * `addDomains` upserts by name, ARN and id, so applying it twice changes nothing.
 */
import type { ApiKey, Certificate, Collected, DomainName, Inventory, RegionInventory, UsagePlan, V2DomainName } from '../../src/inventory/schema.js';
import { ACCOUNT, domainName, ok, v2DomainName } from '../../test/fixtures/builders.js';

const EU = 'eu-west-1';
const US = 'us-east-1';

/** Already in the demo: the certificate of orders.api.example.com. */
const CERT_ORDERS = `arn:aws:acm:${EU}:${ACCOUNT}:certificate/4f1c2d3e-aaaa-bbbb-cccc-0123456789ab`;
const CERT_STORES = `arn:aws:acm:${EU}:${ACCOUNT}:certificate/7b2e9c10-1d2e-4f3a-8b4c-5d6e7f8091a2`;
const CERT_STATUS = `arn:aws:acm:${EU}:${ACCOUNT}:certificate/c0ffee00-5e7a-4b1c-9d2e-3f4a5b6c7d8e`;
const CERT_MOBILE = `arn:aws:acm:${US}:${ACCOUNT}:certificate/0badc0de-2019-4e11-a6b7-c8d9e0f1a2b3`;
const CERT_WEBHOOKS = `arn:aws:acm:${US}:${ACCOUNT}:certificate/e1f2a3b4-c5d6-4e7f-8091-a2b3c4d5e6f7`;

function domainUse(region: string, name: string): string[] {
  return [`arn:aws:apigateway:${region}::/domainnames/${name}`];
}

function acmCertificate(arn: string, domain: string, overrides: Partial<Certificate> = {}): Certificate {
  return {
    CertificateArn: arn,
    DomainName: domain,
    Status: 'ISSUED',
    Type: 'AMAZON_ISSUED',
    KeyAlgorithm: 'RSA_2048',
    NotBefore: '2026-05-10T00:00:00.000Z',
    NotAfter: '2027-06-08T23:59:59.000Z',
    RenewalEligibility: 'ELIGIBLE',
    InUseBy: domainUse(arn.split(':')[3]!, domain),
    ...overrides,
  };
}

function list<T>(slot: Collected<T[]>, what: string): T[] {
  if (!slot.ok) throw new Error(`demo: ${what} was not collected, so the demo domains cannot be added to it`);
  return slot.value;
}

/** Replaces the item with the same key, or appends it. */
function upsert<T>(items: T[], item: T, key: (t: T) => string): void {
  const at = items.findIndex((existing) => key(existing) === key(item));
  if (at >= 0) items[at] = item;
  else items.push(item);
}

function regionOf(demo: Inventory, name: string): RegionInventory {
  const found = demo.regions.find((r) => r.region === name);
  if (!found) throw new Error(`demo: region ${name} is missing`);
  return found;
}

function addV1(region: RegionInventory, domain: DomainName): void {
  upsert(list(region.apigateway.domainNames, `${region.region} domain names`), domain, (d) => d.domainName);
}

function addV2(region: RegionInventory, domain: V2DomainName): void {
  upsert(list(region.apigatewayv2.domainNames, `${region.region} v2 domain names`), domain, (d) => d.DomainName);
}

function addCertificate(region: RegionInventory, certificate: Certificate): void {
  region.certificates[certificate.CertificateArn] = ok(certificate);
}

function addUsagePlan(region: RegionInventory, plan: UsagePlan): void {
  upsert(list(region.apigateway.usagePlans, `${region.region} usage plans`), plan, (p) => p.id);
}

function addApiKey(region: RegionInventory, key: ApiKey): void {
  upsert(list(region.apigateway.apiKeys, `${region.region} API keys`), key, (k) => k.id);
}

export function addDomains(demo: Inventory): void {
  const eu = regionOf(demo, EU);
  const us = regionOf(demo, US);

  // ── eu-west-1 ──
  // orders.api.example.com exists in the v1 view; v2 lists the same regional domain.
  addV2(
    eu,
    v2DomainName({
      DomainName: 'orders.api.example.com',
      DomainNameArn: `arn:aws:apigateway:${EU}::/domainnames/orders.api.example.com`,
      DomainNameConfigurations: [
        {
          ApiGatewayDomainName: 'd-7h2k9m4p1q.execute-api.eu-west-1.amazonaws.com',
          CertificateArn: CERT_ORDERS,
          DomainNameStatus: 'AVAILABLE',
          EndpointType: 'REGIONAL',
          SecurityPolicy: 'TLS_1_2',
        },
      ],
      apiMappings: ok([{ ApiMappingId: 'om1a2b', ApiId: 'k3x9ord01a', Stage: 'prod', ApiMappingKey: '' }]),
    }),
  );

  const storesTruststore = { truststoreUri: 's3://example-mtls-truststores/stores/truststore.pem', truststoreVersion: 'Fq3zUu1mQ.8pLr9xWc2k' };
  addV1(
    eu,
    domainName({
      domainName: 'stores.api.example.com',
      domainNameArn: `arn:aws:apigateway:${EU}::/domainnames/stores.api.example.com`,
      regionalCertificateArn: CERT_STORES,
      securityPolicy: 'TLS_1_2',
      mutualTlsAuthentication: { ...storesTruststore, truststoreWarnings: [] },
      basePathMappings: ok([{ basePath: 'inventory', restApiId: 'i5n6sync04', stage: 'prod' }]),
    }),
  );
  addV2(
    eu,
    v2DomainName({
      DomainName: 'stores.api.example.com',
      DomainNameArn: `arn:aws:apigateway:${EU}::/domainnames/stores.api.example.com`,
      DomainNameConfigurations: [
        {
          ApiGatewayDomainName: 'd-3n8v5b2x7z.execute-api.eu-west-1.amazonaws.com',
          CertificateArn: CERT_STORES,
          DomainNameStatus: 'AVAILABLE',
          EndpointType: 'REGIONAL',
          SecurityPolicy: 'TLS_1_2',
        },
      ],
      MutualTlsAuthentication: { TruststoreUri: storesTruststore.truststoreUri, TruststoreVersion: storesTruststore.truststoreVersion, TruststoreWarnings: [] },
      apiMappings: ok([{ ApiMappingId: 'st9c8d', ApiId: 'i5n6sync04', Stage: 'prod', ApiMappingKey: 'inventory' }]),
    }),
  );
  addCertificate(eu, acmCertificate(CERT_STORES, 'stores.api.example.com', { NotBefore: '2026-08-20T00:00:00.000Z', NotAfter: '2027-09-18T23:59:59.000Z' }));

  // The enhanced policy is in the v1 view only; v2 reports no policy for it.
  addV1(
    eu,
    domainName({
      domainName: 'status.example.com',
      domainNameArn: `arn:aws:apigateway:${EU}::/domainnames/status.example.com`,
      regionalCertificateArn: CERT_STATUS,
      securityPolicy: 'SecurityPolicy_TLS13_1_3_2025_09',
      endpointAccessMode: 'STRICT',
      basePathMappings: ok([{ basePath: '(none)', restApiId: 's2t3stat06', stage: 'prod' }]),
    }),
  );
  addV2(
    eu,
    v2DomainName({
      DomainName: 'status.example.com',
      DomainNameArn: `arn:aws:apigateway:${EU}::/domainnames/status.example.com`,
      DomainNameConfigurations: [
        {
          ApiGatewayDomainName: 'd-9w4e6r1t3y.execute-api.eu-west-1.amazonaws.com',
          CertificateArn: CERT_STATUS,
          DomainNameStatus: 'AVAILABLE',
          EndpointType: 'REGIONAL',
        },
      ],
      apiMappings: ok([{ ApiMappingId: 'ss4e5f', ApiId: 's2t3stat06', Stage: 'prod', ApiMappingKey: '' }]),
    }),
  );
  addCertificate(eu, acmCertificate(CERT_STATUS, 'status.example.com', { KeyAlgorithm: 'EC_prime256v1' }));

  addUsagePlan(eu, { id: 'up2', name: 'partner-trial', apiStages: [{ apiId: 'l1g4cy03c', stage: 'prod' }] });

  // ── us-east-1 ──
  // Edge-optimized: v1 only (v2 does not list edge domains); its certificate is in us-east-1.
  addV1(
    us,
    domainName({
      domainName: 'm.example.com',
      domainNameArn: `arn:aws:apigateway:${US}::/domainnames/m.example.com`,
      regionalCertificateArn: undefined,
      certificateArn: CERT_MOBILE,
      endpointConfiguration: { types: ['EDGE'] },
      securityPolicy: 'TLS_1_0',
      basePathMappings: ok([{ basePath: '(none)', restApiId: 'm0b1le07g', stage: 'prod' }]),
    }),
  );
  addCertificate(
    us,
    acmCertificate(CERT_MOBILE, 'm.example.com', {
      Type: 'IMPORTED',
      RenewalEligibility: 'INELIGIBLE',
      NotBefore: '2025-11-19T00:00:00.000Z',
      NotAfter: '2026-11-19T23:59:59.000Z',
    }),
  );

  const webhooksTruststore = {
    truststoreUri: 's3://example-mtls-truststores/webhooks/truststore.pem',
    truststoreVersion: 'b7Kp2Qz9.Xw3mN5vR1t',
    warnings: [
      'Certificate CN=PayProvider Root CA 2016,O=PayProvider Ltd in the truststore expired on 2026-06-30T23:59:59Z',
      'Certificate CN=Example Internal Test CA uses an unsupported key size (RSA 1024)',
    ],
  };
  addV1(
    us,
    domainName({
      domainName: 'webhooks.example.com',
      domainNameArn: `arn:aws:apigateway:${US}::/domainnames/webhooks.example.com`,
      regionalCertificateArn: CERT_WEBHOOKS,
      securityPolicy: 'TLS_1_2',
      mutualTlsAuthentication: {
        truststoreUri: webhooksTruststore.truststoreUri,
        truststoreVersion: webhooksTruststore.truststoreVersion,
        truststoreWarnings: webhooksTruststore.warnings,
      },
      basePathMappings: ok([{ basePath: '(none)', restApiId: 'w3bh00k08h', stage: 'prod' }]),
    }),
  );
  addV2(
    us,
    v2DomainName({
      DomainName: 'webhooks.example.com',
      DomainNameArn: `arn:aws:apigateway:${US}::/domainnames/webhooks.example.com`,
      DomainNameConfigurations: [
        {
          ApiGatewayDomainName: 'd-5q1w8e2r6t.execute-api.us-east-1.amazonaws.com',
          CertificateArn: CERT_WEBHOOKS,
          DomainNameStatus: 'AVAILABLE',
          EndpointType: 'REGIONAL',
          SecurityPolicy: 'TLS_1_2',
        },
      ],
      MutualTlsAuthentication: {
        TruststoreUri: webhooksTruststore.truststoreUri,
        TruststoreVersion: webhooksTruststore.truststoreVersion,
        TruststoreWarnings: webhooksTruststore.warnings,
      },
      apiMappings: ok([{ ApiMappingId: 'wh7g8h', ApiId: 'w3bh00k08h', Stage: 'prod', ApiMappingKey: '' }]),
    }),
  );
  addCertificate(us, acmCertificate(CERT_WEBHOOKS, 'webhooks.example.com', { NotBefore: '2026-07-01T00:00:00.000Z', NotAfter: '2027-07-30T23:59:59.000Z' }));

  addUsagePlan(us, {
    id: 'up3',
    name: 'mobile-partners',
    apiStages: [{ apiId: 'm0b1le07g', stage: 'prod' }],
    throttle: { rateLimit: 100, burstLimit: 200 },
    quota: { limit: 500000, period: 'MONTH', offset: 0 },
  });
  addApiKey(us, { id: 'key3', name: 'mobile-sdk-2026-09', enabled: true, createdDate: '2026-09-14T08:30:00.000Z', stageKeys: [] });
}
