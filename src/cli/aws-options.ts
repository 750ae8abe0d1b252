/** The AWS flags `scan` and `collect` share, in the AWS CLI's style. */
import type { Command } from 'commander';
import { InputError } from '../errors.js';
import { parseEndpointUrl, parseRegions } from './options.js';

export interface AwsFlags {
  profile?: string;
  region?: string;
  regions?: string;
  endpointUrl?: string;
}

export interface AwsTarget {
  profile?: string;
  regions: string[];
  endpointUrl?: string;
}

export function addAwsOptions(command: Command): Command {
  return command
    .option('--profile <name>', 'AWS profile from your shared config (default: the SDK credential chain)')
    .option('--region <region>', 'one region to scan (default: $AWS_REGION or $AWS_DEFAULT_REGION)')
    .option('--regions <list>', 'comma-separated regions to scan, e.g. eu-west-1,us-east-1 (env: APIPOSTURE_REGIONS)')
    .option('--endpoint-url <url>', 'send every AWS call to this endpoint, e.g. LocalStack or moto (default: $AWS_ENDPOINT_URL)');
}

export function resolveAwsTarget(flags: AwsFlags, env: NodeJS.ProcessEnv = process.env): AwsTarget {
  if (flags.region && flags.regions) throw new InputError('give --region or --regions, not both');
  const regionList = flags.regions ?? flags.region ?? env.APIPOSTURE_REGIONS ?? env.AWS_REGION ?? env.AWS_DEFAULT_REGION;
  if (!regionList) {
    throw new InputError('no region: pass --region or --regions, or set AWS_REGION');
  }
  const endpoint = flags.endpointUrl ?? env.AWS_ENDPOINT_URL;
  return {
    regions: parseRegions(regionList),
    ...(flags.profile ? { profile: flags.profile } : {}),
    ...(endpoint ? { endpointUrl: parseEndpointUrl(endpoint) } : {}),
  };
}
