/**
 * Runs a command inside a memory cgroup, the way a container job runs: the scheduled job's task
 * memory (deploy template, `JobMemory`) is a cgroup limit, and Node.js sizes V8's heap from it
 * (`process.constrainedMemory()`; on Node.js 24 a 2048 MiB limit gives a 1.1 GB heap limit and a
 * 64 MB young generation, against 4.3 GB and 128 MB on a 24 GB host), so the process's peak RSS
 * in its job differs from the same scan on an unconstrained machine.
 *
 * It needs a writable cgroup hierarchy (root, or a delegated subtree): cgroup v2's unified
 * hierarchy with the memory controller, or cgroup v1's memory hierarchy. Elsewhere it says why it
 * cannot, and the benchmark runs the command without a limit only.
 */
import { existsSync, mkdirSync, readFileSync, rmdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface MemoryCage {
  limitMiB: number;
  /** The command that moves itself into the cgroup, then execs `command args…`. */
  wrap(command: string, args: readonly string[]): { command: string; args: string[] };
  /** Removes the cgroup; call once every process in it has exited. */
  dispose(): void;
}

export type CageOrReason = { cage: MemoryCage } | { unavailable: string };

interface Hierarchy {
  /** The folder new cgroups are made in. */
  parent: string;
  limitFile: string;
}

function hierarchyUnder(root: string): Hierarchy | undefined {
  const unified = join(root, 'cgroup.controllers');
  if (existsSync(unified)) {
    const controllers = readFileSync(unified, 'utf8').trim().split(/\s+/);
    return controllers.includes('memory') ? { parent: root, limitFile: 'memory.max' } : undefined;
  }
  const v1 = join(root, 'memory');
  return existsSync(join(v1, 'cgroup.procs')) ? { parent: v1, limitFile: 'memory.limit_in_bytes' } : undefined;
}

export function memoryCage(limitMiB: number, root = '/sys/fs/cgroup', name = `apiposture-bench-${process.pid}`): CageOrReason {
  if (process.platform !== 'linux') return { unavailable: `no cgroups on ${process.platform}` };
  const hierarchy = hierarchyUnder(root);
  if (!hierarchy) return { unavailable: `no memory cgroup hierarchy under ${root}` };
  const dir = join(hierarchy.parent, name);
  try {
    if (hierarchy.limitFile === 'memory.max') enableMemoryController(hierarchy.parent);
    mkdirSync(dir);
    writeFileSync(join(dir, hierarchy.limitFile), String(limitMiB * 2 ** 20));
  } catch (error) {
    removeQuietly(dir);
    return { unavailable: `cannot make a memory cgroup under ${hierarchy.parent} (${(error as Error).message})` };
  }
  const procs = join(dir, 'cgroup.procs');
  return {
    cage: {
      limitMiB,
      // The shell writes its own pid, then becomes the command: the command starts inside.
      wrap: (command, args) => ({ command: '/bin/sh', args: ['-c', 'echo $$ > "$0" && exec "$@"', procs, command, ...args] }),
      dispose: () => removeQuietly(dir),
    },
  };
}

/** cgroup v2 limits memory only where the parent delegates the controller to its children. */
function enableMemoryController(parent: string): void {
  const control = join(parent, 'cgroup.subtree_control');
  if (!readFileSync(control, 'utf8').split(/\s+/).includes('memory')) writeFileSync(control, '+memory');
}

function removeQuietly(dir: string): void {
  try {
    if (existsSync(dir)) rmdirSync(dir);
  } catch {
    // A cgroup with a process still in it cannot be removed; the kernel keeps it until then.
  }
}

/** The scheduled job's memory: the `JobMemory` default of the deploy template, MiB. */
export function deployedJobMemoryMiB(templatePath: string): number {
  const template = JSON.parse(readFileSync(templatePath, 'utf8')) as { Parameters?: { JobMemory?: { Default?: unknown } } };
  const memory = Number(template.Parameters?.JobMemory?.Default);
  if (!Number.isInteger(memory) || memory <= 0) throw new Error(`${templatePath}: no JobMemory default`);
  return memory;
}

/**
 * The `NODE_OPTIONS` the container image sets (the Dockerfile's last stage, `ENV`), which every
 * Node.js of the scheduled job runs with; undefined when it sets none. The runs in the job's
 * memory take them too.
 */
export function containerNodeOptions(dockerfilePath: string): string | undefined {
  const lines = readFileSync(dockerfilePath, 'utf8').replace(/\\\r?\n/g, ' ').split(/\r?\n/);
  const lastStage = lines.findLastIndex((line) => /^FROM\s/i.test(line));
  let options: string | undefined;
  for (const line of lines.slice(lastStage + 1)) {
    const env = /^ENV\s+(.*)$/i.exec(line.trim());
    if (!env) continue;
    for (const [, name, quoted, bare] of env[1]!.matchAll(/([A-Za-z_][A-Za-z0-9_]*)=(?:"([^"]*)"|(\S*))/g)) {
      if (name === 'NODE_OPTIONS') options = quoted ?? bare;
    }
  }
  return options;
}
