/**
 * Choosing what runs: `--checks`, `--excluded-checks`, `--severity` (scan, evaluate, collect,
 * iam-policy), `--api` and `--resource-tag` (scan, evaluate), `--excluded-regions` (scan,
 * collect). Each flag can also come from its environment variable (flags win).
 */
import { Option, type Command } from 'commander';
import { isRegionName } from '../aws/region-name.js';
import { SEVERITIES, type Severity } from '../engine/types.js';
import { InputError } from '../errors.js';
import { parseResourceTags } from '../selection/resources.js';
import { selectionOf, type Selection } from '../selection/selection.js';
import type { AwsTarget } from '../scan/target.js';
import { parseList } from './options.js';

export interface SelectionFlags {
  checks?: string;
  excludedChecks?: string;
  severity?: string;
  api?: string;
  resourceTag?: string[];
  excludedRegions?: string;
}

const collectValues = (value: string, previous: string[] | undefined): string[] => [...(previous ?? []), value];

export function addCheckSelectionOptions(command: Command): Command {
  return command
    .addOption(
      new Option('--checks <ids>', 'run only these checks: ids or patterns with *, comma-separated, e.g. rest-stage-*,account-cloudtrail').env(
        'APIPOSTURE_CHECKS',
      ),
    )
    .addOption(new Option('--excluded-checks <ids>', 'do not run these checks: ids or patterns with *').env('APIPOSTURE_EXCLUDED_CHECKS'))
    .addOption(
      new Option('--severity <min>', `run only checks at or above this severity: ${SEVERITIES.join(', ')}`).env('APIPOSTURE_SEVERITY'),
    );
}

export function addResourceFilterOptions(command: Command): Command {
  return command
    .addOption(
      new Option('--api <patterns>', 'report only on these APIs: names or ARNs, * wildcards, comma-separated (account-level results stay)').env(
        'APIPOSTURE_API',
      ),
    )
    .addOption(
      new Option('--resource-tag <key=value>', 'report only on APIs carrying this tag (repeatable: every one must match)')
        .argParser(collectValues)
        .env('APIPOSTURE_RESOURCE_TAGS'),
    );
}

export function addExcludedRegionsOption(command: Command): Command {
  return command.addOption(
    new Option('--excluded-regions <list>', 'regions not to scan, also with --regions all (comma-separated)').env('APIPOSTURE_EXCLUDED_REGIONS'),
  );
}

export function parseSeverity(value: string): Severity {
  const severity = value.trim().toLowerCase();
  if ((SEVERITIES as readonly string[]).includes(severity)) return severity as Severity;
  throw new InputError(`--severity takes one of ${SEVERITIES.join(', ')}; got '${value}'`);
}

export function parseExcludedRegions(value: string): string[] {
  const regions = [...new Set(parseList(value))];
  const bad = regions.filter((region) => !isRegionName(region));
  if (bad.length) throw new InputError(`--excluded-regions: not an AWS region: ${bad.join(', ')} (expected names like eu-west-1)`);
  return regions;
}

/** The selection the flags make, validated now (one-line errors); undefined when they select everything. */
export function resolveSelection(flags: SelectionFlags): Selection | undefined {
  const checks = flags.checks === undefined ? undefined : parseList(flags.checks);
  if (checks !== undefined && checks.length === 0) throw new InputError('--checks needs at least one check id or pattern');
  const apis = flags.api === undefined ? undefined : parseList(flags.api);
  if (apis !== undefined && apis.length === 0) throw new InputError('--api needs at least one API name, ARN or pattern');
  return selectionOf({
    ...(checks ? { checks } : {}),
    ...(flags.excludedChecks !== undefined ? { excludedChecks: parseList(flags.excludedChecks) } : {}),
    ...(flags.severity !== undefined ? { severity: parseSeverity(flags.severity) } : {}),
    ...(apis ? { apis } : {}),
    ...(flags.resourceTag?.length ? { tags: parseResourceTags(flags.resourceTag) } : {}),
    ...(flags.excludedRegions !== undefined ? { excludedRegions: parseExcludedRegions(flags.excludedRegions) } : {}),
  });
}

/** The regions left to scan; a one-line error when the exclusion leaves none. */
export function regionsLeft(regions: readonly string[], selection: Selection | undefined): string[] {
  const left = selection ? selection.regionsToScan(regions) : [...regions];
  if (left.length === 0) throw new InputError(`--excluded-regions leaves no region to scan of ${regions.join(', ')}`);
  return left;
}

/** `scan`: the AWS flags' regions less the excluded ones, and the checks and APIs to cover. */
export function addScanSelectionOptions(command: Command): Command {
  return addResourceFilterOptions(addCheckSelectionOptions(addExcludedRegionsOption(command)));
}

/** What a collection for the selection covers: the regions left and the parts its checks read. */
export function collectionScope(target: AwsTarget, selection: Selection | undefined): AwsTarget {
  if (!selection) return target;
  const parts = selection.collectionParts;
  return {
    ...target,
    regions: regionsLeft(target.regions, selection),
    ...(parts ? { parts, selectedChecks: selection.checks.map((check) => check.id) } : {}),
  };
}
