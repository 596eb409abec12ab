import {
  ALERTS_TAB_HEADERS,
  RESOLVED_RETENTION_DAYS,
  alertsTabRows,
  digestFor,
  followUpsFromTab,
  formatFollowUp,
  markDigested,
  openAlertCount,
  parseFollowUp,
  reconcileAlerts,
  type AlertFollowUp,
  type AlertState,
} from '../../../../shared/domain/alert-lifecycle';
import type { Alert } from '../../../../shared/domain/alerts/alert-catalogue';
import { evaluateAlerts } from '../../../../shared/domain/alerts/alert-evaluation';
import { addDays, type IsoDate } from '../../../../shared/domain/values/french-date';
import {
  MISSION_ID,
  aMissionEntry,
  anAlert,
  anAlertInput,
  anAlertState,
  solicitationEntries,
} from '../../../support/builders/alert-fixtures';
import { missionAtStage } from '../../../support/builders/mission-builder';
import { aCallForProposals } from '../../../support/builders/solicitation-builder';

const NONE = new Map<string, string>();
const KICKOFF = anAlert();
const MID_NOTE_INFO = anAlert({
  rule: 'MID_NOTE',
  severity: 'info',
  dueOn: '2025-05-06',
  message: `Mission ${MISSION_ID} : note à mi-parcours attendue le 06/05/2025.`,
});

/** Runs the lifecycle over successive days, each with the alerts that hold that day. */
function runDays(
  days: readonly (readonly [IsoDate, readonly Alert[], ReadonlyMap<string, string>?])[],
): ReturnType<typeof reconcileAlerts>[] {
  let states: AlertState[] = [];
  return days.map(([today, alerts, followUps]) => {
    const run = reconcileAlerts(states, alerts, today, followUps ?? NONE);
    states = run.states;
    return run;
  });
}

describe('reconcileAlerts: raised once, updated, resolved, raised again', () => {
  it('raises an alert once and keeps its first-raised date while it holds', () => {
    const [first, second] = runDays([
      ['2025-03-20', [KICKOFF]],
      ['2025-03-21', [KICKOFF]],
    ]);
    expect(first?.newlyRaised.map((s) => s.key)).toEqual([KICKOFF.key]);
    expect(second?.newlyRaised).toEqual([]);
    expect(second?.states).toEqual([
      expect.objectContaining({
        key: KICKOFF.key,
        firstRaisedOn: '2025-03-20',
        lastSeenOn: '2025-03-21',
        resolvedOn: null,
        revision: 1,
      }),
    ]);
  });

  it('refreshes severity, message and due date while it holds, as one change', () => {
    const overdue: Alert = {
      ...MID_NOTE_INFO,
      severity: 'urgent',
      message: `Mission ${MISSION_ID} : note à mi-parcours attendue le 06/05/2025 et toujours pas reçue.`,
    };
    const [, , third] = runDays([
      ['2025-05-06', [MID_NOTE_INFO]],
      ['2025-05-07', [MID_NOTE_INFO]],
      ['2025-05-13', [overdue]],
    ]);
    expect(third?.newlyRaised).toEqual([]);
    expect(third?.states[0]).toMatchObject({
      severity: 'urgent',
      message: overdue.message,
      firstRaisedOn: '2025-05-06',
      lastSeenOn: '2025-05-13',
      revision: 2,
    });
  });

  it('resolves an alert the first day it no longer holds, then raises it anew', () => {
    const [, resolvedRun, quiet, again] = runDays([
      ['2025-03-20', [KICKOFF], new Map()],
      ['2025-03-24', [], new Map()],
      ['2025-03-25', [], new Map()],
      ['2025-04-02', [KICKOFF], new Map()],
    ]);
    expect(resolvedRun?.resolved).toEqual([
      expect.objectContaining({ key: KICKOFF.key, resolvedOn: '2025-03-24' }),
    ]);
    expect(quiet?.resolved).toEqual([]);
    expect(quiet?.states[0]?.resolvedOn).toBe('2025-03-24');
    expect(again?.newlyRaised).toEqual([
      expect.objectContaining({
        key: KICKOFF.key,
        firstRaisedOn: '2025-04-02',
        resolvedOn: null,
        followUp: null,
        digestedRevision: null,
      }),
    ]);
    expect(again?.states).toHaveLength(1);
  });

  it('a second run the same day raises nothing new, so the digest sends nothing new', () => {
    const evaluate = (today: IsoDate) =>
      evaluateAlerts(
        anAlertInput({
          today,
          missions: [aMissionEntry(missionAtStage('callOpen'))],
          solicitations: solicitationEntries(aCallForProposals('callOpen')),
        }),
      );
    const first = reconcileAlerts([], evaluate('2025-02-08'), '2025-02-08', NONE);
    const digest = digestFor(first.states, 'chargé de mission', true, {
      scope: 'CBE-LM',
      today: '2025-02-08',
    });
    expect(first.newlyRaised.length).toBeGreaterThan(0);
    expect(digest?.keys).toHaveLength(first.newlyRaised.length);
    const sent = markDigested(first.states, digest?.keys ?? []);

    const second = reconcileAlerts(sent, evaluate('2025-02-08'), '2025-02-08', NONE);
    expect(second.newlyRaised).toEqual([]);
    expect(second.resolved).toEqual([]);
    expect(
      digestFor(second.states, 'chargé de mission', true, { scope: 'CBE-LM', today: '2025-02-08' }),
    ).toBeNull();
  });
});

describe('follow-up: « vu » and « reporté au »', () => {
  it.each<[string, unknown, AlertFollowUp | null]>([
    ['vu', 'vu', { kind: 'vu' }],
    ['Vu', 'Vu', { kind: 'vu' }],
    ['VU with spaces', '  VU ', { kind: 'vu' }],
    ['reporté au', 'reporté au 12/06/2025', { kind: 'reporté', until: '2025-06-12' }],
    ['reporte au', 'reporte au 12/06/2025', { kind: 'reporté', until: '2025-06-12' }],
    ['Reporté au j/m/aaaa', 'Reporté au 1/7/2025', { kind: 'reporté', until: '2025-07-01' }],
    ['an unknown word', 'traité', null],
    ['blank', '', null],
    ['reporté without a date', 'reporté', null],
    ['a date that does not exist', 'reporté au 31/02/2025', null],
    ['a date in words the system cannot read', 'reporté au lundi', null],
    ['a number', 45_000, null],
    ['nothing', null, null],
  ])('parses %s', (_name, text, expected) => {
    expect(parseFollowUp(text)).toEqual(expected);
  });

  it('writes a follow-up back the way it is read', () => {
    const reported: AlertFollowUp = { kind: 'reporté', until: '2025-06-12' };
    expect(formatFollowUp(reported)).toBe('reporté au 12/06/2025');
    expect(parseFollowUp(formatFollowUp(reported))).toEqual(reported);
    expect(formatFollowUp({ kind: 'vu' })).toBe('vu');
    expect(formatFollowUp(null)).toBe('');
  });

  it('keeps « vu » across runs where the tab says nothing more', () => {
    const runs = runDays([
      ['2025-03-20', [KICKOFF]],
      ['2025-03-21', [KICKOFF], new Map([[KICKOFF.key, 'Vu']])],
      ['2025-03-22', [KICKOFF]],
      ['2025-03-23', [KICKOFF], new Map([[KICKOFF.key, 'vu']])],
    ]);
    for (const run of runs.slice(1)) expect(run.states[0]?.followUp).toEqual({ kind: 'vu' });
    expect(alertsTabRows(runs[3]?.states ?? [], '2025-03-23')[0]?.slice(7)).toEqual(['vu', 'Vue']);
  });

  it('a cleared « Suivi » cell clears the follow-up', () => {
    const [, , cleared] = runDays([
      ['2025-03-20', [KICKOFF]],
      ['2025-03-21', [KICKOFF], new Map([[KICKOFF.key, 'vu']])],
      ['2025-03-22', [KICKOFF], new Map([[KICKOFF.key, '']])],
    ]);
    expect(cleared?.states[0]?.followUp).toBeNull();
  });

  it('hides a « reporté au » alert until that day, across runs, then shows it again', () => {
    const runs = runDays([
      ['2025-03-20', [KICKOFF]],
      ['2025-03-21', [KICKOFF], new Map([[KICKOFF.key, 'reporté au 25/03/2025']])],
      ['2025-03-24', [KICKOFF]],
      ['2025-03-25', [KICKOFF]],
    ]);
    const [, postponed, stillHidden, back] = runs;
    expect(stillHidden?.states[0]?.followUp).toEqual({ kind: 'reporté', until: '2025-03-25' });
    expect(openAlertCount(postponed?.states ?? [], '2025-03-21')).toBe(0);
    expect(alertsTabRows(stillHidden?.states ?? [], '2025-03-24')[0]?.slice(7)).toEqual([
      'reporté au 25/03/2025',
      'Reportée',
    ]);
    expect(openAlertCount(back?.states ?? [], '2025-03-25')).toBe(1);
    expect(alertsTabRows(back?.states ?? [], '2025-03-25')[0]?.[8]).toBe('Ouverte');
  });

  it('a postponed alert leaves the digest while hidden and comes back in it on its day', () => {
    const scope = { scope: 'CBE-LM', today: '2025-03-20' };
    const first = reconcileAlerts([], [KICKOFF], '2025-03-20', NONE);
    const sent = markDigested(
      first.states,
      digestFor(first.states, 'chargé de mission', true, scope)?.keys ?? [],
    );
    const postponed = reconcileAlerts(
      sent,
      [{ ...KICKOFF, message: `${KICKOFF.message} Nouveau texte.` }],
      '2025-03-21',
      new Map([[KICKOFF.key, 'reporté au 25/03/2025']]),
    ).states;
    expect(
      digestFor(postponed, 'chargé de mission', true, { ...scope, today: '2025-03-21' }),
    ).toBeNull();
    const back = reconcileAlerts(postponed, [KICKOFF], '2025-03-25', NONE).states;
    expect(
      digestFor(back, 'chargé de mission', true, { ...scope, today: '2025-03-25' })?.subject,
    ).toBe('DLA CBE-LM — 1 alerte mise à jour au 25/03/2025');
  });

  it('a re-raised alert starts without the follow-up of the resolved one', () => {
    const [, , , again] = runDays([
      ['2025-03-20', [KICKOFF]],
      ['2025-03-21', [KICKOFF], new Map([[KICKOFF.key, 'vu']])],
      ['2025-03-22', []],
      ['2025-03-23', [KICKOFF], new Map([[KICKOFF.key, 'vu']])],
    ]);
    expect(again?.newlyRaised[0]?.followUp).toBeNull();
  });

  it('reads the « Suivi » column back by alert and record, whatever the row order', () => {
    const states = [
      anAlertState(),
      anAlertState({
        rule: 'BALANCE_BLOCKED',
        key: `BALANCE_BLOCKED:${MISSION_ID}:BALANCE_WITHOUT_FINAL_REPORT`,
        severity: 'bloquant',
        audience: 'finance',
        dueOn: null,
      }),
      anAlertState({
        rule: 'BALANCE_BLOCKED',
        key: `BALANCE_BLOCKED:${MISSION_ID}:BALANCE_WITHOUT_RESTITUTION`,
        severity: 'bloquant',
        audience: 'finance',
        dueOn: null,
      }),
    ];
    const rows = alertsTabRows(states, '2025-03-20').map((row, i) =>
      row.map((cell, column) =>
        column === 7 ? (['vu', 'reporté au 01/04/2025', 'n’importe quoi'][i] ?? '') : cell,
      ),
    );
    expect(rows.map((r) => r[1])).toEqual([
      'Solde bloqué : rapport final',
      'Solde bloqué : restitution',
      'Réunion de lancement manquante',
    ]);
    const followUps = followUpsFromTab([...rows].reverse(), states);
    expect(followUps).toEqual(
      new Map([
        [`BALANCE_BLOCKED:${MISSION_ID}:BALANCE_WITHOUT_FINAL_REPORT`, 'vu'],
        [`BALANCE_BLOCKED:${MISSION_ID}:BALANCE_WITHOUT_RESTITUTION`, 'reporté au 01/04/2025'],
        [`KICKOFF_MISSING:${MISSION_ID}`, 'n’importe quoi'],
      ]),
    );
    const next = reconcileAlerts(states, states, '2025-03-21', followUps).states;
    expect(next.map((s) => s.followUp)).toEqual([
      null,
      { kind: 'vu' },
      { kind: 'reporté', until: '2025-04-01' },
    ]);
  });
});

describe('alertsTabRows: the « Alertes » tab', () => {
  const TODAY = '2025-06-02';
  const state = (
    id: string,
    severity: AlertState['severity'],
    dueOn: IsoDate | null,
    extra: Partial<AlertState> = {},
  ) =>
    anAlertState({
      key: `KICKOFF_MISSING:${id}`,
      recordId: id,
      severity,
      dueOn,
      firstRaisedOn: '2025-05-01',
      ...extra,
    });

  it('has the nine columns of the tab, in French', () => {
    const [row] = alertsTabRows([state('MIS-CBE-LM-0001', 'à faire', '2025-05-30')], TODAY);
    expect(ALERTS_TAB_HEADERS).toHaveLength(9);
    expect(row).toEqual([
      'À faire',
      'Réunion de lancement manquante',
      'MIS-CBE-LM-0001',
      expect.stringContaining('réunion de lancement'),
      'Chargé(e) de mission',
      '30/05/2025',
      '01/05/2025',
      '',
      'Ouverte',
    ]);
  });

  it('sorts by severity, then due date; postponed ones after, resolved ones at the bottom', () => {
    const states = [
      state('MIS-CBE-LM-0001', 'info', '2025-05-01'),
      state('MIS-CBE-LM-0002', 'urgent', '2025-05-20'),
      state('MIS-CBE-LM-0003', 'bloquant', null, { resolvedOn: '2025-05-25' }),
      state('MIS-CBE-LM-0004', 'à faire', '2025-05-10'),
      state('MIS-CBE-LM-0005', 'urgent', '2025-05-12'),
      state('MIS-CBE-LM-0006', 'bloquant', null),
      state('MIS-CBE-LM-0007', 'urgent', null, { followUp: { kind: 'vu' } }),
      state('MIS-CBE-LM-0008', 'bloquant', null, {
        followUp: { kind: 'reporté', until: '2025-06-10' },
      }),
      state('MIS-CBE-LM-0009', 'urgent', null, {
        followUp: { kind: 'reporté', until: '2025-06-02' },
      }),
    ];
    const rows = alertsTabRows(states, TODAY);
    expect(rows.map((r) => [r[2], r[0], r[8]])).toEqual([
      ['MIS-CBE-LM-0006', 'Bloquant', 'Ouverte'],
      ['MIS-CBE-LM-0005', 'Urgent', 'Ouverte'],
      ['MIS-CBE-LM-0002', 'Urgent', 'Ouverte'],
      ['MIS-CBE-LM-0007', 'Urgent', 'Vue'],
      ['MIS-CBE-LM-0009', 'Urgent', 'Ouverte'],
      ['MIS-CBE-LM-0004', 'À faire', 'Ouverte'],
      ['MIS-CBE-LM-0001', 'Information', 'Ouverte'],
      ['MIS-CBE-LM-0008', 'Bloquant', 'Reportée'],
      ['MIS-CBE-LM-0003', 'Bloquant', 'Résolue le 25/05/2025'],
    ]);
    expect(rows[7]?.[7]).toBe('reporté au 10/06/2025');
  });

  it(`keeps a resolved alert ${RESOLVED_RETENTION_DAYS} days, then drops it from the tab and the states`, () => {
    const resolvedOn = '2025-06-02';
    const resolved = [state('MIS-CBE-LM-0003', 'urgent', null, { resolvedOn })];
    const lastDay = addDays(resolvedOn, RESOLVED_RETENTION_DAYS);
    const dayAfter = addDays(lastDay, 1);
    expect(alertsTabRows(resolved, lastDay)).toHaveLength(1);
    expect(reconcileAlerts(resolved, [], lastDay, NONE).states).toHaveLength(1);
    expect(alertsTabRows(resolved, dayAfter)).toEqual([]);
    expect(reconcileAlerts(resolved, [], dayAfter, NONE).states).toEqual([]);
  });
});

describe('digestFor: the daily e-mail', () => {
  const TODAY = '2025-06-02';
  const context = { scope: 'CBE-LM', today: TODAY };
  const states = [
    anAlertState({ key: 'A', recordId: 'MIS-CBE-LM-0001', severity: 'info', dueOn: null }),
    anAlertState({ key: 'B', recordId: 'MIS-CBE-LM-0002', severity: 'urgent' }),
    anAlertState({ key: 'C', recordId: 'MIS-CBE-LM-0003', severity: 'à faire' }),
    anAlertState({
      key: 'D',
      recordId: 'MIS-CBE-LM-0004',
      audience: 'finance',
      severity: 'bloquant',
    }),
    anAlertState({ key: 'E', recordId: 'MIS-CBE-LM-0005', resolvedOn: '2025-06-01' }),
  ];

  it('sends the new alerts of an audience, grouped by severity, with a French subject', () => {
    const digest = digestFor(states, 'chargé de mission', true, context);
    expect(digest?.subject).toBe('DLA CBE-LM — 3 nouvelles alertes au 02/06/2025');
    expect(digest?.keys).toEqual(['B', 'C', 'A']);
    const body = digest?.body ?? '';
    expect(body.indexOf('URGENT (1)')).toBeLessThan(body.indexOf('À FAIRE (1)'));
    expect(body.indexOf('À FAIRE (1)')).toBeLessThan(body.indexOf('INFORMATION (1)'));
    expect(body).toContain('- [Nouvelle] Réunion de lancement manquante — MIS-CBE-LM-0002');
    expect(body).toContain('échéance le 20/03/2025, depuis le 20/03/2025');
    expect(body).toContain('« vu » ou « reporté au jj/mm/aaaa »');
    expect(body).not.toContain('MIS-CBE-LM-0004');
  });

  it('sends only what is new or changed since the last digest, and nothing when nothing is', () => {
    const sent = markDigested(states, ['A', 'B', 'C', 'D']);
    expect(digestFor(sent, 'chargé de mission', true, context)).toBeNull();
    expect(digestFor(sent, 'finance', true, context)).toBeNull();
    const escalated = reconcileAlerts(
      sent.filter((s) => s.resolvedOn === null),
      [
        ...sent.filter((s) => s.resolvedOn === null),
        anAlert({ key: 'F', recordId: 'MIS-CBE-LM-0006' }),
      ].map((s) => (s.key === 'A' ? { ...s, severity: 'urgent' as const } : s)),
      '2025-06-03',
      NONE,
    ).states;
    const digest = digestFor(escalated, 'chargé de mission', true, {
      ...context,
      today: '2025-06-03',
    });
    expect(digest?.subject).toBe(
      'DLA CBE-LM — 1 nouvelle alerte et 1 alerte mise à jour au 03/06/2025',
    );
    expect(digest?.body).toContain(
      '[Mise à jour] Réunion de lancement manquante — MIS-CBE-LM-0001',
    );
  });

  it('lists every open alert when not limited to new ones', () => {
    const sent = markDigested(states, ['A', 'B', 'C', 'D']);
    expect(digestFor(sent, 'chargé de mission', false, context)?.subject).toBe(
      'DLA CBE-LM — 3 alertes en cours au 02/06/2025',
    );
    expect(digestFor(sent, 'finance', false, { scope: 'C2RA', today: TODAY })?.subject).toBe(
      'DLA C2RA — 1 alerte en cours au 02/06/2025',
    );
  });

  it('has nothing to send for an audience without alerts', () => {
    expect(digestFor(states, 'C2RA', true, context)).toBeNull();
    expect(digestFor([], 'chargé de mission', false, context)).toBeNull();
  });
});
