import { evaluateAlerts } from '../../../../../shared/domain/alerts/alert-evaluation';
import {
  missionEntriesOf,
  type SolicitationEntry,
} from '../../../../../shared/domain/alerts/alert-inputs';
import { midNoteDueOn } from '../../../../../shared/domain/mission-lifecycle';
import type { Mission } from '../../../../../shared/domain/mission';
import { DEFAULT_PARAMETERS } from '../../../../../shared/domain/operator-parameters';
import type { IsoDate } from '../../../../../shared/domain/values/french-date';
import {
  MISSION_ID,
  aMissionEntry,
  aProviderEntry,
  anAlertInput,
  solicitationEntries,
  REGISTER,
} from '../../../../support/builders/alert-fixtures';
import { aMission, missionAtStage } from '../../../../support/builders/mission-builder';
import { aCallForProposals } from '../../../../support/builders/solicitation-builder';
import { aStoredRecord } from '../../../../support/builders/stored-record-builder';
import { missionKey, SUSPENDED } from './alert-rule-cases.fixture';

describe('evaluateAlerts: conditions that end or prevent an alert', () => {
  const at = (mission: Mission, today: IsoDate, solicitations = aCallForProposals('closed')) =>
    evaluateAlerts(
      anAlertInput({
        today,
        missions: [aMissionEntry(mission)],
        solicitations: solicitationEntries(solicitations),
      }),
    ).map((a) => a.key);

  it.each<[string, Mission, IsoDate, string]>([
    [
      'a deadline warning after the deadline',
      missionAtStage('callOpen'),
      '2025-02-08',
      missionKey('REPLY_DEADLINE_NEAR'),
    ],
    [
      'the mid-mission note once received',
      missionAtStage('midNoteReceived'),
      '2025-05-20',
      missionKey('MID_NOTE'),
    ],
    [
      'a restitution alert once the restitution is held',
      missionAtStage('restituted'),
      '2025-07-20',
      missionKey('RESTITUTION_OVERDUE'),
    ],
    [
      'the execution alerts of a suspended mission',
      missionAtStage('inProgress', SUSPENDED),
      '2025-05-20',
      missionKey('MID_NOTE'),
    ],
    [
      'the interruption alert once the resumption is decided',
      missionAtStage('inProgress', { ...SUSPENDED, interruptionDecisionOn: '2025-05-02' }),
      '2025-05-12',
      missionKey('INTERRUPTION_UNDECIDED'),
    ],
    [
      'a warning once the DLA decided',
      missionAtStage('inProgress', {
        warningOn: '2025-04-08',
        warningReason: 'Trésorerie',
        interruptionKind: 'Réorientation',
        interruptionOn: '2025-04-11',
        interruptionReason: 'Priorité à la trésorerie',
      }),
      '2025-05-01',
      missionKey('WARNING_UNDECIDED'),
    ],
    [
      'a pause of a reoriented mission: it goes on without resumption',
      missionAtStage('inProgress', { ...SUSPENDED, interruptionKind: 'Réorientation' }),
      '2025-06-01',
      missionKey('INTERRUPTION_UNDECIDED'),
    ],
    [
      'a call still open with a single proposal: the deadline has not passed',
      missionAtStage('callOpen'),
      '2025-02-07',
      missionKey('TOO_FEW_PROPOSALS'),
    ],
    [
      'any alert of a stopped mission',
      missionAtStage('midNoteReceived', {
        interruptionKind: 'Arrêt',
        interruptionOn: '2025-05-20',
        interruptionReason: "Cessation d'activité",
      }),
      '2025-08-01',
      `${missionKey('BALANCE_BLOCKED')}:BALANCE_WITHOUT_FINAL_REPORT`,
    ],
    [
      'a blocked balance once it is paid',
      missionAtStage('balancePaid'),
      '2025-07-22',
      `${missionKey('BALANCE_BLOCKED')}:BALANCE_WITHOUT_FINAL_REPORT`,
    ],
    [
      'a blocked balance before the restitution is due',
      missionAtStage('inProgress'),
      '2025-06-29',
      `${missionKey('BALANCE_BLOCKED')}:BALANCE_WITHOUT_FINAL_REPORT`,
    ],
    [
      'the recommendations once followed up on or after their timetable',
      missionAtStage('closed', {
        recommendationsDueOn: '2026-01-15',
        followUpDiagnosticOn: '2026-01-20',
      }),
      '2026-02-01',
      missionKey('RECOMMENDATIONS_DUE'),
    ],
    [
      'a follow-up diagnostic once held',
      missionAtStage('closed', { followUpDiagnosticOn: '2026-02-01' }),
      '2026-04-01',
      missionKey('FOLLOW_UP_DIAGNOSTIC_DUE'),
    ],
    [
      'low satisfaction above the threshold',
      missionAtStage('evaluated', { satisfactionScore: 3 }),
      '2025-08-05',
      missionKey('LOW_SATISFACTION'),
    ],
  ])('no alert for %s', (_name, mission, today, key) => {
    expect(at(mission, today)).not.toContain(key);
  });

  it('raises the blocked balance at once when a balance date was refused, before the planned end', () => {
    const [entry] = missionEntriesOf([
      aStoredRecord({
        id: MISSION_ID,
        data: { ...missionAtStage('inProgress'), balancePaidOn: null },
        rejected: {
          balancePaidOn: {
            raw: '15/04/2025',
            code: 'BALANCE_WITHOUT_FINAL_REPORT',
            message: 'Le solde ne peut pas être versé sans le rapport final.',
          },
        },
      }),
    ]);
    expect(entry?.balanceDateRejected).toBe(true);
    const alerts = evaluateAlerts(
      anAlertInput({
        today: '2025-04-15',
        missions: entry ? [entry] : [],
        solicitations: solicitationEntries(aCallForProposals('inProgress')),
      }),
    );
    const blocked = alerts.filter((a) => a.rule === 'BALANCE_BLOCKED');
    expect(blocked.map((a) => a.key.split(':')[2])).toEqual([
      'BALANCE_WITHOUT_FINAL_REPORT',
      'BALANCE_WITHOUT_RESTITUTION',
    ]);
    expect(blocked[0]?.message).toContain(
      'Une date de versement du solde a été saisie et refusée.',
    );
  });

  // A réorientation lets the mission go on: its later milestones and alerts keep running.
  it('a reoriented mission keeps its mid-mission note alert', () => {
    const mission = missionAtStage('inProgress', {
      ...SUSPENDED,
      interruptionKind: 'Réorientation',
    });
    expect(at(mission, '2025-05-06', aCallForProposals('inProgress'))).toContain(
      missionKey('MID_NOTE'),
    );
  });

  // The guide never asks for 2 proposals received, nor for admitting a late one.
  it('the too-few-proposals information neither cites the guide nor suggests a late proposal', () => {
    const alerts = evaluateAlerts(
      anAlertInput({
        today: '2025-02-08',
        missions: [aMissionEntry(missionAtStage('callOpen'))],
        solicitations: solicitationEntries(aCallForProposals('callOpen')),
      }),
    );
    const info = alerts.find((a) => a.rule === 'TOO_FEW_PROPOSALS');
    expect(info?.severity).toBe('info');
    expect(info?.message).not.toMatch(/guide|hors délai|retard/i);
  });

  // Guide: the sheet must be complete « (adresse, N° de siret, etc.) »; the rest of the list is
  // the operator's checklist, blocking payment only when the operator turns it on.
  it.each([
    ['Non', []],
    ['Oui', [`${missionKey('BALANCE_BLOCKED')}:BALANCE_PROVIDER_INCOMPLETE`]],
  ] as const)(
    'a provider without phone blocks the balance only when the checklist is required (%s)',
    (required, expected) => {
      const keys = evaluateAlerts(
        anAlertInput({
          today: '2025-07-01',
          parameters: { ...DEFAULT_PARAMETERS, providerChecklistRequired: required },
          missions: [
            aMissionEntry(missionAtStage('restituted', { finalReportReceivedOn: '2025-06-26' })),
          ],
          solicitations: solicitationEntries(aCallForProposals('restituted')),
          providers: [aProviderEntry('PRE-0012', { phone: null }), ...REGISTER.slice(1)],
        }),
      ).map((a) => a.key);
      expect(keys.filter((k) => k.includes('PROVIDER_INCOMPLETE'))).toEqual(expected);
    },
  );

  // Guide, part III: the survey evaluates « les modalités d'intervention, son déroulement, les
  // compétences du prestataire, les résultats de l'intervention, l'impact et la durabilité ».
  it.each<[string, Partial<Mission>, string | null]>([
    [
      'one low dimension, a good mean',
      {
        surveyModalities: 5,
        surveyProgress: 4,
        surveyCompetence: 2,
        surveyResults: 4,
        surveyImpact: 4,
        surveyDurability: 5,
      },
      'satisfaction de 4/5, note faible sur : compétences du prestataire (2/5) (seuil 2/5)',
    ],
    [
      'two low dimensions',
      { surveyImpact: 1, surveyDurability: 2, surveyResults: 3 },
      'satisfaction de 2/5, note faible sur : impact (1/5), durabilité (2/5) (seuil 2/5)',
    ],
    [
      'the former single score, kept as « note globale »',
      { satisfactionScore: 2 },
      'satisfaction de 2/5 (seuil 2/5)',
    ],
    ['every dimension above the threshold', { surveyModalities: 3, surveyImpact: 4 }, null],
  ])('flags a low survey to the C2RA with the dimensions named: %s', (_name, survey, wording) => {
    const mission = missionAtStage('evaluated', { satisfactionScore: null, ...survey });
    const alert = evaluateAlerts(
      anAlertInput({ today: '2025-08-04', missions: [aMissionEntry(mission)] }),
    ).find((a) => a.rule === 'LOW_SATISFACTION');
    if (wording === null) expect(alert).toBeUndefined();
    else expect(alert?.message).toContain(wording);
  });

  it('the low-satisfaction threshold is a parameter', () => {
    const mission = missionAtStage('evaluated', { satisfactionScore: 3 });
    const keys = evaluateAlerts(
      anAlertInput({
        today: '2025-08-04',
        parameters: { ...DEFAULT_PARAMETERS, lowSatisfactionThreshold: 3 },
        missions: [aMissionEntry(mission)],
      }),
    ).map((a) => a.key);
    expect(keys).toContain(missionKey('LOW_SATISFACTION'));
  });

  it('an archived solicitation is not waited for', () => {
    const [proposal, declined, pending] = solicitationEntries(aCallForProposals('callOpen'));
    const alerts = evaluateAlerts(
      anAlertInput({
        today: '2025-02-08',
        missions: [aMissionEntry(missionAtStage('callOpen'))],
        solicitations: [proposal, declined, pending && { ...pending, archived: true }].filter(
          (s): s is SolicitationEntry => s !== undefined,
        ),
      }),
    );
    expect(alerts.map((a) => a.rule)).not.toContain('REPLY_MISSING');
  });

  it('a draft mission raises nothing', () => {
    expect(at(aMission(), '2025-06-01', [])).toEqual([]);
  });

  it('the mid-mission note falls halfway between kickoff and planned end', () => {
    expect(midNoteDueOn(missionAtStage('inProgress'))).toBe('2025-05-06');
    expect(midNoteDueOn(aMission({ kickoffOn: '2025-03-01', plannedEndOn: '2025-03-04' }))).toBe(
      '2025-03-02',
    );
    expect(midNoteDueOn(aMission({ kickoffOn: '2025-03-01' }))).toBeNull();
  });
});
