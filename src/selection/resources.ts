/**
 * Filters on resources: `--api` (API names or ARNs, `*` wildcards) and `--resource-tag key=value`
 * (an API is selected when it carries every given tag; REST APIs' `tags`, HTTP and WebSocket
 * APIs' `Tags`). Both given: an API must match both.
 *
 * What a filter keeps: the results about the selected APIs, their stages and routes, and the
 * shared resources (domains, user pools, KMS keys) every API they count towards is selected; a
 * result linked to any API outside the selection is dropped. Results that count towards no API
 * (trails, IAM policies, account settings, a domain mapped to nothing, the gap of a list that
 * could not be read) are kept: no filter on APIs can tell whether they concern the selection.
 */
import { apisOf } from '../engine/types.js';
import { InputError } from '../errors.js';
import type { ResourceRef } from '../model/results.js';
import type { InventoryView } from '../inventory/view.js';
import { hasWildcard, patternRegExp } from './patterns.js';

export const RESOURCE_FILTER_RULE =
  'kept: results about selected APIs and their stages and routes, results on shared resources (domains, user pools, keys) ' +
  'whose every API is selected, and results that count towards no API (account settings, trails, IAM); dropped: results linked to any other API';

export interface ResourceTag {
  key: string;
  value: string;
}

export interface ResourceFilter {
  /** `--api`: names or ARNs, `*` wildcards. */
  apis?: readonly string[];
  /** `--resource-tag`: every one must be carried. */
  tags?: readonly ResourceTag[];
}

/**
 * `key=value` (the value may hold `=`; AWS tag keys and values hold no comma, so one flag may
 * carry several, comma-separated).
 */
export function parseResourceTags(values: readonly string[]): ResourceTag[] {
  return values
    .flatMap((value) => value.split(','))
    .map((item) => item.trim())
    .filter((item) => item.length > 0)
    .map((item) => {
      const at = item.indexOf('=');
      if (at <= 0) throw new InputError(`--resource-tag takes key=value, e.g. env=prod; got '${item}'`);
      return { key: item.slice(0, at).trim(), value: item.slice(at + 1).trim() };
    });
}

export function hasResourceFilter(filter: ResourceFilter): boolean {
  return (filter.apis?.length ?? 0) > 0 || (filter.tags?.length ?? 0) > 0;
}

interface ApiFacts {
  arn: string;
  name: string | undefined;
  tags: Readonly<Record<string, string>>;
}

function matchesApi(filter: ResourceFilter, api: ApiFacts): boolean {
  const patterns = filter.apis ?? [];
  const named =
    patterns.length === 0 ||
    patterns.some((pattern) => {
      if (!hasWildcard(pattern)) return pattern === api.name || pattern === api.arn;
      const regExp = patternRegExp(pattern);
      return (api.name !== undefined && regExp.test(api.name)) || regExp.test(api.arn);
    });
  // Tag keys and values are case-sensitive (AWS Tagging: "Tag keys and values are case sensitive").
  const tagged = (filter.tags ?? []).every((tag) => Object.hasOwn(api.tags, tag.key) && api.tags[tag.key] === tag.value);
  return named && tagged;
}

/** The APIs found and the ARNs of the selected ones. */
export function selectApis(filter: ResourceFilter, view: InventoryView): { found: number; selected: Set<string> } {
  const apis: ApiFacts[] = [
    ...view.restApis().targets.map(({ api }) => ({ arn: api.arn, name: api.name, tags: api.tags ?? {} })),
    ...view.v2Apis().targets.map(({ api }) => ({ arn: api.arn, name: api.Name, tags: api.Tags ?? {} })),
  ];
  return { found: apis.length, selected: new Set(apis.filter((api) => matchesApi(filter, api)).map((api) => api.arn)) };
}

/** Whether a filter keeps a result about `ref` (see the rule above). */
export function keepsResultAbout(ref: ResourceRef, selected: ReadonlySet<string>): boolean {
  return apisOf(ref).every((arn) => selected.has(arn));
}
