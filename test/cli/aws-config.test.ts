/** Region resolution as the AWS CLI does it: flag, then variable, then the profile's `region` in the shared config file. */
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parseIniSections, profileRegion } from '../../src/cli/aws-config.js';
import { controlRegionFor, resolveAwsTarget, resolveRegionChoice } from '../../src/cli/aws-options.js';

const CONFIG = `# ~/.aws/config
[default]
region = eu-central-1

[profile audit]
region=eu-west-1
output = json
s3 =
  region = us-west-2
  max_concurrent_requests = 20

; a comment
[profile  no-region]
output = text

[sso-session corp]
region = us-east-1
`;

const dir = mkdtempSync(join(tmpdir(), 'apiposture-aws-config-'));
const file = join(dir, 'config');
writeFileSync(file, CONFIG);
/** No region variable, this config file, and a home without one. */
const env = (extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv => ({ AWS_CONFIG_FILE: file, HOME: '/nonexistent', ...extra });
const list = (...regions: string[]) => ({ kind: 'list', regions });

describe("a profile's configured region", () => {
  it('--profile p uses [profile p] region when no flag or variable gives one', () => {
    assert.deepEqual(resolveRegionChoice({ profile: 'audit' }, env()), list('eu-west-1'));
    assert.deepEqual(resolveAwsTarget({ profile: 'audit' }, env()), { regions: ['eu-west-1'], profile: 'audit' });
  });

  it('without --profile, $AWS_PROFILE names the profile, else [default]', () => {
    assert.deepEqual(resolveRegionChoice({}, env({ AWS_PROFILE: 'audit' })), list('eu-west-1'));
    assert.deepEqual(resolveRegionChoice({}, env()), list('eu-central-1'));
  });

  it('a flag or a region variable wins over the config file', () => {
    assert.deepEqual(resolveRegionChoice({ profile: 'audit', region: 'ap-south-1' }, env()), list('ap-south-1'));
    assert.deepEqual(resolveRegionChoice({ profile: 'audit', regions: 'us-east-1,us-west-2' }, env()), list('us-east-1', 'us-west-2'));
    assert.deepEqual(resolveRegionChoice({ profile: 'audit' }, env({ AWS_REGION: 'sa-east-1' })), list('sa-east-1'));
    assert.deepEqual(resolveRegionChoice({ profile: 'audit' }, env({ AWS_DEFAULT_REGION: 'ca-central-1' })), list('ca-central-1'));
    assert.deepEqual(resolveRegionChoice({ profile: 'audit' }, env({ APIPOSTURE_REGIONS: 'all' })), { kind: 'all' });
  });

  it("a nested setting's region (s3 = …) and other section kinds are not the profile's", () => {
    assert.equal(parseIniSections(CONFIG).get('profile audit')?.get('region'), 'eu-west-1');
    assert.equal(profileRegion('corp', env()), undefined, '[sso-session corp] is not a profile');
  });

  it('a profile without a region, or no config file, is the usual one-line "no region" error naming the profile and file', () => {
    assert.throws(() => resolveRegionChoice({ profile: 'no-region' }, env()), /no region: .*profile 'no-region' in .*config/);
    assert.throws(() => resolveRegionChoice({ profile: 'audit' }, { AWS_CONFIG_FILE: join(dir, 'missing'), HOME: '/nonexistent' }), /no region/);
  });

  it('--regions all sends the control calls to the profile region when no variable names one', () => {
    assert.equal(controlRegionFor({ kind: 'all' }, env(), { profile: 'audit' }), 'eu-west-1');
    assert.equal(controlRegionFor({ kind: 'all' }, env({ AWS_REGION: 'eu-north-1' }), { profile: 'audit' }), 'eu-north-1');
  });
});
