/**
 * `scan --organization --regions all` through the CLI: a small front server on 127.0.0.1
 * plays STS (AssumeRole), Organizations (ListAccounts) and Account Management (ListRegions),
 * and sends every other call, by the access key that signed it, to the AWS look-alike
 * (test/support/fake-aws.ts) serving that account. One account refuses the role.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { createServer, request as httpRequest, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { runSummarySchema, type RunSummary } from '../../src/accounts/summary.js';
import type { Inventory } from '../../src/inventory/schema.js';
import { organisationReportSchema } from '../../src/report/merge.js';
import { parseReport } from '../../src/report/model.js';
import { startFakeAws, type FakeAws } from '../support/fake-aws.js';
import { isolatedEnv, REPO, runCli, type CliRun } from './run-cli.js';

const DEMO_TEXT = readFileSync(join(REPO, 'examples/demo-inventory.json'), 'utf8');
const DEMO_ACCOUNT = (JSON.parse(DEMO_TEXT) as Inventory).account.id;
const CALLER = '999999999999';
const OK = '111111111111';
const REFUSES = '222222222222';
const PARTIAL = '333333333333';
const SUSPENDED = '444444444444';
const BASE_KEY = 'AKIDBASEEXAMPLE';

function demoFor(account: string): Inventory {
  return JSON.parse(DEMO_TEXT.replaceAll(DEMO_ACCOUNT, account)) as Inventory;
}

/** The demo with its denied calls answered: a complete scan. */
function completeDemo(account: string): Inventory {
  const copy = demoFor(account);
  for (const region of copy.regions) {
    if (region.apigateway.restApis.ok) {
      for (const api of region.apigateway.restApis.value) if (!api.stages.ok) api.stages = { ok: true, value: [] };
    }
    for (const [arn, acl] of Object.entries(region.webAcls)) {
      // VisibilityConfig is required on a WebACL (AWS WAF API reference): GetWebACL always returns it.
      const VisibilityConfig = { SampledRequestsEnabled: true, CloudWatchMetricsEnabled: true, MetricName: 'edge-apis' };
      if (!acl.ok) region.webAcls[arn] = { ok: true, value: { ARN: arn, Name: 'edge-apis', DefaultAction: { Block: {} }, Rules: [], VisibilityConfig } };
    }
  }
  copy.errors = [];
  return copy;
}

interface Seen {
  assumeRole: URLSearchParams[];
  listAccounts: number;
  listRegions: { key: string; body: Record<string, unknown> }[];
}

function xml(response: ServerResponse, status: number, body: string): void {
  response.writeHead(status, { 'content-type': 'text/xml' });
  response.end(body);
}

function json(response: ServerResponse, body: unknown, contentType = 'application/json'): void {
  response.writeHead(200, { 'content-type': contentType });
  response.end(JSON.stringify(body));
}

async function readBody(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

function assumeRoleReply(response: ServerResponse, form: URLSearchParams): void {
  const roleArn = form.get('RoleArn') ?? '';
  const account = roleArn.split(':')[4] ?? '';
  if (account === REFUSES) {
    xml(
      response,
      403,
      `<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><Error><Type>Sender</Type><Code>AccessDenied</Code>` +
        `<Message>User: arn:aws:iam::${CALLER}:user/scanner is not authorized to perform: sts:AssumeRole on resource: ${roleArn}</Message></Error>` +
        `<RequestId>00000000-0000-0000-0000-00000000000a</RequestId></ErrorResponse>`,
    );
    return;
  }
  const expiration = new Date(Date.now() + 3_600_000).toISOString();
  xml(
    response,
    200,
    `<AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><AssumeRoleResult>` +
      `<AssumedRoleUser><AssumedRoleId>AROAEXAMPLE:${form.get('RoleSessionName')}</AssumedRoleId>` +
      `<Arn>arn:aws:sts::${account}:assumed-role/apiposture-audit/${form.get('RoleSessionName')}</Arn></AssumedRoleUser>` +
      `<Credentials><AccessKeyId>ASIA${account}</AccessKeyId><SecretAccessKey>secret-${account}</SecretAccessKey>` +
      `<SessionToken>token-${account}</SessionToken><Expiration>${expiration}</Expiration></Credentials>` +
      `</AssumeRoleResult><ResponseMetadata><RequestId>00000000-0000-0000-0000-00000000000b</RequestId></ResponseMetadata></AssumeRoleResponse>`,
  );
}

function callerIdentityReply(response: ServerResponse): void {
  xml(
    response,
    200,
    `<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><GetCallerIdentityResult>` +
      `<Arn>arn:aws:iam::${CALLER}:user/scanner</Arn><UserId>AIDAEXAMPLE</UserId><Account>${CALLER}</Account></GetCallerIdentityResult>` +
      `<ResponseMetadata><RequestId>00000000-0000-0000-0000-00000000000c</RequestId></ResponseMetadata></GetCallerIdentityResponse>`,
  );
}

const ORGANIZATION_PAGES: Record<string, { Accounts: unknown[]; NextToken?: string }> = {
  '': {
    Accounts: [
      { Id: CALLER, Name: 'management', State: 'SUSPENDED', Status: 'SUSPENDED' },
      { Id: OK, Name: 'payments', State: 'ACTIVE', Status: 'ACTIVE' },
    ],
    NextToken: 'page-2',
  },
  'page-2': {
    Accounts: [
      { Id: REFUSES, Name: 'legacy', State: 'ACTIVE', Status: 'ACTIVE' },
      { Id: PARTIAL, Name: 'partners', State: 'ACTIVE', Status: 'ACTIVE' },
      { Id: SUSPENDED, Name: 'closed-shop', State: 'CLOSED', Status: 'SUSPENDED' },
    ],
  },
};

/** The front server: control-plane calls answered here, the rest forwarded by access key. */
async function startFront(fakes: ReadonlyMap<string, FakeAws>, seen: Seen): Promise<{ url: string; close(): Promise<void> }> {
  const handle = async (request: IncomingMessage, response: ServerResponse) => {
    const body = await readBody(request);
    const key = /Credential=([^/]+)\//.exec(request.headers.authorization ?? '')?.[1] ?? '';
    const target = request.headers['x-amz-target'];
    const form = request.method === 'POST' && target === undefined && !request.url?.startsWith('/listRegions') ? new URLSearchParams(body.toString('utf8')) : undefined;
    if (form?.get('Action') === 'AssumeRole') {
      assert.equal(key, BASE_KEY, 'roles are assumed with the scanning identity');
      seen.assumeRole.push(form);
      return assumeRoleReply(response, form);
    }
    if (form?.get('Action') === 'GetCallerIdentity' && key === BASE_KEY) return callerIdentityReply(response);
    if (target === 'AWSOrganizationsV20161128.ListAccounts') {
      seen.listAccounts += 1;
      const input = JSON.parse(body.toString('utf8') || '{}') as { NextToken?: string };
      return json(response, ORGANIZATION_PAGES[input.NextToken ?? ''], 'application/x-amz-json-1.1');
    }
    if (request.url?.startsWith('/listRegions')) {
      const input = JSON.parse(body.toString('utf8') || '{}') as Record<string, unknown>;
      seen.listRegions.push({ key, body: input });
      return json(
        response,
        input.NextToken === undefined
          ? { Regions: [{ RegionName: 'eu-west-1', RegionOptStatus: 'ENABLED_BY_DEFAULT' }], NextToken: 'more' }
          : { Regions: [{ RegionName: 'us-east-1', RegionOptStatus: 'ENABLED_BY_DEFAULT' }] },
      );
    }
    const fake = fakes.get(key.startsWith('ASIA') ? key.slice(4) : '');
    if (!fake) {
      response.writeHead(403, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ message: `no account for access key ${key}` }));
      return;
    }
    const upstream = new URL(fake.url);
    const forwarded = httpRequest(
      { host: upstream.hostname, port: upstream.port, method: request.method, path: request.url, headers: request.headers },
      (reply) => {
        response.writeHead(reply.statusCode ?? 500, reply.headers);
        reply.pipe(response);
      },
    );
    forwarded.on('error', (error) => {
      response.writeHead(502);
      response.end(String(error));
    });
    forwarded.end(body);
  };
  const server: Server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      response.writeHead(500, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ message: String(error) }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

describe('scan --organization --regions all (local AWS look-alikes)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'apiposture-e2e-org-'));
  const out = join(dir, 'out');
  const seen: Seen = { assumeRole: [], listAccounts: 0, listRegions: [] };
  const fakes = new Map<string, FakeAws>();
  let front: { url: string; close(): Promise<void> };
  let run: CliRun;
  let summary: RunSummary;

  before(async () => {
    fakes.set(OK, await startFakeAws({ inventory: completeDemo(OK) }));
    fakes.set(PARTIAL, await startFakeAws({ inventory: demoFor(PARTIAL) }));
    front = await startFront(fakes, seen);
    run = await runCli(
      ['scan', '--organization', '--role-name', 'apiposture-audit', '--external-id', 'org-audit-7', '--regions', 'all', '--endpoint-url', front.url, '--output-dir', out, '--fail-on', 'none', '--inventory-out', join(dir, 'inventories', '{account}.json')],
      isolatedEnv({ AWS_ACCESS_KEY_ID: BASE_KEY, AWS_SECRET_ACCESS_KEY: 'base-secret-not-real', AWS_REGION: 'eu-west-1' }),
    );
    summary = runSummarySchema.parse(JSON.parse(readFileSync(join(out, 'run-summary.json'), 'utf8')));
  });
  after(async () => {
    await front.close();
    for (const fake of fakes.values()) await fake.close();
  });

  it('exits 3: one account could not be assumed and one is incomplete', () => {
    assert.equal(run.code, 3, run.stderr);
    assert.equal(summary.exitCode, 3);
  });

  it('lists the organization (every page) and scans only its ACTIVE accounts', () => {
    assert.equal(seen.listAccounts, 2);
    assert.deepEqual(summary.accounts.map((a) => [a.account, a.name]), [
      [OK, 'payments'],
      [REFUSES, 'legacy'],
      [PARTIAL, 'partners'],
    ]);
    assert.deepEqual(summary.skipped.map((s) => [s.account, s.state]), [
      [SUSPENDED, 'CLOSED'],
      [CALLER, 'SUSPENDED'],
    ]);
    assert.equal(summary.source, 'organization');
  });

  it('assumes arn:aws:iam::<account>:role/<name> with one session name, one hour and the external id', () => {
    const arns = seen.assumeRole.map((form) => form.get('RoleArn')).sort();
    assert.deepEqual(arns, [OK, REFUSES, PARTIAL].map((id) => `arn:aws:iam::${id}:role/apiposture-audit`));
    const sessions = new Set(seen.assumeRole.map((form) => form.get('RoleSessionName')));
    assert.equal(sessions.size, 1);
    assert.match([...sessions][0]!, /^apiposture-\d{8}T\d{6}Z$/);
    for (const form of seen.assumeRole) {
      assert.equal(form.get('DurationSeconds'), '3600');
      assert.equal(form.get('ExternalId'), 'org-audit-7');
    }
  });

  it('lists each account’s enabled regions (every page) with that account’s credentials', () => {
    const keys = [...new Set(seen.listRegions.map((r) => r.key))].sort();
    assert.deepEqual(keys, [`ASIA${OK}`, `ASIA${PARTIAL}`]);
    for (const { body } of seen.listRegions) assert.deepEqual(body.RegionOptStatusContains, ['ENABLED', 'ENABLED_BY_DEFAULT']);
    for (const account of summary.accounts.filter((a) => a.status !== 'failed')) assert.deepEqual(account.regions, ['eu-west-1', 'us-east-1']);
  });

  it('scans each account in isolation into <output-dir>/<account>/', () => {
    const ok = summary.accounts.find((a) => a.account === OK)!;
    assert.equal(ok.status, 'ok');
    assert.equal(ok.exitCode, 0);
    assert.deepEqual(ok.reports, [join(out, OK, 'report.json'), join(out, OK, 'report.html')]);
    for (const account of [OK, PARTIAL]) {
      const report = parseReport(JSON.parse(readFileSync(join(out, account, 'report.json'), 'utf8')), account);
      assert.equal(report.scan.account, account);
      assert.ok(report.apis.length > 0);
      assert.ok(existsSync(join(dir, 'inventories', `${account}.json`)), '--inventory-out with {account}');
    }
    const partial = summary.accounts.find((a) => a.account === PARTIAL)!;
    assert.equal(partial.status, 'incomplete');
    assert.equal(partial.exitCode, 3);
    assert.match(partial.reason ?? '', /collection error/);
    assert.ok(!existsSync(join(out, REFUSES)));
    // Each look-alike saw only its own account's calls, in the two enabled regions.
    for (const fake of fakes.values()) {
      assert.ok(fake.requests.length > 0);
      assert.deepEqual([...new Set(fake.requests.map((r) => r.region))].sort(), ['eu-west-1', 'us-east-1']);
    }
  });

  it('reports the account it could not assume in the summary file, on stdout and in the log', () => {
    const refused = summary.accounts.find((a) => a.account === REFUSES)!;
    assert.equal(refused.status, 'failed');
    assert.equal(refused.exitCode, 4, 'nothing scanned in that account');
    assert.match(refused.reason ?? '', /^cannot assume arn:aws:iam::222222222222:role\/apiposture-audit: AccessDenied: /);
    assert.match(run.stdout, /^Accounts: 3 — 1 ok, 1 incomplete, 1 failed; 2 not ACTIVE, skipped$/m);
    assert.match(run.stdout, /222222222222 \(legacy\)\s+FAILED\s+exit 4\s+cannot assume/);
    assert.match(run.stdout, new RegExp(`== account ${OK} \\(payments\\) ==`));
    assert.match(run.stdout, /wrote .*run-summary\.json/);
    assert.match(run.stderr, /"msg":"account 222222222222 failed"/);
    assert.doesNotMatch(run.stdout + run.stderr + readFileSync(join(out, 'run-summary.json'), 'utf8'), /secret-|token-1|base-secret/);
  });

  it('merges the accounts’ reports into one organisation report', async () => {
    const merged = await runCli(['merge', ...summary.accounts.flatMap((a) => a.reports.filter((r) => r.endsWith('.json'))), '--output-dir', join(dir, 'org')]);
    assert.equal(merged.code, 1, `the accounts fail checks at the default --fail-on; one being incomplete does not hide that: ${merged.stderr}`);
    const org = organisationReportSchema.parse(JSON.parse(readFileSync(join(dir, 'org', 'organisation-report.json'), 'utf8')));
    assert.deepEqual(org.accounts.map((a) => a.account).sort(), [OK, PARTIAL]);
  });
});

describe('scan with bad multi-account flags', () => {
  it('exits 2 with one line for a bad account id or role template', async () => {
    for (const [args, message] of [
      [['--accounts', '111111111111,12345678901x', '--role-name', 'audit'], /--accounts: not a 12-digit AWS account id: '12345678901x'/],
      [['--organization', '--role-arn', 'arn:aws:iam::111111111111:role/audit'], /--role-arn must contain \{account\}/],
    ] as const) {
      const run = await runCli(['scan', '--region', 'eu-west-1', ...args]);
      assert.equal(run.code, 2, run.stderr);
      const lines = run.stderr.trim().split('\n');
      assert.equal(lines.length, 1, run.stderr);
      assert.match(lines[0]!, message);
    }
  });
});
