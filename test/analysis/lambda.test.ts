import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import lambdaFunctionUrlAuth from '../../checks/lambda/lambda-function-url-auth.js';
import lambdaInvokePolicy from '../../checks/lambda/lambda-invoke-policy.js';
import {
  analyseFunctionPolicy,
  functionUseSummaries,
  invocationChain,
  lambdaFunctionLinks,
  lambdaTargetOf,
  parseFunctionArn,
  resolveFunctionArn,
  runtimeState,
  summarizeUses,
} from '../../src/analysis/lambda.js';
import { MAX_EVIDENCE_ITEMS } from '../../src/engine/evidence-bounds.js';
import type { AnyCheck } from '../../src/engine/define.js';
import { runChecks } from '../../src/engine/runner.js';
import { ACCOUNT, inventory, ok, region, resource, restApi, stage, v2Api, v2Stage } from '../fixtures/builders.js';
import type { Inventory, RestApi } from '../../src/inventory/schema.js';
import type { LambdaUse } from '../../src/inventory/view.js';
import { apiGatewayPolicy, FN_ARN, invocationUri, lambdaFunction, ordersApi, policyOf, PUBLIC_URL_STATEMENT, tokenAuthorizer, withFunctions } from '../checks/lambda/functions.js';

describe('naming the function an API invokes', () => {
  it('reads the REST invocation URI and the bare ARN HTTP APIs accept; nothing else', () => {
    assert.equal(lambdaTargetOf(invocationUri(FN_ARN)), FN_ARN);
    assert.equal(lambdaTargetOf(FN_ARN), FN_ARN);
    assert.equal(lambdaTargetOf('https://backend.example.com/x'), undefined);
    assert.equal(lambdaTargetOf('arn:aws:apigateway:eu-west-1:sqs:path/123456789012/queue'), undefined);
  });

  it('parses qualified ARNs and resolves stage variables, refusing what is not an ARN', () => {
    assert.deepEqual(parseFunctionArn(`${FN_ARN}:live`), { partition: 'aws', region: 'eu-west-1', account: '123456789012', name: 'orders-handler', qualifier: 'live' });
    assert.deepEqual(resolveFunctionArn(`${FN_ARN}:\${stageVariables.alias}`, { alias: 'v7' }), { ok: true, arn: `${FN_ARN}:v7` });
    assert.equal(resolveFunctionArn(`${FN_ARN}:\${stageVariables.alias}`, {}).ok, false);
    assert.equal(resolveFunctionArn('fn', undefined).ok, false);
  });

  it('links each function to every API and stage that serves it, HTTP API integrations included', () => {
    const http = v2Api({ Name: 'shop-http', integrations: [{ IntegrationId: 'i1', IntegrationType: 'AWS_PROXY', IntegrationUri: FN_ARN }], stages: [v2Stage()] });
    const links = lambdaFunctionLinks(withFunctions({ rest: [ordersApi()], v2: [http] }));
    assert.deepEqual(
      links.uses.get(FN_ARN)?.map((use) => `${use.apiName} ${use.role} ${use.where}`),
      ['orders-api integration deployment dep1 (stage prod): GET /orders', 'shop-http integration stage $default: integration i1'],
    );
    assert.deepEqual(links.unknown, []);
  });
});

describe('uses listed once', () => {
  const naiveChain = (uses: readonly LambdaUse[]) => {
    const seen = new Set<string>();
    return uses.filter((u) => !seen.has(`${u.apiName} → ${u.where}\n${u.role}`) && seen.add(`${u.apiName} → ${u.where}\n${u.role}`) !== undefined).map((u) => `${u.apiName} → ${u.where} → fn (${u.role})`);
  };
  const withMethods = (api: RestApi, twice: boolean, name = api.name) => {
    const deployment = api.deployments['dep1'];
    assert.ok(deployment?.ok);
    const methods = twice ? [...deployment.value.methods, ...deployment.value.methods] : deployment.value.methods;
    return { ...api, name, deployments: { dep1: ok({ ...deployment.value, methods }) } };
  };

  it('drops a use that another API of the same name and deployment, or a repeated method, repeats; keeps the rest', () => {
    const links = lambdaFunctionLinks(
      withFunctions({ rest: [withMethods(ordersApi(), true), withMethods(ordersApi(), false), withMethods(ordersApi(), false, 'other-api'), withMethods(ordersApi({ authorizer: FN_ARN }), false, 'auth-api')] }),
    );
    const uses = links.uses.get(FN_ARN)!;
    assert.equal(uses.length, 6);
    const chain = invocationChain({ name: 'fn' }, summarizeUses(uses));
    assert.deepEqual(chain, naiveChain(uses));
    assert.deepEqual(chain, [
      'orders-api → deployment dep1 (stage prod): GET /orders → fn (integration)',
      'other-api → deployment dep1 (stage prod): GET /orders → fn (integration)',
      'auth-api → deployment dep1 (stage prod): GET /orders → fn (integration)',
      'auth-api → deployment dep1 (stage prod): authorizer token-check → fn (authorizer)',
    ]);
  });

  it('compares uses whose places repeat within one part', () => {
    const links = lambdaFunctionLinks(withFunctions({ rest: [withMethods(ordersApi(), true)] }));
    const uses = links.uses.get(FN_ARN)!;
    assert.equal(uses.length, 2);
    assert.deepEqual(invocationChain({ name: 'fn' }, summarizeUses(uses)), ['orders-api → deployment dep1 (stage prod): GET /orders → fn (integration)']);
  });
});

describe('resolving function references once', () => {
  const twoStages = (integration: string) => {
    const api = ordersApi({ integration });
    return { ...api, stages: ok([stage({ stageName: 'a', variables: { alias: 'v1' } }), stage({ stageName: 'b', variables: { alias: 'v2' } })]) };
  };

  it('resolves a reference naming a stage variable with each stage’s own variables', () => {
    const links = lambdaFunctionLinks(withFunctions({ rest: [twoStages(`${FN_ARN}:\${stageVariables.alias}`)] }));
    assert.deepEqual([...links.uses.keys()].sort(), [`${FN_ARN}:v1`, `${FN_ARN}:v2`]);
  });

  it('links a reference without stage variables to every stage that serves it', () => {
    const links = lambdaFunctionLinks(withFunctions({ rest: [twoStages(FN_ARN)] }));
    assert.deepEqual(links.uses.get(FN_ARN)?.map((use) => use.where), ['deployment dep1 (stage a): GET /orders', 'deployment dep1 (stage b): GET /orders']);
  });

  it('resolves the same URI anew on each stage once it names a stage variable, and once for all when it names none', () => {
    const fixed = twoStages(FN_ARN);
    const variable = { ...twoStages(`${FN_ARN}:\${stageVariables.alias}`), id: 'other', arn: 'arn:aws:apigateway:eu-west-1::/restapis/other' };
    // Without variables first, the same variable URI later: each stage still resolves it with its own.
    const links = lambdaFunctionLinks(withFunctions({ rest: [fixed, variable, { ...fixed, id: 'third', arn: 'arn:aws:apigateway:eu-west-1::/restapis/third' }] }));
    assert.deepEqual([...links.uses.keys()].sort(), [FN_ARN, `${FN_ARN}:v1`, `${FN_ARN}:v2`]);
    assert.equal(links.uses.get(FN_ARN)?.length, 4);
    const unset = { ...twoStages(`${FN_ARN}:\${stageVariables.alias}`), stages: ok([stage({ stageName: 'a', variables: { alias: 'v1' } }), stage({ stageName: 'b' })]) };
    const partly = lambdaFunctionLinks(withFunctions({ rest: [unset] }));
    assert.deepEqual([...partly.uses.keys()], [`${FN_ARN}:v1`]);
    assert.equal(partly.unknown.length, 1);
  });

  it('reads integration types in any case and spacing, as written once', () => {
    const typed = (type: string | undefined) => {
      const api = restApi({ resources: [resource('/orders', { GET: { authorizationType: 'AWS_IAM', methodIntegration: { type, uri: invocationUri(FN_ARN) } } })], stages: [stage()] });
      return [...lambdaFunctionLinks(withFunctions({ rest: [api] })).uses.keys()];
    };
    for (const type of ['AWS_PROXY', 'AWS', ' aws_proxy ', 'Aws']) assert.deepEqual(typed(type), [FN_ARN], type);
    for (const type of ['HTTP_PROXY', 'MOCK', '', undefined]) assert.deepEqual(typed(type), [], String(type));
  });
});

describe('the invocation chain of a function', () => {
  const use = (i: number, role: 'integration' | 'authorizer' = 'integration') => ({ apiArn: 'arn:a', apiName: 'orders-api', role, where: `deployment d1 (stage prod): GET /p${i}` });

  it('lists each use once, in order', () => {
    assert.deepEqual(invocationChain({ name: 'fn' }, summarizeUses([use(1), use(2), use(1), use(1, 'authorizer')]), 'ok'), [
      'orders-api → deployment d1 (stage prod): GET /p1 → fn (integration): ok',
      'orders-api → deployment d1 (stage prod): GET /p2 → fn (integration): ok',
      'orders-api → deployment d1 (stage prod): GET /p1 → fn (authorizer): ok',
    ]);
  });

  it('tells apart uses of one place by API name and role, whatever their order', () => {
    const at = (apiName: string, role: 'integration' | 'authorizer' = 'integration') => ({ apiArn: `arn:${apiName}`, apiName, role, where: 'stage $default: authorizer auth' });
    const chain = invocationChain({ name: 'fn' }, summarizeUses([at('a'), at('b'), at('a', 'authorizer'), at('b'), at('a'), at('a', 'authorizer'), at('c')]));
    assert.deepEqual(chain, [
      'a → stage $default: authorizer auth → fn (integration)',
      'b → stage $default: authorizer auth → fn (integration)',
      'a → stage $default: authorizer auth → fn (authorizer)',
      'c → stage $default: authorizer auth → fn (integration)',
    ]);
  });

  it('keeps the lines a result can keep and counts the others, instead of building every one', () => {
    const uses = Array.from({ length: 5_000 }, (_, i) => use(i % 4_000));
    const summary = summarizeUses(uses);
    assert.equal(summary.shown.length, MAX_EVIDENCE_ITEMS);
    const chain = invocationChain({ name: 'fn' }, summary);
    assert.equal(chain.length, MAX_EVIDENCE_ITEMS + 1);
    assert.equal(chain[0], 'orders-api → deployment d1 (stage prod): GET /p0 → fn (integration)');
    assert.equal(chain.at(-1), `… ${4_000 - MAX_EVIDENCE_ITEMS} more not shown`);
  });
});

describe('the summaries the checks read, pinned to every use', () => {
  const fnArn = (name: string, account = ACCOUNT, region = 'eu-west-1') => `arn:aws:lambda:${region}:${account}:function:${name}`;
  const lambdaMethod = (target: string) => ({ methodIntegration: { type: 'AWS_PROXY', uri: invocationUri(target) } });
  /** `n` methods GET /p0… naming `target(i)`. */
  const methods = (n: number, target: (i: number) => string, prefix = '/p') => Array.from({ length: n }, (_, i) => resource(`${prefix}${i}`, { GET: lambdaMethod(target(i)) }));
  /** Its stage serves its own deployment (`d-<id>`): no other API's part has its `judgedOn`, unless `extra` says so. */
  const api = (id: string, name: string, resources: ReturnType<typeof resource>[], extra: Partial<Parameters<typeof restApi>[0]> = {}) =>
    restApi({ id, name, resources, stages: [stage({ deploymentId: `d-${id}` })], ...extra });
  /** A method the TOKEN authorizer naming `target` guards (a deployment holds the authorizers its methods name). */
  const guarded = (target: string) => ({ authorizers: [tokenAuthorizer(target)] });
  const guardedMethod = resource('/zz-guarded', { GET: { authorizationType: 'CUSTOM', authorizerId: 'auth1', methodIntegration: { type: 'HTTP_PROXY', uri: 'https://example.com' } } });

  /** A line per distinct (API name, place, role), as the chain spelled every use before it was summed up. */
  const naiveChain = (uses: readonly LambdaUse[], finding: string) => {
    const seen = new Set<string>();
    const lines = uses
      .filter((u) => {
        const key = JSON.stringify([u.apiName, u.where, u.role]);
        return !seen.has(key) && seen.add(key) !== undefined;
      })
      .map((u) => `${u.apiName} → ${u.where} → fn (${u.role}): ${finding}`);
    return lines.length <= MAX_EVIDENCE_ITEMS ? lines : [...lines.slice(0, MAX_EVIDENCE_ITEMS), `… ${lines.length - MAX_EVIDENCE_ITEMS} more not shown`];
  };

  /** Every function, role and chain of the summaries equals what every use spells; returns the summaries. */
  const pinned = (inv: Inventory) => {
    const full = lambdaFunctionLinks(inv);
    const summaries = functionUseSummaries(inv);
    assert.deepEqual(summaries.unknown, full.unknown);
    for (const role of [undefined, 'integration', 'authorizer'] as const) {
      const expected = [...full.uses].map(([arn, uses]) => [arn, uses.filter((u) => !role || u.role === role)] as const).filter(([, uses]) => uses.length > 0);
      const actual = [...summaries.functions].flatMap(([arn, f]) => {
        const summary = f.of(role);
        return summary ? [[arn, summary] as const] : [];
      });
      assert.deepEqual(
        actual.map(([arn]) => arn),
        expected.map(([arn]) => arn),
        String(role),
      );
      expected.forEach(([arn, uses], i) => {
        const summary = actual[i]![1];
        assert.ok(summary.shown.length <= MAX_EVIDENCE_ITEMS, arn);
        assert.deepEqual(invocationChain({ name: 'fn' }, summary, 'x'), naiveChain(uses, 'x'), `${arn} ${role}`);
        assert.deepEqual(summary.apiArns(), [...new Set(uses.map((u) => u.apiArn))].sort(), `${arn} ${role}`);
      });
    }
    return summaries;
  };

  it('keep 100 lines and count the rest, at the bound, one before and one past it, a role apart', () => {
    const summaries = pinned(
      withFunctions({
        rest: [
          // f100 guards an API first: its chain of all roles is one ahead of its integrations'.
          api('a0', 'a0', [guardedMethod], guarded(fnArn('f100'))),
          api('a99', 'a99', methods(99, () => fnArn('f99'))),
          api('a100', 'a100', methods(100, () => fnArn('f100'))),
          // Every method and the authorizer name f101: the chain of all roles is full before the authorizer's line.
          api('a101', 'a101', [...methods(101, () => fnArn('f101')), guardedMethod], guarded(fnArn('f101'))),
        ],
      }),
    );
    const f101 = summaries.functions.get(fnArn('f101'))!;
    assert.deepEqual([f101.all.count, f101.all.shown.length, f101.authorizer?.count, f101.integration?.count], [102, 100, 1, 101]);
    const f100 = summaries.functions.get(fnArn('f100'))!;
    assert.deepEqual([f100.all.count, f100.integration?.shown.length], [101, 100]);
  });

  it('tell repeats across APIs of one name and parts of one judgedOn, stage and canary, however many lines', () => {
    const canary = stage({ canarySettings: { deploymentId: 'dep1', percentTraffic: 10 } });
    const dep1 = { stages: [stage()] };
    const shared = methods(150, (i) => fnArn(i % 3 === 0 ? 'other' : 'f'));
    pinned(
      withFunctions({
        rest: [
          // An authorizer line first: the chain of all roles is ahead of the integrations' by one.
          api('r0', 'auth-first', [guardedMethod], guarded(fnArn('f'))),
          api('r1', 'same', shared, { stages: [canary] }),
          api('r2', 'same', shared, dep1),
          api('r3', 'third', shared, dep1),
          api('r4', 'fourth', [...methods(120, () => fnArn('f')), ...methods(2, () => fnArn('f'), '/p')]),
        ],
      }),
    );
  });

  it('join the uses of a function across APIs, regions and accounts', () => {
    const eu = region({ restApis: [api('e1', 'eu-api', methods(3, (i) => fnArn(i ? 'shared' : 'x', i === 2 ? '999999999999' : ACCOUNT)))] });
    const http = v2Api({ Name: 'us-http', arn: 'arn:aws:apigateway:us-east-1::/apis/h1', integrations: [{ IntegrationId: 'i1', IntegrationType: 'AWS_PROXY', IntegrationUri: fnArn('shared') }], stages: [v2Stage()] });
    const us = region({ region: 'us-east-1', restApis: [api('u1', 'us-api', methods(2, () => fnArn('shared')), { arn: 'arn:aws:apigateway:us-east-1::/restapis/u1' })], v2Apis: [http] });
    const summaries = pinned(inventory({ regions: [eu, us] }));
    assert.deepEqual(summaries.functions.get(fnArn('shared'))!.all.apiArns().length, 3);
  });

  it('name what cannot be resolved in the order every use did, stage variables or not', () => {
    const variable = `${FN_ARN}:\${stageVariables.alias}`;
    const mixed = [...methods(2, () => FN_ARN), resource('/v', { GET: lambdaMethod(variable) }), resource('/bad', { GET: lambdaMethod('not-an-arn') })];
    const summaries = pinned(
      withFunctions({
        rest: [
          api('m1', 'mixed', mixed, { stages: [stage({ stageName: 'a', variables: { alias: 'v1' } }), stage({ stageName: 'b' })] }),
          api('f1', 'fixed', [...methods(2, () => FN_ARN), resource('/bad', { GET: lambdaMethod('not-an-arn') }), guardedMethod], guarded('nope')),
        ],
      }),
    );
    assert.deepEqual(
      summaries.unknown.map((u) => u.reason),
      [
        'deployment dep1 (stage a): GET /bad: not-an-arn is not the ARN of a Lambda function',
        'deployment dep1 (stage b): GET /bad: not-an-arn is not the ARN of a Lambda function',
        `deployment dep1 (stage b): GET /v: ${variable} names a stage variable the stage does not set`,
        'deployment d-f1 (stage prod): GET /bad: not-an-arn is not the ARN of a Lambda function',
        'deployment d-f1 (stage prod): authorizer token-check: nope is not the ARN of a Lambda function',
      ],
    );
  });
});

describe('a function resource policy', () => {
  it('counts a wildcard account in a source ARN as no pinning, a fixed one as pinning', () => {
    const wildcard = analyseFunctionPolicy(JSON.stringify(apiGatewayPolicy({ ArnLike: { 'aws:SourceArn': 'arn:aws:execute-api:*:*:abc/*' } })));
    assert.ok(wildcard.ok && wildcard.analysis.unboundApiGateway.length === 1);
    const fixed = analyseFunctionPolicy(JSON.stringify(apiGatewayPolicy({ ArnLike: { 'aws:SourceArn': 'arn:aws:execute-api:eu-west-1:123456789012:*/*' } })));
    assert.ok(fixed.ok && fixed.analysis.unboundApiGateway.length === 0);
  });

  it('sees a public function URL grant apart from a public invoke grant', () => {
    const analysed = analyseFunctionPolicy(policyOf(PUBLIC_URL_STATEMENT));
    assert.ok(analysed.ok);
    assert.equal(analysed.analysis.publicUrlInvoke.length, 1);
    assert.equal(analysed.analysis.publicInvoke.length, 0);
  });
});

describe('runtime deprecation', () => {
  it('is judged at the given time, from the table date on', () => {
    assert.equal(runtimeState({ Runtime: 'python3.9' }, new Date('2025-12-14T23:59:59Z')).state, 'supported');
    assert.equal(runtimeState({ Runtime: 'python3.9' }, new Date('2025-12-15T00:00:00Z')).state, 'deprecated');
    assert.equal(runtimeState({ PackageType: 'Image' }, new Date()).state, 'image');
    assert.equal(runtimeState({ Runtime: 'cobol85' }, new Date()).state, 'unknown');
  });
});

describe('the severity of what a function opens', () => {
  const severityOf = (check: AnyCheck, policy: string, url: { FunctionUrl: string; AuthType: string } | null = null) =>
    runChecks([check], withFunctions({ rest: [ordersApi()] }, { [FN_ARN]: lambdaFunction({ policy: ok(policy), url: ok(url) }) }))[0]?.severity;
  const none = { FunctionUrl: 'https://x.lambda-url.eu-west-1.on.aws/', AuthType: 'NONE' };

  it('is critical for a public function or URL, the check’s own otherwise', () => {
    assert.equal(severityOf(lambdaInvokePolicy, policyOf({ Effect: 'Allow', Principal: '*', Action: 'lambda:InvokeFunction', Resource: FN_ARN })), 'critical');
    assert.equal(severityOf(lambdaInvokePolicy, JSON.stringify(apiGatewayPolicy(null))), 'high');
    assert.equal(severityOf(lambdaFunctionUrlAuth, policyOf(PUBLIC_URL_STATEMENT), none), 'critical');
    assert.equal(severityOf(lambdaFunctionUrlAuth, JSON.stringify(apiGatewayPolicy()), none), 'medium');
  });

  it('links the finding to every API the function serves', () => {
    const [result] = runChecks([lambdaInvokePolicy], withFunctions({ rest: [ordersApi()] }, { [FN_ARN]: lambdaFunction() }));
    assert.deepEqual(result?.resource.linkedApiArns, ['arn:aws:apigateway:eu-west-1::/restapis/a1b2c3d4e5']);
  });
});
