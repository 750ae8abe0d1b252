/**
 * A 200 answer that lacks what every real answer carries is a failed call, not an empty list.
 *
 * The SDK turns an empty body into `{}` (it parses zero bytes as an empty object), so a list
 * answered with no body at all reads as a list with no member: "nothing there". API Gateway
 * always answers with a JSON document, so `expectBody` fails the call on an empty 2xx body.
 * Whether `{}` itself is a real answer depends on the service: `requireList` is for the lists
 * whose real answers always carry their member (see the callers).
 */

/** The call's answer is not one the service sends: recorded as an `UnexpectedResponse` collection error. */
export class UnexpectedResponse extends Error {
  override readonly name = 'UnexpectedResponse';
}

/** The list member, or an `UnexpectedResponse` when the answer has none; `why` says why it must be there. */
export function requireList<T>(list: T[] | undefined, member: string, why: string): T[] {
  if (list === undefined) throw new UnexpectedResponse(`the answer has no '${member}' list (${why})`);
  return list;
}

interface RawResponse {
  statusCode?: number;
  body?: unknown;
}

async function bytesOf(body: unknown): Promise<Uint8Array> {
  if (body === undefined || body === null) return new Uint8Array();
  if (body instanceof Uint8Array) return body;
  if (typeof body === 'string') return Buffer.from(body, 'utf8');
  const chunks: Buffer[] = [];
  for await (const chunk of body as AsyncIterable<Uint8Array | string>) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : Buffer.from(chunk));
  return Buffer.concat(chunks);
}

/**
 * Runs between the HTTP handler and the SDK's deserializer (deserialize step, low priority):
 * reads the body once, fails an empty 2xx answer, and hands the bytes on for parsing.
 */
type Handler = (args: object) => Promise<{ response: unknown; output?: unknown }>;

const failEmptyBody = (next: Handler): Handler => async (args) => {
  const result = await next(args);
  const response = result.response as RawResponse;
  const status = response.statusCode ?? 0;
  if (status < 200 || status >= 300) return result;
  const bytes = await bytesOf(response.body);
  if (bytes.length === 0) throw new UnexpectedResponse(`HTTP ${status} with an empty body: no answer to read`);
  response.body = bytes;
  return result;
};

/** The command, failing when AWS answers it with an empty 2xx body (see `failEmptyBody`). */
interface CommandStack {
  // Method syntax: the SDK's own (typed) `add` fits this untyped one.
  middlewareStack: { add(middleware: unknown, options: unknown): void };
}

export function expectBody<C extends CommandStack>(command: C): C {
  command.middlewareStack.add(failEmptyBody, { step: 'deserialize', priority: 'low', name: 'apipostureExpectBody' });
  return command;
}
