import { defineCheck } from '../../src/engine/define.js';
import { describeFinding, findSecrets, variableNames } from '../../src/util/secrets.js';
import type { V2StageEntity } from '../../src/inventory/view.js';

export default defineCheck<V2StageEntity, 'no-secrets' | 'secrets' | 'no-variables'>({
  id: 'v2-stage-variables-secrets',
  title: 'HTTP and WebSocket API stage variables hold no secrets (tokens, keys, passwords)',
  severity: 'high',
  resourceTypes: ['v2-stage'],
  reads: ['v2-stages'],
  rationale:
    'HTTP and WebSocket API stages have stage variables too (StageVariables), and AWS says they ' +
    '"are not intended to be used for sensitive data, such as credentials" (Developer Guide, "Use ' +
    'stage variables for HTTP APIs"; a Lambda authorizer\'s output is the way to pass secrets to ' +
    'integrations). They are returned in plain text by GetStage and GetStages to ' +
    'anyone with apigateway:GET, shown in the console, copied into CloudFormation and Terraform ' +
    'state, and passed to integrations when they are mapped into requests. A partner token or ' +
    'database password kept there is readable far beyond the people meant to hold it, and cannot ' +
    'be rotated without updating the stage. Values are judged exactly as for REST stages (see ' +
    'rest-stage-variables-secrets): known credential formats, random-looking values and ' +
    'secret-like names. Every variable name counts, __proto__ included. Values are never shown: ' +
    'evidence holds at most their first four characters and their length.',
  remediation: {
    text:
      'Move the value to AWS Secrets Manager or SSM Parameter Store (SecureString) and have the ' +
      'backend or a Lambda authorizer read it; replace the stage variable with a reference to it ' +
      '(or remove it), then rotate the secret, since it has been exposed.',
    cli: 'aws apigatewayv2 update-stage --api-id <api-id> --stage-name <stage> --stage-variables <variable-name>=<secret-arn-or-parameter-name>',
    docs: 'https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-stages.stage-variables.html',
  },
  mappings: {
    owaspApi2023: ['API8'],
  },
  messages: {
    'no-secrets': 'None of the {variableCount} variables of stage {stage} looks like a secret.',
    secrets: 'Stage {stage} keeps secret-looking values in stage variables ({secretCount}): {secrets}.',
    'no-variables': 'Stage {stage} has no stage variables.',
  },
  select: (view) => view.v2Stages(),
  evaluate: ({ stage, api }, outcome) => {
    const names = variableNames(stage.StageVariables);
    const base = { stage: stage.StageName, protocol: api.api.ProtocolType };
    if (names.length === 0) return outcome.notApplicable('no-variables', { ...base, variableCount: 0 });
    const findings = findSecrets(stage.StageVariables ?? {});
    const evidence = { ...base, variableCount: names.length, variables: names };
    if (findings.length === 0) return outcome.pass('no-secrets', evidence);
    return outcome.fail('secrets', {
      ...evidence,
      secretCount: findings.length,
      secrets: findings.map(describeFinding),
      secretVariables: findings.map((f) => f.name),
    });
  },
});
