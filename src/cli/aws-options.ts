/** The AWS flags `scan` and `collect` share, in the AWS CLI's style, and `scan`'s multi-account flags. */
import type { Command } from 'commander';
import { parseAccountIds, parseExternalId, parseRoleArnTemplate, parseRoleName } from '../accounts/targets.js';
import type { AccountsPlan, AwsTarget, RegionChoice } from '../scan/target.js';
import { InputError } from '../errors.js';
import { parseEndpointUrl, parseRegions } from './options.js';
import { configFilePath, profileRegion } from './aws-config.js';

export type { AccountSource, AccountsPlan, AwsTarget, RegionChoice } from '../scan/target.js';

export interface AwsFlags {
  profile?: string;
  region?: string;
  regions?: string;
  endpointUrl?: string;
}

/** Where calls that are not about a scanned region go (STS, Organizations, Account) with `--regions all`. */
export const DEFAULT_CONTROL_REGION = 'us-east-1';

export function addAwsOptions(command: Command): Command {
  return command
    .option('--profile <name>', 'AWS profile from your shared config (default: the SDK credential chain)')
    .option('--region <region>', "one region to scan (default: $AWS_REGION, $AWS_DEFAULT_REGION, or the profile's region in ~/.aws/config)")
    .option('--regions <list>', 'comma-separated regions to scan, e.g. eu-west-1,us-east-1 (env: APIPOSTURE_REGIONS)')
    .option('--endpoint-url <url>', 'send every AWS call to this endpoint, e.g. LocalStack or moto (default: $AWS_ENDPOINT_URL)');
}

/** Flags, then variables, then the profile's `region` in the shared config file, as the AWS CLI resolves it. */
export function resolveRegionChoice(flags: AwsFlags, env: NodeJS.ProcessEnv = process.env): RegionChoice {
  if (flags.region && flags.regions) throw new InputError('give --region or --regions, not both');
  const regionList =
    flags.regions ?? flags.region ?? env.APIPOSTURE_REGIONS ?? env.AWS_REGION ?? env.AWS_DEFAULT_REGION ?? profileRegion(flags.profile, env);
  if (!regionList) {
    const profile = flags.profile ?? (env.AWS_PROFILE || 'default');
    throw new InputError(`no region: pass --region or --regions, set AWS_REGION, or set region for profile '${profile}' in ${configFilePath(env)}`);
  }
  if (regionList.trim().toLowerCase() === 'all') return { kind: 'all' };
  return { kind: 'list', regions: parseRegions(regionList) };
}

export function resolveEndpoint(flags: AwsFlags, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const endpoint = flags.endpointUrl ?? env.AWS_ENDPOINT_URL;
  return endpoint ? parseEndpointUrl(endpoint) : undefined;
}

/**
 * The region for STS, Organizations and Account Management calls: the first scanned one, else
 * $AWS_REGION, else the profile's region, else us-east-1.
 */
export function controlRegionFor(choice: RegionChoice, env: NodeJS.ProcessEnv = process.env, flags: AwsFlags = {}): string {
  if (choice.kind === 'list') return choice.regions[0]!;
  const fromEnv = env.AWS_REGION ?? env.AWS_DEFAULT_REGION ?? profileRegion(flags.profile, env);
  return fromEnv ? parseRegions(fromEnv)[0]! : DEFAULT_CONTROL_REGION;
}

export function resolveAwsTarget(flags: AwsFlags, env: NodeJS.ProcessEnv = process.env): AwsTarget {
  const choice = resolveRegionChoice(flags, env);
  if (choice.kind === 'all') throw new InputError('--regions all is only supported by `scan`; list the regions here');
  const endpointUrl = resolveEndpoint(flags, env);
  return {
    regions: choice.regions,
    ...(flags.profile ? { profile: flags.profile } : {}),
    ...(endpointUrl ? { endpointUrl } : {}),
  };
}

// ── Multi-account (`scan` only) ──────────────────────────────────────────────────────────

export interface AccountFlags {
  accounts?: string;
  organization?: boolean;
  roleName?: string;
  roleArn?: string;
  externalId?: string;
}

export function addAccountOptions(command: Command): Command {
  return command
    .option('--accounts <ids>', 'scan these accounts (comma-separated 12-digit ids), assuming a role in each (env: APIPOSTURE_ACCOUNTS)')
    .option('--organization', "scan every ACTIVE account of the caller's organization (env: APIPOSTURE_ORGANIZATION=true)")
    .option('--role-name <name>', 'the role to assume in each account: arn:<partition>:iam::<account>:role/<name> (env: APIPOSTURE_ROLE_NAME)')
    .option('--role-arn <template>', 'the role ARN to assume, with {account} for the account id (env: APIPOSTURE_ROLE_ARN)')
    .option('--external-id <id>', "the external id the roles' trust policy requires (env: APIPOSTURE_EXTERNAL_ID)");
}

/** A boolean environment variable: true/1/yes or false/0/no/empty; anything else is an InputError. */
export function envFlag(name: string, value: string | undefined): boolean {
  if (value === undefined) return false;
  const normalized = value.trim().toLowerCase();
  if (['true', '1', 'yes'].includes(normalized)) return true;
  if (['false', '0', 'no', ''].includes(normalized)) return false;
  throw new InputError(`${name} takes true or false; got '${value}'`);
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}

/**
 * The multi-account part of `scan`, or undefined for a single-account scan. Flags win over their
 * environment variables; every mistake is an `InputError`, before any AWS call.
 */
export function resolveAccountsPlan(flags: AccountFlags, env: NodeJS.ProcessEnv = process.env): AccountsPlan | undefined {
  const fromFlags = flags.accounts !== undefined || flags.organization === true;
  const accounts = fromFlags ? flags.accounts : nonEmpty(env.APIPOSTURE_ACCOUNTS);
  const organization = fromFlags ? flags.organization === true : envFlag('APIPOSTURE_ORGANIZATION', env.APIPOSTURE_ORGANIZATION);
  if (accounts !== undefined && organization) throw new InputError('give --accounts or --organization, not both');

  const roleFromFlags = flags.roleName !== undefined || flags.roleArn !== undefined;
  const roleName = roleFromFlags ? flags.roleName : nonEmpty(env.APIPOSTURE_ROLE_NAME);
  const roleArn = roleFromFlags ? flags.roleArn : nonEmpty(env.APIPOSTURE_ROLE_ARN);
  if (roleName !== undefined && roleArn !== undefined) throw new InputError('give --role-name or --role-arn, not both');
  const externalId = flags.externalId ?? nonEmpty(env.APIPOSTURE_EXTERNAL_ID);

  if (accounts === undefined && !organization) {
    const stray = [roleName !== undefined && '--role-name', roleArn !== undefined && '--role-arn', externalId !== undefined && '--external-id'].filter(Boolean);
    if (stray.length > 0) throw new InputError(`${stray.join(', ')} ${stray.length === 1 ? 'needs' : 'need'} --accounts or --organization`);
    return undefined;
  }
  const which = organization ? '--organization' : '--accounts';
  if (roleName === undefined && roleArn === undefined) {
    throw new InputError(`${which} needs --role-name or --role-arn: the role apiposture assumes in each account`);
  }
  return {
    source: organization ? { kind: 'organization' } : { kind: 'accounts', ids: parseAccountIds(accounts!) },
    role: roleName !== undefined ? parseRoleName(roleName) : parseRoleArnTemplate(roleArn!),
    ...(externalId !== undefined ? { externalId: parseExternalId(externalId) } : {}),
  };
}
