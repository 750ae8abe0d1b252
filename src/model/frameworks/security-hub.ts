/**
 * AWS Security Hub CSPM controls for API Gateway and what protects it (CloudTrail, CloudWatch,
 * Cognito, IAM and KMS control pages; APIGateway.6 and .7 do not exist), with what each evaluates.
 */
import { defineFramework, titled } from './framework.js';

const CONTROLS_REFERENCE = 'https://docs.aws.amazon.com/securityhub/latest/userguide/securityhub-controls-reference.html';

export default defineFramework({
  id: 'securityHub',
  title: 'Security Hub',
  shortTitle: 'Security Hub',
  catalogueNote: { ids: 'Security Hub ids', meaning: `[AWS Security Hub CSPM controls](${CONTROLS_REFERENCE})` },
  asff: { requirementPrefix: 'AWS Security Hub', order: 2 },
  requirements: titled({
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
    'Cognito.1':
      'Cognito user pools should have threat protection activated with full function enforcement mode for standard authentication',
    'Cognito.2': 'Cognito identity pools should not allow unauthenticated identities',
    'Cognito.3': 'Password policies for Cognito user pools should have strong configurations',
    'Cognito.5': 'MFA should be enabled for Cognito user pools',
    'Cognito.6': 'Cognito user pools should have deletion protection enabled',
    'Lambda.1': 'Lambda function policies should prohibit public access',
    'Lambda.2': 'Lambda functions should use supported runtimes',
    'WAF.11': 'AWS WAF web ACL logging should be enabled',
    'WAF.12': 'AWS WAF rules should have CloudWatch metrics enabled',
  }),
});
