/**
 * Collection progress on stderr (never stdout, which carries only results). On a terminal: a
 * status line per running collection, redrawn in place at most ~10 times a second, with log
 * lines printed above it and the line cleared when the collection ends, before anything else is
 * printed. Elsewhere (containers, CI): a `progress` log line at info level every 15 seconds.
 */
import type { Logger } from 'pino';
import type { CollectPhase, CollectProgress } from '../collect/progress.js';

/** What the status line writes to: stderr, or a recorder in tests. */
export interface TerminalOutput {
  write(text: string): unknown;
  columns?: number;
}

const CLEAR_LINE = '\r\x1b[2K';
const UP_AND_CLEAR = '\x1b[1A\x1b[2K';

/**
 * Another stream on the same terminal (stdout): while the status block is shown, what it writes
 * is printed above the block, as log lines are — one account's summary while another is still
 * being collected.
 */
export interface SharedStream {
  write: (...args: never[]) => boolean;
  isTTY?: boolean;
}

/** One line of the status block, owned by one display (one account's collection). */
export interface StatusSlot {
  set(text: string): void;
  /** Removes the line from the block. */
  close(): void;
}

/**
 * A status block at the bottom of the terminal — one line per running collection (accounts are
 * scanned two at a time) — with ordinary lines printed above it. Lines are cut to the
 * terminal's width so they never wrap, which would break redrawing in place.
 */
export class StatusTerminal {
  private readonly slots: { text: string }[] = [];
  /** The lines on screen now; the cursor is at the end of the last one. */
  private drawn: string[] = [];
  private unshare: (() => void) | undefined;

  constructor(
    private readonly output: TerminalOutput,
    private readonly shared?: SharedStream,
  ) {}

  open(): StatusSlot {
    const slot = { text: '' };
    this.slots.push(slot);
    if (this.slots.length === 1) this.shareTerminal();
    return {
      set: (text) => {
        slot.text = text;
        this.redraw();
      },
      close: () => {
        const index = this.slots.indexOf(slot);
        if (index >= 0) this.slots.splice(index, 1);
        this.redraw();
        if (this.slots.length === 0) {
          this.unshare?.();
          this.unshare = undefined;
        }
      },
    };
  }

  /** While slots are open, writes to the shared stream go above the block. */
  private shareTerminal(): void {
    const stream = this.shared;
    if (!stream?.isTTY) return;
    const original = stream.write;
    stream.write = ((...args: Parameters<typeof original>) => {
      if (this.drawn.length === 0) return original.apply(stream, args);
      this.output.write(this.erase());
      const written = original.apply(stream, args);
      const [chunk] = args as unknown[];
      const endsLine = typeof chunk === 'string' ? chunk.endsWith('\n') : chunk instanceof Uint8Array ? chunk.at(-1) === 0x0a : true;
      this.output.write((endsLine ? '' : '\n') + this.drawn.join('\n'));
      return written;
    }) as typeof original;
    this.unshare = () => {
      stream.write = original;
    };
  }

  /** Prints one line above the status block (which is drawn again below it). */
  printLine(line: string): void {
    this.output.write(`${this.erase()}${line}\n${this.drawn.join('\n')}`);
  }

  /** The status lines on screen. */
  get showing(): readonly string[] {
    return this.drawn;
  }

  private redraw(): void {
    const lines = this.slots.map((slot) => this.fit(slot.text)).filter((text) => text !== '');
    if (lines.length === this.drawn.length && lines.every((line, i) => line === this.drawn[i])) return;
    const erase = this.erase();
    this.drawn = lines;
    this.output.write(erase + lines.join('\n'));
  }

  /** Clears the block, leaving the cursor at the start of its first line. */
  private erase(): string {
    return this.drawn.length === 0 ? '' : CLEAR_LINE + UP_AND_CLEAR.repeat(this.drawn.length - 1);
  }

  private fit(text: string): string {
    const columns = this.output.columns;
    return columns !== undefined && columns > 1 && text.length >= columns ? text.slice(0, columns - 1) : text;
  }
}

let stderrTerminal: StatusTerminal | undefined;

/**
 * The process's stderr as a status terminal, shared by the progress display and the text logs;
 * stdout, when it is the terminal too, prints above the status block.
 */
export function stderrStatusTerminal(): StatusTerminal {
  return (stderrTerminal ??= new StatusTerminal(
    {
      write: (text) => process.stderr.write(text),
      get columns() {
        return process.stderr.columns;
      },
    },
    process.stdout as unknown as SharedStream,
  ));
}

/** A moment of the collection, as the display and the log lines show it. */
export interface ProgressSnapshot {
  /** Regions being scanned, and those whose every phase has finished. */
  regions: number;
  regionsDone: number;
  /** Phases (one kind of resource in one region, or account-wide) started, and finished. */
  phases: number;
  phasesDone: number;
  /** Items (APIs, domains, certificates …) of the phases started, and collected. */
  items: number;
  itemsDone: number;
  /** Requests sent to AWS so far, retries included. */
  calls: number;
  elapsedMs: number;
  /** The phase that moved last, e.g. `eu-west-1 rest-apis 12/40`. */
  current?: string;
}

/**
 * A phase every region reports (src/collect/region.ts `collectRegion`: the log groups, read once
 * every stage is): a region is done once it has been reported and every phase the region started
 * has finished. No phase of a region starts once all its others have finished: the lists are
 * under way until their last item is read, and a linked read's phase (web ACLs, certificates)
 * until the region has named everything (`KeyedReads`).
 */
const LAST_REGION_PHASE: CollectPhase = 'log-groups';

/** Folds progress events and the call counter into snapshots. */
export class ProgressTracker {
  private readonly phases = new Map<string, CollectProgress>();
  private calls = 0;
  private current: CollectProgress | undefined;

  constructor(
    private readonly regions: readonly string[],
    private readonly now: () => number = Date.now,
    private readonly startedAt: number = now(),
  ) {}

  onProgress = (event: CollectProgress): void => {
    this.phases.set(`${event.region}\u0000${event.phase}`, event);
    this.current = event;
  };

  /** Counts one request sent. */
  onCall = (): void => {
    this.calls += 1;
  };

  snapshot(): ProgressSnapshot {
    const events = [...this.phases.values()];
    const finished = (e: CollectProgress) => e.done >= e.total;
    const regionsDone = this.regions.filter((region) => {
      const own = events.filter((e) => e.region === region);
      return own.some((e) => e.phase === LAST_REGION_PHASE) && own.every(finished);
    }).length;
    const current = this.current;
    return {
      regions: this.regions.length,
      regionsDone,
      phases: events.length,
      phasesDone: events.filter(finished).length,
      items: events.reduce((n, e) => n + e.total, 0),
      itemsDone: events.reduce((n, e) => n + Math.min(e.done, e.total), 0),
      calls: this.calls,
      elapsedMs: Math.max(0, this.now() - this.startedAt),
      ...(current ? { current: `${current.region} ${current.phase} ${current.done}/${current.total}` } : {}),
    };
  }
}

/** `73_500` → `1:13`; an hour or more → `1:02:03`. */
export function formatElapsed(ms: number): string {
  const total = Math.floor(ms / 1000);
  const [h, m, s] = [Math.floor(total / 3600), Math.floor((total % 3600) / 60), total % 60];
  const mmss = `${String(m).padStart(h > 0 ? 2 : 1, '0')}:${String(s).padStart(2, '0')}`;
  return h > 0 ? `${h}:${mmss}` : mmss;
}

/** The status line: a pure function of the snapshot. */
export function renderProgressLine(s: ProgressSnapshot): string {
  const parts = [
    `collecting ${formatElapsed(s.elapsedMs)}`,
    `regions ${s.regionsDone}/${s.regions}`,
    `phases ${s.phasesDone}/${s.phases}`,
    `items ${s.itemsDone}/${s.items}`,
    `${s.calls} ${s.calls === 1 ? 'call' : 'calls'}`,
  ];
  if (s.current) parts.push(s.current);
  return parts.join(' · ');
}

/** The fields of a `progress` log line. */
export function progressLogFields(s: ProgressSnapshot): Record<string, number | string> {
  return {
    regionsDone: s.regionsDone,
    regions: s.regions,
    phasesDone: s.phasesDone,
    phases: s.phases,
    itemsDone: s.itemsDone,
    items: s.items,
    calls: s.calls,
    elapsedMs: Math.round(s.elapsedMs),
    ...(s.current ? { current: s.current } : {}),
  };
}

/** Interval timers, injectable so tests drive time by hand. */
export interface Timers {
  setInterval(callback: () => void, ms: number): unknown;
  clearInterval(handle: unknown): void;
}

/** Real timers that never keep the process alive on their own. */
export const realTimers: Timers = {
  setInterval: (callback, ms) => setInterval(callback, ms).unref(),
  clearInterval: (handle) => clearInterval(handle as NodeJS.Timeout),
};

export interface ProgressDisplay {
  /** Stops updating and clears whatever was drawn; safe to call more than once. */
  stop(): void;
}

export const REDRAW_MS = 100;
export const PROGRESS_LOG_INTERVAL_MS = 15_000;

/**
 * The live status line on a terminal: redrawn when it changed, at most every `redrawMs`.
 * `label` (the account, in a multi-account scan) starts the line.
 */
export function startTerminalProgress(
  tracker: ProgressTracker,
  terminal: StatusTerminal,
  options: { timers?: Timers; redrawMs?: number; label?: string } = {},
): ProgressDisplay {
  const timers = options.timers ?? realTimers;
  const slot = terminal.open();
  const prefix = options.label ? `${options.label} ` : '';
  const draw = () => slot.set(prefix + renderProgressLine(tracker.snapshot()));
  draw();
  let handle: unknown = timers.setInterval(draw, options.redrawMs ?? REDRAW_MS);
  return {
    stop() {
      if (handle === undefined) return;
      timers.clearInterval(handle);
      handle = undefined;
      slot.close();
    },
  };
}

/** A `progress` log line at info level every `intervalMs` (default 15 s). */
export function startProgressLog(
  tracker: ProgressTracker,
  logger: Logger,
  options: { timers?: Timers; intervalMs?: number } = {},
): ProgressDisplay {
  const timers = options.timers ?? realTimers;
  let handle: unknown = timers.setInterval(
    () => logger.info(progressLogFields(tracker.snapshot()), 'progress'),
    options.intervalMs ?? PROGRESS_LOG_INTERVAL_MS,
  );
  return {
    stop() {
      if (handle === undefined) return;
      timers.clearInterval(handle);
      handle = undefined;
    },
  };
}

export interface ProgressOptions {
  /** Whether stderr is a terminal; default `process.stderr.isTTY`. */
  tty?: boolean;
  terminal?: StatusTerminal;
  timers?: Timers;
  now?: () => number;
  redrawMs?: number;
  intervalMs?: number;
}

/**
 * The display that fits where stderr goes: the status line on a terminal (unless the log level
 * is `silent`), periodic log lines elsewhere (when info is logged), otherwise nothing.
 */
export function startProgress(tracker: ProgressTracker, logger: Logger, options: ProgressOptions = {}): ProgressDisplay {
  const tty = options.tty ?? process.stderr.isTTY === true;
  const timers = options.timers ?? realTimers;
  if (tty) {
    if (logger.level === 'silent') return { stop() {} };
    const account: unknown = logger.bindings().account;
    return startTerminalProgress(tracker, options.terminal ?? stderrStatusTerminal(), {
      timers,
      ...(options.redrawMs !== undefined ? { redrawMs: options.redrawMs } : {}),
      ...(typeof account === 'string' ? { label: account } : {}),
    });
  }
  if (!logger.isLevelEnabled('info')) return { stop() {} };
  return startProgressLog(tracker, logger, {
    timers,
    ...(options.intervalMs !== undefined ? { intervalMs: options.intervalMs } : {}),
  });
}
