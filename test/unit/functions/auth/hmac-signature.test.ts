import {
  computeSignature,
  ReplayGuard,
  signRequest,
  SIGNATURE_HEADER,
  TIMESTAMP_HEADER,
  verifyHmacSignature,
  type HmacRefusal,
} from '../../../../functions/auth/hmac-signature';

const NOW = new Date('2025-06-02T08:00:00Z');
const SECRET_LM = 'a'.repeat(24) + '-secret-cbe-lm-0001';
const SECRET_DK = 'b'.repeat(24) + '-secret-ee-dk-00001';
const OLD_SECRET_LM = 'c'.repeat(24) + '-old-secret-cbe-lm1';
const SECRETS = { 'CBE-LM': [SECRET_LM, OLD_SECRET_LM], 'EE-DK': [SECRET_DK] } as const;
const BODY = JSON.stringify({ eventId: 'evt-0001', spreadsheetId: 'sheet-lm', tab: 'Structures' });
const minutes = (n: number) => new Date(NOW.getTime() + n * 60_000);

interface Case {
  readonly label: string;
  readonly timestamp: string | undefined;
  readonly signature: string | undefined;
  readonly body?: string;
  readonly expected: { ok: true; key: string } | { ok: false; reason: HmacRefusal };
}

function signed(secret: string, at: Date = NOW, body: string = BODY) {
  const headers = signRequest(secret, body, at);
  return { timestamp: headers[TIMESTAMP_HEADER], signature: headers[SIGNATURE_HEADER] };
}

const valid = signed(SECRET_LM);
const cases: Case[] = [
  { label: 'a valid signature', ...valid, expected: { ok: true, key: 'CBE-LM' } },
  {
    label: 'the previous secret during a rotation',
    ...signed(OLD_SECRET_LM),
    expected: { ok: true, key: 'CBE-LM' },
  },
  { label: "another owner's secret", ...signed(SECRET_DK), expected: { ok: true, key: 'EE-DK' } },
  {
    label: 'a wrong secret',
    ...signed('z'.repeat(40)),
    expected: { ok: false, reason: 'mismatch' },
  },
  {
    label: 'a tampered body',
    ...valid,
    body: BODY.replace('Structures', 'Registre'),
    expected: { ok: false, reason: 'mismatch' },
  },
  {
    label: 'a tampered timestamp',
    timestamp: String(Number(valid.timestamp) - 1),
    signature: valid.signature,
    expected: { ok: false, reason: 'mismatch' },
  },
  {
    label: 'a timestamp 6 minutes old',
    ...signed(SECRET_LM, minutes(-6)),
    expected: { ok: false, reason: 'stale' },
  },
  {
    label: 'a timestamp 6 minutes in the future',
    ...signed(SECRET_LM, minutes(6)),
    expected: { ok: false, reason: 'stale' },
  },
  {
    label: 'a timestamp 4 minutes old',
    ...signed(SECRET_LM, minutes(-4)),
    expected: { ok: true, key: 'CBE-LM' },
  },
  {
    label: 'a timestamp 4 minutes in the future',
    ...signed(SECRET_LM, minutes(4)),
    expected: { ok: true, key: 'CBE-LM' },
  },
  {
    label: 'missing headers',
    timestamp: undefined,
    signature: undefined,
    expected: { ok: false, reason: 'missing' },
  },
  {
    label: 'a missing signature',
    timestamp: valid.timestamp,
    signature: undefined,
    expected: { ok: false, reason: 'missing' },
  },
  {
    label: 'a missing timestamp',
    timestamp: undefined,
    signature: valid.signature,
    expected: { ok: false, reason: 'missing' },
  },
  {
    label: 'a non-hex signature',
    timestamp: valid.timestamp,
    signature: 'g'.repeat(64),
    expected: { ok: false, reason: 'malformed' },
  },
  {
    label: 'a signature of a different length',
    timestamp: valid.timestamp,
    signature: valid.signature.slice(0, 62),
    expected: { ok: false, reason: 'malformed' },
  },
  {
    label: 'a longer signature',
    timestamp: valid.timestamp,
    signature: `${valid.signature}00`,
    expected: { ok: false, reason: 'malformed' },
  },
  {
    label: 'a non-numeric timestamp',
    timestamp: '2025-06-02T08:00:00Z',
    signature: valid.signature,
    expected: { ok: false, reason: 'malformed' },
  },
  {
    label: 'a signature in upper-case hex',
    timestamp: valid.timestamp,
    signature: valid.signature.toUpperCase(),
    expected: { ok: true, key: 'CBE-LM' },
  },
];

describe('HMAC-SHA256 request signatures', () => {
  it.each(cases)('$label', ({ timestamp, signature, body, expected }) => {
    const outcome = verifyHmacSignature({
      timestamp,
      signature,
      rawBody: Buffer.from(body ?? BODY, 'utf8'),
      now: NOW,
      secrets: SECRETS,
      replays: new ReplayGuard(),
    });
    expect(outcome).toEqual(expected);
  });

  it('signs `${timestamp}.${rawBody}` in hex, timestamp in unix seconds', () => {
    const headers = signRequest(SECRET_LM, BODY, NOW);
    expect(headers[TIMESTAMP_HEADER]).toBe('1748851200');
    expect(headers[SIGNATURE_HEADER]).toMatch(/^[0-9a-f]{64}$/);
    expect(headers[SIGNATURE_HEADER]).toBe(computeSignature(SECRET_LM, '1748851200', BODY));
    expect(computeSignature(SECRET_LM, '1748851200', Buffer.from(BODY))).toBe(
      headers[SIGNATURE_HEADER],
    );
  });

  it('refuses a replay of an accepted signature within the window, on the same instance', () => {
    const replays = new ReplayGuard();
    const check = (at: Date) =>
      verifyHmacSignature({
        ...valid,
        rawBody: Buffer.from(BODY),
        now: at,
        secrets: SECRETS,
        replays,
      });
    expect(check(NOW)).toEqual({ ok: true, key: 'CBE-LM' });
    expect(check(minutes(1))).toEqual({ ok: false, reason: 'replayed' });
    expect(check(minutes(4.9))).toEqual({ ok: false, reason: 'replayed' });
    expect(check(minutes(6))).toEqual({ ok: false, reason: 'stale' });
  });

  it('does not remember a refused signature (a forged one cannot block the real request)', () => {
    const replays = new ReplayGuard();
    const base = { ...valid, now: NOW, secrets: SECRETS, replays };
    expect(verifyHmacSignature({ ...base, rawBody: Buffer.from('autre') }).ok).toBe(false);
    expect(replays.size).toBe(0);
    expect(verifyHmacSignature({ ...base, rawBody: Buffer.from(BODY) }).ok).toBe(true);
  });

  it('keeps its memory bounded: expired entries go first, then the oldest', () => {
    const replays = new ReplayGuard(3);
    const now = NOW.getTime();
    expect(replays.remember('aa', now + 1000, now)).toBe(true);
    expect(replays.remember('bb', now + 1000, now)).toBe(true);
    expect(replays.remember('cc', now + 60_000, now)).toBe(true);
    expect(replays.remember('dd', now + 60_000, now + 2000)).toBe(true);
    expect(replays.size).toBe(2);
    expect(replays.remember('CC', now + 60_000, now + 2000)).toBe(false);
  });

  it('accepts a body that is not UTF-8, byte for byte', () => {
    const raw = Buffer.from([0xff, 0xfe, 0x00, 0x41]);
    const timestamp = String(NOW.getTime() / 1000);
    const outcome = verifyHmacSignature({
      timestamp,
      signature: computeSignature(SECRET_LM, timestamp, raw),
      rawBody: raw,
      now: NOW,
      secrets: SECRETS,
      replays: new ReplayGuard(),
    });
    expect(outcome).toEqual({ ok: true, key: 'CBE-LM' });
  });
});
