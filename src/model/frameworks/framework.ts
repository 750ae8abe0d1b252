/** What a compliance framework is, as data: one file per framework in this folder, listed in index.ts. */

/** One requirement of a framework that a check may map to: a control, a rule, a top-10 entry. */
export interface Requirement {
  id: string;
  /** As the framework words it, where it has a title. */
  title?: string;
}

export interface Framework<Id extends string = string> {
  /** The key in a check's `mappings` and in the report's check entries; never renamed. */
  id: Id;
  /** The full name: the HTML report labels mappings with it. */
  title: string;
  /** The short name: the column heading in docs/checks.md. */
  shortTitle: string;
  /** docs/checks.md's introduction says what the ids refer to: "`ids` refer to `meaning`". */
  catalogueNote?: { ids: string; meaning: string };
  /** Every id a check may map to; a test rejects any other, so an invented id reaches no report. */
  requirements: readonly Requirement[];
  /** How a Security Hub finding (ASFF) carries the mapping. */
  asff: {
    /** Each mapped id is a `Compliance.RelatedRequirements` entry `<requirementPrefix>/<id>`. */
    requirementPrefix: string;
    /**
     * Place among the frameworks in `RelatedRequirements`, lowest first: Security Hub keeps the
     * first 32 entries only.
     */
    order: number;
    /** A `FindingProviderFields.Types` entry added when the check maps to this framework. */
    findingType?: string;
  };
}

/** Keeps the id's literal type, from which the `Mappings` keys derive. */
export function defineFramework<const Id extends string>(framework: Framework<Id>): Framework<Id> {
  return framework;
}

/** Requirements from an id → title table. */
export function titled(table: Readonly<Record<string, string>>): Requirement[] {
  return Object.entries(table).map(([id, title]) => ({ id, title }));
}
