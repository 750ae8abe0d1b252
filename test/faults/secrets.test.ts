/**
 * No credential, session token or API key value ever reaches logs or reports. The CLI scans
 * the local AWS look-alike with distinctive test credentials at --log-level trace, against an
 * account whose API key carries its value and whose stage holds a secret, while the server
 * echoes the signed request in error messages as AWS does on a signature mismatch. Every byte
 * the run leaves behind is searched for the secrets.
 */
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { before, describe, it } from 'node:test';
import { errorMessage, MAX_ERROR_MESSAGE_LENGTH } from '../../src/aws/retry.js';
import { createLogger } from '../../src/cli/logger.js';
import type { Inventory } from '../../src/inventory/schema.js';
import { parseReport } from '../../src/report/model.js';
import { isolatedEnv, runCli, type CliRun } from '../e2e/run-cli.js';
import { startFakeAws } from '../support/fake-aws.js';
import { anyOf, type FaultPlan } from '../support/faults.js';
import { demo, filesUnder, tempDir } from './support.js';

const CREDENTIALS = {
  accessKeyId: 'ASIAZZSECRETKEYID999',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYzzSECRETzz',
  sessionToken: 'IQoJb3JpZ2luX2VjEFAKEsessionTOKENdoNotLog7f3a9c2e',
};
const API_KEY_VALUE = 'apikeyVALUEdoNotLeak8c1f7e2a9b3d4f5a6b';
const STAGE_SECRET = 'Zq8vN2pL5wX9kR3mT7yB4hD6';

/** The demo, with an API key that comes back with its value and a stage variable secret. */
function hostileInventory(): Inventory {
  const inventory = structuredClone(demo);
  const eu = inventory.regions.find((r) => r.region === 'eu-west-1')!;
  assert.ok(eu.apigateway.apiKeys.ok && eu.apigateway.restApis.ok);
  // GetApiKeys without includeValues must not return values; this server does anyway.
  Object.assign(eu.apigateway.apiKeys.value[0]!, { value: API_KEY_VALUE });
  const orders = eu.apigateway.restApis.value.find((a) => a.name === 'orders-api')!;
  assert.ok(orders.stages.ok);
  const stage = orders.stages.value[0]!;
  stage.variables = { ...stage.variables, dbPassword: STAGE_SECRET };
  return inventory;
}

/** AWS's answer to a signature mismatch: the canonical request it expected, signed headers and all. */
const signatureMismatch: FaultPlan = (request) => {
  if (request.operation !== 'GetClientCertificates') return undefined;
  const h = request.headers;
  const canonical = [
    'GET',
    request.path,
    '',
    `host:${String(h.host)}`,
    `x-amz-date:${String(h['x-amz-date'])}`,
    `x-amz-security-token:${String(h['x-amz-security-token'])}`,
    '',
    'host;x-amz-date;x-amz-security-token',
  ].join('\n');
  return {
    kind: 'error',
    status: 403,
    code: 'SignatureDoesNotMatch',
    message:
      'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method.\n\n' +
      `The Canonical String for this request should have been\n'${canonical}'\n\nThe String-to-Sign should have been\n'AWS4-HMAC-SHA256\n${String(h.authorization)}'`,
  };
};

const plan = anyOf(
  signatureMismatch,
  // Denied, naming the caller's access key id as some services do.
  (r) =>
    r.service === 'wafv2'
      ? { kind: 'error', status: 400, code: 'AccessDeniedException', message: `Access key ${CREDENTIALS.accessKeyId} is not authorized to perform wafv2:GetWebACL` }
      : undefined,
  // Retries, logged at debug level.
  (r) => (r.service === 'kms' && r.attempt === 1 ? { kind: 'error', status: 500, code: 'KMSInternalException' } : undefined),
  (r) => (r.service !== 'sts' && r.attempt === 1 && r.seq % 5 === 0 ? { kind: 'error', status: 429, code: 'TooManyRequestsException', retryAfter: '0' } : undefined),
);

interface Output {
  name: string;
  text: string;
}

function outputsOf(run: CliRun, dirs: string[], files: string[] = []): Output[] {
  return [
    { name: 'stdout', text: run.stdout },
    { name: 'stderr', text: run.stderr },
    ...dirs.flatMap((dir) => filesUnder(dir).map((file) => ({ name: join(dir, file), text: readFileSync(join(dir, file), 'utf8') }))),
    ...files.map((file) => ({ name: file, text: readFileSync(file, 'utf8') })),
  ];
}

function assertAbsent(outputs: readonly Output[], secrets: Record<string, string>): void {
  for (const { name, text } of outputs) {
    for (const [what, value] of Object.entries(secrets)) {
      assert.equal(text.includes(value), false, `${what} leaked into ${name}`);
    }
  }
}

describe('secrets never reach logs or reports', () => {
  const dir = tempDir('apiposture-secrets-');
  const outputDir = join(dir, 'out');
  const inventoryOut = join(dir, 'inventory.json');
  let run: CliRun;

  before(async () => {
    const fake = await startFakeAws({ inventory: hostileInventory(), faults: plan });
    try {
      run = await runCli(
        [
          'scan',
          '--regions',
          'eu-west-1,us-east-1',
          '--endpoint-url',
          fake.url,
          '--output-dir',
          outputDir,
          '--inventory-out',
          inventoryOut,
          '--security-hub-dry-run',
          '--log-level',
          'trace',
          '--fail-on',
          'none',
        ],
        isolatedEnv({
          AWS_ACCESS_KEY_ID: CREDENTIALS.accessKeyId,
          AWS_SECRET_ACCESS_KEY: CREDENTIALS.secretAccessKey,
          AWS_SESSION_TOKEN: CREDENTIALS.sessionToken,
        }),
      );
    } finally {
      await fake.close();
    }
  });

  it('the scan ran with the faults, logged at trace level and wrote everything', () => {
    assert.equal(run.code, 3, run.stderr);
    assert.match(run.stderr, /AWS call will be retried/, 'debug lines were logged');
    assert.match(run.stderr, /SignatureDoesNotMatch/);
    const files = filesUnder(outputDir);
    assert.ok(files.includes('report.json') && files.includes('report.html'));
    assert.ok(files.some((f) => f.startsWith('securityhub/')), files.join(', '));
  });

  it('no credential, session token or API key value in stdout, stderr, the output folder or the snapshot', () => {
    assertAbsent(outputsOf(run, [outputDir], [inventoryOut]), {
      'the access key id': CREDENTIALS.accessKeyId,
      'the secret access key': CREDENTIALS.secretAccessKey,
      'the session token': CREDENTIALS.sessionToken,
      'the API key value': API_KEY_VALUE,
    });
  });

  it('the stage variable secret is in no log and no report (the check shows it masked)', () => {
    // The snapshot keeps stage variables as AWS returned them: re-evaluating it needs the values.
    assertAbsent(outputsOf(run, [outputDir]), { 'the stage variable secret': STAGE_SECRET });
    const report = parseReport(JSON.parse(readFileSync(join(outputDir, 'report.json'), 'utf8')), 'report.json');
    const finding = report.results.find(
      (r) => r.checkId === 'rest-stage-variables-secrets' && r.resource.arn.includes('k3x9ord01a') && r.status === 'FAIL',
    );
    assert.match(finding?.message ?? '', /dbPassword = Zq8v…\(24 chars\)/);
  });

  it('the signature-mismatch error is kept, without the signing details', () => {
    const report = parseReport(JSON.parse(readFileSync(join(outputDir, 'report.json'), 'utf8')), 'report.json');
    const error = report.collectionErrors.find((e) => e.code === 'SignatureDoesNotMatch');
    assert.ok(error);
    assert.match(error.message, /^The request signature we calculated does not match .* \[signing details removed\]$/);
    const denied = report.collectionErrors.find((e) => e.service === 'wafv2');
    assert.equal(denied?.message, 'Access key [access key id] is not authorized to perform wafv2:GetWebACL');
  });

  it('evaluate: a snapshot carrying an API key value never shows it', async () => {
    const snapshot = structuredClone(demo);
    const eu = snapshot.regions.find((r) => r.region === 'eu-west-1')!;
    assert.ok(eu.apigateway.apiKeys.ok);
    Object.assign(eu.apigateway.apiKeys.value[0]!, { value: API_KEY_VALUE });
    const path = join(dir, 'with-key-value.json');
    writeFileSync(path, JSON.stringify(snapshot));
    const out = join(dir, 'evaluated');
    const evaluated = await runCli(['evaluate', path, '--output-dir', out, '--fail-on', 'none', '--log-level', 'trace']);
    assert.equal(evaluated.code, 3, evaluated.stderr);
    assertAbsent(outputsOf(evaluated, [out]), { 'the API key value': API_KEY_VALUE });
  });
});

describe('error messages and log redaction', () => {
  it('errorMessage drops signing details, security tokens, signatures and access key ids', () => {
    const message = errorMessage({
      name: 'SignatureDoesNotMatch',
      message:
        "Bad sig. Credential=AKIAIOSFODNN7EXAMPLE/20260101/eu-west-1/apigateway/aws4_request, Signature=0123456789abcdef0123456789abcdef X-Amz-Security-Token=FwoGZXIvYXdzEXAMPLE&x=1\n\nThe Canonical String for this request should have been\n'GET\n/\nx-amz-security-token:FwoGZXIvYXdzEXAMPLE'",
    });
    assert.equal(
      message,
      'Bad sig. Credential=[access key id]/20260101/eu-west-1/apigateway/aws4_request, Signature=[redacted] X-Amz-Security-Token=[redacted]&x=1 [signing details removed]',
    );
  });

  it('errorMessage keeps at most MAX_ERROR_MESSAGE_LENGTH characters of a huge message', () => {
    const message = errorMessage(new Error('x'.repeat(5_000_000)));
    assert.equal(message.length, MAX_ERROR_MESSAGE_LENGTH);
    assert.ok(message.endsWith('…'));
  });

  it('the logger redacts credentials and signed headers wherever the call layer could put them', () => {
    let logged = '';
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        logged += chunk.toString();
        done();
      },
    });
    const logger = createLogger('trace', { format: 'json', jsonStream: sink });
    const headers = { authorization: `AWS4-HMAC-SHA256 Credential=${CREDENTIALS.accessKeyId}/x`, 'x-amz-security-token': CREDENTIALS.sessionToken };
    logger.trace({ credentials: CREDENTIALS }, 'resolved');
    logger.trace({ identity: { accessKeyId: CREDENTIALS.accessKeyId, secretAccessKey: CREDENTIALS.secretAccessKey, sessionToken: CREDENTIALS.sessionToken } }, 'identity');
    logger.debug({ headers }, 'request');
    logger.debug({ request: { headers } }, 'request');
    logger.debug({ err: { $response: { headers } } }, 'response');
    logger.debug({ apiKey: { id: 'k1', value: API_KEY_VALUE } }, 'key');
    assert.equal(logged.trim().split('\n').length, 6);
    for (const secret of [CREDENTIALS.accessKeyId, CREDENTIALS.secretAccessKey, CREDENTIALS.sessionToken, API_KEY_VALUE]) {
      assert.equal(logged.includes(secret), false, `${secret} in ${logged}`);
    }
  });
});
