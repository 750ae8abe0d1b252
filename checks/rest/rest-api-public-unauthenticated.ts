import { defineCheck } from '../../src/engine/define.js';
import { guestInvokers, restBorrowedAccess, type BorrowedAccess, type BorrowedAccessAnalysis, type Guests } from '../../src/analysis/cognito.js';
import { domainMutualTls } from '../../src/analysis/domains.js';
import {
  unknownAuthorizationReason,
  unknownPreflightReason,
  type RestMethodRef,
} from '../../src/analysis/method-settings.js';
import {
  apiContext,
  coversArn,
  coversInvoke,
  deniesEveryone,
  denyBlocksOutsiders,
  endpointFamilies,
  methodTarget,
  policyJudges,
  type PreparedPolicy,
  type ApiContext,
  type CallerOptions,
  type PolicyDocument,
  type PublicAccessAnalysis,
  type PublicAccessJudge,
} from '../../src/analysis/policy.js';
import type { Collected, CollectionError, DeployedRestConfig, DomainName } from '../../src/inventory/schema.js';
import {
  defaultEndpointState,
  judgedPolicy,
  notJudgedEntry,
  restServedViews,
  servedLine,
  servedName,
  uniqueMethods,
  uniqueMethodsOf,
  viewMethods,
  type JudgedPolicy,
  type ServedView,
  type ViewMethods,
} from '../../src/analysis/served.js';
import type { InventoryView, RestApiEntity } from '../../src/inventory/view.js';
import { distinctMethodCount, unknownTypesOf } from '../../src/analysis/method-summary.js';

type MessageId =
  | 'open'
  | 'open-borrowed'
  | 'open-any-vpce'
  | 'authenticated'
  | 'policy-restricts'
  | 'mtls-only'
  | 'private-no-policy'
  | 'not-deployed'
  | 'no-methods'
  | 'not-reachable';

const ANY_VPCE_EXPOSURE = 'reachable from any VPC endpoint in any AWS account';
const MTLS_REASON = 'reachable only by holders of a client certificate trusted by the truststore';

function unique(values: string[]): string[] {
  return [...new Set(values)].sort();
}

/** Why the resource policy keeps the caller from a method, for evidence. */
function keptOutBy(analysis: PublicAccessAnalysis): string[] {
  return [
    ...analysis.restricted.map((r) => `${r.statement} restricted by ${r.restrictedBy.join('; ')}`),
    ...analysis.neutralised.map((n) => `${n.statement} denied by ${n.deniedBy}`),
    ...analysis.elsewhere.map((e) => `${e} does not reach these methods (implicit deny)`),
  ];
}

interface Reach {
  /** Custom domains (or the default endpoint) through which anyone can call. */
  open: string[];
  /** Custom domains that require a client certificate. */
  mtls: string[];
}

/**
 * With the default endpoint disabled, an API is reachable only through the custom domains that
 * map it: public domains for a public API, private domains for a private one. A domain with
 * mutual TLS admits only holders of a trusted client certificate (Developer Guide: "Configuring
 * mutual TLS authentication for a REST API"; mutual TLS is not supported for private APIs).
 */
function domainReach(view: InventoryView, entity: RestApiEntity, isPrivate: boolean): Collected<Reach> {
  const domains = entity.region.apigateway.domainNames;
  if (!domains.ok) return domains;
  const reach: Reach = { open: [], mtls: [] };
  for (const domain of domains.value) {
    if ((domain.endpointConfiguration?.types ?? []).includes('PRIVATE') !== isPrivate) continue;
    if (!domain.basePathMappings.ok) return domain.basePathMappings;
    if (!domain.basePathMappings.value.some((m) => m.restApiId === entity.api.id)) continue;
    (requiresClientCertificate(view, entity, domain) ? reach.mtls : reach.open).push(domain.domainName);
  }
  return { ok: true, value: { open: reach.open.sort(), mtls: reach.mtls.sort() } };
}

function requiresClientCertificate(view: InventoryView, entity: RestApiEntity, domain: DomainName): boolean {
  const joined = view.domains().targets.find((d) => d.region === entity.region && d.name === domain.domainName);
  return joined ? domainMutualTls(joined) !== undefined : Boolean(domain.mutualTlsAuthentication?.truststoreUri?.trim());
}

/** How the exposure of what one stage (or canary) serves was judged. */
type Exposure =
  /** No method without authorization (unknown types are judged later). */
  | { kind: 'closed' }
  /** A private API whose deployment has no resource policy: no caller is admitted. */
  | { kind: 'private-no-policy' }
  | { kind: 'invalid'; reason: string }
  /** The deployed resource policy keeps outside callers from every unauthenticated method. */
  | { kind: 'restricted'; unauthenticated: RestMethodRef[]; keptOut: string[] }
  /** Only the working copy's policy would close it: the deployed one is not known. */
  | { kind: 'unverified'; reason: string }
  | { kind: 'open'; open: RestMethodRef[]; openUnknown: RestMethodRef[]; borrowed: BorrowedAccess[]; policy: string };


/** Who may get guest credentials is the same for every API of a run: read once per view. */
const guestsOfView = new WeakMap<InventoryView, Guests>();

function guestsOf(view: InventoryView): Guests {
  let guests = guestsOfView.get(view);
  if (!guests) guestsOfView.set(view, (guests = guestInvokers(view.inventory)));
  return guests;
}

interface ViewExposure {
  methods: ViewMethods;
  policy: JudgedPolicy;
  exposure: Exposure;
  /** Methods whose authorization anyone can pass, and what could not be judged about them. */
  borrowed: BorrowedAccessAnalysis;
}

/**
 * Does the resource policy keep IAM-authorized callers of the same account out? For them an
 * identity-policy Allow is enough unless the resource policy explicitly denies ("How API Gateway
 * resource policies affect authorization workflow", same-account IAM table): only a Deny counts.
 */
function deniedToIamCallers(document: PolicyDocument, ctx: ApiContext, target: { arn: string; requests: string }, caller: CallerOptions): boolean {
  return document.Statement.some(
    (s) => s.Effect === 'Deny' && deniesEveryone(s) && coversInvoke(s) && denyBlocksOutsiders(s, caller) && coversArn(s, ctx, target.arn, target.requests),
  );
}

/**
 * Which unauthenticated methods one served view leaves open to the caller. The resource policy
 * judged is the one the view's deployment serves; when its source does not show it, the working
 * copy's stands in, which can only make a FAIL (what the draft opens) or an ERROR (what only the
 * draft closes), never a PASS: a restriction in the draft may never have been deployed.
 */
function judgeView(
  api: RestApiEntity['api'],
  view: ServedView,
  config: DeployedRestConfig,
  ctx: ApiContext,
  caller: CallerOptions,
  isPrivate: boolean,
  borrowedOf: (methods: readonly RestMethodRef[]) => BorrowedAccessAnalysis,
  judgeOf: (policy: string) => PreparedPolicy,
): ViewExposure {
  const methods = viewMethods(view, config, api);
  const policy = judgedPolicy(api, view, config);
  const borrowed = borrowedOf(methods.judged);
  const borrowedLabels = new Set(borrowed.borrowed.map((b) => b.label));
  const borrowedMethods = borrowedLabels.size === 0 ? [] : methods.judged.filter((m) => borrowedLabels.has(m.label));
  const candidates = [...methods.open, ...methods.integrationUnknown, ...borrowedMethods];
  const result = (exposure: Exposure): ViewExposure => ({ methods, policy, exposure, borrowed });
  if (candidates.length === 0) return result({ kind: 'closed' });
  const notShown = `${methods.source} does not show the deployed resource policy, and a policy change takes effect only when deployed`;
  if (isPrivate && !policy.policy) {
    if (policy.deployed) return result({ kind: 'private-no-policy' });
    return result({
      kind: 'unverified',
      reason: `${notShown}; the working copy has none, but a private API cannot be deployed without one: check ${servedName(view)} by hand`,
    });
  }
  let document: PolicyDocument | undefined;
  let judge: PublicAccessJudge | undefined;
  if (policy.policy) {
    const parsed = judgeOf(policy.policy);
    if (!parsed.ok) return result({ kind: 'invalid', reason: parsed.reason });
    ({ document, judge } = parsed);
  }
  const openGrants: string[] = [];
  const keptOut: string[] = [];
  // A policy whose every statement answers alike for all the API's methods answers once per view.
  let viewAnswer: boolean | undefined;
  const isOpen = (m: RestMethodRef) => {
    if (!judge) return true;
    if (viewAnswer !== undefined) return viewAnswer;
    const analysis = judge.analyseMethod(view.stageName, m.httpMethod, m.path);
    openGrants.push(...analysis.open.map((g) => g.statement));
    keptOut.push(...keptOutBy(analysis));
    const open = analysis.open.length > 0;
    if (judge.pathIndependent) viewAnswer = open;
    return open;
  };
  // All open: the (frozen) list itself, so that stages serving it share their union (`uniqueMethodsOf`).
  const allOr = (list: RestMethodRef[], kept: RestMethodRef[]) => (kept.length === list.length ? list : kept);
  const open = allOr(methods.open, methods.open.filter(isOpen));
  const openUnknown = allOr(methods.integrationUnknown, methods.integrationUnknown.filter(isOpen));
  const openBorrowed = borrowed.borrowed.filter((b) => {
    const m = borrowedMethods.find((x) => x.label === b.label)!;
    if (b.kind === 'self-sign-up') return isOpen(m);
    return !document || !deniedToIamCallers(document, ctx, methodTarget(ctx, view.stageName, m.httpMethod, m.path), caller);
  });
  if (open.length + openUnknown.length + openBorrowed.length === 0) {
    if (!policy.deployed) {
      return result({
        kind: 'unverified',
        reason:
          `${notShown}; only the working copy's policy keeps callers from ${candidates.map((m) => m.label).join(', ')} ` +
          `on ${servedName(view)}: check by hand`,
      });
    }
    return result({ kind: 'restricted', unauthenticated: candidates, keptOut: unique(keptOut) });
  }
  const described = document ? `statements allow everyone without a restricting condition: ${unique(openGrants).join(', ')}` : 'no resource policy';
  return result({ kind: 'open', open, openUnknown, borrowed: openBorrowed, policy: described });
}

/** What the policies were judged on, when a working copy stood in for any (`undefined`: all deployed). */
function policyJudgedOn(views: readonly ViewExposure[]): string | undefined {
  if (views.every((v) => v.policy.deployed)) return undefined;
  const values = unique(views.map((v) => v.policy.policyJudgedOn));
  return values.length === 1 ? values[0] : views.map((v) => `${v.methods.view.label}: ${v.policy.policyJudgedOn}`).join('; ');
}

export default defineCheck<RestApiEntity, MessageId>({
  id: 'rest-api-public-unauthenticated',
  title: 'No REST API method can be invoked without authentication by anyone on the internet (private APIs: by any VPC endpoint)',
  severity: 'critical',
  resourceTypes: ['rest-api'],
  reads: ['rest-stages', 'rest-deployments', 'rest-authorizers', 'domains', 'user-pools', 'identity-pools', 'iam-policies'],
  rationale:
    'This is the exposure the other REST checks add up to: a deployed API with a method whose ' +
    'authorization type is NONE that a caller the owner does not control can reach. For an ' +
    'internet-facing API (edge-optimized or regional) that is anyone on the internet; for a private ' +
    'API it is anyone with an execute-api VPC endpoint in any AWS account, unless the resource ' +
    'policy pins the endpoints, VPCs or organisation allowed (Developer Guide: "Private REST APIs in ' +
    'API Gateway", "Create a resource policy for a private API"); a private API without a policy ' +
    'admits no one. An API key changes nothing: keys are for usage plans, not access control. ' +
    'With a resource policy, a method is open only if an Allow to everyone reaches it (its ' +
    'Resource or NotResource, stage, verb and path) with conditions an outsider can satisfy and no ' +
    'Deny for everyone covers it: anything else is implicitly denied (Developer Guide: "How API ' +
    'Gateway resource policies affect authorization workflow"). Conditions are judged as IAM ' +
    'evaluates them: a key the caller lacks makes a positive operator false and a negated one true ' +
    '(IAM User Guide: "Condition operators"), and values that match every value of their kind ' +
    '(vpce-*, o-*, *, address ranges covering a whole family) pin nothing. An API whose default ' +
    'endpoint is disabled is reached only through the custom domains mapping it; a domain requiring ' +
    'mutual TLS admits only holders of a client certificate its truststore trusts, so it does not ' +
    'count as anonymous exposure. OPTIONS methods are exempt only as CORS preflights with a MOCK ' +
    'integration; one that reaches a backend is judged like any other method. Everything is judged ' +
    'on what each stage (and each canary with its own deployment) serves, not on the working copy: ' +
    'methods and the resource policy reach a stage only when deployed ("Every time you update an ' +
    'API, you must redeploy": Developer Guide, "Deploy REST APIs in API Gateway"; "If you update the ' +
    'resource policy, you\'ll need to deploy the API": "Create and attach an API Gateway resource ' +
    'policy to an API"), so a fix never deployed still fails, naming the stage and deployment that ' +
    'serve the open method. Where the deployed view does not show the resource policy (a canary\'s ' +
    'API summary, an export without it), the working copy\'s is judged and the finding says so; it ' +
    'may expose (FAIL) but never clears: a restriction only the working copy shows is an ERROR. The ' +
    'default-endpoint switch is API-wide and takes effect at the next update of any stage (Developer ' +
    'Guide: "Disable the default endpoint for REST APIs"), so it counts as off only when the working ' +
    'copy and every served deployment say so. A deployed view that could not be read is an ERROR. ' +
    'Authorization anyone can pass counts as none, and the evidence says which: a COGNITO_USER_POOLS ' +
    'method whose authorizer trusts a pool where anyone can sign up (AllowAdminCreateUserOnly false, ' +
    'no pre sign-up trigger: see cognito-self-sign-up) is reachable by anyone with an email address ' +
    '(selfSignUp), unless it requires OAuth scopes that no app client lets users request (a ' +
    'self-registered user\'s access token carries aws.cognito.signin.user.admin and the scopes of ' +
    'the code or implicit grant clients allow: Developer Guide, "Scopes, M2M, and APIs with resource ' +
    'servers"); an AWS_IAM method that the unauthenticated role of an identity pool with guest ' +
    'access and the basic flow may invoke is callable by anyone (guestCredentials: see ' +
    'cognito-identity-pool-guest-access), unless the resource policy explicitly denies it (for ' +
    'same-account IAM callers an identity-policy Allow suffices). A pool that could not be read, or ' +
    'that does not state who may sign up, leaves those methods unjudged (ERROR unless another method ' +
    'fails); a pool of another account is not judged and the evidence names it (selfSignUpNotJudged).',
  remediation: {
    text:
      'Require authorization on the open methods (AWS_IAM, a Lambda authorizer or a Cognito user ' +
      'pool) and redeploy; if a method must stay public, restrict who can reach it with a resource ' +
      'policy condition (aws:SourceIp, aws:SourceVpce) or make the API private. For a private API, ' +
      'pin the resource policy to your VPC endpoints (aws:SourceVpce with their ids) or your organisation.',
    cli: 'aws apigateway update-method --rest-api-id <api-id> --resource-id <resource-id> --http-method <METHOD> --patch-operations op=replace,path=/authorizationType,value=AWS_IAM && aws apigateway create-deployment --rest-api-id <api-id> --stage-name <stage>',
    docs: 'https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-control-access-to-api.html',
  },
  mappings: {
    owaspApi2023: ['API2', 'API5'],
  },
  // An API open to anonymous callers has methods without authorization by definition: one finding, weighed once.
  subsumes: ['rest-method-authorization'],
  messages: {
    open:
      'Anyone on the internet can invoke methods without authentication ({openCount}): {served} ' +
      '(endpoint {endpointType}; {policy}).',
    'open-borrowed':
      'Anyone on the internet can invoke methods without authentication or with credentials anyone can get ' +
      '({openCount}): {served} (endpoint {endpointType}; {policy}).',
    'open-any-vpce':
      'Anyone with a VPC endpoint for execute-api, in any AWS account, can invoke these methods without ' +
      'authentication ({openCount}): {served} (private API; {policy}).',
    authenticated: 'Every method requires authorization (MOCK CORS preflights aside; {methodCount} checked).',
    'policy-restricts':
      'Methods without authorization ({unauthenticatedCount}) are closed to outside callers by ' +
      'the resource policy: {policy}.',
    'mtls-only':
      'Methods without authorization ({unauthenticatedCount}) are reachable only through custom domains ' +
      'that require mutual TLS ({mtlsDomains}): {reason}.',
    'private-no-policy': 'Private API without a resource policy: API Gateway admits no caller until a policy grants access.',
    'not-deployed': 'The API has no stage, so nothing is reachable.',
    'no-methods': 'No stage serves a method (MOCK CORS preflights aside).',
    'not-reachable': 'The default execute-api endpoint is disabled and no custom domain maps the API.',
  },
  select: (view) => view.restApis(),
  evaluate: (entity, outcome, view) => {
    const { api, region } = entity;
    const endpointTypes = api.endpointConfiguration?.types ?? [];
    const endpointType = endpointTypes.join(',') || 'unset';
    const isPrivate = endpointTypes.includes('PRIVATE');
    if (!api.stages.ok) return outcome.gap(api.stages.error, { endpointType });
    const stages = api.stages.value.map((s) => s.stageName).sort();
    if (stages.length === 0) return outcome.notApplicable('not-deployed', { endpointType, stages });

    const ctx = apiContext(api, region.region, view);
    const caller: CallerOptions = {
      caller: isPrivate ? 'any-vpc-endpoint' : 'internet',
      families: endpointFamilies(api.endpointConfiguration?.ipAddressType),
    };
    const views = restServedViews(api, api.stages.value);
    const judged: ViewExposure[] = [];
    const gaps: { view: ServedView; error: CollectionError }[] = [];
    const guests = guestsOf(view);
    const judgeOf = policyJudges(ctx, caller);
    for (const served of views) {
      if (!served.config.ok) {
        gaps.push({ view: served, error: served.config.error });
        continue;
      }
      const config = served.config.value;
      const borrowedOf = (methods: readonly RestMethodRef[]) => restBorrowedAccess(view.inventory, api, config, methods, ctx, served.stageName, guests);
      judged.push(judgeView(api, served, config, ctx, caller, isPrivate, borrowedOf, judgeOf));
    }
    // Methods whose authorization anyone may be able to pass, not judged: they cannot pass.
    const borrowedGaps = judged.flatMap((j) => j.borrowed.gaps.map((error) => ({ view: j.methods.view, error })));
    const borrowedUndecided = judged.flatMap((j) => j.borrowed.undecided.map((reason) => `${j.methods.view.label}: ${reason}`));
    const signUpNotJudged = [...new Set(judged.flatMap((j) => j.borrowed.outside))];
    const all = judged.map((j) => j.methods);
    const unknownOptions = uniqueMethods(all.flatMap((m) => m.integrationUnknown)).map((m) => m.label);
    const notJudged = [
      ...gaps.map((g) => notJudgedEntry(g.view, g.error)),
      ...borrowedGaps.map((g) => notJudgedEntry(g.view, g.error)),
      ...borrowedUndecided,
      ...judged.flatMap((j) => (j.exposure.kind === 'invalid' || j.exposure.kind === 'unverified' ? [`${j.methods.view.label}: ${j.exposure.reason}`] : [])),
    ];
    const base = {
      endpointType,
      judgedOn: judged.map((j) => j.methods.view.judgedOn),
      ...(unknownOptions.length ? { optionsIntegrationUnknown: unknownOptions } : {}),
      // Pools of another account: whether anyone can sign up there is not known here.
      ...(signUpNotJudged.length ? { selfSignUpNotJudged: signUpNotJudged } : {}),
    };
    const methodCount = distinctMethodCount(all.map((m) => m.judged));

    const exposed = judged.filter((j): j is ViewExposure & { exposure: { kind: 'open' } } => j.exposure.kind === 'open');
    if (exposed.length) {
      const open = uniqueMethodsOf(exposed.map((j) => j.exposure.open));
      const openUnknown = uniqueMethodsOf(exposed.map((j) => j.exposure.openUnknown));
      const borrowed = exposed.flatMap((j) => j.exposure.borrowed);
      const borrowedLabels = unique(borrowed.map((b) => b.label));
      const borrowedEvidence = {
        ...(borrowed.some((b) => b.kind === 'self-sign-up')
          ? { selfSignUp: true, selfSignUpMethods: unique(borrowed.filter((b) => b.kind === 'self-sign-up').map((b) => b.how)) }
          : {}),
        ...(borrowed.some((b) => b.kind === 'guest-credentials')
          ? { guestCredentials: unique(borrowed.filter((b) => b.kind === 'guest-credentials').map((b) => b.how)) }
          : {}),
      };
      const judgedOn = policyJudgedOn(exposed);
      const facts = { ...base, judgedOn: exposed.map((j) => j.methods.view.judgedOn), ...(judgedOn ? { policyJudgedOn: judgedOn } : {}) };

      // Reachability: the default endpoint, or the custom domains that map the API.
      let reachableVia: string[] = ['execute-api endpoint'];
      let mtlsDomains: string[] = [];
      const endpoint = defaultEndpointState(api, views);
      const endpointFacts = endpoint.state === 'enabled' && endpoint.because !== 'working copy' ? { defaultEndpoint: `enabled in ${endpoint.because}` } : {};
      if (endpoint.state !== 'enabled') {
        const reach = domainReach(view, entity, isPrivate);
        if (!reach.ok) return outcome.gap(reach.error, { ...facts, disableExecuteApiEndpoint: true });
        reachableVia = reach.value.open;
        mtlsDomains = reach.value.mtls;
        if (reachableVia.length === 0) {
          // Only the domains could close it: that needs the default endpoint known to be off.
          if (endpoint.state === 'gap') return outcome.gap(endpoint.error, { ...facts, stages: endpoint.stages });
          if (endpoint.state === 'unknown') return outcome.invalid(endpoint.reason, { ...facts, stages: endpoint.unstated });
          if (mtlsDomains.length === 0) return outcome.notApplicable('not-reachable', { ...facts, disableExecuteApiEndpoint: true });
          return outcome.pass('mtls-only', {
            ...facts,
            disableExecuteApiEndpoint: true,
            mtlsDomains,
            unauthenticatedCount: open.length + openUnknown.length + borrowedLabels.length,
            unauthenticatedMethods: [...new Set([...uniqueMethods([...open, ...openUnknown]).map((m) => m.label), ...borrowedLabels])],
            ...borrowedEvidence,
            reason: MTLS_REASON,
          });
        }
      }
      const serving = exposed.filter((j) => j.exposure.open.length || j.exposure.borrowed.length);
      if (serving.length === 0) return outcome.invalid(unknownPreflightReason(unknownOptions, exposed[0]!.methods.source), facts);
      const servedText = (j: (typeof serving)[number]) => {
        const lines = j.exposure.open.length ? [servedLine(j.methods.view, j.exposure.open)] : [];
        const passable = j.methods.judged.filter((m) => j.exposure.borrowed.some((b) => b.label === m.label));
        if (passable.length) lines.push(servedLine(j.methods.view, passable, 'with authorization anyone can pass'));
        return lines.join('; ');
      };
      return outcome.fail(isPrivate ? 'open-any-vpce' : borrowed.length ? 'open-borrowed' : 'open', {
        ...facts,
        ...(isPrivate ? { exposure: ANY_VPCE_EXPOSURE } : {}),
        openCount: unique([...open.map((m) => m.label), ...borrowedLabels]).length,
        openMethods: open.map((m) => m.label),
        ...(borrowedLabels.length ? { borrowedMethods: borrowedLabels } : {}),
        ...borrowedEvidence,
        apiKeyOnly: open.filter((m) => m.method.apiKeyRequired === true).map((m) => m.label),
        policy: unique(serving.map((j) => j.exposure.policy)).join('; '),
        reachableVia,
        ...(mtlsDomains.length ? { mtlsDomains } : {}),
        ...endpointFacts,
        stages: serving.map((j) => j.methods.view.label),
        served: serving.map(servedText).join('; '),
        ...(notJudged.length ? { notJudged } : {}),
      });
    }

    const firstGap = gaps[0] ?? borrowedGaps[0];
    if (firstGap) return outcome.gap(firstGap.error, { ...base, stages: unique([...gaps, ...borrowedGaps].map((g) => g.view.label)), notJudged });
    if (borrowedUndecided.length) return outcome.invalid(notJudged.join('; '), base);
    const undecided = judged.filter((j) => j.exposure.kind === 'invalid' || j.exposure.kind === 'unverified');
    if (undecided.length) {
      const judgedOn = policyJudgedOn(undecided);
      return outcome.invalid(notJudged.join('; '), {
        ...base,
        stages: undecided.map((j) => j.methods.view.label),
        ...(judgedOn ? { policyJudgedOn: judgedOn } : {}),
      });
    }
    const unknown = unique(all.flatMap((m) => unknownTypesOf(m.judged)));
    if (unknown.length) return outcome.invalid(unknownAuthorizationReason(unknown), { ...base, methodCount });
    const restricted = judged.flatMap((j) => (j.exposure.kind === 'restricted' ? [j.exposure] : []));
    if (restricted.length) {
      const unauthenticated = uniqueMethods(restricted.flatMap((r) => r.unauthenticated));
      const keptOut = unique(restricted.flatMap((r) => r.keptOut));
      return outcome.pass('policy-restricts', {
        ...base,
        unauthenticatedCount: unauthenticated.length,
        unauthenticatedMethods: unauthenticated.map((m) => m.label),
        policy: keptOut.length > 0 ? keptOut : 'no statement allows anonymous callers',
      });
    }
    if (methodCount > 0 && judged.some((j) => j.exposure.kind === 'closed')) return outcome.pass('authenticated', { ...base, methodCount });
    if (judged.some((j) => j.exposure.kind === 'private-no-policy')) return outcome.notApplicable('private-no-policy', base);
    return outcome.notApplicable('no-methods', { ...base, methodCount: 0 });
  },
});
