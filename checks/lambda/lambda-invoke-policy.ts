import { defineCheck } from '../../src/engine/define.js';
import { analyseFunctionPolicy, FUNCTION_OUTSIDE_MESSAGE, invocationChain, LAMBDA_READS, lambdaFunctions } from '../../src/analysis/lambda.js';
import type { LambdaFunctionEntity, OutsideLambdaFunctionEntity } from '../../src/inventory/view.js';

export default defineCheck<LambdaFunctionEntity | OutsideLambdaFunctionEntity, 'no-policy' | 'bound' | 'public' | 'confused-deputy' | 'outside-scan'>({
  id: 'lambda-invoke-policy',
  title: 'Lambda functions behind an API let only known APIs and accounts invoke them',
  severity: 'high',
  resourceTypes: ['lambda-function'],
  reads: LAMBDA_READS,
  rationale:
    "A function's resource-based policy decides who may call lambda:InvokeFunction on it, whatever " +
    'the API in front of it enforces. A statement allowing the service principal ' +
    'apigateway.amazonaws.com with no aws:SourceArn or aws:SourceAccount condition lets any API ' +
    'Gateway API, in any AWS account, invoke the function: a confused deputy (Lambda Developer ' +
    'Guide, "Granting Lambda function access to AWS services" and "Viewing resource-based IAM ' +
    'policies in Lambda"; IAM User Guide, "The confused deputy problem"). A source ARN whose ' +
    'account field is a wildcard pins nothing; one naming a fixed account (any API of it, or one ' +
    'API), a source account, or an organization id does. A statement allowing principal * to ' +
    'invoke the function without such a condition makes it public (critical; Security Hub ' +
    'Lambda.1, whose Config rule counts only fixed condition values as non-public). Statements ' +
    'for other principals (accounts, roles, other services) are not judged here, and a Deny is ' +
    'not modelled, so a FAIL can be one a Deny neutralises. No resource policy passes: nothing ' +
    'outside the account can invoke the function. Functions are those what the stages serve ' +
    'invoke; an aliased one is judged with its alias\'s policy.',
  remediation: {
    text:
      'Replace the statement with one that names the API: principal apigateway.amazonaws.com and a ' +
      'source ARN of the form arn:aws:execute-api:<region>:<account-id>:<api-id>/*.',
    cli:
      'aws lambda remove-permission --function-name <function-name> --statement-id <statement-id> && ' +
      'aws lambda add-permission --function-name <function-name> --statement-id apigateway-<api-id> --action lambda:InvokeFunction ' +
      '--principal apigateway.amazonaws.com --source-arn "arn:aws:execute-api:<region>:<account-id>:<api-id>/*"',
    docs: 'https://docs.aws.amazon.com/lambda/latest/dg/access-control-resource-based.html',
  },
  mappings: {
    securityHub: ['Lambda.1'],
    awsConfig: ['lambda-function-public-access-prohibited'],
    // Lambda.1's related requirements (Security Hub CSPM, lambda-controls.html).
    nist80053r5: ['AC-21', 'AC-3', 'AC-3(7)', 'AC-4', 'AC-4(21)', 'AC-6', 'SC-7', 'SC-7(11)', 'SC-7(16)', 'SC-7(20)', 'SC-7(21)', 'SC-7(3)', 'SC-7(4)', 'SC-7(9)'],
    owaspApi2023: ['API8'],
  },
  messages: {
    'no-policy': 'The function has no resource-based policy: only principals of its own account with IAM permissions can invoke it.',
    bound: 'Every statement letting API Gateway or everyone invoke the function is tied to known accounts or APIs.',
    public: 'The resource policy lets anyone invoke the function ({grants}).',
    'confused-deputy': 'The resource policy lets API Gateway invoke the function for any API in any account ({grants}).',
    'outside-scan': FUNCTION_OUTSIDE_MESSAGE,
  },
  select: (view) => lambdaFunctions(view),
  evaluate: (entity, outcome) => {
    if (entity.kind === 'outside-lambda-function') {
      return outcome.notApplicable('outside-scan', { reason: entity.reason, chain: invocationChain(entity.ref, entity.usedBy) });
    }
    const { fn, usedBy, ref } = entity;
    if (!fn.policy.ok) return outcome.gap(fn.policy.error, { chain: invocationChain(ref, usedBy) });
    if (fn.policy.value === null) return outcome.pass('no-policy', { chain: invocationChain(ref, usedBy, 'no resource policy') });
    const analysed = analyseFunctionPolicy(fn.policy.value);
    if (!analysed.ok) return outcome.invalid(analysed.reason, { chain: invocationChain(ref, usedBy) });
    const { publicInvoke, unboundApiGateway } = analysed.analysis;
    const lines = (grants: typeof publicInvoke) => grants.map((g) => `${g.statement}: ${g.reason}`);
    if (publicInvoke.length) {
      return outcome.fail('public', { grants: lines(publicInvoke), chain: invocationChain(ref, usedBy, 'anyone may invoke it') }, 'critical');
    }
    if (unboundApiGateway.length) {
      return outcome.fail('confused-deputy', { grants: lines(unboundApiGateway), chain: invocationChain(ref, usedBy, 'any API of any account may invoke it') });
    }
    return outcome.pass('bound', { chain: invocationChain(ref, usedBy, 'invocation tied to known accounts') });
  },
});
