/**
 * The compliance frameworks checks map to, as data. Everything that names a framework derives
 * from this table: a check's `mappings` (type and schema), the report's check entries, the check
 * catalogue's columns, the HTML report and the Security Hub findings. Adding a framework is a file
 * in this folder (see framework.ts) and a row in `FRAMEWORKS`.
 */
import { z } from 'zod';
import awsConfig from './aws-config.js';
import type { Framework } from './framework.js';
import nist80053r5 from './nist-800-53-r5.js';
import owaspApi2023 from './owasp-api-2023.js';
import securityHub from './security-hub.js';

export type { Framework, Requirement } from './framework.js';

/** In the order catalogues and reports list them. */
export const FRAMEWORKS = [securityHub, awsConfig, owaspApi2023, nist80053r5] as const;

export type KnownFramework = (typeof FRAMEWORKS)[number];
export type FrameworkId = KnownFramework['id'];

function requirementIds() {
  return z.array(z.string()).optional();
}

/** A check's compliance mappings: per framework, the ids of the requirements it evaluates. */
export const mappingsSchema = z.object(
  Object.fromEntries(FRAMEWORKS.map((framework) => [framework.id, requirementIds()])) as Record<
    FrameworkId,
    ReturnType<typeof requirementIds>
  >,
);
export type Mappings = z.infer<typeof mappingsSchema>;

/** The ids a check maps to in one framework; none when it does not map to it. */
export function mappedIds(mappings: Mappings, framework: KnownFramework): readonly string[] {
  return mappings[framework.id] ?? [];
}

/** A copy with the frameworks in table order, leaving out those the mappings do not name. */
export function copyMappings(mappings: Mappings): Mappings {
  const copy: Mappings = {};
  for (const { id } of FRAMEWORKS) {
    const ids = mappings[id];
    if (ids !== undefined) copy[id] = [...ids];
  }
  return copy;
}

export function isKnownRequirement(framework: Framework, id: string): boolean {
  return framework.requirements.some((requirement) => requirement.id === id);
}
