/**
 * DNS records that point at API Gateway: what a Route 53 record targets, which records the DNS
 * checks judge, and whether the target still exists in the scanned account.
 *
 * The targets API Gateway hands out ("Set up a Regional custom domain name in API Gateway",
 * "Set up an edge-optimized custom domain name for an API Gateway API", "Invoke REST APIs in API
 * Gateway"): a regional custom domain's `d-<id>.execute-api.<region>.amazonaws.com`, an
 * edge-optimized one's CloudFront `<id>.cloudfront.net`, and an API's default endpoint
 * `<api-id>.execute-api.<region>.amazonaws.com`. A record points at one either as a Route 53
 * alias (A/AAAA) or as a CNAME.
 */
import type { ResourceRef } from '../model/results.js';
import type { DnsRecordEntity, DomainEntity, Gap, InventoryView, Selection } from '../inventory/view.js';
import { restApiById, v2ApiById } from '../inventory/view.js';
import type { CollectionError, HostedZone, RecordSet, RegionInventory } from '../inventory/schema.js';
import { restApiArn, v2ApiArn } from '../inventory/arns.js';

export type DnsTarget = DnsRecordEntity['target'];

const EXECUTE_API = /^([a-z0-9-]+)\.execute-api\.([a-z]{2}(?:-[a-z]+)+-\d+)\.amazonaws\.com(?:\.cn)?$/;
/** REST and v2 API ids are ten lowercase letters and digits; regional domain targets start with `d-`. */
const API_ID = /^[a-z0-9]{10}$/;
const DOMAIN_TARGET = /^d-[a-z0-9]+$/;

/** A host name as DNS compares it: lower case, without the root's trailing dot. */
export function normalHost(name: string): string {
  return name.trim().toLowerCase().replace(/\.$/, '');
}

/** The host a record sends its name to: the alias target, or the CNAME's value. */
export function recordTargetHost(record: RecordSet): { host: string; via: 'alias' | 'cname' } | undefined {
  if (record.AliasTarget) return { host: normalHost(record.AliasTarget.DNSName).replace(/^dualstack\./, ''), via: 'alias' };
  if (record.Type === 'CNAME' && record.ResourceRecords?.[0]) return { host: normalHost(record.ResourceRecords[0].Value), via: 'cname' };
  return undefined;
}

/** What an alias or CNAME record targets, when it is an API Gateway or CloudFront host. */
export function dnsTargetOf(record: RecordSet): DnsTarget | undefined {
  const target = recordTargetHost(record);
  if (!target) return undefined;
  const { host } = target;
  if (host.endsWith('.cloudfront.net')) return { kind: 'cloudfront', host };
  const match = EXECUTE_API.exec(host);
  if (!match) return undefined;
  const [, label, region] = match as unknown as [string, string, string];
  if (DOMAIN_TARGET.test(label)) return { kind: 'regional-domain', host, region };
  if (API_ID.test(label)) return { kind: 'api-endpoint', host, region, apiId: label };
  // Private API hosts (`<api-id>-<vpce-id>`) and other shapes: not a target this check knows.
  return undefined;
}

/** Records worth keeping in the snapshot: alias and CNAME records aimed at API Gateway or CloudFront. */
export function pointsAtApiGatewayOrCloudFront(record: RecordSet): boolean {
  return dnsTargetOf(record) !== undefined;
}

// ── The records the DNS checks judge ──────────────────────────────────────────────────

/** `/hostedzone/Z123` → `Z123`. */
export function hostedZoneId(zone: Pick<HostedZone, 'Id'>): string {
  return zone.Id.replace(/^\/?hostedzone\//, '');
}

/** Route 53 record sets have no ARN: this one names the zone, the record name, its type and set identifier. */
export function recordSetRef(view: InventoryView, zone: HostedZone, record: RecordSet): ResourceRef {
  const name = normalHost(record.Name);
  const id = [name, record.Type, ...(record.SetIdentifier ? [record.SetIdentifier] : [])].join('/');
  return {
    arn: `arn:${view.partition}:route53:::hostedzone/${hostedZoneId(zone)}/recordset/${id}`,
    type: 'dns-record',
    name: `${name} ${record.Type}${record.SetIdentifier ? ` (${record.SetIdentifier})` : ''}`,
    account: view.accountId,
    region: 'global',
  };
}

function zoneRef(view: InventoryView, zone: HostedZone): ResourceRef {
  return {
    arn: `arn:${view.partition}:route53:::hostedzone/${hostedZoneId(zone)}`,
    type: 'dns-record',
    name: normalHost(zone.Name),
    account: view.accountId,
    region: 'global',
  };
}

/** Edge-optimized targets of the scanned custom domains: CloudFront host → domain. */
const edgeTargetsCache = new WeakMap<InventoryView, Map<string, DomainEntity>>();

function edgeTargets(view: InventoryView): Map<string, DomainEntity> {
  const cached = edgeTargetsCache.get(view);
  if (cached) return cached;
  const byHost = new Map<string, DomainEntity>();
  for (const domain of view.domains().targets) {
    const hosts = [
      domain.v1?.distributionDomainName,
      ...(domain.v2?.DomainNameConfigurations ?? []).filter((c) => c.EndpointType === 'EDGE').map((c) => c.ApiGatewayDomainName),
    ];
    for (const host of hosts) if (host) byHost.set(normalHost(host), domain);
  }
  edgeTargetsCache.set(view, byHost);
  return byHost;
}

/**
 * Every alias or CNAME record of the public hosted zones that points at a regional domain
 * target or an API's default endpoint, and the CloudFront records that point at a scanned
 * edge-optimized domain (other CloudFront records may belong to any distribution: left out).
 */
export function dnsRecordSelection(view: InventoryView): Selection<DnsRecordEntity> {
  const route53 = view.inventory.shared.route53;
  const accountRef = { ...view.regionRef('global'), name: view.accountId };
  if (!route53) {
    const error: CollectionError = {
      service: 'route53',
      operation: 'ListHostedZones',
      region: 'global',
      resource: view.accountId,
      code: 'NotInSnapshot',
      message: 'the snapshot holds no Route 53 hosted zones (collected by an earlier version): collect again',
    };
    return { targets: [], gaps: [{ ref: accountRef, error }] };
  }
  if (!route53.hostedZones.ok) return { targets: [], gaps: [{ ref: accountRef, error: route53.hostedZones.error }] };

  const edges = edgeTargets(view);
  const targets: DnsRecordEntity[] = [];
  const gaps: Gap[] = [];
  for (const zone of route53.hostedZones.value) {
    if (!zone.records.ok) {
      gaps.push({ ref: zoneRef(view, zone), error: zone.records.error });
      continue;
    }
    for (const record of zone.records.value) {
      const target = dnsTargetOf(record);
      if (!target || (target.kind === 'cloudfront' && !edges.has(target.host))) continue;
      const entity: DnsRecordEntity = { kind: 'dns-record', zone, record, target, via: recordTargetHost(record)!.via, ref: recordSetRef(view, zone, record) };
      const linked = linkedApis(view, entity);
      targets.push(linked.length ? { ...entity, ref: { ...entity.ref, linkedApiArns: linked } } : entity);
    }
  }
  return { targets, gaps };
}

// ── Does the target exist? ─────────────────────────────────────────────────────────────

export type TargetVerdict =
  | { state: 'domain'; domain: DomainEntity }
  | { state: 'api'; apiArn: string; apiName: string }
  | { state: 'missing'; region: string }
  | { state: 'not-scanned'; region: string }
  | { state: 'gap'; error: CollectionError }
  | { state: 'unknown'; message: string };

/** Whether the record's target exists in the scanned account, as far as the snapshot can tell. */
export function judgeTarget(view: InventoryView, entity: DnsRecordEntity): TargetVerdict {
  const { target } = entity;
  if (target.kind === 'cloudfront') {
    const domain = edgeTargets(view).get(target.host);
    return domain ? { state: 'domain', domain } : { state: 'unknown', message: `${target.host} is not the target of a scanned edge-optimized domain` };
  }
  const region = view.inventory.regions.find((r) => r.region === target.region);
  if (!region) return { state: 'not-scanned', region: target.region };
  return target.kind === 'regional-domain' ? judgeDomainTarget(view, region, target.host) : judgeApiEndpoint(view, region, target.apiId);
}

function judgeDomainTarget(view: InventoryView, region: RegionInventory, host: string): TargetVerdict {
  const domains = view.domains().targets.filter((d) => d.region.region === region.region);
  const owner = domains.find((d) => regionalTargetsOf(d).includes(host));
  if (owner) return { state: 'domain', domain: owner };
  // A list that could not be read may hold the domain.
  for (const list of [region.apigateway.domainNames, region.apigatewayv2.domainNames]) if (!list.ok) return { state: 'gap', error: list.error };
  const unknown = domains.filter((d) => endpointTypesOf(d).includes('REGIONAL') && regionalTargetsOf(d).length === 0).map((d) => d.name);
  if (unknown.length) {
    return { state: 'unknown', message: `the regional target name of domain ${unknown.join(', ')} is not in the snapshot: collect again` };
  }
  return { state: 'missing', region: region.region };
}

function regionalTargetsOf(domain: DomainEntity): string[] {
  const hosts = [
    domain.v1?.regionalDomainName,
    ...(domain.v2?.DomainNameConfigurations ?? []).filter((c) => c.EndpointType !== 'EDGE').map((c) => c.ApiGatewayDomainName),
  ];
  return hosts.flatMap((host) => (host ? [normalHost(host)] : []));
}

function endpointTypesOf(domain: DomainEntity): string[] {
  return [...(domain.v1?.endpointConfiguration?.types ?? []), ...(domain.v2?.DomainNameConfigurations ?? []).map((c) => c.EndpointType ?? 'REGIONAL')].map(
    (t) => t.toUpperCase(),
  );
}

function judgeApiEndpoint(view: InventoryView, region: RegionInventory, apiId: string): TargetVerdict {
  const rest = region.apigateway.restApis;
  const restApi = rest.ok ? restApiById(rest.value, apiId) : undefined;
  if (restApi) return { state: 'api', apiArn: restApiArn(region.region, apiId, view.partition), apiName: restApi.name ?? apiId };
  const v2 = region.apigatewayv2.apis;
  const v2Api = v2.ok ? v2ApiById(v2.value, apiId) : undefined;
  if (v2Api) return { state: 'api', apiArn: v2ApiArn(region.region, apiId, view.partition), apiName: v2Api.Name ?? apiId };
  if (!rest.ok) return { state: 'gap', error: rest.error };
  if (!v2.ok) return { state: 'gap', error: v2.error };
  return { state: 'missing', region: region.region };
}

/** The APIs served under a name: those mapped on a scanned custom domain of that name, in any region. */
export function apisServedUnder(view: InventoryView, name: string): string[] {
  const host = normalHost(name);
  return [...new Set(view.domains().targets.filter((d) => normalHost(d.name) === host).flatMap((d) => d.mappedApiArns))].sort();
}

/**
 * The APIs a record's verdict counts towards: those its target serves (the domain's mappings,
 * or the API itself), and those mapped on a scanned custom domain of the record's own name (a
 * dangling record breaks, or hands over, the name their clients call).
 */
function linkedApis(view: InventoryView, entity: DnsRecordEntity): string[] {
  const verdict = judgeTarget(view, entity);
  const served = verdict.state === 'domain' ? verdict.domain.mappedApiArns : verdict.state === 'api' ? [verdict.apiArn] : [];
  return [...new Set([...served, ...apisServedUnder(view, entity.record.Name)])].sort();
}
