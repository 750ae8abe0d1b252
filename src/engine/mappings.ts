/**
 * The compliance ids checks may reference, as data. A test rejects any mapping not listed here,
 * so a typo or an invented control id cannot reach a report or a Security Hub finding.
 *
 * Sources: the Security Hub CSPM "controls for Amazon API Gateway" page (APIGateway.6 and .7 do
 * not exist), the CloudTrail, CloudWatch, Cognito, IAM and KMS control pages for what protects
 * the APIs, the AWS Config managed-rule pages, and the OWASP API Security Top 10 (2023).
 */

/** Security Hub CSPM controls for API Gateway and what protects it, with what each evaluates. */
export const SECURITY_HUB_CONTROLS = {
  'APIGateway.1': 'REST and WebSocket API execution logging should be enabled',
  'APIGateway.2': 'REST API stages should be configured to use SSL certificates for backend authentication',
  'APIGateway.3': 'REST API stages should have AWS X-Ray tracing enabled',
  'APIGateway.4': 'API Gateway should be associated with a WAF Web ACL',
  'APIGateway.5': 'REST API cache data should be encrypted at rest',
  'APIGateway.8': 'API Gateway routes should specify an authorization type',
  'APIGateway.9': 'Access logging should be configured for API Gateway V2 Stages',
  'APIGateway.10': 'API Gateway V2 integrations should use HTTPS for private connections',
  'APIGateway.11': 'API Gateway domain names should use recommended security policies',
  'CloudTrail.1':
    'CloudTrail should be enabled and configured with at least one multi-Region trail that includes read and write management events',
  'CloudTrail.2': 'CloudTrail should have encryption at-rest enabled',
  'CloudTrail.4': 'CloudTrail log file validation should be enabled',
  'CloudWatch.16': 'CloudWatch log groups should be retained for a specified time period',
  'IAM.1': 'IAM policies should not allow full "*" administrative privileges',
  'IAM.21': 'IAM customer managed policies that you create should not allow wildcard actions for services',
  'KMS.4': 'AWS KMS key rotation should be enabled',
  'Cognito.1': 'Cognito user pools should have threat protection activated with full function enforcement mode for standard authentication',
  'Cognito.3': 'Password policies for Cognito user pools should have strong configurations',
  'Cognito.5': 'MFA should be enabled for Cognito user pools',
  'Cognito.6': 'Cognito user pools should have deletion protection enabled',
} as const satisfies Record<string, string>;

/** AWS Config managed rules about API Gateway and what protects it. */
export const AWS_CONFIG_RULES = [
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
] as const;

/** OWASP API Security Top 10 (2023). */
export const OWASP_API_2023 = {
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
} as const satisfies Record<string, string>;

export type SecurityHubControlId = keyof typeof SECURITY_HUB_CONTROLS;
export type AwsConfigRule = (typeof AWS_CONFIG_RULES)[number];
export type OwaspApi2023Id = keyof typeof OWASP_API_2023;

export function isSecurityHubControl(id: string): id is SecurityHubControlId {
  return Object.hasOwn(SECURITY_HUB_CONTROLS, id);
}

export function isAwsConfigRule(id: string): id is AwsConfigRule {
  return (AWS_CONFIG_RULES as readonly string[]).includes(id);
}

export function isOwaspApi2023(id: string): id is OwaspApi2023Id {
  return Object.hasOwn(OWASP_API_2023, id);
}
