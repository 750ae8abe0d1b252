/**
 * Runs the collectors for `scan` and `collect`, with progress on stderr: a live status line on a
 * terminal, `progress` log lines elsewhere (src/cli/progress.ts). Never writes to stdout.
 */
import type { Logger } from 'pino';
import { AwsClients, type AwsClientSource } from '../aws/clients.js';
import { collectInventory } from '../collect/index.js';
import { redactUri } from '../util/redact.js';
import type { Inventory } from '../inventory/schema.js';
import { userAgent } from '../version.js';
import type { AwsTarget } from './aws-options.js';
import { ProgressTracker, startProgress, type ProgressOptions } from './progress.js';

interface MiddlewareClient {
  middlewareStack: { add(middleware: unknown, options: { step: 'initialize'; name: string }): void };
}

function isSdkClient(value: unknown): value is MiddlewareClient {
  return typeof value === 'object' && value !== null && 'middlewareStack' in value && 'send' in value;
}

/**
 * The clients, each counting the requests it is asked to send (our retries included; the SDK
 * makes one attempt per send). Every method of the source is passed through, so clients added
 * to it later are counted too.
 */
export function countingClients<T extends object>(source: T, onSend: () => void): T {
  const counted = new WeakSet<object>();
  return new Proxy(source, {
    get(target, property, receiver) {
      const value: unknown = Reflect.get(target, property, receiver);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        const result: unknown = (value as (...a: unknown[]) => unknown).apply(target, args);
        if (isSdkClient(result) && !counted.has(result)) {
          counted.add(result);
          result.middlewareStack.add(
            (next: (args: unknown) => Promise<unknown>) => (args: unknown) => {
              onSend();
              return next(args);
            },
            { step: 'initialize', name: 'apipostureCountCalls' },
          );
        }
        return result;
      };
    },
  });
}

export interface CollectWithProgressOptions extends ProgressOptions {
  /** Test seam: ready-made clients (default: AwsClients for the target's profile and endpoint). */
  clients?: AwsClientSource;
}

let warnedOnOldNode = false;

/** The AWS SDK for JavaScript supports Node.js 20 until January 2027; said once per run. */
export function warnOnOldNode(logger: Logger, version = process.versions.node): void {
  const major = Number(version.split('.')[0]);
  if (major < 22 && !warnedOnOldNode) {
    warnedOnOldNode = true;
    logger.warn({ node: version }, 'Node.js 20 loses AWS SDK support in January 2027: run apiposture on Node.js 22 or later');
  }
}

export async function collectWithProgress(
  target: AwsTarget,
  logger: Logger,
  options: CollectWithProgressOptions = {},
): Promise<Inventory> {
  const now = options.now ?? Date.now;
  const started = now();
  const endpoint = target.endpointUrl === undefined ? undefined : redactUri(target.endpointUrl);
  logger.info({ regions: target.regions, endpoint }, 'collecting');
  warnOnOldNode(logger);
  const tracker = new ProgressTracker(target.regions, now, started);
  const ownClients = options.clients
    ? undefined
    : new AwsClients({
        ...(target.profile ? { profile: target.profile } : {}),
        ...(target.credentials ? { credentials: target.credentials } : {}),
        ...(target.endpointUrl ? { endpointUrl: target.endpointUrl } : {}),
        userAgent: userAgent(),
      });
  const clients = countingClients((options.clients ?? ownClients)!, tracker.onCall);
  const progress = startProgress(tracker, logger, options);
  let result;
  try {
    result = await collectInventory({ ...target, logger, clients, onProgress: tracker.onProgress });
  } finally {
    // Cleared before anything else (the summary, an error) is printed.
    progress.stop();
    ownClients?.destroy();
  }
  const { inventory, stats } = result;
  logger.info(
    { ms: now() - started, calls: stats.totalCalls, requests: tracker.snapshot().calls, errors: inventory.errors.length },
    'collection finished',
  );
  for (const error of inventory.errors) {
    logger.warn(error, `could not collect ${error.service}:${error.operation} for ${error.resource}`);
  }
  return inventory;
}
