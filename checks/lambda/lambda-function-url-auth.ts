import { defineCheck } from '../../src/engine/define.js';
import { analyseFunctionPolicy, FUNCTION_OUTSIDE_MESSAGE, invocationChain, LAMBDA_READS, lambdaFunctions } from '../../src/analysis/lambda.js';
import type { LambdaFunctionEntity, OutsideLambdaFunctionEntity } from '../../src/inventory/view.js';

export default defineCheck<LambdaFunctionEntity | OutsideLambdaFunctionEntity, 'no-url' | 'iam-auth' | 'public-url' | 'open-url' | 'outside-scan'>({
  id: 'lambda-function-url-auth',
  title: 'Lambda functions behind an API have no unauthenticated function URL',
  severity: 'medium',
  resourceTypes: ['lambda-function'],
  reads: LAMBDA_READS,
  rationale:
    'A function URL is a second, direct HTTPS endpoint of the function: requests to it never pass ' +
    "through API Gateway, so the API's authorizers, resource policy, AWS WAF web ACL, throttling " +
    'and usage plans do not apply to them. With AuthType NONE "Lambda doesn\'t perform any ' +
    'authentication before invoking your function"; the function\'s resource-based policy "is always ' +
    'in effect and must grant public access before your function URL can receive requests" (Lambda ' +
    'Developer Guide, "Control access to Lambda function URLs"). A NONE URL whose policy grants ' +
    'lambda:InvokeFunctionUrl to everyone is a public bypass of the API (critical); without that ' +
    'grant it is one add-permission away from one (medium), and high when the policy could not be ' +
    'read. AWS_IAM URLs, and functions without a URL, pass. An aliased function is judged with its ' +
    "alias's URL; a function of another account, or one that does not exist, is not applicable. " +
    'Only functions what the stages serve invoke are judged (integrations and Lambda authorizers).',
  remediation: {
    text:
      'Remove the function URL when the API is the way in, or require IAM authentication on it; then ' +
      'remove the statement granting lambda:InvokeFunctionUrl to everyone from the resource policy.',
    cli: 'aws lambda delete-function-url-config --function-name <function-name> [--qualifier <alias>]  # or: aws lambda update-function-url-config --function-name <function-name> --auth-type AWS_IAM',
    docs: 'https://docs.aws.amazon.com/lambda/latest/dg/urls-auth.html',
  },
  mappings: { owaspApi2023: ['API2', 'API8'] },
  messages: {
    'no-url': 'The function has no function URL: the API is the only HTTP way in.',
    'iam-auth': 'The function URL requires IAM authentication (AuthType AWS_IAM).',
    'public-url':
      'The function URL {functionUrl} has AuthType NONE and the resource policy lets anyone call it: anyone can invoke the function without going through the API.',
    'open-url':
      'The function URL {functionUrl} has AuthType NONE: it bypasses the API\'s authorization, WAF and throttling, and only the resource policy ({policy}) stands in the way.',
    'outside-scan': FUNCTION_OUTSIDE_MESSAGE,
  },
  select: (view) => lambdaFunctions(view),
  evaluate: (entity, outcome) => {
    if (entity.kind === 'outside-lambda-function') {
      return outcome.notApplicable('outside-scan', { reason: entity.reason, chain: invocationChain(entity.ref, entity.usedBy) });
    }
    const { fn, usedBy, ref } = entity;
    if (!fn.url.ok) return outcome.gap(fn.url.error, { chain: invocationChain(ref, usedBy) });
    const url = fn.url.value;
    if (url === null) return outcome.pass('no-url', { chain: invocationChain(ref, usedBy, 'no function URL') });
    const authType = url.AuthType?.trim().toUpperCase();
    const functionUrl = url.FunctionUrl ?? '(URL not returned)';
    if (authType === 'AWS_IAM') return outcome.pass('iam-auth', { functionUrl, authType, chain: invocationChain(ref, usedBy, 'function URL requires IAM') });
    if (authType !== 'NONE') return outcome.invalid(`GetFunctionUrlConfig returned AuthType ${JSON.stringify(url.AuthType)}, which is neither AWS_IAM nor NONE`);
    const chain = invocationChain(ref, usedBy, `function URL ${functionUrl} with AuthType NONE`);
    if (!fn.policy.ok) {
      return outcome.fail('open-url', { functionUrl, authType, policy: `not read: ${fn.policy.error.code}`, chain }, 'high');
    }
    const analysed = fn.policy.value === null ? undefined : analyseFunctionPolicy(fn.policy.value);
    if (analysed && !analysed.ok) return outcome.invalid(analysed.reason, { functionUrl, authType, chain });
    const grants = analysed?.analysis.publicUrlInvoke ?? [];
    if (grants.length) {
      return outcome.fail('public-url', { functionUrl, authType, grants: grants.map((g) => `${g.statement}: ${g.reason}`), chain }, 'critical');
    }
    const policy = fn.policy.value === null ? 'no resource policy' : 'no statement grants it to everyone';
    return outcome.fail('open-url', { functionUrl, authType, policy, chain });
  },
});
