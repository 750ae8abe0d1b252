/**
 * Where a mapped requirement is documented, for the frameworks whose pages have addresses built
 * from the id alone:
 * - Security Hub CSPM controls: one page per service, `<service>-controls.html`, with an anchor
 *   per control (`#apigateway-1` for APIGateway.1), as the pages of the Security Hub CSPM User Guide
 *   are built (https://docs.aws.amazon.com/securityhub/latest/userguide/apigateway-controls.html).
 * - AWS Config managed rules: one page per rule, named by the rule's identifier (the Security Hub
 *   control pages link them so: https://docs.aws.amazon.com/config/latest/developerguide/api-gw-execution-logging-enabled.html).
 * - OWASP API Security Top 10 2023: one page per risk (https://owasp.org/API-Security/editions/2023/en/0x11-t10/).
 * NIST SP 800-53 controls have no per-control page with a stable address: plain text.
 */
import type { FrameworkId } from '../model/frameworks/index.js';

const OWASP_2023 = 'https://owasp.org/API-Security/editions/2023/en/';
const OWASP_PAGES: Readonly<Record<string, string>> = {
  API1: '0xa1-broken-object-level-authorization',
  API2: '0xa2-broken-authentication',
  API3: '0xa3-broken-object-property-level-authorization',
  API4: '0xa4-unrestricted-resource-consumption',
  API5: '0xa5-broken-function-level-authorization',
  API6: '0xa6-unrestricted-access-to-sensitive-business-flows',
  API7: '0xa7-server-side-request-forgery',
  API8: '0xa8-security-misconfiguration',
  API9: '0xa9-improper-inventory-management',
  API10: '0xaa-unsafe-consumption-of-apis',
};

function securityHubUrl(id: string): string | undefined {
  const control = /^([A-Za-z0-9]+)\.(\d+)$/.exec(id);
  if (!control) return undefined;
  const service = control[1]!.toLowerCase();
  return `https://docs.aws.amazon.com/securityhub/latest/userguide/${service}-controls.html#${service}-${control[2]}`;
}

/** The public page of a requirement, or undefined when its framework has none per requirement. */
export function requirementUrl(framework: FrameworkId, id: string): string | undefined {
  switch (framework) {
    case 'securityHub':
      return securityHubUrl(id);
    case 'awsConfig':
      return /^[a-z0-9-]+$/.test(id) ? `https://docs.aws.amazon.com/config/latest/developerguide/${id}.html` : undefined;
    case 'owaspApi2023': {
      const page = OWASP_PAGES[id];
      return page === undefined ? undefined : `${OWASP_2023}${page}/`;
    }
    default:
      return undefined;
  }
}
