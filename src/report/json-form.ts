/**
 * report.json as written since report schema version 3: the in-memory `Report` (what every
 * renderer reads) in a compact form, and back. Version 2 files are read by json-form-v2.ts.
 *
 * - No indentation (`jq .` pretty-prints it).
 * - What many results repeat is written once, in tables the results name by index (0-based):
 *   `checks` (the catalogue), `resources`, `messages` (message id and text) and `evidence`
 *   (each distinct evidence record once: passing stages of a large account say the same thing).
 * - A result is an array, `[check, status, resource, message, evidence, extras]` (a large account
 *   has half a million: keys would be a tenth of the file). Evidence is null when empty and left
 *   out with the extras when neither is needed; the extras object holds `severity` only when it
 *   differs from its check's, `id` only when it is not the usual `apiposture/<checkId>/<resource
 *   ARN>`, and `error`, `muted` and `change` when set.
 * - A shared resource names the APIs it counts towards by their index in `apis`.
 * - `accountResults` (the results whose resource counts towards no API) are left for the reader.
 *
 * Evidence lists are bounded by the engine when it makes a result (src/engine/evidence-bounds.ts,
 * so that every format and every reader of the file shows the same): the first items, then the
 * marker `… <n> more not shown`; results that pass or do not apply keep only the marker.
 */
import { givenEvidenceOf, type GivenEvidence } from '../engine/evidence-bounds.js';
import { apisOf } from '../engine/types.js';
import { InputError } from '../errors.js';
import { FINDING_ID_PREFIX, MAX_FINDING_ID_LENGTH, findingId } from '../model/finding-id.js';
import { STATUSES, type CheckResult, type ErrorReason, type Evidence, type Muted, type ResourceRef, type Severity, type Status, type ChangeState } from '../model/results.js';

/** What a version 3 result holds besides its check, status, resource, message and evidence; each only when set. */
export interface FileResultExtras {
  severity?: Severity;
  error?: ErrorReason;
  muted?: Muted;
  change?: ChangeState;
  id?: string;
}

/**
 * A result as a version 3 file holds it (`fileResultSchema` in model.ts validates it):
 * `[check, status, resource, message, evidence, extras]`, the last two only when needed. The
 * check is its index in `checks` (its id when the catalogue does not list it); resource,
 * message and evidence are indices into their tables; evidence is null when empty.
 */
export type FileResult = [check: number | string, status: Status, resource: number, message: number, evidence?: number | null, extras?: FileResultExtras];

/** A resource as a version 3 file lists it: the APIs it counts towards by their index in `apis`. */
export interface FileResource extends Omit<ResourceRef, 'linkedApiArns'> {
  /** Indices into `apis` (an ARN for an API the report does not list). */
  linkedApis?: (number | string)[];
}

export interface FileMessage {
  id: string;
  text: string;
}

function isEmpty(evidence: Record<string, unknown>): boolean {
  for (const _key in evidence) return false;
  return true;
}

function sameRef(a: ResourceRef, b: ResourceRef): boolean {
  const [la, lb] = [a.linkedApiArns, b.linkedApiArns];
  const sameLinks = la === undefined || lb === undefined ? la === lb : la.length === lb.length && la.every((arn, i) => arn === lb[i]);
  return a.type === b.type && a.name === b.name && a.account === b.account && a.region === b.region && a.apiArn === b.apiArn && sameLinks;
}

/** What the writer needs of the report: its APIs, checks and results. */
interface WrittenReport {
  apis: readonly { api: { arn: string } }[];
  checks: readonly { id: string; severity: Severity }[];
  results: readonly CheckResult[];
}

/**
 * The tables of a report and each result's places in them, found in one pass over the results
 * (they are written before the results, for a reader that reads in order). Evidence records are
 * told apart by identity while the interner of the run that made the results gave all of them
 * (src/engine/evidence-bounds.ts), and by their JSON texts from the first that it did not give. A
 * text not made to compare records is made only when written (`evidenceTexts`), so the texts of a
 * large report are not all held at once.
 */
export class FileTables {
  readonly resources: ResourceRef[] = [];
  readonly messages: FileMessage[] = [];
  /** Each distinct evidence record, as the first result to hold it holds it, and its JSON text when it was made. */
  private readonly evidenceRecords: Evidence[] = [];
  private readonly evidenceJson: (string | undefined)[] = [];
  /** Which records the interner of the run that made the results gave, when it is known (`listedEvidence`). */
  private readonly given: GivenEvidence | undefined;
  /** Records are told apart by their texts (`byJson`), from the first one the interner did not give. */
  private evidenceByText = false;
  private readonly resourceOf: Int32Array;
  private readonly messageOf: Int32Array;
  private readonly evidenceOf: Int32Array;
  private readonly checkIndex: ReadonlyMap<string, number>;
  /** The evidence of the result last indexed, and its index. */
  private lastEvidence: Evidence | undefined;
  private lastEvidenceIndex = -1;
  /** The message of the result last indexed, and its index (the results of a check often say the same). */
  private lastMessageId: string | undefined;
  private lastMessageText: string | undefined;
  private lastMessageIndex = -1;

  constructor(private readonly report: WrittenReport) {
    this.checkIndex = new Map(report.checks.map((check, i) => [check.id, i]));
    this.given = givenEvidenceOf(report.results);
    const count = report.results.length;
    [this.resourceOf, this.messageOf, this.evidenceOf] = [new Int32Array(count), new Int32Array(count), new Int32Array(count)];
    const byArn = new Map<string, number[]>();
    const byRef = new Map<ResourceRef, number>();
    const byMessage = new Map<string, Map<string, number>>();
    const byJson = new Map<string, number>();
    const byObject = new Map<Evidence, number>();
    for (let i = 0; i < count; i++) {
      const result = report.results[i]!;
      this.resourceOf[i] = this.resourceIndex(result.resource, byArn, byRef);
      this.messageOf[i] = this.messageIndex(result.messageId, result.message, byMessage);
      this.evidenceOf[i] = this.evidenceIndex(result.evidence, byObject, byJson);
    }
  }

  private resourceIndex(ref: ResourceRef, byArn: Map<string, number[]>, byRef: Map<ResourceRef, number>): number {
    const known = byRef.get(ref);
    if (known !== undefined) return known;
    const listed = byArn.get(ref.arn) ?? [];
    // A result whose resource differs from the listed one under the same ARN (never, from this tool) gets its own entry.
    let index = listed.find((i) => sameRef(this.resources[i]!, ref));
    if (index === undefined) {
      index = this.resources.push(ref) - 1;
      byArn.set(ref.arn, [...listed, index]);
    }
    byRef.set(ref, index);
    return index;
  }

  private messageIndex(id: string, text: string, byMessage: Map<string, Map<string, number>>): number {
    if (text === this.lastMessageText && id === this.lastMessageId) return this.lastMessageIndex;
    this.lastMessageId = id;
    this.lastMessageText = text;
    this.lastMessageIndex = this.listedMessage(id, text, byMessage);
    return this.lastMessageIndex;
  }

  private listedMessage(id: string, text: string, byMessage: Map<string, Map<string, number>>): number {
    let texts = byMessage.get(id);
    if (texts === undefined) byMessage.set(id, (texts = new Map()));
    let index = texts.get(text);
    if (index === undefined) texts.set(text, (index = this.messages.push({ id, text }) - 1));
    return index;
  }

  /**
   * By identity first: frozen records (the engine gives equal evidence of a report run one frozen
   * object, src/engine/evidence-bounds.ts) through a map, any other record when the previous
   * result had it too; then by JSON text, so equal records of another origin (a report read from
   * a file) are still written once. A record made for one result is only stringified, not also
   * kept in a map half a million entries long.
   */
  private evidenceIndex(evidence: Evidence, byObject: Map<Evidence, number>, byJson: Map<string, number>): number {
    if (evidence === this.lastEvidence) return this.lastEvidenceIndex;
    const shared = Object.isFrozen(evidence);
    let index = shared ? byObject.get(evidence) : undefined;
    if (index === undefined) {
      index = this.listedEvidence(evidence, byJson);
      if (shared) byObject.set(evidence, index);
    }
    this.lastEvidence = evidence;
    this.lastEvidenceIndex = index;
    return index;
  }

  /**
   * The index of a record not known by identity: one entry per JSON text; -1 for a record without
   * keys. While the run's interner gave every record, a record not known by identity is a new text.
   */
  private listedEvidence(evidence: Evidence, byJson: Map<string, number>): number {
    if (!this.evidenceByText) {
      if (this.given?.gave(evidence) === true) return isEmpty(evidence) ? -1 : this.evidenceRecords.push(evidence) - 1;
      this.indexListedByText(byJson);
    }
    const json = JSON.stringify(evidence);
    // Only a record whose text is `{}` can have no keys (one with keys JSON leaves out is still listed).
    if (json === '{}' && isEmpty(evidence)) return -1;
    let index = byJson.get(json);
    if (index === undefined) {
      index = this.evidenceRecords.push(evidence) - 1;
      this.evidenceJson[index] = json;
      byJson.set(json, index);
    }
    return index;
  }

  /** From now on records are told apart by their texts: those of the records listed so far (each distinct) are made. */
  private indexListedByText(byJson: Map<string, number>): void {
    this.evidenceByText = true;
    for (let i = 0; i < this.evidenceRecords.length; i++) byJson.set((this.evidenceJson[i] = JSON.stringify(this.evidenceRecords[i])), i);
  }

  /** The JSON text of each evidence entry, in order: made as it is written unless made to compare records. */
  *evidenceTexts(): Generator<string> {
    for (let i = 0; i < this.evidenceRecords.length; i++) yield this.evidenceJson[i] ?? JSON.stringify(this.evidenceRecords[i]);
  }

  /** The resources in the file's form: the APIs a shared resource counts towards by their index in `apis`. */
  *fileResources(): Generator<FileResource> {
    const apiIndex = new Map(this.report.apis.map((entry, i) => [entry.api.arn, i]));
    for (const ref of this.resources) {
      const { linkedApiArns, ...rest } = ref;
      yield linkedApiArns === undefined ? rest : { ...rest, linkedApis: linkedApiArns.map((arn) => apiIndex.get(arn) ?? arn) };
    }
  }

  /** The i-th result in the file's form. */
  result(i: number): FileResult {
    const result = this.report.results[i]!;
    const check = this.checkIndex.get(result.checkId);
    const evidence = this.evidenceOf[i]! < 0 ? null : this.evidenceOf[i]!;
    const head = [check ?? result.checkId, result.status, this.resourceOf[i]!, this.messageOf[i]!] as const;
    const extras = this.extrasOf(result, check);
    if (extras === undefined) return evidence === null ? [...head] : [...head, evidence];
    return [...head, evidence, extras];
  }

  /** The i-th result in the file's form as JSON text: `JSON.stringify(this.result(i))`, without the array. */
  resultJson(i: number): string {
    const result = this.report.results[i]!;
    const check = this.checkIndex.get(result.checkId);
    const evidence = this.evidenceOf[i]!;
    const head = `[${check ?? JSON.stringify(result.checkId)},${STATUS_JSON[result.status] ?? JSON.stringify(result.status)},${this.resourceOf[i]!},${this.messageOf[i]!}`;
    const extras = this.extrasOf(result, check);
    if (extras === undefined) return evidence < 0 ? `${head}]` : `${head},${evidence}]`;
    return `${head},${evidence < 0 ? 'null' : evidence},${JSON.stringify(extras)}]`;
  }

  /** What the result holds besides its first five, or undefined when nothing. */
  private extrasOf(result: CheckResult, check: number | undefined): FileResultExtras | undefined {
    const usualSeverity = check !== undefined && this.report.checks[check]!.severity === result.severity;
    const usualId = result.id === undefined || isFindingIdOf(result.id, result.checkId, result.resource.arn);
    if (usualSeverity && usualId && result.error === undefined && result.muted === undefined && result.change === undefined) return undefined;
    return {
      ...(usualSeverity ? {} : { severity: result.severity }),
      ...(result.error === undefined ? {} : { error: result.error }),
      ...(result.muted === undefined ? {} : { muted: result.muted }),
      ...(result.change === undefined ? {} : { change: result.change }),
      ...(usualId ? {} : { id: result.id }),
    };
  }
}

const STATUS_JSON: Readonly<Record<string, string>> = Object.fromEntries(STATUSES.map((status) => [status, JSON.stringify(status)]));

/**
 * `id === findingId(checkId, arn)`. The usual id (`apiposture/<checkId>/<arn>`) is compared whole
 * with its parts joined: reading the engine's id (itself joined) in parts, with startsWith and
 * endsWith, would first make a flat copy of it.
 */
export function isFindingIdOf(id: string, checkId: string, arn: string): boolean {
  const length = FINDING_ID_PREFIX.length + checkId.length + 1 + arn.length;
  if (length > MAX_FINDING_ID_LENGTH) return id === findingId(checkId, arn);
  return id.length === length && id === `${FINDING_ID_PREFIX}${checkId}/${arn}`;
}

/** What the reader needs of a version 3 file, validated by `reportFileSchema` (model.ts). */
interface V3File {
  apis: readonly { api: { arn: string } }[];
  checks: readonly { id: string; severity: Severity }[];
  resources: FileResource[];
  messages: FileMessage[];
  evidence: Evidence[];
  results: unknown[];
}

function resourceOfFile(entry: FileResource, apis: V3File['apis'], source: string, index: number): ResourceRef {
  const { linkedApis, ...rest } = entry;
  if (linkedApis === undefined) return rest;
  const linkedApiArns = linkedApis.map((api) => {
    if (typeof api === 'string') return api;
    const arn = apis[api]?.api.arn;
    if (arn === undefined) throw new InputError(`${source} is not a valid apiposture report: resources.${index}.linkedApis: ${api} is not an index into apis`);
    return arn;
  });
  return { ...rest, linkedApiArns };
}

/**
 * The in-memory report of a version 3 file already validated by `reportFileSchema` (model.ts):
 * each result with its check id, resource, message, evidence, id and severity, and
 * `accountResults`. Results that name one evidence record share it. `source` names the file in errors.
 */
export function reportOfFile<File extends V3File>(
  file: File,
  source: string,
  resultOf: (entry: unknown, index: number) => FileResult,
): Omit<File, 'resources' | 'messages' | 'evidence' | 'results'> & { accountResults: CheckResult[]; results: CheckResult[] } {
  const invalid = (index: number, problem: string) => new InputError(`${source} is not a valid apiposture report: results.${index}.${problem}`);
  const { checks, messages, evidence } = file;
  const resources = file.resources.map((entry, i) => resourceOfFile(entry, file.apis, source, i));
  const results = file.results.map((entry, index): CheckResult => {
    const [c, status, r, m, e, extras = {}] = resultOf(entry, index);
    const check = typeof c === 'number' ? checks[c] : undefined;
    if (typeof c === 'number' && check === undefined) throw invalid(index, `0: ${c} is not an index into checks`);
    const resource = resources[r];
    if (resource === undefined) throw invalid(index, `2: ${r} is not an index into resources`);
    const message = messages[m];
    if (message === undefined) throw invalid(index, `3: ${m} is not an index into messages`);
    const evidenceOf = e === undefined || e === null ? {} : evidence[e];
    if (evidenceOf === undefined) throw invalid(index, `4: ${e} is not an index into evidence`);
    const checkId = check?.id ?? (c as string);
    const severity = extras.severity ?? check?.severity;
    if (severity === undefined) throw invalid(index, `5.severity: absent, and check ${JSON.stringify(checkId)} is not in checks`);
    return {
      id: extras.id ?? findingId(checkId, resource.arn),
      checkId,
      status,
      severity,
      resource,
      messageId: message.id,
      message: message.text,
      evidence: evidenceOf,
      ...(extras.error === undefined ? {} : { error: extras.error }),
      ...(extras.muted === undefined ? {} : { muted: extras.muted }),
      ...(extras.change === undefined ? {} : { change: extras.change }),
    };
  });
  const { resources: _r, messages: _m, evidence: _e, results: _compact, ...rest } = file;
  return { ...rest, accountResults: results.filter((result) => apisOf(result.resource).length === 0), results };
}
