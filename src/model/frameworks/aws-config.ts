/** AWS Config managed rules about API Gateway and what protects it (the managed-rule pages). */
import { defineFramework } from './framework.js';

const RULES = [
  'api-gw-execution-logging-enabled',
  'api-gw-xray-enabled',
  'api-gw-associated-with-waf',
  'api-gw-cache-enabled-and-encrypted',
  'api-gw-ssl-enabled',
  'api-gw-endpoint-type-check',
  'api-gwv2-access-logs-enabled',
  'api-gwv2-authorization-type-configured',
  'apigatewayv2-integration-private-https-enabled',
  'apigateway-domain-name-tls-check',
  'multi-region-cloudtrail-enabled',
  'cloud-trail-encryption-enabled',
  'cloud-trail-log-file-validation-enabled',
  'cloudtrail-security-trail-enabled',
  'cw-loggroup-retention-period-check',
  'cloudwatch-log-group-encrypted',
  'cmk-backing-key-rotation-enabled',
  'iam-policy-no-statements-with-admin-access',
  'iam-policy-no-statements-with-full-access',
  'cognito-user-pool-advanced-security-enabled',
  'cognito-user-pool-password-policy-check',
  'cognito-user-pool-mfa-enabled',
  'cognito-user-pool-deletion-protection-enabled',
  'cognito-identity-pool-unauth-access-check',
  'wafv2-logging-enabled',
  'lambda-function-public-access-prohibited',
  'lambda-function-settings-check',
];

export default defineFramework({
  id: 'awsConfig',
  title: 'AWS Config',
  shortTitle: 'AWS Config',
  asff: { requirementPrefix: 'AWS Config', order: 3 },
  // A managed rule's identifier is its name.
  requirements: RULES.map((id) => ({ id })),
});
