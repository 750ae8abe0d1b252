import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Command } from 'commander';
import { completionScript, completionTree, SHELLS } from '../../src/cli/completion.js';
import { buildProgram } from '../../src/cli/main.js';

/** Every command below the program, with its path of names. */
function commands(command: Command, path: string[] = []): { path: string[]; command: Command }[] {
  return command.commands.flatMap((sub) => [{ path: [...path, sub.name()], command: sub }, ...commands(sub, [...path, sub.name()])]);
}

describe('apiposture completion <shell>', () => {
  const program = buildProgram();
  const all = commands(program);

  it('knows every command, subcommand and option of the commander definitions', () => {
    const tree = completionTree(program);
    for (const { path, command } of all) {
      const node = tree.find((entry) => entry.path === path.join('/'));
      assert.ok(node, `command ${path.join(' ')}`);
      for (const option of command.options) assert.ok(node.options.some((o) => o.flags.includes(option.long!)), `${path.join(' ')} ${option.long}`);
    }
  });

  for (const shell of SHELLS) {
    it(`${shell}: names every command, every option and every choice commander knows`, () => {
      const script = completionScript(program, shell);
      for (const { path, command } of all) {
        assert.ok(script.includes(command.name()), `${shell}: ${path.join(' ')}`);
        for (const option of command.options) {
          const flag = shell === 'fish' ? `-l ${option.long!.slice(2)}` : option.long!;
          assert.ok(script.includes(flag), `${shell}: ${path.join(' ')} ${option.long}`);
          for (const choice of option.argChoices ?? []) assert.ok(script.includes(choice), `${shell}: ${option.long} ${choice}`);
        }
      }
      for (const choice of ['fatal', 'trace', 'silent']) assert.ok(script.includes(choice), `${shell}: --log-level ${choice}`);
      for (const name of SHELLS) assert.ok(script.includes(name), `${shell}: completion ${name}`);
    });
  }
});
