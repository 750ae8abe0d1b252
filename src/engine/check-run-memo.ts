/**
 * Memos that serve the run of one check: emptied when that check has judged every target
 * (`runCheck`). What a single check works out per API or per stage (its lists of methods that
 * take a body, its method maps for comparing a deployment with the draft) otherwise stays in
 * memory as long as the snapshot does, through every later check: on the heavy 10,000-API
 * benchmark account, tens of megabytes each, at the end of the evaluation where the scan peaks.
 * A memo that several checks read stays a WeakMap of its own, kept while the snapshot is; one
 * that a single check reads is a CheckRunMemo, in the check or in src/analysis. Only calls made
 * while a check runs may fill one: what is made outside a run stays until the next check ends.
 */
const memos = new Set<CheckRunMemo<WeakKey, unknown>>();

export class CheckRunMemo<K extends WeakKey, V> {
  private entries = new WeakMap<K, V>();

  constructor() {
    memos.add(this as CheckRunMemo<WeakKey, unknown>);
  }

  /** The value for `key`, made by `make` the first time this run of the check asks for it. */
  of(key: K, make: (key: K) => V): V {
    if (this.entries.has(key)) return this.entries.get(key) as V;
    const value = make(key);
    this.entries.set(key, value);
    return value;
  }

  get(key: K): V | undefined {
    return this.entries.get(key);
  }

  set(key: K, value: V): void {
    this.entries.set(key, value);
  }

  forget(): void {
    this.entries = new WeakMap();
  }
}

/** Empties every check's memos: the run of a check has ended. */
export function forgetCheckRunMemos(): void {
  for (const memo of memos) memo.forget();
}
