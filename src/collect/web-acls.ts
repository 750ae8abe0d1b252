/**
 * The WAFv2 web ACLs REST stages name: one `GetWebACL` and one `GetLoggingConfiguration` per
 * distinct `Stage.webAclArn`; and the web ACL of each user pool an authorizer trusts, one
 * `GetWebACLForResource` per pool (a user pool is a resource WAF protects). Each is read in a
 * WAF lane, as soon as an API's stages (or a pool's read) name it.
 */
import { GetLoggingConfigurationCommand, GetWebACLCommand, GetWebACLForResourceCommand } from '@aws-sdk/client-wafv2';
import type { CallTarget } from '../aws/call.js';
import { errorCode } from '../aws/retry.js';
import { parseUserPoolArn } from '../inventory/links.js';
import { NOT_SELECTED } from '../inventory/parts.js';
import {
  resourceWebAclSchema,
  webAclLoggingSchema,
  webAclSchema,
  type Collected,
  type ResourceWebAcl,
  type RestApi,
  type UserPool,
  type WebAcl,
  type WebAclLogging,
} from '../inventory/schema.js';
import { parseArn } from './arn.js';
import { RegionFetcher } from './context.js';
import { KeyedReads } from './keyed-reads.js';
import { definedOnly } from './slots.js';

/**
 * What WAF answers `GetLoggingConfiguration` for a web ACL without logging ("AWS WAF API
 * reference", GetLoggingConfiguration errors): an answer, not a failure of the scan.
 */
export const WAF_NONEXISTENT_ITEM = 'WAFNonexistentItemException';

export function webAclArnsOf(apis: readonly Pick<RestApi, 'stages'>[]): string[] {
  const arns = new Set<string>();
  for (const api of apis) {
    if (!api.stages.ok) continue;
    for (const stage of api.stages.value) if (stage.webAclArn) arns.add(stage.webAclArn);
  }
  return [...arns];
}

/** What paces a WAF lane: WAF's bucket of Get calls (5/s a region); `GetWebACLForResource` has its own (1/s). */
const WAF_PACE = { service: 'wafv2', operation: 'GetWebACL' } as const;
const RESOURCE_WAF_PACE = { service: 'wafv2', operation: 'GetWebACLForResource' } as const;

/** A lane of WAF calls, apart from the API Gateway calls of the region (its own buckets). */
export function wafFetcher(f: RegionFetcher): RegionFetcher {
  return new RegionFetcher(f.ctx, f.region, f.scope, WAF_PACE);
}

/** A lane of `GetWebACLForResource` calls (user pools), paced by its own bucket. */
export function resourceWafFetcher(f: RegionFetcher): RegionFetcher {
  return new RegionFetcher(f.ctx, f.region, f.scope, RESOURCE_WAF_PACE);
}

/** Each distinct web ACL a stage names, read once (`GetWebACL`), with `web-acls` progress. */
export function webAclReads(waf: RegionFetcher): KeyedReads<string, Collected<WebAcl>> {
  return new KeyedReads(waf, 'web-acls', (arn: string) => arn, (arn) => collectWebAcl(waf, arn));
}

/** Each distinct web ACL's logging configuration, read once (`GetLoggingConfiguration`). */
export function webAclLoggingReads(waf: RegionFetcher): KeyedReads<string, Collected<WebAclLogging>> {
  return new KeyedReads(waf, undefined, (arn: string) => arn, (arn) => collectLogging(waf, arn));
}

const unsupportedMessage = (arn: string) => `${arn} is not a WAFv2 web ACL; apiposture reads WAFv2 web ACLs only`;

/** A WAF Classic (`waf-regional`) ACL: WAFv2 cannot read it. */
function unsupported(f: RegionFetcher, target: CallTarget, arn: string): Collected<never> {
  return f.fail(target, 'UnsupportedWebAcl', unsupportedMessage(arn));
}

async function collectWebAcl(f: RegionFetcher, arn: string): Promise<Collected<WebAcl>> {
  const parsed = parseArn(arn);
  const target = f.target('GetWebACL', arn, parsed?.region || f.region);
  if (parsed?.service !== 'wafv2') return unsupported(f, target, arn);
  const client = f.ctx.clients.wafv2(target.region);
  const result = await f.call(target, () => client.send(new GetWebACLCommand({ ARN: arn })));
  return f.conform(webAclSchema, result, target, (output) => output.WebACL);
}

/** Resolves to undefined on WAFNonexistentItemException ("no such configuration" is an answer). */
async function orNonexistent<T>(request: () => Promise<T>): Promise<T | undefined> {
  try {
    return await request();
  } catch (error) {
    if (errorCode(error) === WAF_NONEXISTENT_ITEM) return undefined;
    throw error;
  }
}

async function collectLogging(f: RegionFetcher, arn: string): Promise<Collected<WebAclLogging>> {
  const parsed = parseArn(arn);
  const target = f.target('GetLoggingConfiguration', arn, parsed?.region || f.region);
  // Recorded once, by GetWebACL: the same ACL is not a second collection error.
  if (parsed?.service !== 'wafv2') return { ok: false, error: { ...target, code: 'UnsupportedWebAcl', message: unsupportedMessage(arn) } };
  const client = f.ctx.clients.wafv2(target.region);
  // The default LogScope (CUSTOMER): the configuration the account set up itself.
  const result = await f.call(target, () => orNonexistent(() => client.send(new GetLoggingConfigurationCommand({ ResourceArn: arn }))));
  return f.conform(webAclLoggingSchema, result, target, (output) => {
    const config = output?.LoggingConfiguration;
    if (!config) return { enabled: false };
    return definedOnly({
      enabled: true,
      LogDestinationConfigs: config.LogDestinationConfigs,
      ManagedByFirewallManager: config.ManagedByFirewallManager,
      LogType: config.LogType,
      LogScope: config.LogScope,
      RedactedFields: config.RedactedFields,
      LoggingFilter: config.LoggingFilter,
    });
  });
}

/**
 * Whether a trusted pool's web ACL is asked for, in the pool's region. Pools of other accounts
 * are not asked (WAF answers for the caller's own resources only); pools the collection found
 * missing are not asked either.
 */
export function asksPoolWebAcl(accountId: string, poolArn: string, pool: Collected<UserPool> | undefined): boolean {
  if (parseUserPoolArn(poolArn)?.account !== accountId) return false;
  return pool === undefined || pool.ok || pool.error.code === NOT_SELECTED;
}

/** The web ACL of each asked pool, read once (`GetWebACLForResource`), with `user-pool-web-acls` progress. */
export function poolWebAclReads(waf: RegionFetcher): KeyedReads<string, Collected<ResourceWebAcl>> {
  return new KeyedReads(waf, 'user-pool-web-acls', (arn: string) => arn, (arn) => collectPoolWebAcl(waf, arn));
}

async function collectPoolWebAcl(f: RegionFetcher, poolArn: string): Promise<Collected<ResourceWebAcl>> {
  const target = f.target('GetWebACLForResource', poolArn, parseUserPoolArn(poolArn)?.region ?? f.region);
  const client = f.ctx.clients.wafv2(target.region);
  const result = await f.call(target, () => client.send(new GetWebACLForResourceCommand({ ResourceArn: poolArn })));
  // No web ACL associated: WebACL is absent from the answer (API reference, GetWebACLForResource).
  return f.conform(resourceWebAclSchema, result, target, (output) =>
    output.WebACL ? definedOnly({ associated: true, WebACLArn: output.WebACL.ARN, Name: output.WebACL.Name }) : { associated: false },
  );
}
