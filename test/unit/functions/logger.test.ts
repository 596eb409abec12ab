import { formatLogLine, logger, MASKED, redactText } from '../../../functions/logger';

const NOW = new Date('2025-06-02T08:00:00.000Z');

function parse(line: string): Record<string, unknown> {
  return JSON.parse(line) as Record<string, unknown>;
}

describe('logger', () => {
  it('writes one JSON line Cloud Logging understands', () => {
    const line = formatLogLine(
      'INFO',
      'requête traitée',
      {
        function: 'sheetEdit',
        operator: 'CBE-LM',
        eventId: 'evt-0001',
        durationMs: 12,
        status: 200,
      },
      NOW,
    );
    expect(line).not.toContain('\n');
    expect(parse(line)).toEqual({
      severity: 'INFO',
      message: 'requête traitée',
      time: '2025-06-02T08:00:00.000Z',
      function: 'sheetEdit',
      operator: 'CBE-LM',
      eventId: 'evt-0001',
      durationMs: 12,
      status: 200,
    });
  });

  it('leaves out undefined fields, and fields cannot overwrite severity, message or time', () => {
    const line = parse(
      formatLogLine(
        'WARNING',
        'appel refusé',
        { code: undefined, severity: 'DEBUG', time: 'hier', message: 'x' },
        NOW,
      ),
    );
    expect(line).toEqual({
      severity: 'WARNING',
      message: 'appel refusé',
      time: '2025-06-02T08:00:00.000Z',
    });
  });

  it.each([
    'secret',
    'hmacSecret',
    'token',
    'idToken',
    'authorization',
    'Authorization',
    'signature',
    'x-dla-signature',
    'password',
    'apiKey',
    'cookie',
    'credentials',
    'privateKey',
  ])('masks the value of a key named %s', (key) => {
    const line = formatLogLine(
      'INFO',
      'm',
      { [key]: 'eyJhbGciOiJSUzI1NiJ9.valeur-sensible.sig' },
      NOW,
    );
    expect(parse(line)[key]).toBe(MASKED);
    expect(line).not.toContain('valeur-sensible');
  });

  it.each([
    ['an e-mail', 'marie.lefebvre@cbe-lille.fr'],
    ['an e-mail with plus and capitals', 'Contact+DLA@Jardins-Wazemmes.Asso.fr'],
    ['a phone with spaces', '03 20 74 57 40'],
    ['a mobile phone with dots', '06.12.34.56.78'],
    ['a phone without separators', '0612345678'],
    ['an international phone', '+33 6 12 34 56 78'],
    ['an international phone with (0)', '+33 (0)3 21 42 68 44'],
    ['a 0033 phone', '0033321426844'],
  ])('masks %s wherever it appears, message included', (_label, value) => {
    const line = formatLogLine(
      'ERROR',
      `refus pour ${value}`,
      { detail: `valeur « ${value} » refusée`, user: value },
      NOW,
    );
    expect(line).not.toContain(value);
    const parsed = parse(line);
    expect(String(parsed['message'])).toMatch(/masqué/);
    expect(String(parsed['detail'])).toMatch(/masqué/);
  });

  it('keeps what is not personal data: ids, codes, SIRET, dates, durations', () => {
    const fields = {
      eventId: 'evt-2025-06-02-0001',
      recordId: 'MIS-CBE-LM-0042',
      siret: '73282932000074',
      at: '2025-06-02T07:59:00.000Z',
      date: '02/06/2025',
      amount: '1 500,00 €',
      durationMs: 1234567890,
    };
    expect(parse(formatLogLine('INFO', 'ok', fields, NOW))).toMatchObject(fields);
    expect(redactText('mission MIS-CBE-LM-0042 du 02/06/2025')).toBe(
      'mission MIS-CBE-LM-0042 du 02/06/2025',
    );
  });

  it('writes errors and warnings on stderr, the rest on stdout', () => {
    const out = jest.spyOn(process.stdout, 'write').mockImplementation(() => true);
    const err = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      logger.info('info', { token: 'abc' });
      logger.warn('attention');
      logger.error('erreur');
      expect(out).toHaveBeenCalledTimes(1);
      expect(err).toHaveBeenCalledTimes(2);
      expect(String(out.mock.calls[0]?.[0])).not.toContain('abc');
    } finally {
      out.mockRestore();
      err.mockRestore();
    }
  });
});
