import { z } from 'zod';
import { defineCheck } from '../../src/engine/define.js';
import {
  assessCertificate,
  CERTIFICATE_PROBLEMS,
  certificateLabel,
  domainCertificateArns,
  type CertificateAssessment,
} from '../../src/analysis/domains.js';
import type { CollectionError } from '../../src/inventory/schema.js';
import type { DomainEntity } from '../../src/inventory/view.js';

type MessageId = 'valid' | 'valid-manual-renewal' | 'not-issued' | 'expired' | 'weak-key' | 'expiring-imported' | 'expiring';

const options = z.object({
  expiryDays: z
    .number()
    .int()
    .positive()
    .default(30)
    .describe('a certificate expiring within this many days of the scan fails'),
});

export default defineCheck<DomainEntity, MessageId, typeof options>({
  id: 'domain-certificate',
  title: 'Custom domain certificates are issued, unexpired, not about to expire and not RSA 1024-bit',
  severity: 'high',
  resourceTypes: ['domain'],
  reads: ['rest-apis', 'v2-apis', 'domains', 'certificates'],
  rationale:
    'Every request to a custom domain is served with its ACM certificate. An expired or revoked ' +
    'certificate takes the API down for every client that validates certificates and teaches ' +
    'the rest to click through warnings; a 1024-bit RSA key can be factored by a well-funded ' +
    'attacker and is refused by current browsers and TLS libraries. ACM renews the certificates ' +
    'it issues from 60 days before expiry, so an ACM certificate still unrenewed inside the ' +
    'window (expiryDays, 30 by default) is stuck, usually on a DNS validation record that was ' +
    'removed. Imported certificates are never renewed by ACM: they fail inside the window, and ' +
    'outside it pass with renewal "manual (imported)" in the evidence so the date is on ' +
    'someone\'s calendar. Every certificate a domain presents is judged: the regional and ' +
    'edge-optimized ones of the v1 view (edge certificates live in us-east-1) and each v2 ' +
    'endpoint configuration\'s. Expiry is measured at the time of the scan.',
  remediation: {
    text:
      'Request a new ACM certificate (DNS-validated, RSA 2048 or ECDSA P-256) and point the domain ' +
      'at it; for an imported certificate, import the renewed one into the same ARN. For an ACM ' +
      'certificate stuck in renewal, restore its DNS validation CNAME records.',
    cli: 'aws apigateway update-domain-name --domain-name <domain> --patch-operations op=replace,path=/regionalCertificateArn,value=<new-certificate-arn>',
    docs: 'https://docs.aws.amazon.com/acm/latest/userguide/managed-renewal.html',
  },
  mappings: {
    owaspApi2023: ['API8'],
  },
  options,
  messages: {
    valid: 'Certificate {certificates} is issued and valid for {daysLeft} more days (until {notAfter}); renewal: {renewal}.',
    'valid-manual-renewal':
      'Certificate {certificates} is valid for {daysLeft} more days (until {notAfter}), but ACM will not renew it (renewal: {renewal}); replace it before then.',
    'not-issued': 'The domain presents a certificate that is not ISSUED: {problems}.',
    expired: 'The domain presents an expired certificate: {problems}.',
    'weak-key': 'The domain presents a certificate with a 1024-bit RSA key: {problems}.',
    'expiring-imported': 'A certificate ACM cannot renew expires within {expiryDays} days: {problems}.',
    expiring: 'A certificate expires within {expiryDays} days: {problems}.',
  },
  select: (view) => view.domains(),
  evaluate: (domain, outcome, view, { expiryDays }) => {
    const arns = domainCertificateArns(domain);
    const evidence = { certificates: arns.map(certificateLabel), certificateArns: arns, expiryDays };
    if (arns.length === 0) return outcome.invalid('the domain names no ACM certificate', evidence);

    const assessed: CertificateAssessment[] = [];
    const gaps: CollectionError[] = [];
    for (const arn of arns) {
      const certificate = view.certificateByArn(arn, domain.region);
      if (certificate.ok) assessed.push(assessCertificate(certificate.value, view.collectedAt, expiryDays));
      else gaps.push(certificate.error);
    }
    const details = assessed.map(({ problems: _p, invalid: _i, ...detail }) => detail);
    const problems = assessed.flatMap((a) => a.problems);
    // A proven problem is reported even when another certificate could not be read.
    const worst = CERTIFICATE_PROBLEMS.find((kind) => problems.some((p) => p.kind === kind));
    if (worst) {
      return outcome.fail(worst, {
        ...evidence,
        details,
        problems: problems.map((p) => p.text),
        ...(gaps.length ? { notCollected: gaps.map((g) => g.resource) } : {}),
      });
    }
    if (gaps.length) return outcome.gap(gaps[0]!, { ...evidence, details });
    const invalid = assessed.find((a) => a.invalid);
    if (invalid) return outcome.invalid(invalid.invalid!, { ...evidence, details });

    const soonest = assessed.reduce((a, b) => (b.daysLeft! < a.daysLeft! ? b : a));
    const manual = assessed.filter((a) => a.renewal !== 'managed (ACM)');
    const passEvidence = {
      ...evidence,
      details,
      daysLeft: soonest.daysLeft,
      notAfter: soonest.notAfter,
      renewal: (manual[0] ?? soonest).renewal,
    };
    return manual.length ? outcome.pass('valid-manual-renewal', passEvidence) : outcome.pass('valid', passEvidence);
  },
});
