/**
 * The built CLI as a shell sees it: a reader that closes the pipe early, completion scripts, and
 * the npm package (what it ships, and that it runs from only that).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { BIN, isolatedEnv, REPO } from './run-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'apiposture-shell-'));

interface Piped {
  status: number;
  stderr: string;
  first: string;
}

/** `apiposture <args> | head -1` in bash: the CLI's own exit status, its stderr and the line head kept. */
function pipedToHead(args: string): Piped {
  const errFile = join(dir, `stderr-${Math.random().toString(36).slice(2)}`);
  const script = `node ${JSON.stringify(BIN)} ${args} 2>${JSON.stringify(errFile)} | head -1; echo "status=\${PIPESTATUS[0]}"`;
  const run = spawnSync('bash', ['-c', script], { cwd: REPO, env: isolatedEnv(), encoding: 'utf8' });
  const lines = run.stdout.trimEnd().split('\n');
  return { status: Number(/^status=(\d+)$/.exec(lines.at(-1)!)?.[1]), stderr: readFileSync(errFile, 'utf8'), first: lines[0]! };
}

describe('a reader that closes the pipe early (EPIPE)', () => {
  for (const args of ['checks --json', 'checks', 'iam-policy', 'completion bash', '--help']) {
    it(`\`apiposture ${args} | head -1\` prints no stack trace and exits 0`, () => {
      const run = pipedToHead(args);
      assert.equal(run.stderr, '', 'nothing on stderr');
      assert.equal(run.status, 0);
      assert.ok(run.first.length > 0, 'head got its line');
    });
  }

  it('keeps the verdict: evaluate of the demo account still exits 3 (incomplete), quietly', () => {
    const out = join(dir, 'evaluate');
    const run = pipedToHead(`evaluate examples/demo-inventory.json --output-dir ${JSON.stringify(out)} --format json --fail-on none`);
    assert.doesNotMatch(run.stderr, /EPIPE|at .*\.js:\d+/);
    assert.equal(run.status, 3);
    assert.ok(statSync(join(out, 'report.json')).size > 0, 'the report is still written');
  });

  it('a closed stderr does not crash it: still the usage error status, not an uncaught error', () => {
    const script = `node ${JSON.stringify(BIN)} checks show no-such-check 2>&1 >/dev/null | head -c 1 >/dev/null; echo "status=\${PIPESTATUS[0]}"`;
    const run = spawnSync('bash', ['-c', script], { cwd: REPO, env: isolatedEnv(), encoding: 'utf8' });
    assert.match(run.stdout, /^status=2$/m, 'still the usage error status');
  });
});

function completion(shell: string): string {
  const run = spawnSync(process.execPath, [BIN, 'completion', shell], { cwd: REPO, env: isolatedEnv(), encoding: 'utf8' });
  assert.equal(run.status, 0, run.stderr);
  return run.stdout;
}

const COMMANDS = ['scan', 'collect', 'evaluate', 'merge', 'diff', 'checks', 'show', 'iam-policy', 'securityhub', 'import', 'completion'];

describe('apiposture completion', () => {
  it('bash: a valid script (bash -n) that completes commands, options and option choices', () => {
    const file = join(dir, 'apiposture.bash');
    writeFileSync(file, completion('bash'));
    const syntax = spawnSync('bash', ['-n', file], { encoding: 'utf8' });
    assert.equal(syntax.status, 0, syntax.stderr);
    const complete = (...words: string[]) => {
      const script = `source ${JSON.stringify(file)}; COMP_WORDS=(${words.map((w) => JSON.stringify(w)).join(' ')}); COMP_CWORD=${words.length - 1}; _apiposture; printf '%s\\n' "\${COMPREPLY[@]}"`;
      const run = spawnSync('bash', ['-c', script], { cwd: dir, encoding: 'utf8' });
      assert.equal(run.status, 0, run.stderr);
      return run.stdout.trim().split('\n').filter(Boolean);
    };
    assert.deepEqual(complete('apiposture', 'ev'), ['evaluate']);
    assert.deepEqual(complete('apiposture', 'collect', '--ou'), ['--out']);
    assert.deepEqual(complete('apiposture', 'checks', 'show', '--he'), ['--help']);
    assert.deepEqual(complete('apiposture', 'scan', '--log-level', 'd'), ['debug']);
    assert.deepEqual(complete('apiposture', 'completion', 'f'), ['fish']);
  });

  for (const shell of ['zsh', 'fish']) {
    it(`${shell}: names every command`, () => {
      const script = completion(shell);
      for (const command of COMMANDS) assert.ok(script.includes(command), `${shell}: ${command}`);
    });
  }

  it('an unknown shell is a usage error', () => {
    const run = spawnSync(process.execPath, [BIN, 'completion', 'powershell'], { cwd: REPO, env: isolatedEnv(), encoding: 'utf8' });
    assert.equal(run.status, 2);
  });
});

interface PackedFile {
  path: string;
  mode: number;
}

function npm(args: string[]): string {
  const run = spawnSync('npm', args, { cwd: REPO, encoding: 'utf8', env: { ...process.env, npm_config_update_notifier: 'false' } });
  assert.equal(run.status, 0, run.stderr);
  return run.stdout;
}

describe('the npm package', () => {
  it('ships what runs (no .ts outside dist, no source maps, no tests), with LICENSE and an executable bin', () => {
    npm(['run', 'postbuild', '--silent']);
    const [pack] = JSON.parse(npm(['pack', '--dry-run', '--json', '--ignore-scripts'])) as [{ files: PackedFile[] }];
    const paths = pack.files.map((file) => file.path);
    assert.deepEqual(paths.filter((path) => path.endsWith('.ts') && !path.startsWith('dist/')), []);
    assert.deepEqual(paths.filter((path) => path.endsWith('.map') || path.startsWith('test/') || path.startsWith('examples/demo/')), []);
    for (const path of ['LICENSE', 'README.md', 'CHANGELOG.md', 'package.json', 'dist/src/cli/bin.js', 'dist/checks/index.js']) {
      assert.ok(paths.includes(path), path);
    }
    assert.equal(pack.files.find((file) => file.path === 'dist/src/cli/bin.js')!.mode & 0o111, 0o111, 'bin.js is executable');
  });

  it("LICENSE is the Apache License 2.0 that package.json's license names; engines asks for Node 22 or later", () => {
    const manifest = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as { license: string; engines: { node: string } };
    assert.equal(manifest.license, 'Apache-2.0');
    const license = readFileSync(join(REPO, 'LICENSE'), 'utf8');
    assert.match(license, /Apache License\s+Version 2\.0, January 2004/);
    assert.match(license, /END OF TERMS AND CONDITIONS/);
    assert.equal(manifest.engines.node, '>=22');
  });

  it('runs from the packed files alone: --version, checks, and evaluate of the shipped demo account', () => {
    const [packed] = JSON.parse(npm(['pack', '--json', '--ignore-scripts', '--pack-destination', dir])) as [{ filename: string }];
    const extract = spawnSync('tar', ['xzf', join(dir, packed.filename), '-C', dir]);
    assert.equal(extract.status, 0);
    const root = join(dir, 'package');
    symlinkSync(join(REPO, 'node_modules'), join(root, 'node_modules'));
    const bin = join(root, 'dist/src/cli/bin.js');
    const cli = (...args: string[]) => spawnSync(bin, args, { cwd: dir, env: isolatedEnv(), encoding: 'utf8' });
    assert.match(cli('--version').stdout, /^\d+\.\d+\.\d+/);
    assert.match(cli('checks').stdout, /\d+ checks\. /);
    const evaluate = cli('evaluate', join(root, 'examples/demo-inventory.json'), '--output-dir', join(dir, 'packed-demo'), '--format', 'json', '--fail-on', 'none');
    assert.equal(evaluate.status, 3, evaluate.stderr);
  });
});
