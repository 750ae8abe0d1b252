import { defineCheck } from '../../src/engine/define.js';
import { domainIndex, domainTlsSettings, endpointTypeOf } from '../../src/analysis/domains.js';
import { defaultEndpointState, restServedViews } from '../../src/analysis/served.js';
import type { Distribution } from '../../src/inventory/schema.js';
import type { InventoryView, RestApiEntity, Selection, V2ApiEntity } from '../../src/inventory/view.js';

type ApiEntity = RestApiEntity | V2ApiEntity;
type MessageId = 'protected' | 'edge-unprotectable' | 'distribution-unprotected' | 'not-fronted' | 'not-subscribed' | 'not-public';

/** A way in from the internet: the default endpoint or a custom domain, with its endpoint type. */
interface EntryPoint {
  name: string;
  endpointType: 'EDGE' | 'REGIONAL';
  /** The host names a CloudFront origin would name to reach it. */
  hosts: string[];
}

const hostOf = (url: string) => url.replace(/^https?:\/\//i, '').replace(/\/.*$/, '').toLowerCase();

/** The default endpoint, when it answers (a REST API's as its stages serve it; unknown counts as answering). */
function defaultEntry(target: ApiEntity): EntryPoint[] {
  if (target.kind === 'rest-api') {
    const { api } = target;
    const views = api.stages.ok ? restServedViews(api, api.stages.value) : [];
    const disabled = api.stages.ok && defaultEndpointState(api, views).state === 'disabled';
    const type = endpointTypeOf(api.endpointConfiguration?.types?.[0]);
    if (disabled || type === 'PRIVATE') return [];
    const name = `https://${api.id}.execute-api.${target.region.region}.amazonaws.com`;
    return [{ name, endpointType: type, hosts: [hostOf(name)] }];
  }
  if (target.api.DisableExecuteApiEndpoint === true) return [];
  const name = target.api.ApiEndpoint ?? `https://${target.api.ApiId}.execute-api.${target.region.region}.amazonaws.com`;
  return [{ name, endpointType: 'REGIONAL', hosts: [hostOf(name)] }];
}

/** The public custom domains serving the API (private domains are reachable only through a VPC endpoint). */
function domainEntries(target: ApiEntity, view: InventoryView): EntryPoint[] {
  const entries: EntryPoint[] = [];
  for (const domain of domainIndex(view).byApi.get(target.ref.arn) ?? []) {
    for (const { endpointType } of domainTlsSettings(domain).settings) {
      // A distribution may name the domain itself or its regional target (d-….execute-api…).
      const hosts = [domain.name, domain.v1?.regionalDomainName, ...(domain.v2?.DomainNameConfigurations ?? []).map((c) => c.ApiGatewayDomainName)];
      if (endpointType !== 'PRIVATE') entries.push({ name: domain.name, endpointType, hosts: hosts.filter((h): h is string => !!h).map(hostOf) });
    }
  }
  return entries;
}

/** The account's distributions with an origin on one of the API's hosts. */
function frontingDistributions(distributions: readonly Distribution[], entries: readonly EntryPoint[]): Distribution[] {
  const hosts = new Set(entries.flatMap((e) => e.hosts));
  return distributions.filter((d) => d.Enabled !== false && d.originDomainNames.some((origin) => hosts.has(hostOf(origin))));
}

export default defineCheck<ApiEntity, MessageId>({
  id: 'api-shield-advanced',
  title: 'Public APIs sit behind a resource AWS Shield Advanced protects, when the account subscribes',
  severity: 'medium',
  resourceTypes: ['rest-api', 'http-api', 'websocket-api'],
  reads: ['shield', 'domains', 'rest-stages', 'rest-deployments', 'v2-apis'],
  rationale:
    'AWS Shield Advanced adds DDoS detection and mitigation, the Shield Response Team and cost ' +
    'protection, but only for resources explicitly added to it ("Shield Advanced doesn\'t ' +
    'automatically protect your resources": "List of resources that AWS Shield Advanced ' +
    'protects"), and API Gateway is not among the resource types it protects (CloudFront ' +
    'distributions, Route 53 hosted zones, Global Accelerator accelerators, Elastic IP addresses, ' +
    'Application and Classic Load Balancers). An API benefits from it only behind a protected ' +
    'CloudFront distribution of the account\'s own: the AWS Best Practices for DDoS Resiliency ' +
    '(BP4, "Protecting API endpoints") note that an edge-optimized endpoint\'s distribution "is ' +
    'created and managed by API Gateway, however, so you don\'t have control over it", and ' +
    'recommend a Regional endpoint behind the account\'s own CloudFront distribution. So, in an ' +
    'account that subscribes (GetSubscriptionState ACTIVE), a public API (its default endpoint, ' +
    'unless disabled as its stages serve it, or a Regional or edge-optimized custom domain) passes ' +
    'when an enabled distribution of the account has an origin on one of its hosts (the ' +
    'execute-api host, the custom domain or its regional target) and Shield Advanced protects that ' +
    'distribution; the evidence lists the entry points that still reach the API around it. ' +
    'Otherwise it fails: through an edge-optimized entry point, which can never be protected; ' +
    'behind a distribution Shield does not protect; or with no distribution in front at all. An ' +
    'account without a subscription, and private APIs, are NOT_APPLICABLE: Shield Advanced is a ' +
    'paid choice, not a baseline. A subscription, protection or distribution list that could not ' +
    'be read is an ERROR.',
  remediation: {
    text:
      'Serve the API through a Regional endpoint behind your own CloudFront distribution, add that ' +
      'distribution to Shield Advanced (with a web ACL for application-layer mitigation), and keep ' +
      'clients from going around it (disable the default endpoint; require a secret origin header).',
    cli: 'aws shield create-protection --region us-east-1 --name <api-name>-cloudfront --resource-arn arn:aws:cloudfront::<account-id>:distribution/<distribution-id>',
    docs: 'https://docs.aws.amazon.com/waf/latest/developerguide/ddos-protections-by-resource-type.html',
  },
  mappings: {
    owaspApi2023: ['API4'],
  },
  messages: {
    protected: 'Shield Advanced protects {protectedDistributions}, in front of this API (entry points: {entryPoints}).',
    'edge-unprotectable':
      'The account subscribes to Shield Advanced, but {edgeEntryPoints} reach this API through a CloudFront distribution API Gateway manages, which Shield Advanced cannot protect.',
    'distribution-unprotected':
      'The account subscribes to Shield Advanced, but the CloudFront distribution(s) in front of this API are not protected: {frontingDistributions}.',
    'not-fronted':
      'The account subscribes to Shield Advanced, but no CloudFront distribution of the account fronts {entryPoints}, and API Gateway itself cannot be protected.',
    'not-subscribed': 'The account does not subscribe to AWS Shield Advanced (subscription {subscriptionState}).',
    'not-public': 'The API has no public entry point (private, or its default endpoint disabled with no public custom domain).',
  },
  select: (view): Selection<ApiEntity> => {
    const rest = view.restApis();
    const v2 = view.v2Apis();
    return { targets: [...rest.targets, ...v2.targets], gaps: [...rest.gaps, ...v2.gaps] };
  },
  evaluate: (target, outcome, view) => {
    const shield = view.inventory.shared.shield;
    if (!shield) return outcome.invalid('the snapshot holds no Shield Advanced data (collected by an older apiposture): collect again', {});
    if (!shield.subscription.ok) return outcome.gap(shield.subscription.error, {});
    const subscriptionState = shield.subscription.value.SubscriptionState;
    if (subscriptionState === 'INACTIVE') return outcome.notApplicable('not-subscribed', { subscriptionState });
    if (subscriptionState !== 'ACTIVE') {
      return outcome.invalid(`Shield Advanced subscription state ${subscriptionState} is not one this version of apiposture knows`, { subscriptionState });
    }
    if (target.kind === 'rest-api' && target.api.disableExecuteApiEndpoint === true && !target.api.stages.ok) {
      return outcome.gap(target.api.stages.error, { subscriptionState });
    }
    const entries = [...defaultEntry(target), ...domainEntries(target, view)];
    const evidence = { subscriptionState, entryPoints: entries.map((e) => `${e.name} (${e.endpointType})`) };
    if (entries.length === 0) {
      // An unread domain list could hold a public domain serving the API.
      const gaps = domainIndex(view).gapsByRegion.get(target.region.region) ?? [];
      if (gaps.length) return outcome.gap(gaps[0]!, evidence);
      return outcome.notApplicable('not-public', evidence);
    }
    for (const slot of [shield.protections, shield.distributions]) {
      if (slot === undefined) return outcome.invalid('the subscription is active but its protections and distributions were not read', evidence);
      if (!slot.ok) return outcome.gap(slot.error, evidence);
    }
    const protectedArns = new Set(shield.protections!.ok ? shield.protections!.value.map((p) => p.ResourceArn) : []);
    const fronting = frontingDistributions(shield.distributions!.ok ? shield.distributions!.value : [], entries);
    const covered = fronting.filter((d) => protectedArns.has(d.ARN)).map((d) => d.ARN);
    const judged = { ...evidence, frontingDistributions: fronting.map((d) => d.ARN), protectedDistributions: covered };
    if (covered.length) return outcome.pass('protected', judged);
    const edge = entries.filter((e) => e.endpointType === 'EDGE').map((e) => e.name);
    if (edge.length) return outcome.fail('edge-unprotectable', { ...judged, edgeEntryPoints: edge });
    if (fronting.length) return outcome.fail('distribution-unprotected', judged);
    return outcome.fail('not-fronted', judged);
  },
});
