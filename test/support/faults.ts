/**
 * Fault injection for the local AWS look-alike (`fake-aws.ts`, option `faults`). The server
 * routes each request as usual (so the fault plan sees its service, operation and region),
 * then asks the plan whether to answer it with a fault instead of the ground truth:
 *
 * - `error`: an AWS error in the request's own protocol (REST-JSON `x-amzn-errortype`, JSON
 *   `__type`, query XML), with an optional `Retry-After` header;
 * - `reset`: the socket is destroyed without an answer (ECONNRESET on the client);
 * - `hang`: no answer at all, the connection stays open (the client's timeout must fire);
 * - `malformed`: 200 with a body that is not valid JSON (or XML).
 */
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';

export interface FaultRequest {
  region: string;
  service: string;
  operation: string;
  /** Path and query string of the HTTP request (REST-JSON calls name their resource here). */
  path: string;
  query: string;
  /** The request body (JSON and query protocols name their resource here). */
  body: string;
  /** The request headers as sent (signed: Authorization, X-Amz-Security-Token …). */
  headers: IncomingHttpHeaders;
  /** 1-based position of this request among all the server received, faulted ones included. */
  seq: number;
  /** 1-based: how often this same request (region, method, path, query, body) arrived, retries included. */
  attempt: number;
}

export type Fault =
  | { kind: 'error'; status: number; code: string; message?: string; retryAfter?: string }
  | { kind: 'reset' }
  | { kind: 'hang' }
  | { kind: 'malformed'; body?: string };

/** Decides, per request, whether to answer with a fault (undefined: answer normally). */
export type FaultPlan = (request: FaultRequest) => Fault | undefined;

export type WireProtocol = 'rest-json' | 'json' | 'query';

export interface InjectedFault {
  request: FaultRequest;
  fault: Fault;
}

/** Holds the plan's state (request counts) and answers faulted requests. */
export class FaultInjector {
  private seq = 0;
  private readonly attempts = new Map<string, number>();
  /** Every fault answered, in order. */
  readonly injected: InjectedFault[] = [];

  constructor(private readonly plan: FaultPlan) {}

  /**
   * Answers the request with a fault when the plan asks for one; true when it did (the caller
   * must then not answer).
   */
  inject(
    info: Omit<FaultRequest, 'seq' | 'attempt' | 'headers'>,
    protocol: WireProtocol,
    request: IncomingMessage,
    response: ServerResponse,
  ): boolean {
    const key = [info.region, request.method, info.path, info.query, info.body].join('\u0000');
    const attempt = (this.attempts.get(key) ?? 0) + 1;
    this.attempts.set(key, attempt);
    const faulted: FaultRequest = { ...info, headers: request.headers, seq: ++this.seq, attempt };
    const fault = this.plan(faulted);
    if (!fault) return false;
    this.injected.push({ request: faulted, fault });
    sendFault(fault, protocol, info.service, request, response);
    return true;
  }
}

const xmlEscape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function sendFault(fault: Fault, protocol: WireProtocol, service: string, request: IncomingMessage, response: ServerResponse): void {
  switch (fault.kind) {
    case 'hang':
      // Read nothing more, write nothing: the connection stays open until the client gives up.
      return;
    case 'reset':
      request.socket.destroy();
      return;
    case 'malformed': {
      const type = protocol === 'query' ? 'text/xml' : protocol === 'json' ? 'application/x-amz-json-1.1' : 'application/json';
      const body = fault.body ?? (protocol === 'query' ? '<GetCallerIdentityResponse><GetCallerIdentityResult><Acc' : '{"item": [{"id": "abc", "name": ');
      response.writeHead(200, { 'content-type': type });
      response.end(body);
      return;
    }
    case 'error': {
      const message = fault.message ?? `injected ${fault.code}`;
      const headers: Record<string, string> = fault.retryAfter === undefined ? {} : { 'retry-after': fault.retryAfter };
      let body: string;
      if (protocol === 'query') {
        headers['content-type'] = 'text/xml';
        body =
          `<ErrorResponse><Error><Type>Sender</Type><Code>${xmlEscape(fault.code)}</Code><Message>${xmlEscape(message)}</Message></Error>` +
          `<RequestId>00000000-0000-0000-0000-00000000fa17</RequestId></ErrorResponse>`;
      } else if (protocol === 'json') {
        // CloudWatch speaks JSON 1.0 in its query-compatible mode: the code also goes in a header.
        const cloudWatch = service === 'cloudwatch';
        headers['content-type'] = cloudWatch ? 'application/x-amz-json-1.0' : 'application/x-amz-json-1.1';
        if (cloudWatch) headers['x-amzn-query-error'] = `${fault.code};Sender`;
        body = JSON.stringify({ __type: fault.code, message });
      } else {
        headers['content-type'] = 'application/json';
        headers['x-amzn-errortype'] = fault.code;
        body = JSON.stringify({ message });
      }
      response.writeHead(fault.status, headers);
      response.end(body);
      return;
    }
  }
}

// ── Ready-made plans ─────────────────────────────────────────────────────────────────────

/** Combines plans: the first that answers with a fault wins. */
export function anyOf(...plans: FaultPlan[]): FaultPlan {
  return (request) => {
    for (const plan of plans) {
      const fault = plan(request);
      if (fault) return fault;
    }
    return undefined;
  };
}

/** `AccessDeniedException` (403) for every request `matches` selects. */
export function deny(matches: (request: FaultRequest) => boolean, code = 'AccessDeniedException'): FaultPlan {
  return (request) =>
    matches(request)
      ? {
          kind: 'error',
          status: 403,
          code,
          message: `User: arn:aws:sts::123456789012:assumed-role/apiposture-audit/test is not authorized to perform: ${request.service}:${request.operation}`,
        }
      : undefined;
}

/** The STS identity call, which a scan needs before anything else: never faulted by the plans below. */
export const isIdentityCall = (request: FaultRequest) => request.service === 'sts';
