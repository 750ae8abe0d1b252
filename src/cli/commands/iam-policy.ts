import type { Command } from 'commander';
import { InputError } from '../../errors.js';
import { EXIT } from '../../exit-codes.js';
import { parseS3Url } from '../options.js';
import { addCheckSelectionOptions, resolveSelection, type SelectionFlags } from '../selection-options.js';

interface Flags extends SelectionFlags {
  partition: string;
  account?: string;
  securityHub?: boolean;
  s3Output?: string;
  s3KmsKeyArn?: string;
  assumeRoleArn?: string;
  organization?: boolean;
}

export function registerIamPolicy(program: Command): void {
  addCheckSelectionOptions(program.command('iam-policy'))
    .description('print the least-privilege, read-only IAM policy apiposture needs (generated from the collectors); --checks: for those checks only')
    .option('--partition <name>', 'AWS partition', 'aws')
    .option('--account <id>', 'restrict resources to this account (default: any)')
    .option('--security-hub', 'add Security Hub import permissions')
    .option('--s3-output <url>', 'add permission to write reports to s3://bucket/prefix/ and read them back (merge)')
    .option('--s3-kms-key-arn <arn>', 'KMS key the bucket encrypts reports with')
    .option('--assume-role-arn <arn>', 'add sts:AssumeRole on member-account roles (multi-account scans)')
    .option('--organization', 'add organizations:ListAccounts (--organization scans)')
    .action(async (flags: Flags) => {
      if (flags.account && !/^\d{12}$/.test(flags.account)) throw new InputError(`--account must be 12 digits: '${flags.account}'`);
      const s3 = flags.s3Output ? parseS3Url(flags.s3Output) : undefined;
      const parts = resolveSelection(flags)?.collectionParts;
      const { buildReadOnlyPolicy } = await import('../../collect/iam-policy.js');
      const policy = buildReadOnlyPolicy({
        partition: flags.partition,
        ...(flags.account ? { account: flags.account } : {}),
        securityHub: flags.securityHub === true,
        organization: flags.organization === true,
        ...(s3 ? { s3Output: { ...s3, ...(flags.s3KmsKeyArn ? { kmsKeyArn: flags.s3KmsKeyArn } : {}) } } : {}),
        ...(flags.assumeRoleArn ? { assumeRoleArn: flags.assumeRoleArn } : {}),
        ...(parts ? { parts } : {}),
      });
      process.stdout.write(JSON.stringify(policy, null, 2) + '\n');
      process.exitCode = EXIT.OK;
    });
}
