import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createLogger, formatLogLine, REDACT_PATHS, TextLogStream } from '../../src/cli/logger.js';
import type { LogLevel } from '../../src/cli/options.js';

const ACCESS_KEY = 'AKIAIOSFODNN7EXAMPLE';
const SECRET = 'wJalrXUtnFEMI-test-secret-not-real';
const TOKEN = 'FwoGZXIvYXdzE-test-session-token';
const API_KEY_VALUE = 'apikey-value-test-0123456789';

function jsonLogger(level: LogLevel = 'trace') {
  const lines: string[] = [];
  const logger = createLogger(level, { format: 'json', jsonStream: { write: (line: string) => void lines.push(line) } });
  return { logger, lines };
}

function textLogger(level: LogLevel = 'trace', color = false) {
  const lines: string[] = [];
  const logger = createLogger(level, { format: 'text', color, lines: { printLine: (line) => void lines.push(line) } });
  return { logger, lines };
}

/** Everything a careless caller could log: credentials at the top, nested, in headers, API key values. */
function logSecrets(logger: ReturnType<typeof jsonLogger>['logger']): void {
  const credentials = { accessKeyId: ACCESS_KEY, secretAccessKey: SECRET, sessionToken: TOKEN };
  logger.info({ credentials }, 'resolved credentials');
  logger.warn({ client: { credentials } }, 'client');
  logger.error({ accessKeyId: ACCESS_KEY, secretAccessKey: SECRET, sessionToken: TOKEN }, 'flat');
  logger.debug({ request: { headers: { authorization: `AWS4-HMAC-SHA256 Credential=${ACCESS_KEY}/x, Signature=${SECRET}` } } }, 'request');
  logger.info({ headers: { authorization: `Bearer ${TOKEN}` } }, 'headers');
  logger.info({ apiKey: { id: 'k1', value: API_KEY_VALUE } }, 'api key');
  logger.info({ config: { credentials: { accessKeyId: ACCESS_KEY, secretAccessKey: SECRET } } }, 'nested config');
}

function assertNoSecrets(output: string): void {
  for (const secret of [ACCESS_KEY, SECRET, TOKEN, API_KEY_VALUE]) assert.ok(!output.includes(secret), `leaked ${secret}:\n${output}`);
}

describe('logger: JSON lines (stderr is not a terminal)', () => {
  it('writes one JSON object per line with level, time, message and fields', () => {
    const { logger, lines } = jsonLogger('info');
    logger.info({ regions: ['eu-west-1'], calls: 3 }, 'collecting');
    logger.debug('hidden at info');
    assert.equal(lines.length, 1);
    assert.ok(lines[0]!.endsWith('\n'));
    const entry = JSON.parse(lines[0]!) as Record<string, unknown>;
    assert.equal(entry.level, 30);
    assert.equal(entry.msg, 'collecting');
    assert.equal(entry.name, 'apiposture');
    assert.deepEqual(entry.regions, ['eu-west-1']);
    assert.equal(typeof entry.time, 'number');
  });

  it('redacts credentials, authorization headers and key values', () => {
    const { logger, lines } = jsonLogger();
    logSecrets(logger);
    assert.equal(lines.length, 7);
    assertNoSecrets(lines.join(''));
    assert.ok(lines.every((line) => line.includes('[redacted]')), lines.join(''));
  });

  it('silent writes nothing', () => {
    const { logger, lines } = jsonLogger('silent');
    logSecrets(logger);
    logger.fatal('even this');
    assert.deepEqual(lines, []);
  });
});

describe('logger: text lines (stderr is a terminal)', () => {
  it('formats time, level, message and key=value fields on one line', () => {
    const time = new Date(2026, 10, 25, 2, 36, 57, 123).getTime();
    const line = formatLogLine({ level: 40, time, pid: 1, hostname: 'h', name: 'apiposture', msg: 'could not collect', code: 'AccessDenied', region: 'eu-west-1', attempts: 3, retried: true, none: null });
    assert.equal(line, '02:36:57.123 WARN  could not collect code=AccessDenied region=eu-west-1 attempts=3 retried=true none=null');
  });

  it('quotes values with spaces, keeps objects as compact JSON, and stays on one line', () => {
    const line = formatLogLine({ level: 30, time: 0, msg: 'two\nlines', message: 'User: x is "denied"', regions: ['a', 'b'], empty: '' });
    assert.ok(!line.includes('\n'));
    assert.match(line, / INFO {2}two lines message="User: x is \\"denied\\"" regions=\["a","b"\] empty=""$/);
  });

  it('shows an error as type and message, without its stack', () => {
    const { logger, lines } = textLogger();
    logger.error({ err: new TypeError('boom\nsecond line') }, 'failed');
    assert.equal(lines.length, 1);
    assert.match(lines[0]!, /ERROR failed err="TypeError: boom second line"$/);
    assert.doesNotMatch(lines[0]!, /\bat /);
  });

  it('labels every level and colours it on request', () => {
    const levels = [10, 20, 30, 40, 50, 60].map((level) => formatLogLine({ level, time: 0, msg: 'm' }).split(' ')[1]);
    assert.deepEqual(levels, ['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR', 'FATAL']);
    const coloured = formatLogLine({ level: 50, time: 0, msg: 'm', code: 'X' }, { color: true });
    assert.ok(coloured.endsWith('\x1b[31mERROR\x1b[0m m \x1b[2mcode=\x1b[0mX'), JSON.stringify(coloured));
  });

  it('goes through the same redaction as JSON', () => {
    const { logger, lines } = textLogger();
    logSecrets(logger);
    assert.equal(lines.length, 7);
    assertNoSecrets(lines.join('\n'));
    assert.ok(lines.every((line) => line.includes('[redacted]')), lines.join('\n'));
    assert.ok(lines.every((line) => !line.startsWith('{')), 'text, not JSON');
  });

  it('passes through a line that is not JSON rather than dropping it', () => {
    const lines: string[] = [];
    new TextLogStream({ printLine: (l) => void lines.push(l) }).write('plain\n{"level":30,"time":0,"msg":"ok"}\n');
    assert.equal(lines[0], 'plain');
    assert.match(lines[1]!, / INFO {2}ok$/);
  });

  it('the redaction list covers credentials wherever they sit', () => {
    for (const path of ['credentials', '*.credentials', 'secretAccessKey', '*.secretAccessKey', 'sessionToken', '*.value']) {
      assert.ok(REDACT_PATHS.includes(path), path);
    }
  });
});
