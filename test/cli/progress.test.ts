import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { GetRestApisCommand, type APIGatewayClient } from '@aws-sdk/client-api-gateway';
import { AwsClients } from '../../src/aws/clients.js';
import { countingClients } from '../../src/cli/collecting.js';
import { createLogger } from '../../src/cli/logger.js';
import type { LogLevel } from '../../src/cli/options.js';
import {
  formatElapsed,
  ProgressTracker,
  renderProgressLine,
  startProgress,
  StatusTerminal,
  type ProgressSnapshot,
  type Timers,
} from '../../src/cli/progress.js';

/** Timers driven by hand: `tick(ms)` runs every interval due. */
function fakeClock() {
  let now = 1_000_000;
  const intervals = new Map<number, { callback: () => void; ms: number; next: number }>();
  let ids = 0;
  const timers: Timers = {
    setInterval(callback, ms) {
      ids += 1;
      intervals.set(ids, { callback, ms, next: now + ms });
      return ids;
    },
    clearInterval(handle) {
      intervals.delete(handle as number);
    },
  };
  return {
    timers,
    now: () => now,
    active: () => intervals.size,
    tick(ms: number) {
      const end = now + ms;
      for (;;) {
        const due = [...intervals.values()].filter((i) => i.next <= end).sort((a, b) => a.next - b.next)[0];
        if (!due) break;
        now = due.next;
        due.next += due.ms;
        due.callback();
      }
      now = end;
    },
  };
}

function recorder(columns?: number) {
  const out = { text: '', columns, write: (t: string) => (out.text += t) };
  return out;
}

function jsonLogger(level: LogLevel) {
  const lines: Record<string, unknown>[] = [];
  const logger = createLogger(level, { format: 'json', jsonStream: { write: (l: string) => void lines.push(JSON.parse(l) as Record<string, unknown>) } });
  return { logger, lines };
}

const SNAPSHOT: ProgressSnapshot = {
  regions: 2,
  regionsDone: 1,
  phases: 14,
  phasesDone: 11,
  items: 52,
  itemsDone: 37,
  calls: 253,
  elapsedMs: 73_500,
  current: 'eu-west-1 rest-apis 12/40',
};

describe('progress renderer', () => {
  it('renders the snapshot as one line', () => {
    assert.equal(
      renderProgressLine(SNAPSHOT),
      'collecting 1:13 · regions 1/2 · phases 11/14 · items 37/52 · 253 calls · eu-west-1 rest-apis 12/40',
    );
    assert.equal(
      renderProgressLine({ regions: 1, regionsDone: 0, phases: 0, phasesDone: 0, items: 0, itemsDone: 0, calls: 1, elapsedMs: 0 }),
      'collecting 0:00 · regions 0/1 · phases 0/0 · items 0/0 · 1 call',
    );
  });

  it('formats elapsed time', () => {
    assert.equal(formatElapsed(0), '0:00');
    assert.equal(formatElapsed(59_999), '0:59');
    assert.equal(formatElapsed(600_000), '10:00');
    assert.equal(formatElapsed(3_723_000), '1:02:03');
  });
});

describe('ProgressTracker', () => {
  it('counts phases, items, calls and regions whose every phase finished', () => {
    const clock = fakeClock();
    const tracker = new ProgressTracker(['eu-west-1', 'us-east-1'], clock.now);
    tracker.onProgress({ region: 'eu-west-1', phase: 'rest-apis', done: 0, total: 3 });
    tracker.onProgress({ region: 'eu-west-1', phase: 'rest-apis', done: 3, total: 3 });
    tracker.onProgress({ region: 'eu-west-1', phase: 'log-groups', done: 1, total: 1 });
    tracker.onProgress({ region: 'us-east-1', phase: 'log-groups', done: 0, total: 2 });
    tracker.onProgress({ region: 'global', phase: 'iam-policies', done: 0, total: 1 });
    tracker.onCall();
    tracker.onCall();
    clock.tick(2_500);
    assert.deepEqual(tracker.snapshot(), {
      regions: 2,
      regionsDone: 1,
      phases: 4,
      phasesDone: 2,
      items: 7,
      itemsDone: 4,
      calls: 2,
      elapsedMs: 2_500,
      current: 'global iam-policies 0/1',
    });
  });

  it('does not count a region done before its last phase, even with every phase so far finished', () => {
    const tracker = new ProgressTracker(['eu-west-1']);
    tracker.onProgress({ region: 'eu-west-1', phase: 'rest-apis', done: 2, total: 2 });
    assert.equal(tracker.snapshot().regionsDone, 0);
  });
});

describe('StatusTerminal', () => {
  const CLEAR = '\r\x1b[2K';
  const UP = '\x1b[1A\x1b[2K';

  it('redraws one line in place, prints log lines above it and clears it', () => {
    const out = recorder();
    const terminal = new StatusTerminal(out);
    const slot = terminal.open();
    slot.set('a');
    slot.set('a');
    slot.set('b');
    terminal.printLine('log');
    slot.close();
    slot.close();
    terminal.printLine('after');
    assert.equal(out.text, `a${CLEAR}b${CLEAR}log\nb${CLEAR}after\n`);
    assert.deepEqual(terminal.showing, []);
  });

  it('keeps one line per running display (accounts scanned side by side)', () => {
    const out = recorder();
    const terminal = new StatusTerminal(out);
    const first = terminal.open();
    const second = terminal.open();
    first.set('111 one');
    second.set('222 two');
    assert.deepEqual(terminal.showing, ['111 one', '222 two']);
    out.text = '';
    terminal.printLine('log');
    assert.equal(out.text, `${CLEAR}${UP}log\n111 one\n222 two`, 'both lines erased, the log line printed, both drawn again');
    out.text = '';
    first.close();
    assert.equal(out.text, `${CLEAR}${UP}222 two`);
    second.close();
    assert.deepEqual(terminal.showing, []);
  });

  it('prints what stdout writes (same terminal) above the block while it is shown, and lets go after', () => {
    const screen = { text: '' };
    const stderr = { write: (t: string) => (screen.text += t) };
    const stdout = { isTTY: true, write: (t: string) => ((screen.text += `[out:${t}]`), true) };
    const original = stdout.write;
    const terminal = new StatusTerminal(stderr, stdout);
    const slot = terminal.open();
    slot.set('status');
    stdout.write('summary\n');
    stdout.write('no newline');
    slot.close();
    assert.equal(stdout.write, original, 'restored');
    stdout.write('after');
    assert.equal(screen.text, `status${CLEAR}[out:summary\n]status${CLEAR}[out:no newline]\nstatus${CLEAR}[out:after]`);
  });

  it('leaves a stdout that is not a terminal alone', () => {
    const stdout = { isTTY: false, write: (_t: string) => true };
    const original = stdout.write;
    new StatusTerminal(recorder(), stdout).open().set('x');
    assert.equal(stdout.write, original);
  });

  it('cuts lines to the terminal width so they never wrap', () => {
    const out = recorder(10);
    new StatusTerminal(out).open().set('0123456789abc');
    assert.equal(out.text, '012345678');
  });
});

describe('progress on a terminal', () => {
  it('redraws at most every 100 ms from events and calls, then clears before the summary', () => {
    const clock = fakeClock();
    const out = recorder();
    const terminal = new StatusTerminal(out);
    const tracker = new ProgressTracker(['eu-west-1'], clock.now);
    const { logger } = jsonLogger('warn');
    const display = startProgress(tracker, logger, { tty: true, terminal, timers: clock.timers });
    assert.deepEqual(terminal.showing, [renderProgressLine(tracker.snapshot())], 'drawn at once');
    const draws = () => out.text.split('\r\x1b[2K').length;
    const before = draws();
    for (let i = 0; i < 500; i += 1) {
      tracker.onCall();
      tracker.onProgress({ region: 'eu-west-1', phase: 'rest-apis', done: i, total: 500 });
    }
    assert.equal(draws(), before, 'events alone never draw');
    clock.tick(1_000);
    assert.ok(draws() - before <= 10, `at most 10 redraws a second, got ${draws() - before}`);
    assert.match(terminal.showing[0]!, /500 calls · eu-west-1 rest-apis 499\/500/);
    display.stop();
    assert.deepEqual(terminal.showing, []);
    assert.ok(out.text.endsWith('\r\x1b[2K'), 'the line is cleared');
    assert.equal(clock.active(), 0);
    display.stop();
  });

  it("starts the line with the account of a multi-account scan's logger", () => {
    const clock = fakeClock();
    const terminal = new StatusTerminal(recorder());
    const { logger } = jsonLogger('warn');
    const display = startProgress(new ProgressTracker(['eu-west-1'], clock.now), logger.child({ account: '111122223333' }), {
      tty: true,
      terminal,
      timers: clock.timers,
    });
    assert.match(terminal.showing[0]!, /^111122223333 collecting 0:00 · regions 0\/1/);
    display.stop();
  });

  it('shows nothing at --log-level silent', () => {
    const clock = fakeClock();
    const out = recorder();
    const { logger } = jsonLogger('silent');
    startProgress(new ProgressTracker(['eu-west-1'], clock.now), logger, { tty: true, terminal: new StatusTerminal(out), timers: clock.timers }).stop();
    assert.equal(out.text, '');
    assert.equal(clock.active(), 0);
  });
});

describe('progress when stderr is not a terminal', () => {
  it('logs a progress line at info every 15 seconds, and stops', () => {
    const clock = fakeClock();
    const out = recorder();
    const tracker = new ProgressTracker(['eu-west-1', 'us-east-1'], clock.now);
    const { logger, lines } = jsonLogger('info');
    const display = startProgress(tracker, logger, { tty: false, terminal: new StatusTerminal(out), timers: clock.timers });
    clock.tick(14_999);
    assert.equal(lines.length, 0);
    tracker.onCall();
    tracker.onProgress({ region: 'eu-west-1', phase: 'rest-apis', done: 1, total: 4 });
    clock.tick(1);
    clock.tick(30_000);
    display.stop();
    clock.tick(60_000);
    assert.equal(lines.length, 3);
    assert.deepEqual(
      lines.map((l) => [l.msg, l.level, l.elapsedMs]),
      [
        ['progress', 30, 15_000],
        ['progress', 30, 30_000],
        ['progress', 30, 45_000],
      ],
    );
    const { regionsDone, regions, phasesDone, phases, itemsDone, items, calls, current } = lines[0]!;
    assert.deepEqual({ regionsDone, regions, phasesDone, phases, itemsDone, items, calls, current }, {
      regionsDone: 0,
      regions: 2,
      phasesDone: 0,
      phases: 1,
      itemsDone: 1,
      items: 4,
      calls: 1,
      current: 'eu-west-1 rest-apis 1/4',
    });
    assert.equal(out.text, '', 'no status line');
  });

  it('takes another interval, and logs nothing below info or at silent', () => {
    for (const level of ['warn', 'silent'] as const) {
      const clock = fakeClock();
      const { logger, lines } = jsonLogger(level);
      const display = startProgress(new ProgressTracker(['eu-west-1'], clock.now), logger, { tty: false, timers: clock.timers });
      clock.tick(120_000);
      display.stop();
      assert.equal(lines.length, 0, level);
      assert.equal(clock.active(), 0);
    }
    const clock = fakeClock();
    const { logger, lines } = jsonLogger('debug');
    const display = startProgress(new ProgressTracker(['eu-west-1'], clock.now), logger, { tty: false, timers: clock.timers, intervalMs: 5_000 });
    clock.tick(20_000);
    display.stop();
    assert.equal(lines.length, 4);
  });
});

describe('countingClients', () => {
  it('counts every request a client is asked to send, once per send, across clients', async () => {
    let calls = 0;
    const clients = countingClients(new AwsClients({ credentials: { accessKeyId: 'AKIDTEST', secretAccessKey: 'x' } }), () => (calls += 1));
    const stop = (client: APIGatewayClient) =>
      client.middlewareStack.add(
        () => () => {
          throw new Error('stop before sending');
        },
        { step: 'build', name: 'stop' },
      );
    const eu = clients.apiGateway('eu-west-1');
    assert.equal(clients.apiGateway('eu-west-1'), eu, 'the same client, instrumented once');
    stop(eu);
    const us = clients.apiGateway('us-east-1');
    stop(us);
    await assert.rejects(eu.send(new GetRestApisCommand({})), /stop before sending/);
    await assert.rejects(eu.send(new GetRestApisCommand({})), /stop before sending/);
    await assert.rejects(us.send(new GetRestApisCommand({})), /stop before sending/);
    assert.equal(calls, 3);
    assert.equal(typeof clients.clientConfig('eu-west-1').region, 'string', 'other methods pass through');
    clients.destroy();
  });
});
