/**
 * Just enough CloudFormation to test the deployment templates offline: where a template's
 * references point, and what it evaluates to for given parameters.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO } from '../e2e/run-cli.js';

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

export interface Template {
  AWSTemplateFormatVersion: string;
  Description?: string;
  Parameters: Record<string, JsonObject & { Type: string; Default?: Json }>;
  Conditions?: Record<string, Json>;
  Resources: Record<string, JsonObject & { Type: string; Properties?: JsonObject; Condition?: string; DependsOn?: string | string[] }>;
  Outputs?: Record<string, JsonObject>;
}

export const SCHEDULED = 'deploy/apiposture-scheduled.template.json';
export const MEMBER = 'deploy/apiposture-member-role.template.json';

export function loadTemplate(path: string): Template {
  return JSON.parse(readFileSync(join(REPO, path), 'utf8')) as Template;
}

export const PSEUDO_PARAMETERS: Record<string, Json> = {
  'AWS::AccountId': '111122223333',
  'AWS::NotificationARNs': [],
  // Only meaningful where a list or object drops it; the evaluator handles it before this table.
  'AWS::NoValue': null,
  'AWS::Partition': 'aws',
  'AWS::Region': 'eu-west-1',
  'AWS::StackId': 'arn:aws:cloudformation:eu-west-1:111122223333:stack/apiposture/0f0e0d0c',
  'AWS::StackName': 'apiposture',
  'AWS::URLSuffix': 'amazonaws.com',
};

/** The attributes `Fn::GetAtt` may read, per resource type used in the templates. */
export const ATTRIBUTES: Record<string, readonly string[]> = {
  'AWS::Batch::ComputeEnvironment': ['ComputeEnvironmentArn'],
  'AWS::Batch::JobQueue': ['JobQueueArn'],
  'AWS::Batch::JobDefinition': ['JobDefinitionArn'],
  'AWS::IAM::ManagedPolicy': ['PolicyArn'],
  'AWS::IAM::Role': ['Arn', 'RoleId'],
  'AWS::Logs::LogGroup': ['Arn'],
  'AWS::S3::Bucket': ['Arn', 'DomainName', 'RegionalDomainName'],
  'AWS::S3::BucketPolicy': [],
  'AWS::Scheduler::Schedule': ['Arn'],
  'AWS::StepFunctions::StateMachine': ['Arn', 'Name'],
};

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

// ── References ─────────────────────────────────────────────────────────────────────────

export interface Reference {
  kind: 'Ref' | 'GetAtt' | 'Sub' | 'Condition' | 'DependsOn';
  name: string;
  attribute?: string;
  /** Where in the template, for messages. */
  at: string;
}

/** `${Name}` and `${Name.Attribute}` in a `Fn::Sub` string (`${!Literal}` is not a variable). */
export function subVariables(text: string): string[] {
  return [...text.matchAll(/\$\{([^}]*)\}/g)].map((m) => m[1]!).filter((v) => !v.startsWith('!'));
}

export function references(template: Template): Reference[] {
  const out: Reference[] = [];
  const walk = (node: Json | undefined, at: string): void => {
    if (Array.isArray(node)) return node.forEach((item, i) => walk(item, `${at}[${i}]`));
    if (!isObject(node)) return;
    for (const [key, value] of Object.entries(node)) {
      const here = `${at}.${key}`;
      if (key === 'Ref' && typeof value === 'string') out.push({ kind: 'Ref', name: value, at: here });
      else if (key === 'Fn::GetAtt') {
        const [name, attribute] = typeof value === 'string' ? value.split(/\.(.*)/s) : (value as string[]);
        out.push({ kind: 'GetAtt', name: name!, attribute: attribute!, at: here });
      } else if (key === 'Fn::Sub') {
        const [text, locals] = typeof value === 'string' ? [value, {}] : (value as [string, JsonObject]);
        for (const variable of subVariables(text)) {
          if (variable in locals) continue;
          const [name, attribute] = variable.startsWith('AWS::') ? [variable] : variable.split(/\.(.*)/s);
          out.push(attribute ? { kind: 'GetAtt', name: name!, attribute, at: here } : { kind: 'Sub', name: name!, at: here });
        }
        walk(locals, here);
      } else if (key === 'Fn::If' && Array.isArray(value)) {
        out.push({ kind: 'Condition', name: String(value[0]), at: here });
        walk(value.slice(1), here);
      } else {
        walk(value, here);
      }
    }
  };
  walk(template.Conditions as Json, 'Conditions');
  walk(template.Outputs as Json, 'Outputs');
  for (const [id, resource] of Object.entries(template.Resources)) {
    const at = `Resources.${id}`;
    if (resource.Condition) out.push({ kind: 'Condition', name: resource.Condition, at: `${at}.Condition` });
    for (const name of [resource.DependsOn ?? []].flat()) out.push({ kind: 'DependsOn', name, at: `${at}.DependsOn` });
    walk(resource.Properties, `${at}.Properties`);
  }
  return out;
}

/** Every reference that does not resolve, as messages. */
export function unresolved(template: Template): string[] {
  const problems: string[] = [];
  const conditions = template.Conditions ?? {};
  for (const ref of references(template)) {
    const resource = template.Resources[ref.name];
    switch (ref.kind) {
      case 'Ref':
      case 'Sub':
        if (!(ref.name in template.Parameters) && !resource && !(ref.name in PSEUDO_PARAMETERS)) {
          problems.push(`${ref.at}: ${ref.name} is no parameter, resource or pseudo parameter`);
        }
        break;
      case 'GetAtt':
        if (!resource) problems.push(`${ref.at}: ${ref.name} is no resource`);
        else if (!(ATTRIBUTES[resource.Type] ?? []).includes(ref.attribute ?? '')) {
          problems.push(`${ref.at}: ${resource.Type} has no attribute ${ref.attribute}`);
        }
        break;
      case 'Condition':
        if (!(ref.name in conditions)) problems.push(`${ref.at}: ${ref.name} is no condition`);
        break;
      case 'DependsOn':
        if (!resource) problems.push(`${ref.at}: ${ref.name} is no resource`);
        break;
    }
  }
  return problems;
}

// ── Evaluation ─────────────────────────────────────────────────────────────────────────

/** Stands for AWS::NoValue until the enclosing list or object drops it. */
const NO_VALUE = Symbol('AWS::NoValue');
type Value = Json | typeof NO_VALUE;

export interface Rendered {
  parameters: Record<string, Json>;
  conditions: Record<string, boolean>;
  resources: Record<string, JsonObject & { Type: string; Properties: JsonObject }>;
  outputs: Record<string, Json>;
}

/** A resource's `Ref`: its physical id, made up (ARNs for the types whose Ref is an ARN). */
function physicalRef(id: string, type: string): string {
  const arn = (service: string, resource: string) => `arn:aws:${service}:eu-west-1:111122223333:${resource}`;
  switch (type) {
    case 'AWS::IAM::ManagedPolicy':
      return `arn:aws:iam::111122223333:policy/${id}`;
    case 'AWS::Batch::ComputeEnvironment':
      return arn('batch', `compute-environment/${id}`);
    case 'AWS::Batch::JobQueue':
      return arn('batch', `job-queue/${id}`);
    case 'AWS::Batch::JobDefinition':
      return arn('batch', `job-definition/${id}:1`);
    case 'AWS::StepFunctions::StateMachine':
      return arn('states', `stateMachine:${id}`);
    case 'AWS::S3::Bucket':
      return `apiposture-${id.toLowerCase()}-abc123`;
    default:
      return `${id}-physical-id`;
  }
}

function attribute(id: string, type: string, name: string): string {
  if (type === 'AWS::IAM::Role' && name === 'Arn') return `arn:aws:iam::111122223333:role/apiposture-${id}-XYZ`;
  if (type === 'AWS::S3::Bucket' && name === 'Arn') return `arn:aws:s3:::${physicalRef(id, type)}`;
  if (type === 'AWS::Logs::LogGroup' && name === 'Arn') return `arn:aws:logs:eu-west-1:111122223333:log-group:${physicalRef(id, type)}:*`;
  return `${physicalRef(id, type)}#${name}`;
}

/**
 * Evaluates the template's intrinsic functions for these parameter values (defaults for the
 * others): the resources and outputs as CloudFormation would create them.
 */
export function render(template: Template, values: Record<string, string> = {}): Rendered {
  const parameters: Record<string, Json> = {};
  for (const [name, spec] of Object.entries(template.Parameters)) {
    const raw = values[name] ?? (spec.Default === undefined ? undefined : String(spec.Default));
    if (raw === undefined) throw new Error(`parameter ${name} needs a value`);
    parameters[name] = spec.Type === 'CommaDelimitedList' || spec.Type.startsWith('List<') ? raw.split(',') : raw;
  }
  for (const name of Object.keys(values)) if (!(name in template.Parameters)) throw new Error(`no parameter ${name}`);

  const conditions: Record<string, boolean> = {};
  const evaluate = (node: Json, at: string): Value => {
    if (Array.isArray(node)) return node.map((item, i) => evaluate(item, `${at}[${i}]`)).filter((v): v is Json => v !== NO_VALUE);
    if (!isObject(node)) return node;
    const keys = Object.keys(node);
    if (keys.length === 1 && (keys[0] === 'Ref' || keys[0]!.startsWith('Fn::'))) {
      return intrinsic(keys[0]!, node[keys[0]!]!, at);
    }
    const out: JsonObject = {};
    for (const [key, value] of Object.entries(node)) {
      const v = evaluate(value, `${at}.${key}`);
      if (v !== NO_VALUE) out[key] = v;
    }
    return out;
  };
  const str = (node: Json, at: string): string => {
    const v = evaluate(node, at);
    if (typeof v !== 'string' && typeof v !== 'number') throw new Error(`${at}: expected a string, got ${JSON.stringify(v)}`);
    return String(v);
  };
  const list = (node: Json, at: string): Json[] => {
    const v = evaluate(node, at);
    if (!Array.isArray(v)) throw new Error(`${at}: expected a list, got ${JSON.stringify(v)}`);
    return v;
  };
  const condition = (name: string, at: string): boolean => {
    if (!(name in conditions)) {
      const spec = template.Conditions?.[name];
      if (spec === undefined) throw new Error(`${at}: no condition ${name}`);
      const v = evaluate(spec, `Conditions.${name}`);
      if (typeof v !== 'boolean') throw new Error(`Conditions.${name} is not a boolean`);
      conditions[name] = v;
    }
    return conditions[name]!;
  };
  const ref = (name: string, at: string): Json => {
    if (name in parameters) return parameters[name]!;
    if (name in PSEUDO_PARAMETERS) return PSEUDO_PARAMETERS[name]!;
    const resource = template.Resources[name];
    if (resource) return physicalRef(name, resource.Type);
    throw new Error(`${at}: cannot resolve ${name}`);
  };
  const getAtt = (name: string, attr: string, at: string): Json => {
    const resource = template.Resources[name];
    if (!resource) throw new Error(`${at}: no resource ${name}`);
    return attribute(name, resource.Type, attr);
  };
  const intrinsic = (fn: string, arg: Json, at: string): Value => {
    const here = `${at}.${fn}`;
    switch (fn) {
      case 'Ref':
        return arg === 'AWS::NoValue' ? NO_VALUE : ref(String(arg), here);
      case 'Fn::GetAtt': {
        const [name, attr] = typeof arg === 'string' ? arg.split(/\.(.*)/s) : (arg as string[]);
        return getAtt(name!, attr!, here);
      }
      case 'Fn::Sub': {
        const [text, locals] = typeof arg === 'string' ? [arg, {}] : (arg as [string, JsonObject]);
        return text.replace(/\$\{([^}]*)\}/g, (whole, variable: string) => {
          if (variable.startsWith('!')) return `\${${variable.slice(1)}}`;
          if (variable in locals) return str(locals[variable]!, `${here}.${variable}`);
          if (variable.startsWith('AWS::')) return String(ref(variable, here));
          const [name, attr] = variable.split(/\.(.*)/s);
          return String(attr ? getAtt(name!, attr, here) : ref(name!, here));
        });
      }
      case 'Fn::Join': {
        const [sep, items] = arg as [string, Json];
        return list(items, here).map((v) => String(v)).join(sep);
      }
      case 'Fn::Split': {
        const [sep, text] = arg as [string, Json];
        return str(text, here).split(sep);
      }
      case 'Fn::Select': {
        const [index, items] = arg as [Json, Json];
        const all = list(items, here);
        const i = Number(str(index, here));
        if (!(i >= 0 && i < all.length)) throw new Error(`${here}: index ${i} out of range`);
        return all[i]!;
      }
      case 'Fn::If': {
        const [name, yes, no] = arg as [string, Json, Json];
        return condition(name, here) ? evaluate(yes, `${here}[1]`) : evaluate(no, `${here}[2]`);
      }
      case 'Fn::Equals': {
        const [a, b] = arg as [Json, Json];
        return JSON.stringify(evaluate(a, here)) === JSON.stringify(evaluate(b, here));
      }
      case 'Fn::Not':
        return !(evaluate((arg as Json[])[0]!, here) as boolean);
      case 'Fn::And':
        return (arg as Json[]).every((c) => evaluate(c, here) === true);
      case 'Fn::Or':
        return (arg as Json[]).some((c) => evaluate(c, here) === true);
      default:
        throw new Error(`${here}: ${fn} is not supported by this evaluator`);
    }
  };

  const resources: Rendered['resources'] = {};
  for (const [id, resource] of Object.entries(template.Resources)) {
    if (resource.Condition && !condition(resource.Condition, `Resources.${id}`)) continue;
    const properties = resource.Properties ? (evaluate(resource.Properties, `Resources.${id}.Properties`) as JsonObject) : {};
    resources[id] = { ...resource, Properties: properties };
  }
  const outputs: Record<string, Json> = {};
  for (const [name, output] of Object.entries(template.Outputs ?? {})) {
    outputs[name] = evaluate(output.Value!, `Outputs.${name}`) as Json;
  }
  for (const name of Object.keys(template.Conditions ?? {})) condition(name, 'Conditions');
  return { parameters, conditions, resources, outputs };
}

/**
 * A generated policy as the generator wrote it: `Fn::Sub` strings unwrapped (placeholders kept),
 * `Fn::If` decided by `conditions`, AWS::NoValue dropped. Anything else is left as it is.
 */
export function unwrapGenerated(node: Json, conditions: Record<string, boolean>): Json {
  const go = (n: Json): Value => {
    if (Array.isArray(n)) return n.map(go).filter((v): v is Json => v !== NO_VALUE);
    if (!isObject(n)) return n;
    const keys = Object.keys(n);
    if (keys.length === 1 && keys[0] === 'Fn::Sub' && typeof n['Fn::Sub'] === 'string') return n['Fn::Sub'];
    if (keys.length === 1 && keys[0] === 'Ref' && n.Ref === 'AWS::NoValue') return NO_VALUE;
    if (keys.length === 1 && keys[0] === 'Fn::If') {
      const [name, yes, no] = n['Fn::If'] as [string, Json, Json];
      if (!(name in conditions)) throw new Error(`no value for condition ${name}`);
      return go(conditions[name] ? yes : no);
    }
    const out: JsonObject = {};
    for (const [key, value] of Object.entries(n)) {
      const v = go(value);
      if (v !== NO_VALUE) out[key] = v;
    }
    return out;
  };
  const result = go(node);
  if (result === NO_VALUE) throw new Error('the whole document is AWS::NoValue');
  return result;
}
