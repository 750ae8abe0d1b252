import { defineCheck } from '../../src/engine/define.js';
import { deployedMethods, type RestMethodRef } from '../../src/analysis/method-settings.js';
import {
  apiContext,
  endpointFamilies,
  policyJudges,
  type PreparedPolicy,
  type CallerOptions,
  type PublicAccessAnalysis,
  type PublicAccessJudge,
} from '../../src/analysis/policy.js';
import type { CollectionError, DeployedRestConfig } from '../../src/inventory/schema.js';
import {
  judgedPolicy,
  notJudgedEntry,
  restServedViews,
  servedName,
  servedSource,
  uniqueMethods,
  type JudgedPolicy,
  type ServedView,
} from '../../src/analysis/served.js';
import type { RestApiEntity } from '../../src/inventory/view.js';

/**
 * The methods of one served view that an unrestricted grant opens to the caller, in that view's
 * stage. When no statement's answer depends on the method, the first method's answer is every one's.
 */
function openMethods(api: RestApiEntity['api'], view: ServedView, config: DeployedRestConfig, judge: PublicAccessJudge): RestMethodRef[] {
  const methods = deployedMethods(config, api);
  const opens = (m: RestMethodRef) => judge.analyseMethod(view.stageName, m.httpMethod, m.path).open.length > 0;
  if (judge.pathIndependent) return methods.length > 0 && opens(methods[0]!) ? [...methods] : [];
  return methods.filter(opens);
}


type Verdict =
  | { kind: 'none' }
  | { kind: 'invalid'; reason: string }
  /** Only the working copy's policy was judged and it clears the view: that cannot pass. */
  | { kind: 'unverified'; reason: string }
  | { kind: 'closed'; analysis: PublicAccessAnalysis }
  | { kind: 'open'; analysis: PublicAccessAnalysis; openMethods: RestMethodRef[] };

interface ViewVerdict {
  view: ServedView;
  policy: JudgedPolicy;
  verdict: Verdict;
}

/**
 * The policy one view serves, judged as a whole. When the view's source does not show its
 * policy the working copy's stands in (and says so): it may show the view open, but never
 * clears it, since a policy change takes effect only when deployed.
 */
function judgeView(api: RestApiEntity['api'], view: ServedView, config: DeployedRestConfig, judgeOf: (policy: string) => PreparedPolicy): ViewVerdict {
  const policy = judgedPolicy(api, view, config);
  const result = (verdict: Verdict): ViewVerdict => ({ view, policy, verdict });
  const unverified = (what: string): ViewVerdict =>
    result({
      kind: 'unverified',
      reason:
        `${servedSource(view, config)} does not show the deployed resource policy and ${what}, ` +
        `but a policy change takes effect only when deployed: check ${servedName(view)} by hand`,
    });
  if (!policy.policy) return policy.deployed ? result({ kind: 'none' }) : unverified('the working copy has none');
  const parsed = judgeOf(policy.policy);
  if (!parsed.ok) return result({ kind: 'invalid', reason: parsed.reason });
  const analysis = parsed.judge.analyseWhole();
  if (analysis.open.length > 0) {
    return result({ kind: 'open', analysis, openMethods: openMethods(api, view, config, parsed.judge) });
  }
  return policy.deployed ? result({ kind: 'closed', analysis }) : unverified("the working copy's policy grants no unrestricted access");
}

function unique(values: readonly string[]): string[] {
  return [...new Set(values)];
}

/** Evidence common to the views judged, merged (the same policy is usually served by all). */
function grantsEvidence(analyses: readonly PublicAccessAnalysis[]) {
  const elsewhere = unique(analyses.flatMap((a) => a.elsewhere));
  return {
    publicGrants: Math.max(0, ...analyses.map((a) => a.open.length + a.restricted.length + a.neutralised.length)),
    restricted: unique(analyses.flatMap((a) => a.restricted.map((r) => `${r.statement}: ${r.restrictedBy.join('; ')}`))),
    neutralised: unique(analyses.flatMap((a) => a.neutralised.map((n) => `${n.statement} denied by ${n.deniedBy}`))),
    ...(elsewhere.length ? { elsewhere } : {}),
  };
}

/** What the policies were judged on, when a working copy stood in for any (`undefined`: all deployed). */
function policyJudgedOn(views: readonly ViewVerdict[]): string | undefined {
  if (views.every((v) => v.policy.deployed)) return undefined;
  const values = unique(views.map((v) => v.policy.policyJudgedOn));
  return values.length === 1 ? values[0] : views.map((v) => `${v.view.label}: ${v.policy.policyJudgedOn}`).join('; ');
}

type MessageId = 'not-public' | 'public' | 'private-pinned' | 'private-unpinned' | 'no-policy' | 'private-no-policy' | 'not-deployed';

export default defineCheck<RestApiEntity, MessageId>({
  id: 'rest-resource-policy-public',
  title: 'REST API resource policies do not let everyone invoke the API (private APIs: pinned to VPC endpoints or an organisation)',
  severity: 'high',
  resourceTypes: ['rest-api'],
  reads: ['rest-stages', 'rest-deployments'],
  rationale:
    'A resource policy that allows execute-api:Invoke to Principal "*" (or {"AWS": "*"}) with no ' +
    'condition an outsider fails lets anyone invoke what it names, and on methods without ' +
    'authorization that means anyone at all. Such grants are usually copied from examples and meant ' +
    'to be narrowed later. A private API is reachable through any interface VPC endpoint for ' +
    'execute-api, including endpoints in other accounts\' VPCs, unless its policy pins the endpoints ' +
    '(aws:SourceVpce, aws:SourceVpc) or the organisation (aws:PrincipalOrgID, aws:VpceOrgID, ' +
    'aws:VpceAccount, …) allowed (Developer Guide: "Private REST APIs in API Gateway"). Conditions ' +
    'are judged as IAM evaluates them (IAM User Guide: "Condition operators"): a key the caller lacks ' +
    'makes a positive operator false and a negated one true, so "aws:SourceVpce like vpce-*" keeps ' +
    'internet callers out of a public API but admits every VPC endpoint to a private one; values ' +
    'matching every value of their kind (vpce-*, o-*, arn:aws:iam::*:*, *, ?*) and source ranges ' +
    'that together cover a whole address family pin nothing. An Allow counts for the resources of this ' +
    'API it names (Resource or NotResource; another API\'s ARN grants nothing here), and a Deny ' +
    'neutralises it only when the Deny applies to everyone, covers Invoke on everything the Allow ' +
    'names and has conditions true for every outsider. The methods an open grant reaches are listed. ' +
    'The policy judged is the one each stage (and each canary with its own deployment) serves, not the ' +
    'working copy: "If you update the resource policy, you\'ll need to deploy the API" (Developer ' +
    'Guide: "Create and attach an API Gateway resource policy to an API"), so a narrowing never ' +
    'deployed still fails, naming the stage. Where the deployed view does not show the policy (a ' +
    'canary\'s API summary, an export without it), the working copy\'s is judged and the finding ' +
    'says so; it may fail the stage but never passes it (a restriction, or the absence of a policy, ' +
    'only the draft shows is an ERROR). A deployed view that could not be read is an ERROR.',
  remediation: {
    text:
      'Narrow the public Allow with a condition (aws:SourceIp, aws:SourceVpce, aws:PrincipalOrgID, …) ' +
      'or name the principals it is for; for private APIs, add an explicit Deny for requests whose ' +
      'aws:SourceVpce is not one of yours. Redeploy the API for the policy to take effect.',
    cli: "aws apigateway update-rest-api --rest-api-id <api-id> --patch-operations op=replace,path=/policy,value='<policy-json>' && aws apigateway create-deployment --rest-api-id <api-id> --stage-name <stage>",
    docs: 'https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-resource-policies-examples.html',
  },
  mappings: {
    owaspApi2023: ['API2', 'API8'],
  },
  messages: {
    'not-public': 'The resource policy grants no unrestricted public access (grants to everyone: {publicGrants}, all restricted or denied).',
    public: 'The resource policy lets anyone invoke the API: {openStatements}.',
    'private-pinned':
      'The private API\'s resource policy pins access to its VPC endpoints or organisation (grants to everyone: {publicGrants}, all pinned or denied).',
    'private-unpinned':
      'The private API\'s resource policy lets any VPC endpoint, in any AWS account, invoke it: {openStatements}.',
    'no-policy': 'The API has no resource policy.',
    'private-no-policy': 'The private API has no resource policy, so nothing can invoke it.',
    'not-deployed': 'The API has no stage, so no resource policy is served.',
  },
  select: (view) => view.restApis(),
  evaluate: ({ api, region }, outcome, view) => {
    const endpointTypes = api.endpointConfiguration?.types ?? [];
    const isPrivate = endpointTypes.includes('PRIVATE');
    const endpointType = endpointTypes.join(',') || 'unset';
    if (!api.stages.ok) return outcome.gap(api.stages.error, { endpointType });
    if (api.stages.value.length === 0) return outcome.notApplicable('not-deployed', { endpointType, stages: [] });
    const ctx = apiContext(api, region.region, view);
    const options: CallerOptions = {
      caller: isPrivate ? 'any-vpc-endpoint' : 'internet',
      families: endpointFamilies(api.endpointConfiguration?.ipAddressType),
    };
    const judgeOf = policyJudges(ctx, options);
    const judged: ViewVerdict[] = [];
    const gaps: { view: ServedView; error: CollectionError }[] = [];
    for (const served of restServedViews(api, api.stages.value)) {
      if (served.config.ok) judged.push(judgeView(api, served, served.config.value, judgeOf));
      else gaps.push({ view: served, error: served.config.error });
    }
    const undecided = judged.flatMap((j) => (j.verdict.kind === 'invalid' || j.verdict.kind === 'unverified' ? [{ j, reason: j.verdict.reason }] : []));
    const notJudged = [...gaps.map((g) => notJudgedEntry(g.view, g.error)), ...undecided.map((u) => `${u.j.view.label}: ${u.reason}`)];
    const base = { endpointType, judgedOn: judged.map((j) => j.view.judgedOn) };

    const open = judged.flatMap((j) => (j.verdict.kind === 'open' ? [{ j, verdict: j.verdict }] : []));
    if (open.length) {
      const judgedOn = policyJudgedOn(open.map((o) => o.j));
      return outcome.fail(isPrivate ? 'private-unpinned' : 'public', {
        ...base,
        ...grantsEvidence(open.map((o) => o.verdict.analysis)),
        openStatements: unique(open.flatMap((o) => o.verdict.analysis.open.map((g) => g.statement))),
        openMethods: uniqueMethods(open.flatMap((o) => o.verdict.openMethods)).map((m) => m.label),
        stages: open.map((o) => o.j.view.label),
        judgedOn: open.map((o) => o.j.view.judgedOn),
        ...(judgedOn ? { policyJudgedOn: judgedOn } : {}),
        ...(notJudged.length ? { notJudged } : {}),
      });
    }
    const firstGap = gaps[0];
    if (firstGap) return outcome.gap(firstGap.error, { ...base, stages: gaps.map((g) => g.view.label), notJudged });
    if (undecided.length) {
      const judgedOn = policyJudgedOn(undecided.map((u) => u.j));
      return outcome.invalid(notJudged.join('; '), {
        ...base,
        stages: undecided.map((u) => u.j.view.label),
        ...(judgedOn ? { policyJudgedOn: judgedOn } : {}),
      });
    }
    const closed = judged.flatMap((j) => (j.verdict.kind === 'closed' ? [j.verdict.analysis] : []));
    if (closed.length) return outcome.pass(isPrivate ? 'private-pinned' : 'not-public', { ...base, ...grantsEvidence(closed) });
    return outcome.notApplicable(isPrivate ? 'private-no-policy' : 'no-policy', base);
  },
});
