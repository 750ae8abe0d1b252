/**
 * Writes the least-privilege policies of the deployment templates (deploy/*.template.json) from
 * `buildReadOnlyPolicy`, the generator behind `apiposture iam-policy`, so the deployed roles
 * cannot drift from what the collectors call. Only each template's generated
 * `AWS::IAM::ManagedPolicy` document is written; the rest of the template is hand-written.
 *
 * In the template the policy is the generator's output with CloudFormation placeholders:
 * resources and condition values holding `${…}` become `Fn::Sub` strings, and the statements only present when
 * Security Hub is on are wrapped in `Fn::If` on the template's condition.
 *
 *   node --import tsx scripts/gen-deploy.ts            rewrite the templates' policies
 *   node --import tsx scripts/gen-deploy.ts --check    fail when a committed policy is stale
 *   … --root <dir>                                     work on <dir>/deploy/ instead (tests)
 */
import { isDeepStrictEqual } from 'node:util';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { buildReadOnlyPolicy, type PolicyOptions, type PolicyStatement } from '../src/collect/iam-policy.js';

const ROOT = new URL('..', import.meta.url).pathname;

export interface GeneratedPolicySpec {
  /** The template, relative to the repository root. */
  template: string;
  /** Logical id of the template's `AWS::IAM::ManagedPolicy`. */
  resource: string;
  /** The template condition under which the Security Hub statements apply. */
  securityHubCondition: string;
  /** The generator's options, with CloudFormation `${…}` placeholders. */
  options(securityHub: boolean): PolicyOptions;
}

export const GENERATED_POLICIES: readonly GeneratedPolicySpec[] = [
  {
    // The Batch task role of the scheduled scans: reads (when the account itself is scanned),
    // assuming the member-account role, and writing reports under the bucket's prefix.
    template: 'deploy/apiposture-scheduled.template.json',
    resource: 'ScanPolicy',
    securityHubCondition: 'SecurityHubEnabled',
    options: (securityHub) => ({
      partition: '${AWS::Partition}',
      securityHub,
      s3Output: { bucket: '${ReportsBucket}', prefix: '${ReportsPrefix}' },
      assumeRoleArn: 'arn:${AWS::Partition}:iam::*:role/${MemberRoleName}',
    }),
  },
  {
    // The role apiposture assumes in each member account: reads of that account only.
    template: 'deploy/apiposture-member-role.template.json',
    resource: 'ReadOnlyPolicy',
    securityHubCondition: 'SecurityHubEnabled',
    options: (securityHub) => ({ partition: '${AWS::Partition}', account: '${AWS::AccountId}', securityHub }),
  },
];

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

function sub(value: string): Json {
  return value.includes('${') ? { 'Fn::Sub': value } : value;
}

function cfnStatement(statement: PolicyStatement): Json {
  const { Condition: condition, ...rest } = statement;
  return {
    ...rest,
    Action: [...statement.Action],
    Resource: statement.Resource.map(sub),
    ...(condition
      ? {
          Condition: Object.fromEntries(
            Object.entries(condition).map(([operator, keys]) => [
              operator,
              Object.fromEntries(Object.entries(keys).map(([key, values]) => [key, values.map(sub)])),
            ]),
          ),
        }
      : {}),
  };
}

/** The policy document as the template holds it. */
export function cfnPolicyDocument(spec: GeneratedPolicySpec): Json {
  const withHub = buildReadOnlyPolicy(spec.options(true));
  const withoutHub = buildReadOnlyPolicy(spec.options(false));
  // The statements without Security Hub must be those with it, in the same order, minus some:
  // then one list with conditional statements stands for both.
  const bySid = new Map(withHub.Statement.map((s, i) => [s.Sid, { s, i }]));
  let last = -1;
  for (const statement of withoutHub.Statement) {
    const match = bySid.get(statement.Sid);
    if (!match || match.i <= last || !isDeepStrictEqual(match.s, statement)) {
      throw new Error(`${spec.template}: statement ${statement.Sid} differs with and without Security Hub; the template cannot express it`);
    }
    last = match.i;
  }
  const always = new Set(withoutHub.Statement.map((s) => s.Sid));
  return {
    Version: withHub.Version,
    Statement: withHub.Statement.map((s) =>
      always.has(s.Sid) ? cfnStatement(s) : { 'Fn::If': [spec.securityHubCondition, cfnStatement(s), { Ref: 'AWS::NoValue' }] },
    ),
  };
}

/** The template's text with its generated policy written in (canonical JSON, two-space indent). */
export function renderTemplate(text: string, spec: GeneratedPolicySpec): string {
  const template = JSON.parse(text) as { Resources?: Record<string, { Type?: string; Properties?: Record<string, Json> }> };
  const resource = template.Resources?.[spec.resource];
  if (resource?.Type !== 'AWS::IAM::ManagedPolicy' || !resource.Properties) {
    throw new Error(`${spec.template}: no AWS::IAM::ManagedPolicy resource '${spec.resource}' with Properties`);
  }
  resource.Properties.PolicyDocument = cfnPolicyDocument(spec);
  return JSON.stringify(template, null, 2) + '\n';
}

/** Regenerates every template under `root`; returns the stale ones (written unless `check`). */
export function generate(root: string, check: boolean): string[] {
  const stale: string[] = [];
  for (const spec of GENERATED_POLICIES) {
    const path = join(root, spec.template);
    const current = readFileSync(path, 'utf8');
    const expected = renderTemplate(current, spec);
    if (current === expected) continue;
    stale.push(spec.template);
    if (!check) writeFileSync(path, expected);
  }
  return stale;
}

function main(argv: string[]): void {
  const rootAt = argv.indexOf('--root');
  const root = rootAt >= 0 ? argv[rootAt + 1] : ROOT;
  if (!root) {
    console.error('--root needs a directory');
    process.exit(2);
  }
  const check = argv.includes('--check');
  const stale = generate(root, check);
  if (check && stale.length > 0) {
    console.error(`out of date: ${stale.join(', ')}; run \`node --import tsx scripts/gen-deploy.ts\``);
    process.exit(1);
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) main(process.argv.slice(2));
