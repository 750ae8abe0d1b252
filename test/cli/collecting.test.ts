import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { collectWithProgress } from '../../src/cli/collecting.js';
import { createLogger } from '../../src/cli/logger.js';
import { StatusTerminal, type Timers } from '../../src/cli/progress.js';
import type { Inventory } from '../../src/inventory/schema.js';
import { REPO } from '../e2e/run-cli.js';
import { startFakeAws, type FakeAws } from '../support/fake-aws.js';

const demo = JSON.parse(readFileSync(`${REPO}examples/demo-inventory.json`, 'utf8')) as Inventory;
const ACCESS_KEY = 'AKIAIOSFODNN7EXAMPLE';
const SECRET = 'collecting-test-secret-not-real';
const ENV = {
  AWS_ACCESS_KEY_ID: ACCESS_KEY,
  AWS_SECRET_ACCESS_KEY: SECRET,
  AWS_SESSION_TOKEN: 'collecting-test-session-token',
  AWS_CONFIG_FILE: '/nonexistent',
  AWS_SHARED_CREDENTIALS_FILE: '/nonexistent',
};

/** Timers that fire every interval once per `flush()`: each redraw is observable. */
function manualTimers() {
  const callbacks = new Map<number, () => void>();
  let id = 0;
  const timers: Timers = {
    setInterval: (callback) => (callbacks.set(++id, callback), id),
    clearInterval: (handle) => void callbacks.delete(handle as number),
  };
  return { timers, flush: () => [...callbacks.values()].forEach((c) => c()), active: () => callbacks.size };
}

describe('collectWithProgress against a local AWS look-alike', () => {
  let fake: FakeAws;
  const saved: Record<string, string | undefined> = {};
  before(async () => {
    fake = await startFakeAws({ inventory: demo, maxPageSize: 2 });
    for (const [key, value] of Object.entries(ENV)) {
      saved[key] = process.env[key];
      process.env[key] = value;
    }
  });
  after(async () => {
    for (const [key, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
    await fake.close();
  });

  async function collect(options: { tty: boolean; level: 'trace' | 'info' }) {
    const text = { out: '', write: (t: string) => (text.out += t), columns: 200 };
    const terminal = new StatusTerminal(text);
    const json: string[] = [];
    const logger = options.tty
      ? createLogger(options.level, { format: 'text', color: false, lines: terminal })
      : createLogger(options.level, { format: 'json', jsonStream: { write: (l: string) => void json.push(l) } });
    const timers = manualTimers();
    const statuses: string[] = [];
    const ticker = setInterval(() => {
      timers.flush();
      statuses.push(terminal.showing.join('\n'));
    }, 5);
    let inventory: Inventory;
    try {
      inventory = await collectWithProgress({ regions: ['eu-west-1', 'us-east-1'], endpointUrl: fake.url }, logger, {
        tty: options.tty,
        terminal,
        timers: timers.timers,
      });
    } finally {
      clearInterval(ticker);
    }
    return { inventory, terminalText: text.out, json, statuses, active: timers.active(), terminal };
  }

  it('on a terminal: a live status line with calls made, log lines above it, cleared at the end', async () => {
    const run = await collect({ tty: true, level: 'info' });
    assert.equal(run.inventory.account.id, demo.account.id);
    assert.equal(run.active, 0, 'timers stopped');
    assert.deepEqual(run.terminal.showing, [], 'status line cleared');
    assert.ok(run.terminalText.endsWith('\n'), 'the last thing written ends a log line: nothing left on the status line');
    const shown = run.statuses.filter((s) => s !== '');
    assert.ok(shown.length > 0, 'the status line was drawn');
    assert.ok(shown.some((s) => /[1-9]\d* calls/.test(s)), shown.join('\n'));
    assert.match(run.terminalText, /INFO {2}collection finished ms=\d+ calls=\d+/);
    assert.match(run.terminalText, /WARN {2}could not collect/);
    assert.ok(!run.terminalText.includes('{"level"'), 'text, not JSON');
  });

  it('elsewhere: JSON log lines only, and never the credentials, even at trace', async () => {
    const run = await collect({ tty: false, level: 'trace' });
    assert.equal(run.terminalText, '', 'no status line');
    assert.ok(run.json.length > 0);
    for (const line of run.json) JSON.parse(line);
    const all = run.json.join('');
    for (const secret of [ACCESS_KEY, SECRET, ENV.AWS_SESSION_TOKEN]) assert.ok(!all.includes(secret), `leaked ${secret}`);
    const finished = run.json.map((l) => JSON.parse(l) as { msg: string; calls?: number }).find((e) => e.msg === 'collection finished');
    assert.ok((finished?.calls ?? 0) > 0);
  });
});
