import { defineCheck } from '../../src/engine/define.js';
import { describeFinding, findSecrets, variableNames } from '../../src/util/secrets.js';
import type { RestStageEntity } from '../../src/inventory/view.js';

export default defineCheck<RestStageEntity, 'no-secrets' | 'secrets' | 'no-variables'>({
  id: 'rest-stage-variables-secrets',
  title: 'REST API stage variables hold no secrets (tokens, keys, passwords)',
  severity: 'high',
  resourceTypes: ['rest-stage'],
  reads: ['rest-stages'],
  rationale:
    'Stage variables are configuration, not secret storage: they are returned in plain text by ' +
    'GetStage and GetStages to anyone with apigateway:GET, shown in the console, exported with ' +
    'the stage, copied into CloudFormation and Terraform state, and written to execution logs ' +
    'when they are mapped into requests. A partner token or database password kept there is ' +
    'readable far beyond the people meant to hold it, and cannot be rotated without a ' +
    'redeployment. Values are reported when they match a known credential format (AWS access ' +
    'key ids, GitHub, Slack, Stripe and other live keys, JWTs, private keys, bearer tokens, ' +
    'credentials in URLs), look random (high entropy over 20 or more characters, mixing letters ' +
    'and digits; hostnames, ARNs, plain URLs, UUIDs, resource ids, numbers and dates are never ' +
    'judged on entropy), or sit under a secret-like name (password, secret, token, api key, ' +
    'credential, private …) and could be a credential. Values are never shown: evidence holds ' +
    'at most their first four characters and their length. A canary is judged like its stage: ' +
    'its stageVariableOverrides are stage variables too, served to the canary\'s share of traffic ' +
    '("Set up an API Gateway canary release deployment"). Every variable name counts, __proto__ ' +
    'included.',
  remediation: {
    text:
      'Move the value to AWS Secrets Manager or SSM Parameter Store (SecureString) and have the ' +
      'backend or a Lambda authorizer read it; remove the stage variable, then rotate the secret, ' +
      'since it has been exposed.',
    cli: 'aws apigateway update-stage --rest-api-id <api-id> --stage-name <stage> --patch-operations op=remove,path=/variables/<variable-name>',
    docs: 'https://docs.aws.amazon.com/apigateway/latest/developerguide/stage-variables.html',
  },
  mappings: {
    owaspApi2023: ['API8'],
  },
  messages: {
    'no-secrets': 'None of the {variableCount} variables of stage {stage} looks like a secret.',
    secrets: 'Stage {stage} keeps secret-looking values in stage variables ({secretCount}): {secrets}.',
    'no-variables': 'Stage {stage} has no stage variables.',
  },
  select: (view) => view.restStages(),
  evaluate: ({ stage }, outcome) => {
    const names = variableNames(stage.variables);
    const canaryVariables = stage.canarySettings?.stageVariableOverrides;
    const canaryNames = variableNames(canaryVariables);
    const variableCount = names.length + canaryNames.length;
    if (variableCount === 0) return outcome.notApplicable('no-variables', { stage: stage.stageName, variableCount: 0 });
    const findings = findSecrets(stage.variables ?? {});
    const canaryFindings = findSecrets(canaryVariables ?? {});
    const evidence = {
      stage: stage.stageName,
      variableCount,
      variables: names,
      ...(stage.canarySettings ? { canaryOverrides: canaryNames } : {}),
    };
    if (findings.length + canaryFindings.length === 0) return outcome.pass('no-secrets', evidence);
    return outcome.fail('secrets', {
      ...evidence,
      secretCount: findings.length + canaryFindings.length,
      secrets: [...findings.map(describeFinding), ...canaryFindings.map((f) => `canary override ${describeFinding(f)}`)],
      secretVariables: findings.map((f) => f.name),
      ...(canaryFindings.length ? { canarySecretVariables: canaryFindings.map((f) => f.name) } : {}),
    });
  },
});
