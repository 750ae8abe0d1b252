import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { allChecks } from '../../checks/index.js';
import type { ResourceRef } from '../../src/model/results.js';
import { consoleUrl } from '../../src/report/console-links.js';
import { humanKey, renderEvidence } from '../../src/report/html-evidence.js';
import { renderFindings } from '../../src/report/html-findings.js';
import { renderFindingsWithMutes } from '../../src/report/html-mutes.js';
import { requirementUrl } from '../../src/report/mapping-links.js';
import type { ReportCheck } from '../../src/report/model.js';
import { fillCommand, shellQuote } from '../../src/report/remediation.js';
import { check, result, stageArn, EU } from '../securityhub/fixtures.js';

const HOSTILE_STAGES = ['x;rm -rf /', "it's", '$(touch PWNED)', '`touch PWNED`', 'a"b\\c', 'two words', 'new\nline', '*', '--', '$HOME'];

function stageRef(stage: string, partition = 'aws', region = EU): ResourceRef {
  const apiArn = `arn:${partition}:apigateway:${region}::/restapis/abc123`;
  return { arn: `${apiArn}/stages/${stage}`, type: 'rest-stage', name: `orders-api/${stage}`, account: '123456789012', region, apiArn };
}

/** The words bash sees for `cmd` when `aws` only prints its arguments; run in an empty folder. */
function shellWords(command: string): { words: string[]; sideEffect: boolean } {
  const dir = mkdtempSync(join(tmpdir(), 'apiposture-shell-'));
  try {
    const script = `aws() { printf '%s\\0' "$@"; printf '\\1'; }\n${command}`;
    const out = execFileSync('bash', ['-c', script], { cwd: dir, encoding: 'utf8', env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: '/nonexistent' } });
    return { words: out.split('\u0001').filter((call) => call !== '').flatMap((call) => call.split('\u0000').slice(0, -1)), sideEffect: existsSync(join(dir, 'PWNED')) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('remediation commands: placeholders filled with the resource’s values, as inert shell words', () => {
  const template =
    "aws apigateway update-stage --rest-api-id <api-id> --stage-name <stage> --region <region> " +
    "--patch-operations 'op=replace,path=/x,value=<stage>' \"name=<stage>\" log-<api-id>/<stage> <kms-key-arn>";

  it('fills the API id, stage and region, and leaves what the resource cannot tell as a placeholder', () => {
    const filled = fillCommand(template, stageRef('prod'));
    assert.equal(
      filled,
      "aws apigateway update-stage --rest-api-id abc123 --stage-name prod --region eu-west-1 " +
        "--patch-operations 'op=replace,path=/x,value=prod' \"name=prod\" log-abc123/prod <kms-key-arn>",
    );
  });

  for (const stage of HOSTILE_STAGES) {
    it(`keeps the stage ${JSON.stringify(stage)} one inert word in every quoting context`, () => {
      const command = fillCommand(template.replace(' <kms-key-arn>', ''), stageRef(stage));
      const { words, sideEffect } = shellWords(command);
      assert.equal(sideEffect, false, command);
      assert.deepEqual(words, [
        'apigateway', 'update-stage', '--rest-api-id', 'abc123', '--stage-name', stage, '--region', 'eu-west-1',
        '--patch-operations', `op=replace,path=/x,value=${stage}`, `name=${stage}`, `log-abc123/${stage}`,
      ]);
    });
  }

  it('fills every check’s command the same way: the hostile stage arrives whole, nothing runs', () => {
    const stage = "p'; touch PWNED; echo '$(touch PWNED)";
    const runnable = allChecks.filter((c) => c.remediation.cli?.includes('<stage>') === true && !/<[A-Za-z][^>]*>/.test(fillCommand(c.remediation.cli, stageRef(stage))));
    assert.ok(runnable.length >= 5, `${runnable.length} fully filled commands`);
    for (const c of runnable) {
      const command = fillCommand(c.remediation.cli!, stageRef(stage));
      const { words, sideEffect } = shellWords(command);
      assert.equal(sideEffect, false, command);
      assert.ok(words.includes(stage), `${c.id}: ${JSON.stringify(words)}`);
    }
  });

  it('quotes a value only when the shell would read something in it', () => {
    assert.equal(shellQuote('prod-v2_1.0'), 'prod-v2_1.0');
    assert.equal(shellQuote("it's"), `'it'\\''s'`);
  });

  it('writes ARNs in the resource’s partition', () => {
    const cli = 'aws wafv2 associate-web-acl --web-acl-arn <web-acl-arn> --resource-arn arn:aws:apigateway:<region>::/restapis/<api-id>/stages/<stage>';
    assert.equal(
      fillCommand(cli, stageRef('prod', 'aws-cn', 'cn-north-1')),
      'aws wafv2 associate-web-acl --web-acl-arn <web-acl-arn> --resource-arn arn:aws-cn:apigateway:cn-north-1::/restapis/abc123/stages/prod',
    );
  });

  it('fills the ids of user pools, functions, keys and web ACLs from their ARNs', () => {
    const pool: ResourceRef = { arn: 'arn:aws:cognito-idp:eu-west-1:123456789012:userpool/eu-west-1_Ab12', type: 'user-pool', name: 'customers', account: '123456789012', region: EU };
    assert.equal(fillCommand('aws cognito-idp update-user-pool --user-pool-id <user-pool-id> <every-other-current-setting>', pool), 'aws cognito-idp update-user-pool --user-pool-id eu-west-1_Ab12 <every-other-current-setting>');
    const fn: ResourceRef = { arn: 'arn:aws:lambda:eu-west-1:123456789012:function:auth:live', type: 'lambda-function', name: 'auth', account: '123456789012', region: EU };
    assert.equal(fillCommand('aws lambda get-function --function-name <function-name>', fn), 'aws lambda get-function --function-name auth');
    const acl: ResourceRef = { arn: 'arn:aws:wafv2:eu-west-1:123456789012:regional/webacl/api-protection/0d1e', type: 'web-acl', name: 'api-protection', account: '123456789012', region: EU };
    assert.equal(fillCommand('aws wafv2 get-web-acl --name <web-acl-name> --id <web-acl-id> --scope REGIONAL', acl), 'aws wafv2 get-web-acl --name api-protection --id 0d1e --scope REGIONAL');
  });
});

describe('console links: region- and partition-aware, https only, none where no page is known', () => {
  it('links REST APIs, stages, HTTP APIs and custom domains in the API Gateway console', () => {
    assert.equal(consoleUrl('arn:aws:apigateway:eu-west-1::/restapis/abc123'), 'https://eu-west-1.console.aws.amazon.com/apigateway/main/apis/abc123/resources?api=abc123&region=eu-west-1');
    assert.equal(consoleUrl('arn:aws:apigateway:eu-west-1::/restapis/abc123/stages/prod'), 'https://eu-west-1.console.aws.amazon.com/apigateway/main/apis/abc123/stages?api=abc123&region=eu-west-1');
    assert.equal(consoleUrl('arn:aws:apigateway:eu-west-1::/apis/h77p/stages/$default'), 'https://eu-west-1.console.aws.amazon.com/apigateway/main/apis/h77p/routes?api=h77p&region=eu-west-1');
    assert.equal(consoleUrl('arn:aws:apigateway:eu-west-1::/domainnames/api.example.com'), 'https://eu-west-1.console.aws.amazon.com/apigateway/main/publish/domain-names?domain=api.example.com&region=eu-west-1');
  });

  it('uses each partition’s console host', () => {
    assert.equal(consoleUrl('arn:aws-cn:lambda:cn-north-1:123456789012:function:f'), 'https://console.amazonaws.cn/lambda/home?region=cn-north-1#/functions/f');
    assert.equal(consoleUrl('arn:aws-us-gov:kms:us-gov-west-1:123456789012:key/k-1'), 'https://console.amazonaws-us-gov.com/kms/home?region=us-gov-west-1#/kms/keys/k-1');
    assert.equal(consoleUrl('arn:aws:iam::123456789012:policy/ci/deploy'), 'https://console.aws.amazon.com/iam/home#/policies/arn:aws:iam::123456789012:policy/ci/deploy');
    assert.equal(consoleUrl('arn:aws-iso:lambda:us-iso-east-1:123456789012:function:f'), undefined, 'a partition without a known console');
  });

  it('links certificates, log groups, web ACLs, user pools and roles', () => {
    assert.equal(consoleUrl('arn:aws:acm:us-east-1:123456789012:certificate/c-1'), 'https://us-east-1.console.aws.amazon.com/acm/home?region=us-east-1#/certificates/c-1');
    assert.equal(
      consoleUrl('arn:aws:logs:eu-west-1:123456789012:log-group:/aws/api#1:*'),
      'https://eu-west-1.console.aws.amazon.com/cloudwatch/home?region=eu-west-1#logsV2:log-groups/log-group/$252Faws$252Fapi$25231',
    );
    assert.equal(consoleUrl('arn:aws:wafv2:eu-west-1:123456789012:regional/webacl/api-protection/0d1e'), 'https://eu-west-1.console.aws.amazon.com/wafv2/homev2/web-acl/api-protection/0d1e/overview?region=eu-west-1');
    assert.equal(consoleUrl('arn:aws:cognito-idp:eu-west-1:123456789012:userpool/eu-west-1_Ab12'), 'https://eu-west-1.console.aws.amazon.com/cognito/v2/idp/user-pools/eu-west-1_Ab12?region=eu-west-1');
    assert.equal(consoleUrl('arn:aws:iam::123456789012:role/service/ops-admin'), 'https://console.aws.amazon.com/iam/home#/roles/ops-admin');
  });

  it('gives no link to a type without a known console page', () => {
    assert.equal(consoleUrl('arn:aws:cloudtrail:eu-west-1:123456789012:trail/main'), undefined);
    assert.equal(consoleUrl('arn:aws:cognito-identity:eu-west-1:123456789012:identitypool/eu-west-1:1234'), undefined);
    assert.equal(consoleUrl('arn:aws:apigateway:eu-west-1:123456789012:account'), undefined);
    assert.equal(consoleUrl('not an arn'), undefined);
  });

  it('never lets a value change the host or leave the https scheme', () => {
    assert.equal(consoleUrl('arn:aws:lambda:evil.example/x:123456789012:function:f'), undefined);
    assert.equal(consoleUrl('arn:aws:lambda:eu-west-1@evil.example:123456789012:function:f'), undefined);
    const url = consoleUrl('arn:aws:apigateway:eu-west-1::/domainnames/a"><script>&x=1');
    assert.ok(url?.startsWith('https://eu-west-1.console.aws.amazon.com/'));
    assert.ok(url !== undefined && !url.includes('"') && !url.includes('<') && !url.includes('&x=1'), url);
  });
});

describe('mapping links', () => {
  it('builds Security Hub control, Config rule and OWASP pages from the id; NIST stays text', () => {
    assert.equal(requirementUrl('securityHub', 'APIGateway.1'), 'https://docs.aws.amazon.com/securityhub/latest/userguide/apigateway-controls.html#apigateway-1');
    assert.equal(requirementUrl('securityHub', 'CloudWatch.16'), 'https://docs.aws.amazon.com/securityhub/latest/userguide/cloudwatch-controls.html#cloudwatch-16');
    assert.equal(requirementUrl('awsConfig', 'api-gw-xray-enabled'), 'https://docs.aws.amazon.com/config/latest/developerguide/api-gw-xray-enabled.html');
    assert.equal(requirementUrl('owaspApi2023', 'API10'), 'https://owasp.org/API-Security/editions/2023/en/0xaa-unsafe-consumption-of-apis/');
    assert.equal(requirementUrl('nist80053r5', 'AC-3'), undefined);
  });
});

describe('evidence that reads as sentences and tidy tables', () => {
  it('labels keys in words', () => {
    assert.equal(humanKey('methodSettingsPath'), 'Method settings path');
    assert.equal(humanKey('webAclArn'), 'Web ACL ARN');
    assert.equal(humanKey('kmsKeyId'), 'KMS key ID');
    assert.equal(humanKey('defaultTtlSeconds'), 'Default TTL seconds');
    assert.equal(humanKey('Statement[0]'), 'Statement[0]');
  });

  it('names empty fields once in a sentence, with no "(none)" rows', () => {
    const out = String(renderEvidence({ openRoutes: [], unknownIntegrations: [], webAclArn: null, routeCount: 3 }));
    assert.ok(out.includes('<dt>Route count</dt><dd><code>3</code></dd>'), out);
    assert.ok(out.includes('Open routes, unknown integrations and web ACL ARN: none.'), out);
    assert.doesNotMatch(out, /\(none\)|\(empty\)|openRoutes/);
  });

  it('caps long lists and says how many more, keeping list form', () => {
    const out = String(renderEvidence({ openMethods: Array.from({ length: 14 }, (_, i) => `GET /r${i}`) }));
    assert.equal(out.split('<li><code>GET /r').length - 1, 10);
    assert.ok(out.includes('… and 4 more'));
  });

  it('shows records as a table, booleans as yes/no, nested data keys as they are, ARNs with their console page', () => {
    const out = String(
      renderEvidence({
        certificates: [
          { certificateArn: 'arn:aws:acm:eu-west-1:123456789012:certificate/c-1', daysLeft: 12 },
          { certificateArn: 'arn:aws:acm:eu-west-1:123456789012:certificate/c-2', daysLeft: 40 },
        ],
        tracingEnabled: false,
        openRoutesByStage: { prod: ['GET /'], myStage: ['POST /x'] },
      }),
    );
    assert.ok(out.includes('<th>Certificate ARN</th><th>Days left</th>'), out);
    assert.ok(out.includes('href="https://eu-west-1.console.aws.amazon.com/acm/home?region=eu-west-1#/certificates/c-2"'), out);
    assert.ok(out.includes('<dt>Tracing enabled</dt><dd>no</dd>'), out);
    assert.ok(out.includes('<dt>prod</dt>') && out.includes('<dt>myStage</dt>'), 'stage names stay as they are');
  });
});

describe('findings: mappings, commands per resource, console links and one line per collection error', () => {
  const xray = allChecks.find((c) => c.id === 'rest-stage-xray-tracing')!;
  const xrayEntry: ReportCheck = check(xray.id, { remediation: { text: 'Enable tracing.', cli: xray.remediation.cli! } });
  const checks = new Map<string, ReportCheck>([[xray.id, xrayEntry]]);

  it('shows the mappings, a console link per resource and a filled command per failing stage', () => {
    const failing = ['prod', "dev'; rm -rf / #"].map((stage) => result(xray.id, stageArn(EU, 'abc123', stage), 'FAIL', { name: `orders-api/${stage}` }));
    const out = String(renderFindings(failing, checks, 'orders-api'));
    assert.ok(out.includes('<a href="https://docs.aws.amazon.com/securityhub/latest/userguide/apigateway-controls.html#apigateway-1"'), out);
    assert.ok(out.includes('OWASP API 2023'), out);
    assert.ok(out.includes('href="https://eu-west-1.console.aws.amazon.com/apigateway/main/apis/abc123/stages?api=abc123&amp;region=eu-west-1"'));
    assert.ok(out.includes('--rest-api-id abc123 --stage-name prod --patch-operations'), out);
    assert.ok(out.includes('--stage-name &#39;dev&#39;\\&#39;&#39;; rm -rf / #&#39; --patch-operations'), out);
    assert.doesNotMatch(out, /&lt;api-id&gt;|&lt;stage&gt;/);
  });

  it('names a collection error once, with the checks it stopped', () => {
    const ids = Array.from({ length: 13 }, (_, i) => `check-${String(i).padStart(2, '0')}`);
    const errors = ids.map((id, i) => result(id, stageArn(EU, 'abc123'), 'ERROR', { severity: i === 0 ? 'critical' : 'medium', name: 'orders-api/prod' }));
    const other = { ...result('check-xx', stageArn(EU, 'abc123'), 'ERROR'), error: { kind: 'invalid-data' as const, message: 'GetWebACL returned no VisibilityConfig' } };
    const out = String(renderFindings([...errors, other], new Map(), 'orders-api'));
    assert.equal(out.split('<article class="finding ERROR').length - 1, 2, out);
    assert.ok(out.includes('apigateway:GetStages was denied (AccessDeniedException): 13 checks could not run</h3>'), out);
    assert.ok(out.includes('GetWebACL returned no VisibilityConfig: 1 check could not run'));
    assert.ok(out.includes(`<article class="finding ERROR error-group" data-status="ERROR" data-severity="critical" data-checks="${ids.join(' ')}">`), out);
    for (const id of ids) assert.equal(out.split(`<code>${id}</code>`).length - 1, 1, id);
    assert.equal(out.split('denied</li>').length - 1, 1, 'the error message once');
  });

  it('keeps muted results apart, unchanged', () => {
    const muted = { ...result(xray.id, stageArn(EU, 'abc123'), 'FAIL'), muted: { rule: 'r1', reason: 'accepted', owner: 'team' } };
    const out = String(renderFindingsWithMutes([muted], checks, 'orders-api'));
    assert.ok(out.includes('1 muted result'));
    assert.doesNotMatch(out, /class="fix"/);
  });
});
