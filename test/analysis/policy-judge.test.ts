import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  allowRestrictions,
  allowsEveryone,
  analysePublicAccess,
  coversArn,
  coversInvoke,
  deniesEveryone,
  denyBlocksOutsiders,
  describeClause,
  methodTarget,
  publicAccessJudge,
  reachesArn,
  statementLabel,
  type ApiContext,
  type CallerOptions,
  type MethodTarget,
  type PolicyDocument,
  type PublicAccessAnalysis,
} from '../../src/analysis/policy.js';
import { API, CTX, doc } from './policy-fixtures.js';


/** The analysis matched target by target, statement by statement: what the prepared judge must agree with. */
function reference(document: PolicyDocument, ctx: ApiContext, options: CallerOptions, targets: readonly MethodTarget[]): PublicAccessAnalysis {
  const caller = { ...options, partition: options.partition ?? ctx.partition };
  const result: PublicAccessAnalysis = { open: [], restricted: [], neutralised: [], elsewhere: [] };
  const labelled = document.Statement.map((s, i) => ({ s, label: statementLabel(s, i) }));
  const blockers = labelled.filter(({ s }) => s.Effect === 'Deny' && deniesEveryone(s) && coversInvoke(s) && denyBlocksOutsiders(s, caller));
  for (const { s, label } of labelled) {
    if (s.Effect !== 'Allow' || !allowsEveryone(s) || !coversInvoke(s)) continue;
    const scope = targets.filter((t) => reachesArn(s, ctx, t.arn, t.requests));
    if (scope.length === 0) {
      result.elsewhere.push(label);
      continue;
    }
    const restrictions = allowRestrictions(s, caller);
    if (restrictions.length) {
      result.restricted.push({ statement: label, restrictedBy: restrictions.map(describeClause) });
      continue;
    }
    const blockerOf = (t: MethodTarget) => blockers.find(({ s: d }) => coversArn(d, ctx, t.arn, t.requests))?.label;
    const unblocked = scope.filter((t) => !blockerOf(t));
    if (unblocked.length === 0) {
      result.neutralised.push({ statement: label, deniedBy: [...new Set(scope.map((t) => blockerOf(t)!))].join(', ') });
      continue;
    }
    result.open.push({ statement: label, stages: [...new Set(unblocked.map((t) => t.stage))].sort() });
  }
  return result;
}

const RESOURCES = [
  'execute-api:/*',
  '*',
  'arn:aws:execute-api:*',
  `${API}/*`,
  `${API}/**`,
  `${API}*`,
  `${API}`,
  `${API}?*`,
  `${API}/prod/*`,
  `${API}/*/GET/*`,
  'execute-api:/prod/GET/pets/7',
  'arn:aws:execute-api:us-east-1:*',
  'arn:aws:execute-api:eu-west-1:123456789012:otherapi0/*',
  'arn:aws:execute-api:*:123456789012:a1b2c3d4e5/*',
  'arn:aws:s3:::bucket/*',
];
const METHODS: [string, string, string][] = [
  ['prod', 'GET', '/pets/{id}'],
  ['dev', 'ANY', '/{proxy+}'],
  ['prod', 'POST', '/'],
  ['prod', 'GET', '/pets/7'],
];
const CALLERS: CallerOptions[] = [{ caller: 'internet' }, { caller: 'any-vpc-endpoint', families: ['ipv4'] }];
const allow = (resource: Record<string, string>) => ({ Sid: 'Open', Effect: 'Allow', Principal: '*', Action: 'execute-api:Invoke', ...resource });
const deny = (resource: Record<string, string>, extra = {}) => ({ Sid: 'Block', Effect: 'Deny', Principal: '*', Action: 'execute-api:Invoke', ...resource, ...extra });

describe('publicAccessJudge', () => {
  it('answers every method as the target-by-target analysis does, for Resource and NotResource patterns that reach all, none or some methods', () => {
    let compared = 0;
    for (const r of RESOURCES) {
      for (const element of ['Resource', 'NotResource']) {
        const documents = [
          doc(allow({ [element]: r })),
          doc(allow({ Resource: 'execute-api:/*' }), deny({ [element]: r })),
          doc(allow({ [element]: r }), deny({ Resource: r }, { Condition: { StringNotEquals: { 'aws:SourceVpce': 'vpce-0a1b2c3d4e5f60718' } } })),
        ];
        for (const document of documents) {
          for (const caller of CALLERS) {
            const judge = publicAccessJudge(document, CTX, caller);
            for (const [stage, verb, path] of METHODS) {
              const expected = reference(document, CTX, caller, [methodTarget(CTX, stage, verb, path)]);
              assert.deepEqual(judge.analyseMethod(stage, verb, path), expected, `${element} ${r} ${verb} ${path}`);
              assert.deepEqual(judge.analyse([methodTarget(CTX, stage, verb, path)]), expected);
              compared += 1;
            }
            const all = METHODS.map(([stage, verb, path]) => methodTarget(CTX, stage, verb, path));
            assert.deepEqual(judge.analyse(all), reference(document, CTX, caller, all));
          }
        }
      }
    }
    assert.equal(compared, RESOURCES.length * 2 * 3 * CALLERS.length * METHODS.length);
  });

  it('is path-independent only when every statement reaches all or none of the API', () => {
    assert.equal(publicAccessJudge(doc(allow({ Resource: 'execute-api:/*' }), deny({ Resource: 'arn:aws:execute-api:us-east-1:*' })), CTX).pathIndependent, true);
    assert.equal(publicAccessJudge(doc(allow({ NotResource: `${API}/*` })), CTX).pathIndependent, true);
    assert.equal(publicAccessJudge(doc(allow({ Resource: 'execute-api:/*' }), deny({ Resource: 'execute-api:/*/POST/pets' })), CTX).pathIndependent, false);
    assert.equal(publicAccessJudge(doc(allow({ Resource: `${API}/prod/*` })), CTX).pathIndependent, false);
    // A statement for another principal or action is never asked about its resources.
    assert.equal(publicAccessJudge(doc(allow({ Resource: 'execute-api:/*' }), { ...deny({ Resource: 'execute-api:/*/GET/x' }), Action: 's3:GetObject' }), CTX).pathIndependent, true);
  });

  it('matches a target of another API rather than reusing the answer for this one', () => {
    const other = methodTarget({ ...CTX, apiId: 'otherapi0' }, 'prod', 'GET', '/pets');
    const document = doc(allow({ Resource: 'execute-api:/*' }));
    const judge = publicAccessJudge(document, CTX);
    assert.deepEqual(judge.analyse([other]), { open: [], restricted: [], neutralised: [], elsewhere: ['Open (Statement[0])'] });
    assert.deepEqual(judge.analyse([other]), reference(document, CTX, {}, [other]));
  });

  it('judges the policy as a whole by matching each scope, never by the answers for the API\'s methods', () => {
    // The Allow's scope is this API's prod stage in any region: the Deny, naming this region only, does not cover it all.
    const document = doc(allow({ Resource: 'arn:aws:execute-api:*:123456789012:a1b2c3d4e5/prod/*' }), deny({ Resource: `${API}/*` }));
    assert.equal(publicAccessJudge(document, CTX).pathIndependent, false);
    assert.deepEqual(analysePublicAccess(document, CTX), { open: [{ statement: 'Open (Statement[0])' }], restricted: [], neutralised: [], elsewhere: [] });
    const everyRegion = doc(allow({ Resource: 'execute-api:/*' }), deny({ Resource: `${API}/*` }));
    assert.deepEqual(publicAccessJudge(everyRegion, CTX).analyseWhole(), {
      open: [],
      restricted: [],
      neutralised: [{ statement: 'Open (Statement[0])', deniedBy: 'Block (Statement[1])' }],
      elsewhere: [],
    });
  });

  it('hands out its restriction lists as copies', () => {
    const judge = publicAccessJudge(doc(allow({ Resource: 'execute-api:/*' })), CTX);
    const restrictedDoc = doc({ ...allow({ Resource: 'execute-api:/*' }), Condition: { IpAddress: { 'aws:SourceIp': '203.0.113.0/24' } } });
    const restricted = publicAccessJudge(restrictedDoc, CTX);
    const first = restricted.analyseMethod('prod', 'GET', '/');
    first.restricted[0]!.restrictedBy.push('changed');
    assert.deepEqual(restricted.analyseMethod('prod', 'GET', '/').restricted[0]!.restrictedBy, ['IpAddress aws:SourceIp 203.0.113.0/24']);
    assert.equal(judge.pathIndependent, true);
  });
});
