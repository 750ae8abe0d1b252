/**
 * Faults injected by the local AWS look-alike, scanned in this process (collect → evaluate →
 * write): each run is compared with the fault-free run of the same ground truth (the demo).
 * test/faults/cli-faults.test.ts runs a few more through the CLI.
 */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { AwsClients } from '../../src/aws/clients.js';
import { evaluateInventory } from '../../src/scan/evaluate.js';
import { parseInventory } from '../../src/inventory/io.js';
import type { Report, ReportResult } from '../../src/report/model.js';
import { startFakeAws } from '../support/fake-aws.js';
import { anyOf, deny, isIdentityCall, type FaultPlan, type FaultRequest } from '../support/faults.js';
import {
  assertCollectionErrors,
  assertOnlyReports,
  compareWithBaseline,
  demo,
  scanInProcess,
  TEST_CREDENTIALS,
  type FaultExpectations,
  type InProcessScan,
  type ScanOptions,
} from './support.js';

const ORDERS_API = 'arn:aws:apigateway:eu-west-1::/restapis/k3x9ord01a';
const STOREFRONT_API = 'arn:aws:apigateway:eu-west-1::/apis/sf7h8ttp01';

/**
 * What us-east-1 answers for: its own resources; the certificates of edge-optimized domains in
 * eu-west-1; and Shield Advanced, whose API answers in us-east-1 only (in the aws partition), so
 * every API's Shield result depends on it.
 */
const inUsEast1 = (r: ReportResult) => r.resource.region === 'us-east-1' || r.checkId === 'domain-certificate' || r.checkId === 'api-shield-advanced';

/**
 * Serves the demo with `faults` and scans it. `makeClients` builds the SDK clients once the
 * fake's URL is known (to set short timeouts); the scan makes its own otherwise.
 */
async function faultedScan(
  faults: FaultPlan,
  options: ScanOptions & { makeClients?: (url: string) => AwsClients } = {},
): Promise<InProcessScan & { injected: FaultRequest[] }> {
  const injected: FaultRequest[] = [];
  const fake = await startFakeAws({
    inventory: demo,
    faults: (request) => {
      const fault = faults(request);
      if (fault) injected.push(request);
      return fault;
    },
  });
  const clients = options.makeClients?.(fake.url);
  try {
    return { ...(await scanInProcess(fake, { ...options, ...(clients ? { clients } : {}) })), injected };
  } finally {
    clients?.destroy();
    await fake.close();
  }
}

/** What every faulted scan must show, whatever the fault. */
function assertDegradedGracefully(baseline: Report, run: InProcessScan, expect: FaultExpectations) {
  const comparison = compareWithBaseline(baseline, run.report, expect);
  assertCollectionErrors(baseline, run.report, expect.codes);
  assert.equal(run.exitCode, 3);
  assertOnlyReports(run.outputDir);
  return comparison;
}

describe('faults against the local AWS look-alike (in process)', () => {
  let baseline: Report;

  before(async () => {
    const fake = await startFakeAws({ inventory: demo });
    try {
      baseline = (await scanInProcess(fake)).report;
    } finally {
      await fake.close();
    }
  });

  it('the fault-free scan reproduces the ground truth: the same results as evaluating the demo itself', () => {
    const truth = evaluateInventory(parseInventory(structuredClone(demo), 'demo'));
    assert.deepEqual(baseline.results, truth.results);
    assert.deepEqual(
      baseline.collectionErrors.map((e) => `${e.operation} ${e.code}`),
      truth.collectionErrors.map((e) => `${e.operation} ${e.code}`),
    );
  });

  describe('throttling', () => {
    it('a storm (a third of the calls answered 429 with Retry-After) costs time, not data', async () => {
      const run = await faultedScan((request) =>
        !isIdentityCall(request) && request.attempt === 1 && request.seq % 3 === 0
          ? { kind: 'error', status: 429, code: 'TooManyRequestsException', message: 'Too Many Requests', retryAfter: '2' }
          : undefined,
      );
      assert.ok(run.injected.length >= 25, `${run.injected.length} calls throttled`);
      assert.deepEqual(run.report.results, baseline.results, 'every result as without the storm');
      assert.deepEqual(run.report.collectionErrors, baseline.collectionErrors);
      assert.equal(run.retryWaits.length, run.injected.length, 'each throttled call was retried once');
      for (const wait of run.retryWaits) assert.ok(wait >= 2000, `Retry-After honoured: waited ${wait} ms`);
      assert.equal(run.exitCode, 3, "the demo's own two denied calls");
      assertOnlyReports(run.outputDir);
    });

    it('an operation throttled on every attempt ends as ERROR with retriesExhausted, the rest as before', async () => {
      const run = await faultedScan((request) =>
        request.service === 'apigateway' && request.path === '/restapis/k3x9ord01a/stages'
          ? { kind: 'error', status: 429, code: 'TooManyRequestsException', message: 'Too Many Requests', retryAfter: '1' }
          : undefined,
      );
      assert.equal(run.injected.length, 8, 'the default 8 attempts');
      const { errors } = assertDegradedGracefully(baseline, run, {
        codes: ['TooManyRequestsException'],
        affected: (r) => r.resource.apiArn === ORDERS_API || (r.resource.linkedApiArns ?? []).includes(ORDERS_API),
      });
      assert.ok(errors.some((r) => r.checkId === 'rest-stage-waf'));
      const error = run.report.collectionErrors.find((e) => e.code === 'TooManyRequestsException');
      assert.equal(error?.retriesExhausted, true);
      assert.equal(error?.resource, ORDERS_API);
    });
  });

  describe('AccessDenied', () => {
    it("for one API's resources (GetResources): only that API's method-level results become ERROR", async () => {
      const run = await faultedScan(deny((r) => r.operation === 'GetResources' && r.path === '/restapis/k3x9ord01a/resources'));
      const { errors } = assertDegradedGracefully(baseline, run, {
        codes: ['AccessDeniedException'],
        affected: (r) => r.resource.apiArn === ORDERS_API || r.resource.arn === ORDERS_API,
      });
      // The draft could not be read, so drift cannot be judged; what the stages serve (the export)
      // was read, so the method checks, which judge what is served, are untouched.
      assert.ok(errors.some((r) => r.checkId === 'rest-deployment-drift'));
      const served = run.report.results.find((r) => r.checkId === 'rest-method-authorization' && r.resource.apiArn === ORDERS_API);
      assert.notEqual(served?.status, 'ERROR');
      // The stages of the same API were collected: their results are untouched.
      const stageResult = run.report.results.find((r) => r.checkId === 'rest-stage-xray-tracing' && r.resource.apiArn === ORDERS_API);
      assert.notEqual(stageResult?.status, 'ERROR');
      assert.ok(run.report.apis.find((a) => a.api.arn === ORDERS_API)?.incomplete);
    });
  });

  describe('server errors and broken connections', () => {
    it('5xx: transient 503s are retried away, a 500 on every attempt becomes ERROR', async () => {
      const run = await faultedScan(
        anyOf(
          (r) => (r.service === 'apigatewayv2' && r.path === '/v2/apis/sf7h8ttp01/routes' ? { kind: 'error', status: 500, code: 'InternalServerErrorException' } : undefined),
          (r) => (!isIdentityCall(r) && r.attempt === 1 && r.seq % 4 === 0 ? { kind: 'error', status: 503, code: 'ServiceUnavailableException' } : undefined),
        ),
      );
      const { errors } = assertDegradedGracefully(baseline, run, {
        codes: ['InternalServerErrorException'],
        affected: (r) => r.resource.apiArn === STOREFRONT_API || r.resource.arn === STOREFRONT_API,
      });
      assert.ok(errors.some((r) => r.checkId === 'http-route-authorization'));
      assert.ok(run.retryWaits.length > 8, 'the 503s were retried');
      const error = run.report.collectionErrors.find((e) => e.code === 'InternalServerErrorException');
      assert.equal(error?.retriesExhausted, true);
    });

    it('connection resets: KMS and CloudTrail unreachable become ERROR for what they protect', async () => {
      const run = await faultedScan(
        anyOf(
          (r) => (r.service === 'kms' || r.service === 'cloudtrail' ? { kind: 'reset' } : undefined),
          (r) => (!isIdentityCall(r) && r.attempt === 1 && r.seq % 5 === 0 ? { kind: 'reset' } : undefined),
        ),
        { maxAttempts: 3 },
      );
      const { errors } = assertDegradedGracefully(baseline, run, {
        // The SDK names a reset socket TimeoutError (ECONNRESET).
        codes: ['TimeoutError'],
        affected: (r) => ['kms-key-rotation', 'account-cloudtrail'].includes(r.checkId),
      });
      assert.deepEqual([...new Set(errors.map((r) => r.checkId))].sort(), ['account-cloudtrail', 'kms-key-rotation']);
      assert.ok(run.report.collectionErrors.filter((e) => e.code === 'TimeoutError').every((e) => e.retriesExhausted));
    });

    it('a hung connection: the client timeout fires, the call is ERROR and the scan finishes', async () => {
      const started = Date.now();
      const run = await faultedScan((r) => (r.operation === 'GetUsagePlans' ? { kind: 'hang' } : undefined), {
        maxAttempts: 2,
        makeClients: (url) => new AwsClients({ credentials: TEST_CREDENTIALS, endpointUrl: url, requestTimeoutMs: 500 }),
      });
      assert.ok(Date.now() - started < 10_000, 'bounded by the timeout, not by the server');
      assert.equal(run.injected.length, 4, 'two regions × two attempts');
      const { errors } = assertDegradedGracefully(baseline, run, { codes: ['TimeoutError'] });
      assert.ok(errors.some((r) => r.checkId === 'api-keys-hygiene' || r.checkId === 'rest-stage-throttling'));
      const error = run.report.collectionErrors.find((e) => e.operation === 'GetUsagePlans');
      assert.match(error?.message ?? '', /requestTimeout/);
    });

    it('malformed JSON and XML bodies: UnexpectedResponse-style ERRORs, nothing invented', async () => {
      const run = await faultedScan(
        anyOf(
          (r) => (r.service === 'apigateway' && r.path === '/restapis/k3x9ord01a/stages' ? { kind: 'malformed' } : undefined),
          (r) => (r.service === 'iam' ? { kind: 'malformed' } : undefined),
          (r) => (r.operation === 'DescribeUserPool' ? { kind: 'malformed', body: '{"UserPool": {"Id": 42, "Arn": []}}' } : undefined),
        ),
      );
      const { errors } = assertDegradedGracefully(baseline, run, {
        codes: ['SyntaxError', 'UnexpectedResponse', 'Error'],
        affected: (r) =>
          r.resource.apiArn === ORDERS_API ||
          r.checkId === 'iam-api-wildcards' ||
          r.checkId.startsWith('cognito-') ||
          // A method behind a user pool that lets anyone sign up is open: the pool must be read.
          r.checkId.endsWith('-api-public-unauthenticated') ||
          (r.resource.linkedApiArns ?? []).includes(ORDERS_API),
        // Guests still get credentials (Cognito.2); which APIs they reach needs the IAM policies.
        failsOnPartialData: (r) => r.checkId === 'cognito-identity-pool-guest-access',
      });
      const guests = run.report.results.filter((r) => r.checkId === 'cognito-identity-pool-guest-access' && r.messageId !== 'no-guests');
      assert.ok(guests.length > 0 && guests.every((r) => r.status === 'FAIL'));
      const unjudged = guests.filter((r) => (r.evidence as Record<string, unknown> | undefined)?.apiAccessNotJudged !== undefined);
      assert.ok(unjudged.length > 0, 'the pool whose guests reached an API names what it could not judge');
      const checks = new Set(errors.map((r) => r.checkId));
      assert.ok(checks.has('iam-api-wildcards'));
      assert.ok(checks.has('rest-stage-xray-tracing'));
      assert.ok([...checks].some((id) => id.startsWith('cognito-')));
    });
  });

  describe('credentials and regions', () => {
    it('credentials that expire mid-scan: what came before is kept, everything after is ERROR ExpiredTokenException', async () => {
      const run = await faultedScan((r) =>
        r.seq > 40 ? { kind: 'error', status: 403, code: 'ExpiredTokenException', message: 'The security token included in the request is expired' } : undefined,
      );
      const { errors, unchanged } = assertDegradedGracefully(baseline, run, { codes: ['ExpiredTokenException'] });
      assert.ok(unchanged > 0 && errors.length > 0, `${unchanged} results kept, ${errors.length} lost`);
      assert.ok(run.injected.every((r) => r.attempt === 1), 'an expired token is not retried');
    });

    it('a region that is not enabled (UnrecognizedClientException): that region is ERROR, the other untouched', async () => {
      const run = await faultedScan((r) =>
        r.region === 'us-east-1'
          ? { kind: 'error', status: 403, code: 'UnrecognizedClientException', message: 'The security token included in the request is invalid.' }
          : undefined,
      );
      assertDegradedGracefully(baseline, run, {
        codes: ['UnrecognizedClientException'],
        affected: inUsEast1,
      });
      assert.ok(run.report.results.some((r) => r.resource.type === 'account' && r.resource.region === 'us-east-1' && r.status === 'ERROR'));
    });

    it("a region whose endpoint fails (every connection reset): the same, after retries", async () => {
      const run = await faultedScan((r) => (r.region === 'us-east-1' ? { kind: 'reset' } : undefined), { maxAttempts: 2 });
      assertDegradedGracefully(baseline, run, {
        codes: ['TimeoutError'],
        affected: inUsEast1,
      });
    });
  });
});
