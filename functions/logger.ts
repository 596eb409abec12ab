/** Cloud Logging severities. */
export type Severity = 'DEBUG' | 'INFO' | 'NOTICE' | 'WARNING' | 'ERROR';

/** Fields a log line may carry: never personal data of beneficiaries, never secrets. */
export interface LogFields {
  readonly operator?: string;
  readonly function?: string;
  readonly eventId?: string;
  readonly durationMs?: number;
  readonly code?: string;
  readonly [key: string]: string | number | boolean | null | undefined;
}

const SECRET_KEYS = /secret|token|password|authorization|signature|key$/i;

/** A structured JSON line Cloud Logging understands, with secret-looking fields masked. */
export function formatLogLine(
  severity: Severity,
  message: string,
  fields: LogFields = {},
  now: Date = new Date(),
): string {
  const safe: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(fields)) {
    if (value === undefined) continue;
    safe[key] = SECRET_KEYS.test(key) ? '[masqué]' : value;
  }
  return JSON.stringify({ severity, message, time: now.toISOString(), ...safe });
}

/** The one logger: JSON lines on stdout (stderr for errors), as Cloud Functions expects. */
export const logger = {
  write(severity: Severity, message: string, fields?: LogFields): void {
    const line = formatLogLine(severity, message, fields);
    if (severity === 'ERROR' || severity === 'WARNING') process.stderr.write(`${line}\n`);
    else process.stdout.write(`${line}\n`);
  },
  info(message: string, fields?: LogFields): void {
    logger.write('INFO', message, fields);
  },
  warn(message: string, fields?: LogFields): void {
    logger.write('WARNING', message, fields);
  },
  error(message: string, fields?: LogFields): void {
    logger.write('ERROR', message, fields);
  },
};
