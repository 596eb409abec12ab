import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { OutboxMailer } from '../../../functions/adapters/outbox-mailer';
import { SqliteRecordStore } from '../../../functions/adapters/sqlite-record-store';
import { XlsxWorkbookGateway } from '../../../functions/adapters/xlsx-workbook-gateway';
import { createMissingWorkbooks, loadDemoData } from '../../../scripts/workspace-setup';
import { ALERTS_TAB } from '../../../shared/domain/alert-lifecycle';
import { runDailyAlerts, type AlertRecipients } from '../../../shared/use-cases/run-alerts';
import { readEml } from '../../support/eml';

const recipients: AlertRecipients = {
  operators: {
    'CBE-LM': { 'chargé de mission': ['equipe@cbe-lille.fr'], finance: ['compta@cbe-lille.fr'] },
    'I62-LEN': { 'chargé de mission': ['dla@inseraction62.fr'] },
  },
  c2ra: ['c2ra@cress-npdc.fr'],
};

function parseEml(raw: string): { headers: Map<string, string>; body: string } {
  const [head = '', ...rest] = raw.split(/\r\n\r\n/);
  const unfolded = head.replace(/\r\n[ \t]+/g, ' ');
  const headers = new Map(
    unfolded
      .split('\r\n')
      .map((line) => [
        line.slice(0, line.indexOf(':')).toLowerCase(),
        line.slice(line.indexOf(':') + 1).trim(),
      ]),
  );
  const body = rest
    .join('\r\n\r\n')
    .replace(/=\r\n/g, '')
    .replace(/(=[0-9A-F]{2})+/gi, (m) =>
      Buffer.from(
        m
          .split('=')
          .slice(1)
          .map((h) => parseInt(h, 16)),
      ).toString('utf8'),
    );
  return { headers, body };
}

describe('daily alerts from a demo workspace (xlsx + SQLite + outbox)', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dla-alerts-'));
  const now = new Date('2026-11-27T07:00:00Z');
  const clock = { now: () => now };
  const store = new SqliteRecordStore(path.join(dir, 'dla.sqlite'));
  const gateway = new XlsxWorkbookGateway(dir);
  const outbox = path.join(dir, 'outbox');
  const ports = {
    store,
    gateway,
    clock,
    mailer: new OutboxMailer(
      outbox,
      'DLA Nord – Pas de Calais <ne-pas-repondre@dla-npdc.fr>',
      clock,
    ),
  };

  beforeAll(async () => {
    await createMissingWorkbooks(dir);
    const loaded = await loadDemoData(ports);
    if (!loaded.ok) throw new Error(loaded.error.message);
  }, 120_000);
  afterAll(async () => {
    await store.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('writes the Alertes tab and valid French e-mails to the outbox, then sends nothing new the same day', async () => {
    const first = await runDailyAlerts(ports, { recipients, at: '2026-12-07' });
    if (!first.ok) throw new Error(first.error.message);
    const cbe = first.value.find((r) => r.owner === 'CBE-LM');
    expect(cbe?.open).toBeGreaterThan(0);

    const read = await gateway.read('CBE-LM');
    if (!read.ok) throw new Error(read.error.message);
    const tab = read.value.tabs.find((t) => t.name === ALERTS_TAB);
    expect(tab?.rows.length).toBe(cbe?.states.length);
    const severities = (tab?.rows ?? []).map((r) => String(r.cells[0]?.value));
    const order = ['Bloquant', 'Urgent', 'À faire', 'Information'];
    const ranks = severities.map((s) => order.indexOf(s)).filter((i) => i >= 0);
    expect(ranks.length).toBe(severities.length);
    expect(ranks).toEqual([...ranks].sort((a, b) => a - b));

    const files = fs.readdirSync(outbox).filter((f) => f.endsWith('.eml'));
    expect(files.length).toBe(
      first.value.flatMap((r) => r.mails).filter((m) => m.status === 'sent').length,
    );
    const cbeMail = files.find((f) => f.includes('CBE-LM') && f.includes('equipe'));
    expect(cbeMail).toBeDefined();
    const raw = fs.readFileSync(path.join(outbox, cbeMail ?? ''), 'utf8');
    const { headers, body } = parseEml(raw);
    for (const name of [
      'from',
      'to',
      'subject',
      'date',
      'message-id',
      'mime-version',
      'content-type',
    ])
      expect(headers.has(name)).toBe(true);
    expect(headers.get('content-type')).toMatch(/text\/plain; charset=utf-8/i);
    expect(headers.get('subject')).toMatch(/^=\?UTF-8\?[QB]\?/i);
    expect((await readEml(path.join(outbox, cbeMail ?? ''))).subject).toMatch(
      /^DLA CBE-LM — \d+ nouvelles? alertes? au 07\/12\/2026$/,
    );
    expect(headers.get('to')).toBe('equipe@cbe-lille.fr');
    expect(body).toContain('Bonjour,');
    expect(body).toContain('« Alertes »');
    expect(raw.split('\r\n').every((line) => line.length <= 998)).toBe(true);

    const second = await runDailyAlerts(ports, { recipients, at: '2026-12-07' });
    if (!second.ok) throw new Error(second.error.message);
    expect(second.value.every((r) => r.newlyRaised === 0)).toBe(true);
    expect(second.value.flatMap((r) => r.mails).filter((m) => m.status === 'sent')).toEqual([]);
    expect(fs.readdirSync(outbox).filter((f) => f.endsWith('.eml')).length).toBe(files.length);
  }, 60_000);

  it('keeps « vu » and « reporté au » typed in the Alertes tab across runs', async () => {
    const read = await gateway.read('CBE-LM');
    if (!read.ok) throw new Error(read.error.message);
    const tab = read.value.tabs.find((t) => t.name === ALERTS_TAB);
    const [seen, postponed] = tab?.rows ?? [];
    if (!tab || !seen || !postponed) throw new Error('need two alerts');
    const suivi = tab.header.indexOf('Suivi');
    await gateway.write('CBE-LM', {
      cells: [
        {
          tab: ALERTS_TAB,
          row: seen.rowNumber,
          column: 'Suivi',
          columnIndex: suivi + 1,
          value: 'vu',
        },
        {
          tab: ALERTS_TAB,
          row: postponed.rowNumber,
          column: 'Suivi',
          columnIndex: suivi + 1,
          value: 'reporté au 15/12/2026',
        },
      ],
      tabs: [],
    });
    const next = await runDailyAlerts(ports, { recipients, at: '2026-12-08' }, 'CBE-LM');
    if (!next.ok) throw new Error(next.error.message);
    const states = next.value[0]?.states ?? [];
    expect(states.some((s) => s.followUp?.kind === 'vu')).toBe(true);
    expect(
      states.some((s) => s.followUp?.kind === 'reporté' && s.followUp.until === '2026-12-15'),
    ).toBe(true);
    const again = await gateway.read('CBE-LM');
    if (!again.ok) throw new Error(again.error.message);
    const suiviTexts = (again.value.tabs.find((t) => t.name === ALERTS_TAB)?.rows ?? []).map(
      (r) => r.cells[suivi]?.value,
    );
    expect(suiviTexts).toEqual(expect.arrayContaining(['vu', 'reporté au 15/12/2026']));
  }, 60_000);
});
