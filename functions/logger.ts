/** Cloud Logging severities. */
export type Severity = 'DEBUG' | 'INFO' | 'NOTICE' | 'WARNING' | 'ERROR';

/** Fields a log line may carry: never personal data of beneficiaries, never secrets. */
export interface LogFields {
  readonly operator?: string | null | undefined;
  readonly function?: string | undefined;
  readonly eventId?: string | undefined;
  readonly durationMs?: number | undefined;
  readonly code?: string | undefined;
  readonly [key: string]: string | number | boolean | null | undefined;
}

/** Keys whose value is always masked, whatever it looks like. */
const SECRET_KEYS =
  /secret|token|password|passwd|authorization|signature|cookie|credential|private|bearer|key$/i;

/** An e-mail address anywhere in a text. */
const EMAIL = /[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+/g;

/** A French phone number anywhere in a text: 0X XX XX XX XX, +33 X…, 0033 X…, any separators. */
const FRENCH_PHONE =
  /(?<![0-9])(?:(?:\+|00)33[\s.-]?(?:\(0\)[\s.-]?)?|0)[1-9](?:[\s.-]?[0-9]{2}){4}(?![0-9])/g;

/** What replaces a masked value. */
export const MASKED = '[masqué]';

/** Masks e-mail addresses and French phone numbers inside a text. */
export function redactText(text: string): string {
  return text.replace(EMAIL, '[e-mail masqué]').replace(FRENCH_PHONE, '[téléphone masqué]');
}

/**
 * A structured JSON line Cloud Logging understands (`severity`, `message`, `time`, then the
 * fields). Secret-looking keys are masked whole; e-mails and French phone numbers are masked in
 * every text, the message included, so that no secret and no personal data reaches the logs.
 */
export function formatLogLine(
  severity: Severity,
  message: string,
  fields: LogFields = {},
  now: Date = new Date(),
): string {
  const safe: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(fields)) {
    if (value === undefined || key === 'severity' || key === 'message' || key === 'time') continue;
    if (SECRET_KEYS.test(key)) safe[key] = MASKED;
    else safe[key] = typeof value === 'string' ? redactText(value) : value;
  }
  return JSON.stringify({
    severity,
    message: redactText(message),
    time: now.toISOString(),
    ...safe,
  });
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
