/**
 * The deployment templates (deploy/*.template.json), read as CloudFormation would: every
 * reference resolves, the resources are the expected kinds, and the parts that matter for
 * security and for the run (read-only root, non-root user, no admin, the array job) are as
 * deploy/README.md describes them.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { describe, it } from 'node:test';
import { buildReadOnlyPolicy } from '../../src/collect/iam-policy.js';
import { analyseApiWildcards, parseIdentityPolicy } from '../../src/analysis/iam.js';
import { wildcardMatch } from '../../src/analysis/policy.js';
import { REPO } from '../e2e/run-cli.js';
import {
  MEMBER,
  SCHEDULED,
  isObject,
  loadTemplate,
  references,
  render,
  unresolved,
  type Json,
  type JsonObject,
  type Rendered,
  type Template,
} from './cfn.js';

/** The only resource types the templates may create. */
const ALLOWED_TYPES = new Set([
  'AWS::Batch::ComputeEnvironment',
  'AWS::Batch::JobDefinition',
  'AWS::Batch::JobQueue',
  'AWS::IAM::ManagedPolicy',
  'AWS::IAM::Role',
  'AWS::Logs::LogGroup',
  'AWS::S3::Bucket',
  'AWS::S3::BucketPolicy',
  'AWS::Scheduler::Schedule',
  'AWS::StepFunctions::StateMachine',
]);

/**
 * Actions an Allow statement may grant on `"Resource": "*"`: those without resource-level
 * permissions, the template's own and those the generated read-only policy grants so.
 */
const STAR_RESOURCE_ACTIONS = new Set([
  'ecr:GetAuthorizationToken',
  'batch:DescribeJobs',
  ...buildReadOnlyPolicy({ securityHub: true, organization: true })
    .Statement.filter((s) => s.Resource.includes('*'))
    .flatMap((s) => s.Action),
]);

const IMAGE = '123456789012.dkr.ecr.eu-west-1.amazonaws.com/apiposture-batch:0.1.0';

/** Values for the parameters without a default, and the variations the tests render. */
const SCHEDULED_PARAMETERS = {
  AccountIds: '111111111111,222222222222,333333333333',
  Regions: 'eu-west-1,us-east-1',
  Image: IMAGE,
  Subnets: 'subnet-0a,subnet-0b',
  SecurityGroups: 'sg-0c',
};
const VARIANTS: Record<string, string>[] = [
  {},
  { EnableSecurityHub: 'true' },
  { ExternalId: 'apiposture-7f3a' },
  { EnableSecurityHub: 'true', ExternalId: 'apiposture-7f3a', ReportsPrefix: '', AccountIds: '444444444444' },
];
const MEMBER_PARAMETERS = { ScannerRoleArn: 'arn:aws:iam::111122223333:role/apiposture-ScanTaskRole-XYZ' };

const scheduled = loadTemplate(SCHEDULED);
const member = loadTemplate(MEMBER);

function renderScheduled(variant: Record<string, string> = {}): Rendered {
  return render(scheduled, { ...SCHEDULED_PARAMETERS, ...variant });
}

function props(rendered: Rendered, id: string): JsonObject {
  const resource = rendered.resources[id];
  assert.ok(resource, `resource ${id}`);
  return resource.Properties;
}

function container(rendered: Rendered, id: string): JsonObject {
  return props(rendered, id).ContainerProperties as JsonObject;
}

function environment(rendered: Rendered, id: string): Record<string, string> {
  const list = container(rendered, id).Environment as { Name: string; Value: string }[];
  const names = list.map((e) => e.Name);
  assert.equal(new Set(names).size, names.length, `${id}: duplicate environment variables`);
  return Object.fromEntries(list.map((e) => [e.Name, e.Value]));
}

interface Statement {
  Sid?: string;
  Effect: string;
  Action?: string | string[];
  NotAction?: unknown;
  Resource?: string | string[];
  NotResource?: unknown;
  Principal?: Json;
  Condition?: Json;
}

/** Every policy document of a rendered template: managed, inline, bucket and trust policies. */
function policyDocuments(rendered: Rendered): { where: string; document: { Statement: Statement[] }; trust: boolean }[] {
  const out: { where: string; document: { Statement: Statement[] }; trust: boolean }[] = [];
  for (const [id, resource] of Object.entries(rendered.resources)) {
    const p = resource.Properties;
    const add = (where: string, document: Json | undefined, trust = false) => {
      if (document !== undefined) out.push({ where, document: document as unknown as { Statement: Statement[] }, trust });
    };
    if (resource.Type === 'AWS::IAM::ManagedPolicy' || resource.Type === 'AWS::S3::BucketPolicy') add(id, p.PolicyDocument);
    if (resource.Type === 'AWS::IAM::Role') {
      add(`${id} trust`, p.AssumeRolePolicyDocument, true);
      for (const inline of (p.Policies ?? []) as { PolicyName: string; PolicyDocument: Json }[]) add(`${id}/${inline.PolicyName}`, inline.PolicyDocument);
    }
  }
  return out;
}

function statementsOf(document: Json | undefined): Statement[] {
  assert.ok(isObject(document) && Array.isArray(document.Statement), 'a policy document');
  return document.Statement as unknown as Statement[];
}

/** The statements of a role's (only) inline policy. */
function inlineStatements(role: JsonObject): Statement[] {
  const policies = role.Policies as JsonObject[];
  assert.equal(policies.length, 1);
  return statementsOf(policies[0]!.PolicyDocument);
}

const list = (v: string | string[] | undefined): string[] => (v === undefined ? [] : [v].flat());

/**
 * What is wrong with the rendered template's policies: administrator access or every action of
 * an API Gateway service (apiposture's own IAM analysis), wildcard actions, Allow with
 * NotAction/NotResource, actions on every resource beyond those without resource-level
 * permissions, trust policies open to everyone.
 */
function policyProblems(rendered: Rendered): string[] {
  const problems: string[] = [];
  for (const { where, document, trust } of policyDocuments(rendered)) {
    if (trust) {
      for (const s of document.Statement) {
        if (!isDeepStrictEqual(list(s.Action), ['sts:AssumeRole'])) problems.push(`${where}: trust policy allows ${JSON.stringify(s.Action)}`);
        if (!isObject(s.Principal) || JSON.stringify(s.Principal).includes('*')) problems.push(`${where}: trusts everyone`);
      }
      continue;
    }
    const parsed = parseIdentityPolicy(JSON.stringify(document));
    if (!parsed.ok) {
      problems.push(`${where}: ${parsed.reason}`);
      continue;
    }
    const analysis = analyseApiWildcards(parsed.document);
    if (analysis.admin) problems.push(`${where}: administrator access`);
    for (const grant of analysis.services) problems.push(`${where}: every action of ${grant.service}`);
    for (const s of document.Statement.filter((st) => st.Effect === 'Allow')) {
      if (s.NotAction !== undefined) problems.push(`${where}: Allow with NotAction`);
      if (s.NotResource !== undefined) problems.push(`${where}: Allow with NotResource`);
      for (const action of list(s.Action)) {
        if (action.includes('*')) problems.push(`${where}: wildcard action ${action}`);
        else if (list(s.Resource).includes('*') && !STAR_RESOURCE_ACTIONS.has(action)) problems.push(`${where}: ${action} on every resource`);
      }
    }
  }
  return problems;
}

function stateMachineDefinition(): { definition: JsonObject; substitutions: JsonObject } {
  const properties = scheduled.Resources.StateMachine!.Properties!;
  return { definition: properties.Definition as JsonObject, substitutions: properties.DefinitionSubstitutions as JsonObject };
}

describe('the deployment templates, read as CloudFormation', () => {
  for (const [path, template] of [
    [SCHEDULED, scheduled],
    [MEMBER, member],
  ] as [string, Template][]) {
    describe(path, () => {
      it('is a CloudFormation template in canonical JSON', () => {
        assert.equal(template.AWSTemplateFormatVersion, '2010-09-09');
        assert.ok(template.Description && template.Description.length <= 1024);
        const text = readFileSync(join(REPO, path), 'utf8');
        assert.equal(text, JSON.stringify(JSON.parse(text), null, 2) + '\n', 'two-space JSON, as scripts/gen-deploy.ts writes it');
      });

      it('resolves every Ref, Fn::GetAtt, Fn::Sub variable, condition and DependsOn', () => {
        assert.deepEqual(unresolved(template), []);
        assert.ok(references(template).length > 10, 'the walker found the references');
      });

      it('uses every parameter and every condition', () => {
        const used = new Set(references(template).map((r) => r.name));
        for (const name of Object.keys(template.Parameters)) assert.ok(used.has(name), `parameter ${name} is unused`);
        for (const name of Object.keys(template.Conditions ?? {})) assert.ok(used.has(name), `condition ${name} is unused`);
      });

      it('creates only allowed AWS resource types', () => {
        for (const [id, resource] of Object.entries(template.Resources)) {
          assert.ok(ALLOWED_TYPES.has(resource.Type), `${id}: ${resource.Type} is not in the allow list`);
          assert.match(id, /^[A-Za-z0-9]+$/, 'logical ids are alphanumeric');
        }
      });

      it('has parameter defaults and allowed values that satisfy their own constraints', () => {
        for (const [name, spec] of Object.entries(template.Parameters)) {
          assert.ok(typeof spec.Description === 'string' && spec.Description.length > 0, `${name} has a description`);
          if (spec.Default === undefined) continue;
          const value = String(spec.Default);
          if (Array.isArray(spec.AllowedValues)) assert.ok(spec.AllowedValues.map(String).includes(value), `${name}: default not allowed`);
          if (typeof spec.AllowedPattern === 'string') assert.match(value, new RegExp(spec.AllowedPattern), `${name}: default`);
        }
      });
    });
  }

  it('the sample parameters pass the templates\' constraints, and bad ones do not', () => {
    const pattern = (template: Template, name: string) => new RegExp(String(template.Parameters[name]!.AllowedPattern));
    for (const id of SCHEDULED_PARAMETERS.AccountIds.split(',')) assert.match(id, pattern(scheduled, 'AccountIds'));
    assert.match(SCHEDULED_PARAMETERS.Regions, pattern(scheduled, 'Regions'));
    assert.doesNotMatch('eu-west-1,', pattern(scheduled, 'Regions'));
    for (const image of [IMAGE, '123456789012.dkr.ecr.cn-north-1.amazonaws.com.cn/team/apiposture-batch@sha256:' + 'a'.repeat(64)]) {
      assert.match(image, pattern(scheduled, 'Image'));
    }
    for (const image of ['node:24', 'public.ecr.aws/x/apiposture:1', '123456789012.dkr.ecr.eu-west-1.amazonaws.com/apiposture']) {
      assert.doesNotMatch(image, pattern(scheduled, 'Image'), `${image} is refused: no private ECR repository, or no tag`);
    }
    for (const prefix of ['', 'apiposture/', 'audit/apiposture/']) assert.match(prefix, pattern(scheduled, 'ReportsPrefix'));
    for (const prefix of ['apiposture', '/apiposture/', 'a b/']) assert.doesNotMatch(prefix, pattern(scheduled, 'ReportsPrefix'));
    assert.match('', pattern(scheduled, 'ExternalId'));
    assert.match(MEMBER_PARAMETERS.ScannerRoleArn, pattern(member, 'ScannerRoleArn'));
    assert.match('arn:aws:iam::111122223333:role/apiposture-ScanTaskRole-*', pattern(member, 'ScannerRoleArn'));
  });

  it('evaluates for every variant of the parameters', () => {
    for (const variant of VARIANTS) renderScheduled(variant);
    render(member, MEMBER_PARAMETERS);
    render(member, { ...MEMBER_PARAMETERS, ExternalId: 'apiposture-7f3a', EnableSecurityHub: 'true' });
  });
});

describe('the scheduled template: Batch jobs', () => {
  const rendered = renderScheduled();

  it('runs both jobs on Fargate, read-only, as the image\'s non-root user', () => {
    const dockerfile = readFileSync(join(REPO, 'Dockerfile'), 'utf8');
    assert.match(dockerfile, /^USER node$/m, 'the image runs as node');
    for (const id of ['ScanJobDefinition', 'MergeJobDefinition']) {
      const p = props(rendered, id);
      assert.deepEqual(p.PlatformCapabilities, ['FARGATE']);
      assert.equal(p.Type, 'container');
      const c = container(rendered, id);
      assert.equal(c.ReadonlyRootFilesystem, true, `${id}: read-only root filesystem`);
      assert.equal(c.User, 'node', `${id}: not root`);
      assert.notEqual(c.Privileged, true);
      assert.equal(c.Image, IMAGE);
      assert.deepEqual(c.FargatePlatformConfiguration, { PlatformVersion: 'LATEST' });
      assert.ok(isObject(c.NetworkConfiguration) && c.NetworkConfiguration.AssignPublicIp === 'DISABLED');
    }
  });

  it('gives the read-only container one writable place: a task-local volume on /reports (Fargate has no tmpfs)', () => {
    for (const id of ['ScanJobDefinition', 'MergeJobDefinition']) {
      const c = container(rendered, id);
      assert.equal((c.LinuxParameters as JsonObject | undefined)?.Tmpfs, undefined, 'tmpfs is not applicable to Fargate jobs');
      assert.deepEqual(c.Volumes, [{ Name: 'scratch' }], 'a named volume without host: Fargate bind-mounts task storage');
      assert.deepEqual(c.MountPoints, [{ SourceVolume: 'scratch', ContainerPath: '/reports', ReadOnly: false }]);
      assert.equal(environment(rendered, id).TMPDIR, '/reports', 'temporary files go to the writable volume');
    }
    const dockerfile = readFileSync(join(REPO, 'Dockerfile'), 'utf8');
    assert.match(dockerfile, /chown node:node \/reports/, 'the image gives /reports to node');
  });

  it('runs `scan` as the scan task role, and `merge` as the merge role', () => {
    const scan = container(rendered, 'ScanJobDefinition');
    const merge = container(rendered, 'MergeJobDefinition');
    assert.deepEqual(scan.Command, ['scan']);
    assert.deepEqual(merge.Command, ['merge']);
    const templateScan = scheduled.Resources.ScanJobDefinition!.Properties!.ContainerProperties as JsonObject;
    const templateMerge = scheduled.Resources.MergeJobDefinition!.Properties!.ContainerProperties as JsonObject;
    assert.deepEqual(templateScan.JobRoleArn, { 'Fn::GetAtt': ['ScanTaskRole', 'Arn'] });
    assert.deepEqual(templateMerge.JobRoleArn, { 'Fn::GetAtt': ['MergeTaskRole', 'Arn'] });
    assert.deepEqual(templateScan.ExecutionRoleArn, { 'Fn::GetAtt': ['ExecutionRole', 'Arn'] });
  });

  it('configures apiposture through APIPOSTURE_* variables, with optional ones only when asked', () => {
    const plain = environment(rendered, 'ScanJobDefinition');
    assert.deepEqual(Object.keys(plain).sort(), [
      'APIPOSTURE_FAIL_ON',
      'APIPOSTURE_FORMAT',
      'APIPOSTURE_LOG_LEVEL',
      'APIPOSTURE_OUTPUT_DIR',
      'APIPOSTURE_REGIONS',
      'APIPOSTURE_ROLE_NAME',
      'AWS_REGION',
      'TMPDIR',
    ]);
    assert.equal(plain.APIPOSTURE_REGIONS, 'eu-west-1,us-east-1');
    assert.equal(plain.APIPOSTURE_ROLE_NAME, 'apiposture-audit');
    assert.equal(plain.APIPOSTURE_FAIL_ON, 'none', 'a scheduled run records findings; it does not gate');
    assert.equal(plain.APIPOSTURE_OUTPUT_DIR, `s3://${rendered.outputs.ReportsBucketName as string}/apiposture/`);
    assert.equal(plain.APIPOSTURE_OUTPUT_DIR, rendered.outputs.ReportsLocation, 'every child uploads under <prefix><account>/');
    assert.equal(plain.APIPOSTURE_ACCOUNTS, undefined, 'the entry point picks the account per child');

    const full = environment(renderScheduled({ EnableSecurityHub: 'true', ExternalId: 'apiposture-7f3a' }), 'ScanJobDefinition');
    assert.equal(full.APIPOSTURE_SECURITY_HUB, 'true');
    assert.equal(full.APIPOSTURE_EXTERNAL_ID, 'apiposture-7f3a');

    const merge = environment(rendered, 'MergeJobDefinition');
    assert.equal(merge.APIPOSTURE_MERGE_FROM, plain.APIPOSTURE_OUTPUT_DIR, 'the merge reads where the scans wrote');
    assert.equal(merge.APIPOSTURE_OUTPUT_DIR, plain.APIPOSTURE_OUTPUT_DIR, 'the CLI puts the organisation report under <prefix>organization/ itself');
    assert.equal(merge.APIPOSTURE_ROLE_NAME, undefined, 'the merge reads S3 only');
    for (const name of [...Object.keys(full), ...Object.keys(merge)]) assert.doesNotMatch(name, /^AWS_BATCH/, 'reserved by Batch');
  });

  it('logs to a log group with a retention, and bounds every attempt', () => {
    assert.equal(props(rendered, 'JobLogGroup').RetentionInDays, '90');
    for (const id of ['ScanJobDefinition', 'MergeJobDefinition']) {
      const c = container(rendered, id);
      const logs = c.LogConfiguration as { LogDriver: string; Options: Record<string, string> };
      assert.equal(logs.LogDriver, 'awslogs');
      assert.equal(logs.Options['awslogs-group'], 'JobLogGroup-physical-id');
      assert.equal((props(rendered, id).Timeout as JsonObject).AttemptDurationSeconds, '3600');
      assert.deepEqual(props(rendered, id).RetryStrategy, { Attempts: 2, EvaluateOnExit: [{ OnExitCode: '2', Action: 'EXIT' }] }, 'usage errors are not retried');
    }
  });

  it('queues the jobs on a Fargate compute environment in the given subnets', () => {
    const compute = props(rendered, 'ComputeEnvironment');
    assert.equal(compute.Type, 'MANAGED');
    assert.deepEqual(compute.ComputeResources, { Type: 'FARGATE', MaxvCpus: '8', Subnets: ['subnet-0a', 'subnet-0b'], SecurityGroupIds: ['sg-0c'] });
    assert.deepEqual((props(rendered, 'JobQueue').ComputeEnvironmentOrder as JsonObject[])[0], {
      Order: 1,
      ComputeEnvironment: 'arn:aws:batch:eu-west-1:111122223333:compute-environment/ComputeEnvironment',
    });
  });
});

describe('the scheduled template: schedule and state machine', () => {
  const { definition, substitutions } = stateMachineDefinition();
  const states = definition.States as Record<string, JsonObject>;

  it('substitutes exactly the variables the definition uses', () => {
    const used = new Set([...JSON.stringify(definition).matchAll(/\$\{([^}]+)\}/g)].map((m) => m[1]));
    assert.deepEqual([...used].sort(), Object.keys(substitutions).sort());
  });

  it('is a well-formed state machine: every transition lands on a state, every state is reachable', () => {
    const names = Object.keys(states);
    assert.ok(names.includes(definition.StartAt as string));
    const next = (s: JsonObject): string[] => [
      ...(typeof s.Next === 'string' ? [s.Next] : []),
      ...(typeof s.Default === 'string' ? [s.Default] : []),
      ...((s.Choices ?? []) as JsonObject[]).map((c) => c.Next as string),
    ];
    const seen = new Set<string>();
    const visit = (name: string): void => {
      assert.ok(names.includes(name), `${name} is no state`);
      if (seen.has(name)) return;
      seen.add(name);
      const state = states[name]!;
      assert.ok(next(state).length > 0 || state.End === true || state.Type === 'Succeed' || state.Type === 'Fail', `${name} goes nowhere`);
      next(state).forEach(visit);
    };
    visit(definition.StartAt as string);
    assert.deepEqual([...seen].sort(), names.sort());
  });

  it('runs one array job whose size is the number of accounts, then the merge', () => {
    const plan = states.Plan!.Parameters as Record<string, string>;
    assert.equal(plan.accounts, '${AccountList}');
    assert.equal(plan['count.$'], "States.ArrayLength(States.StringSplit('${AccountList}', ','))");
    assert.deepEqual(Object.keys(plan).sort(), ['accounts', 'count.$']);
    assert.deepEqual(substitutions.AccountList, { 'Fn::Join': [',', { Ref: 'AccountIds' }] });

    const choice = states.OneOrMany!;
    assert.deepEqual(choice.Choices, [{ Variable: '$.count', NumericGreaterThan: 1, Next: 'ScanAccounts' }]);
    assert.equal(choice.Default, 'ScanOneAccount', 'Batch array jobs have 2 to 10,000 children');

    const array = states.ScanAccounts!.Parameters as JsonObject;
    assert.deepEqual(array.ArrayProperties, { 'Size.$': '$.count' });
    assert.equal((states.ScanOneAccount!.Parameters as JsonObject).ArrayProperties, undefined);
    for (const name of ['ScanAccounts', 'ScanOneAccount', 'MergeReports']) {
      const state = states[name]!;
      assert.equal(state.Resource, 'arn:${Partition}:states:::batch:submitJob.sync', `${name} waits for its job`);
      const p = state.Parameters as JsonObject;
      assert.equal(p.JobQueue, '${JobQueue}');
      assert.equal(p.JobDefinition, name === 'MergeReports' ? '${MergeJobDefinition}' : '${ScanJobDefinition}');
      assert.deepEqual((p.ContainerOverrides as JsonObject).Environment, [{ Name: 'APIPOSTURE_ACCOUNT_LIST', 'Value.$': '$.accounts' }]);
      assert.equal(state.ResultPath, null, 'the next state keeps the plan');
    }
    assert.equal(states.ScanAccounts!.Next, 'MergeReports');
    assert.equal(states.ScanOneAccount!.Next, 'MergeReports');
    assert.equal(states.MergeReports!.End, true);
  });

  it('sizes the array from the account list the stack is given', () => {
    for (const variant of VARIANTS) {
      const rendered = renderScheduled(variant);
      const list = (rendered.resources.StateMachine!.Properties.DefinitionSubstitutions as Record<string, string>).AccountList!;
      const expected = (variant.AccountIds ?? SCHEDULED_PARAMETERS.AccountIds).split(',');
      // States.StringSplit(list, ',') then States.ArrayLength, as the Plan state computes it.
      assert.equal(list.split(',').length, expected.length);
      assert.deepEqual(list.split(','), expected);
    }
  });

  it('is started by the schedule, through a role that may start only it', () => {
    const rendered = renderScheduled();
    const schedule = props(rendered, 'Schedule');
    assert.equal(schedule.ScheduleExpression, 'cron(0 3 * * ? *)');
    assert.equal(schedule.ScheduleExpressionTimezone, 'UTC');
    assert.deepEqual(schedule.FlexibleTimeWindow, { Mode: 'OFF' });
    const target = schedule.Target as JsonObject;
    assert.equal(target.Arn, rendered.outputs.StateMachineArn);
    assert.equal(target.RoleArn, 'arn:aws:iam::111122223333:role/apiposture-SchedulerRole-XYZ');
    const role = props(rendered, 'SchedulerRole');
    assert.deepEqual((((role.AssumeRolePolicyDocument as JsonObject).Statement as JsonObject[])[0]!.Principal as JsonObject).Service, 'scheduler.amazonaws.com');
    const statements = inlineStatements(role);
    assert.deepEqual(statements.map((s) => [s.Action, s.Resource]), [[['states:StartExecution'], [rendered.outputs.StateMachineArn]]]);
  });

  it('lets the state machine submit only its own jobs, to its own queue', () => {
    const rendered = renderScheduled();
    const p = props(rendered, 'StateMachine');
    assert.equal(p.RoleArn, 'arn:aws:iam::111122223333:role/apiposture-StateMachineRole-XYZ');
    const role = props(rendered, 'StateMachineRole');
    assert.equal((((role.AssumeRolePolicyDocument as JsonObject).Statement as JsonObject[])[0]!.Principal as JsonObject).Service, 'states.amazonaws.com');
    const statements = inlineStatements(role);
    const submit = statements.find((s) => list(s.Action).includes('batch:SubmitJob'));
    assert.deepEqual(submit?.Resource, [
      rendered.outputs.JobQueueArn,
      'arn:aws:batch:eu-west-1:111122223333:job-definition/ScanJobDefinition:1',
      'arn:aws:batch:eu-west-1:111122223333:job-definition/MergeJobDefinition:1',
    ]);
    const events = statements.find((s) => list(s.Action).includes('events:PutRule'));
    assert.deepEqual(events?.Resource, ['arn:aws:events:eu-west-1:111122223333:rule/StepFunctionsGetEventsForBatchJobsRule']);
  });
});

describe('the scheduled template: reports bucket and roles', () => {
  const rendered = renderScheduled();

  it('keeps the reports in a private, encrypted, versioned bucket reached only over TLS', () => {
    const bucket = scheduled.Resources.ReportsBucket!;
    assert.equal(bucket.DeletionPolicy, 'Retain', 'reports outlive the stack');
    const p = props(rendered, 'ReportsBucket');
    assert.deepEqual(p.PublicAccessBlockConfiguration, { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true });
    assert.deepEqual(p.BucketEncryption, { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] });
    assert.deepEqual(p.VersioningConfiguration, { Status: 'Enabled' });
    assert.deepEqual(p.OwnershipControls, { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] });
    const rule = ((p.LifecycleConfiguration as JsonObject).Rules as JsonObject[])[0]!;
    assert.equal(rule.Prefix, 'apiposture/');
    assert.equal(rule.ExpirationInDays, '400');
    const policy = props(rendered, 'ReportsBucketPolicy');
    const deny = statementsOf(policy.PolicyDocument)[0]!;
    assert.equal(deny.Effect, 'Deny');
    assert.deepEqual(deny.Condition, { Bool: { 'aws:SecureTransport': 'false' } });
  });

  it('gives the scan task role the generated policy and nothing else', () => {
    const role = scheduled.Resources.ScanTaskRole!.Properties!;
    assert.deepEqual(role.ManagedPolicyArns, [{ Ref: 'ScanPolicy' }]);
    assert.equal(role.Policies, undefined, 'no inline policy beside the generated one');
    assert.equal(scheduled.Resources.ScanPolicy!.Type, 'AWS::IAM::ManagedPolicy');
  });

  it('lets ECS (only from this account) assume the task roles', () => {
    for (const id of ['ScanTaskRole', 'MergeTaskRole', 'ExecutionRole']) {
      const statement = statementsOf(props(rendered, id).AssumeRolePolicyDocument)[0]!;
      assert.deepEqual(statement.Principal, { Service: 'ecs-tasks.amazonaws.com' });
      assert.deepEqual((statement.Condition as JsonObject).StringEquals, { 'aws:SourceAccount': '111122223333' });
    }
  });

  it('lets the merge read the accounts\' latest reports and write only the organisation report', () => {
    const statements = inlineStatements(props(rendered, 'MergeTaskRole'));
    const can = (action: string, key: string) =>
      statements.some(
        (s) => list(s.Action).includes(action) && list(s.Resource).some((r) => wildcardMatch(r, `arn:aws:s3:::${rendered.outputs.ReportsBucketName as string}/${key}`)),
      );
    assert.ok(can('s3:GetObject', 'apiposture/111111111111/latest/report.json'));
    assert.ok(can('s3:PutObject', 'apiposture/organization/2025-01-01T03-00-00Z/organisation-report.json'));
    assert.ok(!can('s3:PutObject', 'apiposture/111111111111/latest/report.json'), 'the merge cannot alter an account report');
    assert.ok(!can('s3:GetObject', 'apiposture/111111111111/latest/report.html'));
    assert.ok(!can('s3:GetObject', 'elsewhere/111111111111/latest/report.json'));
  });

  it('pulls the image only from the registry it names', () => {
    const statements = inlineStatements(props(rendered, 'ExecutionRole'));
    const pull = statements.find((s) => list(s.Action).includes('ecr:BatchGetImage'));
    assert.deepEqual(pull?.Resource, ['arn:aws:ecr:eu-west-1:123456789012:repository/*']);
  });

  for (const [name, template, variants] of [
    ['scheduled', scheduled, VARIANTS.map((v) => ({ ...SCHEDULED_PARAMETERS, ...v }))],
    ['member-role', member, [MEMBER_PARAMETERS, { ...MEMBER_PARAMETERS, EnableSecurityHub: 'true', ExternalId: 'x-123' }]],
  ] as [string, Template, Record<string, string>[]][]) {
    it(`grants no admin or wildcard access in any policy of the ${name} template`, () => {
      for (const values of variants) {
        const rendered = render(template, values);
        assert.ok(policyDocuments(rendered).length >= 2);
        assert.deepEqual(policyProblems(rendered), []);
      }
    });
  }

  it('the policy check does catch admin, wildcard and open-trust policies', () => {
    const rendered = renderScheduled();
    const bad = structuredClone(rendered);
    const inline = (bad.resources.MergeTaskRole!.Properties.Policies as JsonObject[])[0]!.PolicyDocument as { Statement: Json[] };
    inline.Statement.push({ Effect: 'Allow', Action: '*', Resource: '*' });
    inline.Statement.push({ Effect: 'Allow', Action: ['s3:Get*'], Resource: ['arn:aws:s3:::b/*'] });
    inline.Statement.push({ Effect: 'Allow', Action: ['s3:DeleteBucket'], Resource: ['*'] });
    const trust = bad.resources.ExecutionRole!.Properties.AssumeRolePolicyDocument as { Statement: JsonObject[] };
    trust.Statement[0]!.Principal = { AWS: '*' };
    const problems = policyProblems(bad).join('\n');
    assert.match(problems, /MergeTaskRole\/merge-reports: administrator access/);
    assert.match(problems, /wildcard action s3:Get\*/);
    assert.match(problems, /s3:DeleteBucket on every resource/);
    assert.match(problems, /ExecutionRole trust: trusts everyone/);
  });
});

describe('the member-role template', () => {
  it('trusts only the scan role (by principal ARN), and requires the external id when one is set', () => {
    const trustOf = (values: Record<string, string>) =>
      statementsOf(render(member, { ...MEMBER_PARAMETERS, ...values }).resources.AuditRole!.Properties.AssumeRolePolicyDocument)[0]!;
    const plain = trustOf({});
    assert.deepEqual(plain.Principal, { AWS: 'arn:aws:iam::111122223333:root' });
    assert.deepEqual(plain.Condition, { ArnLike: { 'aws:PrincipalArn': MEMBER_PARAMETERS.ScannerRoleArn } });
    assert.deepEqual(trustOf({ ExternalId: 'x-123' }).Condition, {
      ArnLike: { 'aws:PrincipalArn': MEMBER_PARAMETERS.ScannerRoleArn },
      StringEquals: { 'sts:ExternalId': 'x-123' },
    });
  });

  it('names the role as the scheduled stack assumes it', () => {
    const rendered = render(member, MEMBER_PARAMETERS);
    assert.equal(rendered.resources.AuditRole!.Properties.RoleName, scheduled.Parameters.MemberRoleName!.Default);
    assert.deepEqual(member.Resources.AuditRole!.Properties!.ManagedPolicyArns, [{ Ref: 'ReadOnlyPolicy' }]);
    // The scan policy's sts:AssumeRole statement covers the member role in any account.
    const scan = renderScheduled();
    const assume = statementsOf(props(scan, 'ScanPolicy').PolicyDocument).find((s) => list(s.Action).includes('sts:AssumeRole'));
    assert.ok(assume);
    assert.ok(list(assume.Resource).some((r) => wildcardMatch(r, `arn:aws:iam::444444444444:role/${rendered.resources.AuditRole!.Properties.RoleName as string}`)));
  });
});
