/** The OWASP API Security Top 10 (2023). */
import { defineFramework, titled } from './framework.js';

const NAME = 'OWASP API Security Top 10 2023';

export default defineFramework({
  id: 'owaspApi2023',
  title: 'OWASP API Security Top 10 (2023)',
  shortTitle: 'OWASP API 2023',
  catalogueNote: { ids: 'OWASP ids', meaning: 'the OWASP API Security Top 10 (2023)' },
  asff: {
    requirementPrefix: NAME,
    order: 1,
    findingType: `Software and Configuration Checks/Industry and Regulatory Standards/${NAME}`,
  },
  requirements: titled({
    API1: 'Broken Object Level Authorization',
    API2: 'Broken Authentication',
    API3: 'Broken Object Property Level Authorization',
    API4: 'Unrestricted Resource Consumption',
    API5: 'Broken Function Level Authorization',
    API6: 'Unrestricted Access to Sensitive Business Flows',
    API7: 'Server Side Request Forgery',
    API8: 'Security Misconfiguration',
    API9: 'Improper Inventory Management',
    API10: 'Unsafe Consumption of APIs',
  }),
});
