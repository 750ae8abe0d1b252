/**
 * Which accounts a multi-account scan covers and which role it assumes in each: flag values
 * parsed and validated up front (one-line `InputError`s, exit 2), before any AWS call.
 */
import { InputError } from '../errors.js';

const ACCOUNT_ID = /^\d{12}$/;
/** IAM role names, optionally under a path (`audit/apiposture`): letters, digits and `+=,.@_-`. */
const ROLE_NAME = /^(?:[\w+=,.@-]+\/)*[\w+=,.@-]{1,64}$/;
const ROLE_ARN = /^arn:(aws[a-z-]*):iam::(\d{12}):role\/(?:[\w+=,.@-]+\/)*[\w+=,.@-]{1,64}$/;
/** STS: 2–1224 characters of `[\w+=,.@:/-]`. */
const EXTERNAL_ID = /^[\w+=,.@:/-]{2,1224}$/;
export const ACCOUNT_PLACEHOLDER = '{account}';

export function isAccountId(value: string): boolean {
  return ACCOUNT_ID.test(value);
}

/** `111111111111,222222222222` → distinct ids in the order given. */
export function parseAccountIds(value: string, source = '--accounts'): string[] {
  const ids = [
    ...new Set(
      value
        .split(',')
        .map((id) => id.trim())
        .filter((id) => id.length > 0),
    ),
  ];
  if (ids.length === 0) throw new InputError(`${source} needs at least one 12-digit account id`);
  const bad = ids.filter((id) => !isAccountId(id));
  if (bad.length > 0) {
    throw new InputError(`${source}: not a 12-digit AWS account id: ${bad.map((id) => `'${id}'`).join(', ')}`);
  }
  return ids;
}

/** The role to assume in each account: a name (ARN built in the caller's partition) or an ARN template. */
export type RoleChoice = { kind: 'name'; name: string } | { kind: 'template'; template: string };

export function parseRoleName(name: string): RoleChoice {
  if (!ROLE_NAME.test(name)) {
    throw new InputError(`--role-name is not an IAM role name: '${name}' (letters, digits and +=,.@_- ; up to 64 characters)`);
  }
  return { kind: 'name', name };
}

export function parseRoleArnTemplate(template: string): RoleChoice {
  if (!template.includes(ACCOUNT_PLACEHOLDER)) {
    throw new InputError(`--role-arn must contain ${ACCOUNT_PLACEHOLDER}, e.g. arn:aws:iam::{account}:role/apiposture-audit; got '${template}'`);
  }
  // The account field itself must be the placeholder: the role is assumed in each account.
  if (template.split(':')[4] !== ACCOUNT_PLACEHOLDER || !ROLE_ARN.test(template.replaceAll(ACCOUNT_PLACEHOLDER, '000000000000'))) {
    throw new InputError(`--role-arn is not an IAM role ARN template: '${template}' (expected arn:<partition>:iam::{account}:role/<name>)`);
  }
  return { kind: 'template', template };
}

export function parseExternalId(value: string): string {
  if (!EXTERNAL_ID.test(value)) {
    throw new InputError('--external-id must be 2 to 1224 characters of letters, digits and +=,.@:/_-');
  }
  return value;
}

/** The role ARN for one account. `partition` is the caller's (for `--role-name`). */
export function roleArnFor(role: RoleChoice, account: string, partition: string): string {
  if (!isAccountId(account)) throw new InputError(`not a 12-digit AWS account id: '${account}'`);
  return role.kind === 'name'
    ? `arn:${partition}:iam::${account}:role/${role.name}`
    : role.template.replaceAll(ACCOUNT_PLACEHOLDER, account);
}

/** The account of a role or assumed-role ARN (`arn:aws:sts::111111111111:assumed-role/…`). */
export function accountOfArn(arn: string | undefined): string | undefined {
  const account = arn?.split(':')[4];
  return account !== undefined && isAccountId(account) ? account : undefined;
}

/** The role ARN with `{account}` left in: how a run summary names the role. */
export function roleArnPattern(role: RoleChoice, partition: string): string {
  return role.kind === 'name' ? `arn:${partition}:iam::${ACCOUNT_PLACEHOLDER}:role/${role.name}` : role.template;
}
