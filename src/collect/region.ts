/**
 * One region: the REST (v1) and v2 (HTTP and WebSocket) collectors, the web ACLs (with their
 * logging configurations) and ACM certificates they point to (each read as soon as an API or
 * domain names it, in its service's own lane), the region's trails and alarms
 * (alongside: they depend on nothing), and the log groups the stages and the web ACLs' logging
 * write to, as soon as every stage is read (stages-read.ts). Parts the collection does not want
 * (plan.ts) are `NotSelected` slots, without a call.
 */
import type { CallTarget } from '../aws/call.js';
import type { InventoryPart } from '../inventory/parts.js';
import type { Collected, CollectionError, RegionInventory, RestApi } from '../inventory/schema.js';
import { logGroupUses, type RegionStages } from '../inventory/links.js';
import { collectAlarms } from './alarms.js';
import { acmFetcher, certificateReads, certificateRefsOf, earlyCertificateRefs } from './certificates.js';
import { RegionFetcher, type CollectContext } from './context.js';
import { collectLogGroups } from './log-groups.js';
import { collectIdentityPools } from './identity-pools.js';
import { collectDomainNames, collectRestAccountWide, collectRestApis } from './rest.js';
import { collectTrails } from './trails.js';
import { collectApiGatewayV2 } from './v2.js';
import { countedList, StagesRead, type RegionStagesRead } from './stages-read.js';
import { wafFetcher, webAclArnsOf, webAclLoggingReads, webAclReads } from './web-acls.js';

export async function collectRegion(ctx: CollectContext, region: string): Promise<RegionInventory> {
  const f = new RegionFetcher(ctx, region);
  // Listening before the first API or domain is read.
  const linked = linkedReads(f);
  const client = ctx.clients.apiGateway(region);
  const monitoringReady = Promise.all([
    wanted(f, 'trails', () => collectTrails(f), f.target('DescribeTrails', region)),
    wanted(f, 'alarms', () => collectAlarms(f), f.target('DescribeAlarms', region)),
  ]);
  // Identity pools depend on nothing API Gateway returns: the region's own list.
  const identityPoolsReady = wanted(f, 'identity-pools', () => collectIdentityPools(f), f.target('ListIdentityPools', region));

  const accountWide = collectRestAccountWide(f, client);
  const stages = new StagesRead();
  const restApisReady = f.wants('rest-apis')
    ? collectRestApis(f, client, stages)
    : countedList<RestApi>(stages, 'rest', Promise.resolve(f.notSelected('rest-apis', f.target('GetRestApis', region))));
  const domainNamesReady = wanted(f, 'domains', () => collectDomainNames(f, client), f.target('GetDomainNames', region));
  const apigatewayv2Ready = collectApiGatewayV2(f, stages);
  const logGroupsReady = stages.all.then((read) => collectStageLogGroups(f, read, linked));
  void Promise.all([logGroupsReady, monitoringReady]).then(
    ([logGroups, [trails]]) => ctx.onKeysNamed?.({ region, logGroups, trails }),
    // A failure here fails the region below, where logGroupsReady is awaited.
    () => undefined,
  );

  const [restApis, domainNames, apigatewayv2] = await Promise.all([restApisReady, domainNamesReady, apigatewayv2Ready]);
  const v2Domains = apigatewayv2.domainNames.ok ? apigatewayv2.domainNames.value : [];
  const webAclArns = restApis.ok ? webAclArnsOf(restApis.value) : [];
  const certificateRefs = certificateRefsOf(domainNames.ok ? domainNames.value : [], v2Domains, region);
  const [webAcls, webAclLogging, certificates, apigateway, [trails, alarms]] = await Promise.all([
    linked.webAcls?.all(webAclArns) ?? notSelectedEntries(f, 'web-acls', webAclArns, (arn) => f.target('GetWebACL', arn)),
    linked.webAclLogging?.all(webAclArns) ?? notSelectedEntries(f, 'web-acl-logging', webAclArns, (arn) => f.target('GetLoggingConfiguration', arn)),
    linked.certificates?.all(certificateRefs) ??
      notSelectedEntries(f, 'certificates', certificateRefs.map((ref) => ref.arn), (arn) => f.target('DescribeCertificate', arn)),
    accountWide,
    monitoringReady,
  ]);

  const collected: RegionInventory = {
    region,
    apigateway: {
      account: apigateway.account,
      restApis,
      usagePlans: apigateway.usagePlans,
      apiKeys: apigateway.apiKeys,
      domainNames,
      clientCertificates: apigateway.clientCertificates,
    },
    apigatewayv2,
    webAcls,
    webAclLogging,
    certificates,
    trails,
    alarms,
    identityPools: await identityPoolsReady,
    logGroups: await logGroupsReady,
  };
  return collected;
}

/**
 * The log groups the region's stages write to, read as soon as every stage is (`StagesRead`):
 * the names depend on the stages and on the logging of the web ACLs they name, nothing else.
 */
async function collectStageLogGroups(
  f: RegionFetcher,
  read: RegionStagesRead,
  linked: ReturnType<typeof linkedReads>,
): Promise<RegionInventory['logGroups']> {
  const webAclArns = webAclArnsOf(read.rest);
  const webAclLogging = linked.webAclLogging
    ? await linked.webAclLogging.all(webAclArns)
    : notSelectedEntries(f, 'web-acl-logging', webAclArns, (arn) => f.target('GetLoggingConfiguration', arn));
  const staged: RegionStages = {
    region: f.region,
    apigateway: { restApis: { ok: true, value: read.rest } },
    apigatewayv2: { apis: { ok: true, value: read.v2 } },
    webAclLogging,
  };
  const logGroupNames = [...logGroupUses(staged, f.ctx.partition).keys()].sort();
  return f.wants('log-groups')
    ? collectLogGroups(f, logGroupNames)
    : notSelectedEntries(f, 'log-groups', logGroupNames, (name) => f.target('DescribeLogGroups', name), 'log-groups');
}

/**
 * The web ACLs (with their logging configurations) and certificates the region's APIs and
 * domains name, each distinct one read in its service's own lane as soon as it is named, while
 * the other APIs are still being read; undefined for a part the collection does not want.
 */
function linkedReads(f: RegionFetcher) {
  const waf = wafFetcher(f);
  const acm = acmFetcher(f);
  const reads = {
    webAcls: f.wants('web-acls') ? webAclReads(waf) : undefined,
    webAclLogging: f.wants('web-acl-logging') ? webAclLoggingReads(waf) : undefined,
    certificates: f.wants('certificates') ? certificateReads(acm) : undefined,
  };
  f.onRead((read) => {
    if (read.kind === 'rest') {
      for (const arn of webAclArnsOf([read.api])) {
        void reads.webAcls?.start(arn);
        void reads.webAclLogging?.start(arn);
      }
    }
    for (const ref of earlyCertificateRefs(read, f.region)) void reads.certificates?.start(ref);
  });
  return reads;
}

/** A slot collected when the collection wants its part, else a `NotSelected` slot. */
export function wanted<T>(f: RegionFetcher, part: InventoryPart, collect: () => Promise<Collected<T>>, target: CallTarget): Promise<Collected<T>> {
  return f.wants(part) ? collect() : Promise.resolve(f.notSelected(part, target));
}

/**
 * The entries of a map-shaped part this collection leaves out, each a `NotSelected` slot: a check
 * reading one of them later reports ERROR, as it would for a missing entry. `phase` is reported
 * done, when a region's progress waits for it.
 */
export function notSelectedEntries(
  f: RegionFetcher,
  part: InventoryPart,
  keys: readonly string[],
  targetOf: (key: string) => CallTarget,
  phase?: 'log-groups',
): Record<string, { ok: false; error: CollectionError }> {
  if (phase) f.progress(phase, 0, 0);
  const entries: Record<string, { ok: false; error: CollectionError }> = {};
  for (const key of keys) {
    // Defined as data: a key named `__proto__` stays a key.
    Object.defineProperty(entries, key, { value: f.notSelected(part, targetOf(key)), enumerable: true, writable: true, configurable: true });
  }
  return entries;
}
