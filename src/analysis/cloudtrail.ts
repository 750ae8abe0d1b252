/**
 * Does a trail record what an API investigation needs? The rule, per the CloudTrail API Reference
 * (DescribeTrails, GetTrailStatus, GetEventSelectors) and the AWS
 * Config rule cloudtrail-security-trail-enabled: at least one trail that is multi-Region with
 * global service events, validates its log files, is encrypted with a KMS key, is logging, and
 * records every management event, reads and writes, from every event source.
 *
 * Management-event coverage, from GetEventSelectors:
 * - no selectors of either kind: the default, which records all management events;
 * - basic selectors: the union over selectors with `IncludeManagementEvents` (default true) and no
 *   `ExcludeManagementEventSources` must cover reads and writes (`ReadWriteType`, default `All`);
 * - advanced selectors: the union over selectors with `eventCategory` Equals `Management` and no
 *   other field than an optional `readOnly` Equals must cover reads and writes. Any other field
 *   (an `eventSource` exclusion, a `userIdentity.arn` filter, …) drops some management events.
 */
import type { Trail } from '../inventory/schema.js';

export type TrailSelectors = Extract<Trail['selectors'], { ok: true }>['value'];

export interface ManagementCoverage {
  /** True when every management event, read and write, from every source is recorded. */
  all: boolean;
  /** What is recorded, or what is missing. */
  detail: string;
}

interface Sides {
  read: boolean;
  write: boolean;
}

function sidesText(sides: Sides): string {
  if (sides.read && sides.write) return 'read and write';
  if (sides.read) return 'read-only';
  if (sides.write) return 'write-only';
  return 'no';
}

function basicCoverage(selectors: NonNullable<TrailSelectors['EventSelectors']>): ManagementCoverage {
  const sides: Sides = { read: false, write: false };
  const problems: string[] = [];
  for (const selector of selectors) {
    if (selector.IncludeManagementEvents === false) continue;
    const excluded = (selector.ExcludeManagementEventSources ?? []).filter((s) => s.trim());
    if (excluded.length > 0) {
      problems.push(`excludes management events from ${excluded.join(', ')}`);
      continue;
    }
    const type = (selector.ReadWriteType ?? 'All').trim().toLowerCase();
    if (type === 'all' || type === 'readonly') sides.read = true;
    if (type === 'all' || type === 'writeonly') sides.write = true;
  }
  if (sides.read && sides.write) return { all: true, detail: 'all management events (basic selectors)' };
  const recorded = sides.read || sides.write ? `${sidesText(sides)} management events only` : 'no management events';
  return { all: false, detail: problems.length ? `${recorded}; a selector ${problems.join('; ')}` : recorded };
}

type FieldSelector = NonNullable<TrailSelectors['AdvancedEventSelectors']>[number]['FieldSelectors'][number];

const OPERATORS = ['Equals', 'NotEquals', 'StartsWith', 'NotStartsWith', 'EndsWith', 'NotEndsWith'] as const;

function onlyEquals(field: FieldSelector): string[] | undefined {
  const used = OPERATORS.filter((op) => (field[op] ?? []).length > 0);
  return used.length === 1 && used[0] === 'Equals' ? field.Equals! : undefined;
}

function advancedCoverage(selectors: NonNullable<TrailSelectors['AdvancedEventSelectors']>): ManagementCoverage {
  const sides: Sides = { read: false, write: false };
  const problems: string[] = [];
  for (const selector of selectors) {
    const fields = selector.FieldSelectors;
    const category = fields.find((f) => f.Field === 'eventCategory');
    const categories = category ? onlyEquals(category) : undefined;
    if (!categories?.includes('Management')) continue;
    const label = selector.Name ? `selector ${selector.Name}` : 'a management selector';
    const others = fields.filter((f) => f.Field !== 'eventCategory' && f.Field !== 'readOnly');
    if (others.length > 0) {
      problems.push(`${label} filters on ${others.map((f) => f.Field).join(', ')}`);
      continue;
    }
    const readOnly = fields.find((f) => f.Field === 'readOnly');
    if (!readOnly) {
      sides.read = true;
      sides.write = true;
      continue;
    }
    const values = onlyEquals(readOnly)?.map((v) => v.trim().toLowerCase());
    if (!values) {
      problems.push(`${label} filters readOnly with an operator other than Equals`);
      continue;
    }
    if (values.includes('true')) sides.read = true;
    if (values.includes('false')) sides.write = true;
  }
  if (sides.read && sides.write) return { all: true, detail: 'all management events (advanced selectors)' };
  const recorded = sides.read || sides.write ? `${sidesText(sides)} management events only` : 'no management events';
  return { all: false, detail: problems.length ? `${recorded}; ${problems.join('; ')}` : recorded };
}

/** Which management events a trail's selectors record. */
export function managementEventCoverage(selectors: TrailSelectors): ManagementCoverage {
  const advanced = selectors.AdvancedEventSelectors ?? [];
  if (advanced.length > 0) return advancedCoverage(advanced);
  const basic = selectors.EventSelectors ?? [];
  if (basic.length > 0) return basicCoverage(basic);
  return { all: true, detail: 'all management events (default selectors)' };
}

export interface TrailAssessment {
  name: string;
  arn: string;
  homeRegion?: string;
  /** What the trail lacks; empty when it meets the rule (given `unknown` is empty too). */
  lacks: string[];
  /** Parts that could not be judged because their data was not collected. */
  unknown: { what: string; error: Extract<Trail['status'], { ok: false }>['error'] }[];
}

/** Everything a trail lacks against the rule, and what could not be read. */
export function assessTrail(trail: Trail): TrailAssessment {
  const lacks: string[] = [];
  const unknown: TrailAssessment['unknown'] = [];
  if (trail.IsMultiRegionTrail !== true) lacks.push('not multi-Region');
  if (trail.IncludeGlobalServiceEvents !== true) lacks.push('no global service events');
  if (trail.LogFileValidationEnabled !== true) lacks.push('no log file validation');
  if (!trail.KmsKeyId?.trim()) lacks.push('not encrypted with a KMS key');
  if (!trail.status.ok) unknown.push({ what: 'logging status', error: trail.status.error });
  else if (trail.status.value.IsLogging !== true) lacks.push('not logging');
  if (!trail.selectors.ok) unknown.push({ what: 'event selectors', error: trail.selectors.error });
  else {
    const coverage = managementEventCoverage(trail.selectors.value);
    if (!coverage.all) lacks.push(coverage.detail);
  }
  return {
    name: trail.Name,
    arn: trail.TrailARN,
    ...(trail.HomeRegion ? { homeRegion: trail.HomeRegion } : {}),
    lacks,
    unknown,
  };
}

/** `org-audit (home eu-west-1): not logging; no log file validation` */
export function describeAssessment(a: TrailAssessment): string {
  const where = a.homeRegion ? ` (home ${a.homeRegion})` : '';
  const parts = [...a.lacks, ...a.unknown.map((u) => `${u.what} not collected`)];
  return `${a.name}${where}: ${parts.length ? parts.join('; ') : 'meets every requirement'}`;
}
