/**
 * The web ACLs REST stages name, as resources of their own: each with what `GetWebACL` and
 * `GetLoggingConfiguration` returned, the stages it protects, and its findings counting towards
 * every API of those stages. Also what the logging-destination and metrics checks share.
 */
import type { Collected, CollectionError, RegionInventory, WebAcl, WebAclLogging } from '../inventory/schema.js';
import type { Gap, InventoryView, Selection, WebAclEntity, WebAclUse } from '../inventory/view.js';

function notCollected(operation: string, region: string, arn: string, what: string): { ok: false; error: CollectionError } {
  return { ok: false, error: { service: 'wafv2', operation, region, resource: arn, code: 'NotCollected', message: `${what} was not in the snapshot` } };
}

/** `arn:aws:wafv2:eu-west-1:123456789012:regional/webacl/<name>/<id>` → `<name>`. */
export function webAclName(arn: string, acl?: Collected<WebAcl>): string {
  if (acl?.ok && acl.value.Name) return acl.value.Name;
  const parts = arn.split('/');
  return parts.length >= 3 ? parts[parts.length - 2]! : arn;
}

export function webAclLogging(region: RegionInventory, arn: string): Collected<WebAclLogging> {
  return region.webAclLogging?.[arn] ?? notCollected('GetLoggingConfiguration', region.region, arn, 'the logging configuration of the web ACL');
}

/**
 * Every web ACL a REST stage names, once per region and ARN. REST APIs or stages that could not
 * be read are gaps: the web ACLs they name are unknown.
 */
export function webAclTargets(view: InventoryView): Selection<WebAclEntity> {
  const stages = view.restStages();
  const gaps: Gap[] = stages.gaps.map((gap) => ({
    ref: gap.ref,
    error: { ...gap.error, message: `the web ACLs of ${gap.ref.name}'s stages are unknown: ${gap.error.message}` },
  }));
  const byKey = new Map<string, { region: RegionInventory; arn: string; usedBy: WebAclUse[] }>();
  for (const { stage, api, ref } of stages.targets) {
    const arn = stage.webAclArn?.trim();
    if (!arn) continue;
    const key = `${api.region.region}\u0000${arn}`;
    const entry = byKey.get(key) ?? { region: api.region, arn, usedBy: [] };
    entry.usedBy.push({ apiArn: api.api.arn, stage: ref.name });
    byKey.set(key, entry);
  }
  const targets = [...byKey.values()]
    .sort((a, b) => a.arn.localeCompare(b.arn) || a.region.region.localeCompare(b.region.region))
    .map(({ region, arn, usedBy }): WebAclEntity => {
      const acl = view.webAcl(region, arn);
      const linkedApiArns = [...new Set(usedBy.map((use) => use.apiArn))].sort();
      return {
        kind: 'web-acl',
        arn,
        region,
        acl,
        logging: webAclLogging(region, arn),
        usedBy,
        ref: {
          arn,
          type: 'web-acl',
          name: webAclName(arn, acl),
          account: view.accountId,
          region: arn.split(':')[3] || region.region,
          linkedApiArns,
        },
      };
    });
  return { targets, gaps };
}

export type LogDestinationKind = 'cloudwatch-logs' | 's3' | 'firehose' | 'other';

/** What a logging destination ARN names ("AWS WAF logging destinations"). */
export function logDestinationKind(arn: string): LogDestinationKind {
  const service = arn.split(':')[2];
  if (service === 'logs') return 'cloudwatch-logs';
  if (service === 's3') return 's3';
  if (service === 'firehose') return 'firehose';
  return 'other';
}

/** A part of a web ACL whose CloudWatch metrics are not enabled, for evidence. */
export interface MetricsGap {
  /** `web ACL (default action)`, `rule <name>`, `Firewall Manager rule group <name>`. */
  what: string;
  /** false: disabled; null: the VisibilityConfig is missing from what GetWebACL returned. */
  enabled: false | null;
}

const FMS_GROUPS = ['PreProcessFirewallManagerRuleGroups', 'PostProcessFirewallManagerRuleGroups'] as const;

/**
 * Which parts of a web ACL send no CloudWatch metrics: the web ACL itself (whose metrics count
 * the requests the default action applies to) and each rule. `VisibilityConfig` is required on
 * both (AWS WAF API reference, WebACL and Rule), so a missing one is unknown, not off. Firewall
 * Manager rule groups are listed apart: the account cannot change them.
 */
export function metricsGaps(acl: WebAcl): { own: MetricsGap[]; firewallManager: MetricsGap[] } {
  const state = (config: { CloudWatchMetricsEnabled?: boolean | undefined } | undefined): false | null | true =>
    config === undefined || config.CloudWatchMetricsEnabled === undefined ? null : config.CloudWatchMetricsEnabled;
  const own: MetricsGap[] = [];
  const aclState = state(acl.VisibilityConfig);
  if (aclState !== true) own.push({ what: 'web ACL (default action)', enabled: aclState });
  for (const rule of acl.Rules ?? []) {
    const ruleState = state(rule.VisibilityConfig);
    if (ruleState !== true) own.push({ what: `rule ${rule.Name ?? `at priority ${rule.Priority ?? '?'}`}`, enabled: ruleState });
  }
  const firewallManager: MetricsGap[] = [];
  for (const key of FMS_GROUPS) {
    for (const group of acl[key] ?? []) {
      const config = (group as { VisibilityConfig?: { CloudWatchMetricsEnabled?: boolean } }).VisibilityConfig;
      const groupState = state(config);
      const name = (group as { Name?: unknown }).Name;
      if (groupState !== true) firewallManager.push({ what: `Firewall Manager rule group ${typeof name === 'string' ? name : '?'}`, enabled: groupState });
    }
  }
  return { own, firewallManager };
}
