/**
 * The role in a member account, assumed with STS `AssumeRole` through the shared call path
 * (rate limits, retries on throttling, statistics). The first call is made up front, so an
 * account whose role cannot be assumed fails before anything else is attempted; the resulting
 * credential provider assumes the role again when the session nears its end (long scans).
 */
import { AssumeRoleCommand, type AssumeRoleResponse, type STSClient } from '@aws-sdk/client-sts';
import { callAws, type CallContext } from '../aws/call.js';
import { shareCredentials, type AwsCredentials } from '../aws/clients.js';
import { accountOfArn } from './targets.js';

export type CredentialProvider = Extract<AwsCredentials, (...args: never[]) => unknown>;
type Identity = Awaited<ReturnType<CredentialProvider>>;

/** One hour: the longest session role chaining allows, and every role's default maximum. */
export const SESSION_SECONDS = 3600;

export type StsSender = Pick<STSClient, 'send'>;

export interface AssumeRoleRequest {
  sts: StsSender;
  calls: CallContext;
  /** The STS endpoint's region. */
  region: string;
  account: string;
  roleArn: string;
  sessionName: string;
  externalId?: string;
  durationSeconds?: number;
}

export type AssumeOutcome =
  | { ok: true; credentials: CredentialProvider; expiration?: Date; assumedRoleArn?: string }
  | { ok: false; code: string; reason: string };

/** `apiposture-20261101T123000Z`: one per run, so CloudTrail shows the run's sessions together. */
export function sessionNameFor(now: Date): string {
  return `apiposture-${now.toISOString().replace(/\.\d+Z$/, 'Z').replace(/[-:]/g, '')}`;
}

function singleLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

async function requestIdentity(request: AssumeRoleRequest): Promise<{ ok: true; identity: Identity; assumedRoleArn?: string } | { ok: false; code: string; reason: string }> {
  const { roleArn, account } = request;
  const result = await callAws(request.calls, { service: 'sts', operation: 'AssumeRole', region: request.region, resource: roleArn }, () =>
    request.sts.send(
      new AssumeRoleCommand({
        RoleArn: roleArn,
        RoleSessionName: request.sessionName,
        DurationSeconds: request.durationSeconds ?? SESSION_SECONDS,
        ...(request.externalId !== undefined ? { ExternalId: request.externalId } : {}),
      }),
    ),
  );
  if (!result.ok) {
    const { code, message } = result.error;
    return { ok: false, code, reason: singleLine(`cannot assume ${roleArn}: ${code}: ${message}`) };
  }
  const response: AssumeRoleResponse = result.value;
  const credentials = response.Credentials;
  if (!credentials?.AccessKeyId || !credentials.SecretAccessKey || !credentials.SessionToken) {
    return { ok: false, code: 'InvalidResponse', reason: `cannot assume ${roleArn}: STS returned no credentials` };
  }
  const assumedRoleArn = response.AssumedRoleUser?.Arn;
  const assumedAccount = accountOfArn(assumedRoleArn);
  if (assumedAccount !== undefined && assumedAccount !== account) {
    return {
      ok: false,
      code: 'WrongAccount',
      reason: `assumed ${roleArn} but the session belongs to account ${assumedAccount}, not ${account}`,
    };
  }
  const identity: Identity = {
    accessKeyId: credentials.AccessKeyId,
    secretAccessKey: credentials.SecretAccessKey,
    sessionToken: credentials.SessionToken,
    ...(credentials.Expiration ? { expiration: new Date(credentials.Expiration) } : {}),
  };
  return { ok: true, identity, ...(assumedRoleArn ? { assumedRoleArn } : {}) };
}

/**
 * Assumes the role now; on success, a provider that serves these credentials and assumes the
 * role again (through the same call path) when they near expiry.
 */
export async function assumeRole(request: AssumeRoleRequest): Promise<AssumeOutcome> {
  const first = await requestIdentity(request);
  if (!first.ok) return first;
  let seed: Identity | undefined = first.identity;
  const provider = async (): Promise<Identity> => {
    const ready = seed;
    seed = undefined;
    if (ready) return ready;
    const next = await requestIdentity(request);
    if (!next.ok) throw Object.assign(new Error(next.reason), { name: next.code });
    return next.identity;
  };
  return {
    ok: true,
    credentials: shareCredentials(provider as CredentialProvider),
    ...(first.identity.expiration ? { expiration: first.identity.expiration } : {}),
    ...(first.assumedRoleArn ? { assumedRoleArn: first.assumedRoleArn } : {}),
  };
}
