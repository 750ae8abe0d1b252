/**
 * One region: the REST (v1) and v2 (HTTP and WebSocket) collectors, the web ACLs and ACM
 * certificates they point to, the region's trails and alarms (alongside: they depend on nothing),
 * then the log groups the stages write to.
 */
import type { RegionInventory } from '../inventory/schema.js';
import { logGroupUses } from '../inventory/links.js';
import { collectAlarms } from './alarms.js';
import { certificateRefsOf, collectCertificates } from './certificates.js';
import { RegionFetcher, type CollectContext } from './context.js';
import { collectLogGroups } from './log-groups.js';
import { collectDomainNames, collectRestAccountWide, collectRestApis } from './rest.js';
import { collectTrails } from './trails.js';
import { collectApiGatewayV2 } from './v2.js';
import { collectWebAcls, webAclArnsOf } from './web-acls.js';

export async function collectRegion(ctx: CollectContext, region: string): Promise<RegionInventory> {
  const f = new RegionFetcher(ctx, region);
  const client = ctx.clients.apiGateway(region);
  const monitoringReady = Promise.all([collectTrails(f), collectAlarms(f)]);

  const accountWide = collectRestAccountWide(f, client);
  const restApisReady = collectRestApis(f, client);
  const domainNamesReady = collectDomainNames(f, client);
  const apigatewayv2Ready = collectApiGatewayV2(f);

  const [restApis, domainNames, apigatewayv2] = await Promise.all([restApisReady, domainNamesReady, apigatewayv2Ready]);
  const v2Domains = apigatewayv2.domainNames.ok ? apigatewayv2.domainNames.value : [];
  const [webAcls, certificates, apigateway, [trails, alarms]] = await Promise.all([
    collectWebAcls(f, restApis.ok ? webAclArnsOf(restApis.value) : []),
    collectCertificates(f, certificateRefsOf(domainNames.ok ? domainNames.value : [], v2Domains, region)),
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
    certificates,
    trails,
    alarms,
    logGroups: {},
  };
  const logGroups = await collectLogGroups(f, logGroupUses(collected, ctx.partition).keys());
  return { ...collected, logGroups };
}
