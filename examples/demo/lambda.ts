/**
 * The Lambda functions behind the demo's APIs, so each Lambda check shows a PASS and a FAIL:
 *
 *   <api>-handler          each REST API's integrations invoke a handler of its own (in the
 *                          API's region), nodejs22.x, its policy tied to the API by source ARN,
 *                          no function URL: the clean counterparts.
 *   payments-api-handler   a function URL with AuthType AWS_IAM (passes).
 *   webhooks-ingest-handler  a function URL with AuthType NONE that the policy opens to everyone:
 *                          anyone can call the function around webhooks-ingest's authorizer,
 *                          WAF and throttling (lambda-function-url-auth, critical).
 *   legacy-partner-api-handler  a policy letting apigateway.amazonaws.com invoke it with no
 *                          source ARN or account: any API of any account may (lambda-invoke-policy).
 *   partner-token-check    a Lambda authorizer still on nodejs16.x, deprecated on 2024-06-12
 *                          (lambda-authorizer-runtime); chat-authorizer and verify-signature
 *                          run on supported runtimes.
 *
 * Run after the deployments are final: it rewrites the fixtures' placeholder integration URI
 * (`functions/fn/invocations`) in drafts and deployments alike, then records every function the
 * stages serve in `shared.lambdaFunctions`. Applying it twice changes nothing.
 */
import { lambdaFunctionLinks, parseFunctionArn } from '../../src/analysis/lambda.js';
import type { LambdaUse } from '../../src/inventory/entities.js';
import type { Inventory, LambdaFunction } from '../../src/inventory/schema.js';
import { ACCOUNT, ok } from '../../test/fixtures/builders.js';

const PLACEHOLDER = 'functions/fn/invocations';

const URL_NONE = new Set(['webhooks-ingest-handler']);
const URL_IAM = new Set(['payments-api-handler']);
const UNBOUND_POLICY = new Set(['legacy-partner-api-handler']);
const RUNTIMES: Record<string, string> = { 'partner-token-check': 'nodejs16.x', 'chat-authorizer': 'python3.12' };

function boundStatement(functionArn: string, apiArn: string) {
  const [, , , region, , path] = apiArn.split(':');
  const apiId = path?.split('/').pop();
  return {
    Sid: `apigateway-${apiId}`,
    Effect: 'Allow',
    Principal: { Service: 'apigateway.amazonaws.com' },
    Action: 'lambda:InvokeFunction',
    Resource: functionArn,
    Condition: { ArnLike: { 'AWS:SourceArn': `arn:aws:execute-api:${region}:${ACCOUNT}:${apiId}/*` } },
  };
}

function functionOf(functionArn: string, uses: readonly LambdaUse[]): LambdaFunction {
  const name = parseFunctionArn(functionArn)?.name ?? functionArn;
  const statements: object[] = UNBOUND_POLICY.has(name)
    ? [{ Sid: 'apigateway-any', Effect: 'Allow', Principal: { Service: 'apigateway.amazonaws.com' }, Action: 'lambda:InvokeFunction', Resource: functionArn }]
    : [...new Set(uses.map((use) => use.apiArn))].map((apiArn) => boundStatement(functionArn, apiArn));
  if (URL_NONE.has(name)) {
    statements.push({
      Sid: 'FunctionURLAllowPublicAccess',
      Effect: 'Allow',
      Principal: '*',
      Action: 'lambda:InvokeFunctionUrl',
      Resource: functionArn,
      Condition: { StringEquals: { 'lambda:FunctionUrlAuthType': 'NONE' } },
    });
  }
  const region = parseFunctionArn(functionArn)?.region ?? 'eu-west-1';
  const url = URL_NONE.has(name) || URL_IAM.has(name)
    ? { FunctionUrl: `https://${name.replace(/-/g, '')}.lambda-url.${region}.on.aws/`, AuthType: URL_NONE.has(name) ? 'NONE' : 'AWS_IAM' }
    : null;
  return {
    FunctionName: name,
    FunctionArn: functionArn,
    Runtime: RUNTIMES[name] ?? 'nodejs22.x',
    PackageType: 'Zip',
    Version: '$LATEST',
    LastModified: '2026-09-14T10:21:07.000+0000',
    policy: ok(JSON.stringify({ Version: '2012-10-17', Id: 'default', Statement: statements })),
    url: ok(url),
  };
}

export function addLambda(demo: Inventory): void {
  for (const region of demo.regions) {
    const apis = region.apigateway.restApis;
    if (!apis.ok) continue;
    apis.value = apis.value.map((api) => {
      const handler = `functions/arn:aws:lambda:${region.region}:${ACCOUNT}:function:${api.name ?? api.id}-handler/invocations`;
      return JSON.parse(JSON.stringify(api).split(PLACEHOLDER).join(handler)) as typeof api;
    });
  }
  const functions: Record<string, ReturnType<typeof ok<LambdaFunction>>> = {};
  for (const [arn, uses] of [...lambdaFunctionLinks(demo).uses].sort(([a], [b]) => a.localeCompare(b))) functions[arn] = ok(functionOf(arn, uses));
  demo.shared.lambdaFunctions = functions;
}
