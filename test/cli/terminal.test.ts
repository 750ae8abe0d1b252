import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { printDelivery } from '../../src/cli/report-output.js';
import { colorEnabled } from '../../src/cli/terminal.js';
import { EXIT } from '../../src/exit-codes.js';
import { hostileReport } from '../report/fixture.js';

const ESC = '\u001b';

function printed(isTTY: boolean, env: NodeJS.ProcessEnv): string {
  let out = '';
  const stdout = { isTTY, write: (text: string) => (out += text) };
  printDelivery(hostileReport(), { written: [], failures: [], exitCode: EXIT.OK }, { stdout, stderr: stdout, env });
  return out;
}

describe('colours on the terminal (https://no-color.org)', () => {
  it('are on for a terminal when NO_COLOR is unset or empty', () => {
    assert.equal(colorEnabled({ isTTY: true }, {}), true);
    assert.equal(colorEnabled({ isTTY: true }, { NO_COLOR: '' }), true);
  });

  it('are off when NO_COLOR has any non-empty value, or the stream is not a terminal', () => {
    for (const value of ['1', '0', 'false', 'yes']) assert.equal(colorEnabled({ isTTY: true }, { NO_COLOR: value }), false, value);
    assert.equal(colorEnabled({ isTTY: false }, {}), false);
    assert.equal(colorEnabled({}, {}), false);
  });

  it('the summary table printed after a scan follows them', () => {
    assert.ok(printed(true, {}).includes(ESC), 'a terminal gets colours');
    assert.ok(!printed(true, { NO_COLOR: '1' }).includes(ESC), 'NO_COLOR=1 gets none');
    assert.ok(!printed(false, {}).includes(ESC), 'a pipe or file gets none');
  });
});
