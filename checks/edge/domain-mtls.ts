import { defineCheck } from '../../src/engine/define.js';
import { domainMutualTls } from '../../src/analysis/domains.js';
import type { DomainEntity } from '../../src/inventory/view.js';

export default defineCheck<DomainEntity, 'truststore-clean' | 'truststore-warnings' | 'no-mtls'>({
  id: 'domain-mtls',
  title: 'Mutual TLS truststores of custom domains load without warnings',
  severity: 'medium',
  resourceTypes: ['domain'],
  reads: ['rest-apis', 'v2-apis', 'domains'],
  rationale:
    'A custom domain with mutual TLS only lets in clients whose certificate chains to a CA in its ' +
    'truststore (a PEM bundle in S3). When API Gateway finds a problem in that bundle (an expired ' +
    'or not-yet-valid CA, an unsupported key or signature algorithm) it still enables ' +
    'mutual TLS but reports truststore warnings: the affected CAs are left out, so clients that ' +
    'rely on them are refused, and a bundle edited by hand is no longer what its owner believes ' +
    'it is. Warnings appear only in the domain description, never as an alarm, so they go ' +
    'unnoticed until a partner cannot connect. Domains without mutual TLS are not applicable ' +
    '(the default-endpoint-disabled check covers mutual TLS being bypassed through execute-api).',
  remediation: {
    text:
      'Fix the truststore bundle (remove or replace the certificates the warnings name), upload ' +
      'it to S3, and point the domain at the new object version.',
    cli: 'aws apigateway update-domain-name --domain-name <domain> --patch-operations op=replace,path=/mutualTlsAuthentication/truststoreVersion,value=<s3-object-version>',
    docs: 'https://docs.aws.amazon.com/apigateway/latest/developerguide/rest-api-mutual-tls.html',
  },
  mappings: {
    owaspApi2023: ['API2', 'API8'],
  },
  messages: {
    'truststore-clean': 'Mutual TLS uses truststore {truststoreUri} (version {truststoreVersion}) with no warnings.',
    'truststore-warnings': 'The mutual TLS truststore {truststoreUri} (version {truststoreVersion}) has {warningCount} warning(s): {warnings}.',
    'no-mtls': 'The domain does not use mutual TLS.',
  },
  select: (view) => view.domains(),
  evaluate: (domain, outcome) => {
    const mtls = domainMutualTls(domain);
    if (!mtls) return outcome.notApplicable('no-mtls');
    const evidence = { truststoreUri: mtls.truststoreUri, truststoreVersion: mtls.truststoreVersion ?? 'latest' };
    if (mtls.warnings.length === 0) return outcome.pass('truststore-clean', evidence);
    return outcome.fail('truststore-warnings', { ...evidence, warningCount: mtls.warnings.length, warnings: mtls.warnings });
  },
});
