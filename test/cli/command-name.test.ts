/** The command the entry point sees before the commands are loaded (src/cli/command-name.ts): it decides the young generation cap. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { commandOf, holdsAnAccount } from '../../src/cli/command-name.js';

describe('the command named on the command line', () => {
  it('is the first word that is neither an option nor the value of --log-level', () => {
    const cases: [string[], string | undefined][] = [
      [['scan', '--regions', 'all'], 'scan'],
      [['--log-level', 'info', 'evaluate', 'inventory.json'], 'evaluate'],
      [['--log-level=debug', 'merge', 'a.json'], 'merge'],
      [['--log-level', 'evaluate', 'scan'], 'scan'],
      [['checks', 'show', 'rest-api-public-unauthenticated'], 'checks'],
      [['--help'], undefined],
      [[], undefined],
    ];
    for (const [words, command] of cases) assert.equal(commandOf(words), command, words.join(' '));
  });

  it('holds an account for the commands that read a snapshot or a report, and for no other', () => {
    for (const command of ['scan', 'collect', 'evaluate', 'merge', 'diff', 'securityhub']) assert.equal(holdsAnAccount([command]), true, command);
    for (const words of [['checks'], ['iam-policy'], ['completion', 'bash'], ['help', 'scan'], ['--help'], ['--version'], []]) {
      assert.equal(holdsAnAccount(words), false, words.join(' '));
    }
  });
});
