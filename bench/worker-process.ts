/**
 * A bench task in a process of its own (bench/worker.ts), asked over IPC: for bench/run.ts and
 * bench/cpu-layers.ts. In a memory cage the process runs as the scheduled job's would, with the
 * container image's `NODE_OPTIONS`.
 */
import { fork, spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { containerNodeOptions, type MemoryCage } from './job-memory.js';
import type { Command, Reply, Task } from './worker.js';

const WORKER = fileURLToPath(new URL('./worker.ts', import.meta.url));
/** The SDK's Node 20 end-of-support warning, printed by every worker, is noise here. */
const QUIET_SDK: NodeJS.ProcessEnv = { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' };
/** The container image's `NODE_OPTIONS` (the Dockerfile): the runs in the job's memory take them, as the job's Node.js does. */
export const IMAGE_NODE_OPTIONS = containerNodeOptions(fileURLToPath(new URL('../Dockerfile', import.meta.url)));
/** The environment of a run in the job: the image's NODE_OPTIONS; none for a run without a cage (a laptop). */
export const jobEnv = (cage: MemoryCage | undefined): NodeJS.ProcessEnv => (cage && IMAGE_NODE_OPTIONS ? { NODE_OPTIONS: IMAGE_NODE_OPTIONS } : {});

export class Worker {
  private readonly child: ChildProcess;
  private readonly pending: ((reply: Reply) => void)[] = [];
  private exited: Promise<number | null>;

  /**
   * In `cage`, the worker runs in a memory cgroup (its shell moves in, then becomes Node.js).
   * `script` and `cwd`: another checkout's worker (--baseline), run where its own tsx resolves.
   */
  constructor(cage?: MemoryCage, script = WORKER, cwd?: string) {
    const options = { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] as ('ignore' | 'inherit' | 'ipc')[], env: { ...QUIET_SDK, ...jobEnv(cage) }, ...(cwd ? { cwd } : {}) };
    if (cage) {
      const run = cage.wrap(process.execPath, ['--import', 'tsx', script]);
      this.child = spawn(run.command, run.args, options);
    } else {
      this.child = fork(script, [], { ...options, execArgv: ['--import', 'tsx'] });
    }
    this.child.on('message', (reply: Reply) => this.pending.shift()?.(reply));
    this.exited = new Promise((resolve) => this.child.once('exit', (code) => resolve(code)));
    void this.exited.then((code) => {
      for (const waiter of this.pending.splice(0)) waiter({ kind: 'failed', message: `worker exited with code ${code}` });
    });
  }

  request(message: Task | Command): Promise<Reply> {
    return new Promise((resolve) => {
      this.pending.push(resolve);
      this.child.send(message);
    });
  }

  async stop(): Promise<void> {
    if (this.child.exitCode === null) this.child.send({ kind: 'stop' } satisfies Command);
    await this.exited;
  }
}

export function expect<K extends Reply['kind']>(reply: Reply, kind: K): Extract<Reply, { kind: K }> {
  if (reply.kind === 'failed') throw new Error(`worker failed: ${reply.message}`);
  if (reply.kind !== kind) throw new Error(`expected ${kind} from the worker, got ${reply.kind}`);
  return reply as Extract<Reply, { kind: K }>;
}
