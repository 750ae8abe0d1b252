/**
 * The CloudWatch Logs groups stages write to (access logs, REST execution logs), described by
 * name in batches: `DescribeLogGroups` takes up to 50 `logGroupIdentifiers`, which in an
 * account that is not a cross-account monitoring account are log group names. A name the
 * answer lacks is a group that does not exist; a failed call fails every group of its batch.
 */
import { DescribeLogGroupsCommand, type CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { z } from 'zod';
import { logGroupSchema, type Collected, type LogGroup } from '../inventory/schema.js';
import type { RegionFetcher } from './context.js';
import { definedOnly } from './slots.js';

export const LOG_GROUPS_PER_CALL = 50;

const foundSchema = z.array(logGroupSchema);

export async function collectLogGroups(f: RegionFetcher, names: Iterable<string>): Promise<Record<string, Collected<LogGroup>>> {
  const sorted = [...new Set(names)].sort();
  const batches: string[][] = [];
  for (let i = 0; i < sorted.length; i += LOG_GROUPS_PER_CALL) batches.push(sorted.slice(i, i + LOG_GROUPS_PER_CALL));
  const client = f.ctx.clients.cloudWatchLogs(f.region);
  const described = await f.eachWithProgress('log-groups', batches, (batch) => describeBatch(f, client, batch));
  return Object.fromEntries(described.flat());
}

async function describeBatch(
  f: RegionFetcher,
  client: CloudWatchLogsClient,
  names: string[],
): Promise<[string, Collected<LogGroup>][]> {
  const target = f.target('DescribeLogGroups', f.region);
  const pages = await f.pages(target, async (nextToken) => {
    const output = await client.send(new DescribeLogGroupsCommand({ logGroupIdentifiers: names, nextToken }));
    return { items: output.logGroups, position: output.nextToken };
  });
  const found = f.conform(foundSchema, pages, target, (groups) =>
    groups.map((group) =>
      definedOnly({
        logGroupName: group.logGroupName,
        exists: true,
        arn: group.arn,
        retentionInDays: group.retentionInDays,
        kmsKeyId: group.kmsKeyId,
        creationTime: group.creationTime,
      }),
    ),
  );
  if (!found.ok) return names.map((name) => [name, found]);
  const byName = new Map(found.value.map((group) => [group.logGroupName, group]));
  return names.map((name) => [name, { ok: true, value: byName.get(name) ?? { logGroupName: name, exists: false } }]);
}
