/**
 * Mocked SDK clients for collector tests (aws-sdk-client-mock stubs `send` on every instance
 * of a client class), plus a `collect()` that runs the real collector with no waiting.
 */
import assert from 'node:assert/strict';
import { ACMClient } from '@aws-sdk/client-acm';
import { APIGatewayClient, APIGatewayServiceException, GetResourcesCommand, TooManyRequestsException } from '@aws-sdk/client-api-gateway';
import { ApiGatewayV2Client } from '@aws-sdk/client-apigatewayv2';
import { CloudFrontClient } from '@aws-sdk/client-cloudfront';
import { CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { CognitoIdentityClient } from '@aws-sdk/client-cognito-identity';
import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { IAMClient } from '@aws-sdk/client-iam';
import { KMSClient } from '@aws-sdk/client-kms';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { Route53Client } from '@aws-sdk/client-route-53';
import { GetSubscriptionStateCommand, ShieldClient } from '@aws-sdk/client-shield';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { WAFV2Client } from '@aws-sdk/client-wafv2';
import { mockClient } from 'aws-sdk-client-mock';
import { collectInventory, type CollectOptions, type CollectResult } from '../../src/collect/index.js';
import type { Collected, RegionInventory } from '../../src/inventory/schema.js';

export const ACCOUNT_ID = '123456789012';
export const REGION = 'eu-west-1';

export const apigateway = mockClient(APIGatewayClient);
export const apigatewayv2 = mockClient(ApiGatewayV2Client);
export const wafv2 = mockClient(WAFV2Client);
export const acm = mockClient(ACMClient);
export const sts = mockClient(STSClient);
export const cloudtrail = mockClient(CloudTrailClient);
export const cloudwatch = mockClient(CloudWatchClient);
export const logs = mockClient(CloudWatchLogsClient);
export const cognito = mockClient(CognitoIdentityProviderClient);
export const cognitoIdentity = mockClient(CognitoIdentityClient);
export const kms = mockClient(KMSClient);
export const iam = mockClient(IAMClient);
export const lambda = mockClient(LambdaClient);
export const route53 = mockClient(Route53Client);
export const shield = mockClient(ShieldClient);
export const cloudfront = mockClient(CloudFrontClient);

const ALL = [apigateway, apigatewayv2, wafv2, acm, sts, cloudtrail, cloudwatch, logs, cognito, cognitoIdentity, kms, iam, route53, lambda, shield, cloudfront] as const;

/**
 * Resets every mock: STS knows the caller, every other call answers an empty response — for
 * API Gateway v2 an empty list as v2 sends it (`items: []`; a v2 list without it is an error),
 * and GetResources an explicit list (its answer always has one: every REST API has a root resource).
 */
export function resetAws(): void {
  for (const mock of ALL) mock.reset();
  sts.on(GetCallerIdentityCommand).resolves({
    Account: ACCOUNT_ID,
    Arn: `arn:aws:sts::${ACCOUNT_ID}:assumed-role/apiposture-audit/session`,
    UserId: 'AROAEXAMPLE:session',
  });
  apigateway.onAnyCommand().resolves({});
  apigateway.on(GetResourcesCommand).resolves({ items: [] });
  apigatewayv2.onAnyCommand().resolves({ Items: [] });
  wafv2.onAnyCommand().resolves({});
  acm.onAnyCommand().resolves({});
  cloudtrail.onAnyCommand().resolves({});
  cloudwatch.onAnyCommand().resolves({});
  logs.onAnyCommand().resolves({});
  cognito.onAnyCommand().resolves({});
  cognitoIdentity.onAnyCommand().resolves({});
  kms.onAnyCommand().resolves({});
  iam.onAnyCommand().resolves({});
  lambda.onAnyCommand().resolves({});
  route53.onAnyCommand().resolves({});
  // Not subscribed to Shield Advanced: nothing else of Shield or CloudFront is read.
  shield.onAnyCommand().resolves({});
  shield.on(GetSubscriptionStateCommand).resolves({ SubscriptionState: 'INACTIVE' });
  cloudfront.onAnyCommand().resolves({});
}

export function restoreAws(): void {
  for (const mock of ALL) mock.restore();
}

const noWait = async () => {};

/** The real collector, with retries and rate limits that never wait. */
export function collect(options: Partial<CollectOptions> = {}): Promise<CollectResult> {
  return collectInventory({
    regions: [REGION],
    credentials: { accessKeyId: 'AKIDTEST', secretAccessKey: 'test' },
    retry: { sleep: noWait, random: () => 0 },
    limiterSleep: noWait,
    ...options,
  });
}

export function regionOf(result: CollectResult, region = REGION): RegionInventory {
  const found = result.inventory.regions.find((r) => r.region === region);
  assert.ok(found, `region ${region} in the inventory`);
  return found;
}

export function value<T>(slot: Collected<T> | undefined): T {
  assert.ok(slot, 'slot present');
  assert.ok(slot.ok, `slot collected, got ${JSON.stringify(slot)}`);
  return slot.value;
}

export function accessDenied(action = 'apigateway:GET'): APIGatewayServiceException {
  return new APIGatewayServiceException({
    name: 'AccessDeniedException',
    $fault: 'client',
    $metadata: { httpStatusCode: 403 },
    message: `User: arn:aws:sts::${ACCOUNT_ID}:assumed-role/apiposture-audit/session is not authorized to perform: ${action}`,
  });
}

export function tooManyRequests(): TooManyRequestsException {
  return new TooManyRequestsException({ message: 'Too Many Requests', $metadata: { httpStatusCode: 429 } });
}

/** Pages keyed by the `position` that asks for them ('' for the first page). */
export function paged<T>(pages: Record<string, { items: T[]; position?: string }>) {
  return (input: { position?: string }) => {
    const page = pages[input.position ?? ''];
    assert.ok(page, `a page for position ${String(input.position)}`);
    return { $metadata: { httpStatusCode: 200 }, ...page };
  };
}

/** API Gateway v2 pages keyed by the `NextToken` that asks for them ('' for the first page). */
export function pagedByToken<T>(pages: Record<string, { Items: T[]; NextToken?: string }>) {
  return (input: { NextToken?: string }) => {
    const page = pages[input.NextToken ?? ''];
    assert.ok(page, `a page for NextToken ${String(input.NextToken)}`);
    return { $metadata: { httpStatusCode: 200 }, ...page };
  };
}
