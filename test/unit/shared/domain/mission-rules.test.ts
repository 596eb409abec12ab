import { FINAL_REPORT_CONTENTS } from '../../../../shared/domain/final-report';
import type { Mission } from '../../../../shared/domain/mission';
import {
  MILESTONE_ORDER,
  balanceBlockers,
  checkMission,
} from '../../../../shared/domain/mission-rules';
import { MISSION_STAGES } from '../../../support/builders/mission-builder';
import {
  aDeclinedSolicitation,
  aPendingSolicitation,
  aSolicitation,
} from '../../../support/builders/solicitation-builder';
import { contextAt, fullContext, violation } from './mission-rules.fixture';

describe('checkMission on valid missions', () => {
  it.each(MISSION_STAGES.map((stage) => [stage]))(
    'reports nothing on a coherent mission at stage %s',
    (stage) => {
      expect(checkMission(contextAt(stage))).toEqual([]);
    },
  );

  it('reports nothing on a closed mission with every optional milestone, interruption and extension', () => {
    expect(checkMission(fullContext())).toEqual([]);
  });
});

describe('MILESTONE_ORDER', () => {
  // Neither agreement → kickoff nor restitution → final report: the guide orders neither
  // (« Dans la mesure du possible, le lancement de la mission s'effectue au cours d'une réunion
  // tripartite » ; « La restitution est conduite par le prestataire, sur la base d'un rapport final »).
  it('orders the milestones, naming the later one', () => {
    expect(MILESTONE_ORDER).toEqual([
      ['termsSentOn', 'replyDeadline', 'DEADLINE_BEFORE_TERMS'],
      ['replyDeadline', 'awardedOn', 'AWARD_BEFORE_DEADLINE'],
      ['termsSentOn', 'awardedOn', 'MILESTONE_ORDER'],
      ['awardedOn', 'agreementSignedOn', 'MILESTONE_ORDER'],
      ['awardedOn', 'kickoffOn', 'MILESTONE_ORDER'],
      ['kickoffOn', 'midNoteReceivedOn', 'MILESTONE_ORDER'],
      ['kickoffOn', 'plannedEndOn', 'MILESTONE_ORDER'],
      ['kickoffOn', 'restitutionOn', 'MILESTONE_ORDER'],
      ['awardedOn', 'finalReportReceivedOn', 'MILESTONE_ORDER'],
      ['finalReportReceivedOn', 'balancePaidOn', 'MILESTONE_ORDER'],
      ['restitutionOn', 'surveySentOn', 'MILESTONE_ORDER'],
      ['surveySentOn', 'surveyAnsweredOn', 'MILESTONE_ORDER'],
      ['restitutionOn', 'closedOn', 'MILESTONE_ORDER'],
      ['restitutionOn', 'followUpDiagnosticOn', 'MILESTONE_ORDER'],
      ['warningOn', 'interruptionOn', 'MILESTONE_ORDER'],
      ['interruptionOn', 'interruptionDecisionOn', 'MILESTONE_ORDER'],
    ]);
  });

  // Each later milestone is moved one day before the earlier one on an otherwise valid mission.
  it.each<[string, keyof Mission, string, string]>([
    [
      'DEADLINE_BEFORE_TERMS',
      'replyDeadline',
      '2025-01-12',
      "La date limite de réponse (12/01/2025) ne peut pas précéder l'envoi du cahier des charges (13/01/2025).",
    ],
    [
      'MILESTONE_ORDER',
      'awardedOn',
      '2025-01-12',
      "L'attribution (12/01/2025) ne peut pas précéder l'envoi du cahier des charges (13/01/2025).",
    ],
    [
      'MILESTONE_ORDER',
      'agreementSignedOn',
      '2025-02-19',
      "La convention (19/02/2025) ne peut pas précéder l'attribution (20/02/2025).",
    ],
    [
      'MILESTONE_ORDER',
      'kickoffOn',
      '2025-02-19',
      "La réunion de lancement (19/02/2025) ne peut pas précéder l'attribution (20/02/2025).",
    ],
    [
      'MILESTONE_ORDER',
      'midNoteReceivedOn',
      '2025-03-11',
      'La note à mi-parcours (11/03/2025) ne peut pas précéder la réunion de lancement (12/03/2025).',
    ],
    [
      'MILESTONE_ORDER',
      'plannedEndOn',
      '2025-03-11',
      'La fin prévue (11/03/2025) ne peut pas précéder la réunion de lancement (12/03/2025).',
    ],
    [
      'MILESTONE_ORDER',
      'restitutionOn',
      '2025-03-11',
      'La restitution (11/03/2025) ne peut pas précéder la réunion de lancement (12/03/2025).',
    ],
    [
      'MILESTONE_ORDER',
      'finalReportReceivedOn',
      '2025-02-19',
      "Le rapport final (19/02/2025) ne peut pas précéder l'attribution (20/02/2025).",
    ],
    [
      'MILESTONE_ORDER',
      'balancePaidOn',
      '2025-07-02',
      'Le versement du solde (02/07/2025) ne peut pas précéder la réception du rapport final (03/07/2025).',
    ],
    [
      'MILESTONE_ORDER',
      'surveySentOn',
      '2025-06-25',
      "L'envoi de l'enquête de satisfaction (25/06/2025) ne peut pas précéder la restitution (26/06/2025).",
    ],
    [
      'MILESTONE_ORDER',
      'surveyAnsweredOn',
      '2025-07-22',
      "La réponse à l'enquête de satisfaction (22/07/2025) ne peut pas précéder l'envoi de l'enquête de satisfaction (23/07/2025).",
    ],
    [
      'MILESTONE_ORDER',
      'closedOn',
      '2025-06-25',
      'La clôture (25/06/2025) ne peut pas précéder la restitution (26/06/2025).',
    ],
    [
      'MILESTONE_ORDER',
      'followUpDiagnosticOn',
      '2025-06-25',
      'Le diagnostic de suivi (25/06/2025) ne peut pas précéder la restitution (26/06/2025).',
    ],
    [
      'MILESTONE_ORDER',
      'interruptionOn',
      '2025-04-07',
      "La décision du DLA (07/04/2025) ne peut pas précéder l'alerte du prestataire (08/04/2025).",
    ],
    [
      'MILESTONE_ORDER',
      'interruptionDecisionOn',
      '2025-04-09',
      'La reprise (09/04/2025) ne peut pas précéder la décision du DLA (10/04/2025).',
    ],
  ])('%s: %s refused when dated %s', (code, later, date, message) => {
    expect(checkMission(fullContext({ [later]: date }))).toEqual([
      violation(code, later, 'error', message),
    ]);
  });

  it.each<[keyof Mission, keyof Mission]>(
    MILESTONE_ORDER.map(([earlier, later]) => [earlier, later]),
  )('%s and %s on the same day are in order', (earlier, later) => {
    const mission = fullContext().mission;
    const codes = checkMission(fullContext({ [later]: mission[earlier] })).map((v) => v.code);
    expect(codes).not.toContain('MILESTONE_ORDER');
    expect(codes).not.toContain('DEADLINE_BEFORE_TERMS');
    expect(codes).not.toContain('AWARD_BEFORE_DEADLINE');
  });

  it('AWARD_BEFORE_DEADLINE: an award before the deadline is refused while a consultant has not answered', () => {
    const context = fullContext(
      { awardedOn: '2025-02-06' },
      {
        solicitations: [
          aSolicitation({ decision: 'Retenu' }),
          aDeclinedSolicitation(),
          aPendingSolicitation(),
        ],
      },
    );
    expect(checkMission(context)).toEqual([
      violation(
        'AWARD_BEFORE_DEADLINE',
        'awardedOn',
        'error',
        "L'attribution (06/02/2025) ne peut pas précéder la date limite de réponse (07/02/2025) tant que tous les prestataires sollicités n'ont pas répondu.",
      ),
    ]);
  });

  it('AWARD_BEFORE_DEADLINE: an award before the deadline is accepted once every consultant answered', () => {
    expect(checkMission(fullContext({ awardedOn: '2025-02-06' }))).toEqual([]);
  });

  // Guide, part III: « La restitution est conduite par le prestataire, sur la base d'un rapport
  // final » — the report exists at or before the meeting.
  it.each([
    ['the day before the restitution', '2025-06-25'],
    ['a week before the restitution', '2025-06-19'],
    ['on the restitution day', '2025-06-26'],
  ])('accepts a final report received %s', (_when, receivedOn) => {
    expect(checkMission(fullContext({ finalReportReceivedOn: receivedOn }))).toEqual([]);
  });

  // Guide, part III: the tripartite kickoff (« dans la mesure du possible ») frames the mission
  // and the « convention tripartite » writes its terms down; the guide sets no order.
  it('accepts a kickoff held before the agreement is signed', () => {
    expect(checkMission(fullContext({ kickoffOn: '2025-03-01' }))).toEqual([]);
  });

  it('skips a pair when either date is missing', () => {
    expect(checkMission(contextAt('inProgress', { plannedEndOn: null }))).toEqual([]);
  });
});

describe('balanceBlockers', () => {
  it('is empty once the complete report, the restitution and a complete provider sheet are there', () => {
    expect(
      balanceBlockers(
        contextAt('restituted', {
          finalReportReceivedOn: '2025-07-03',
          finalReportContents: [...FINAL_REPORT_CONTENTS],
        }),
      ),
    ).toEqual([]);
  });

  // Guide, part III: « Le rapport final […] doit comporter les éléments suivants » — page de
  // garde, note de synthèse, plan d'actions « préconisations et échéancier », annexes — and the
  // restitution is based on it « en version numérique et papier » (« pièce indispensable pour
  // procéder au versement du solde »).
  it.each<[string, string[] | null, string]>([
    [
      'not recorded',
      null,
      'Contenu du rapport final non renseigné : indiquez dans « Contenu du rapport final » les éléments présents parmi ceux exigés par le guide.',
    ],
    [
      'half done',
      FINAL_REPORT_CONTENTS.slice(0, 5),
      'Rapport final incomplet, il manque : Travail réalisé et résultats, Préconisations et échéancier, Annexes, Version numérique, Version papier.',
    ],
    [
      'without the paper version',
      FINAL_REPORT_CONTENTS.filter((c) => c !== 'Version papier'),
      'Rapport final incomplet, il manque : Version papier.',
    ],
  ])(
    'keeps the balance blocked while the final report is %s, naming what is missing',
    (_name, contents, message) => {
      const context = contextAt('restituted', {
        finalReportReceivedOn: '2025-07-03',
        finalReportContents: contents,
      });
      expect(balanceBlockers(context)).toEqual([
        { code: 'BALANCE_FINAL_REPORT_INCOMPLETE', message },
      ]);
      expect(checkMission(context)).toEqual([
        violation('FINAL_REPORT_INCOMPLETE', 'finalReportContents', 'warning', message),
      ]);
      expect(
        checkMission({ ...context, mission: { ...context.mission, balancePaidOn: '2025-07-21' } }),
      ).toEqual([violation('BALANCE_FINAL_REPORT_INCOMPLETE', 'balancePaidOn', 'error', message)]);
    },
  );

  it('explains why a balance not yet entered cannot be paid', () => {
    expect(balanceBlockers(contextAt('restituted'))).toEqual([
      {
        code: 'BALANCE_WITHOUT_FINAL_REPORT',
        message:
          'Le solde ne peut pas être versé sans le rapport final (version numérique et papier).',
      },
    ]);
  });

  it('lists every missing piece on a mission that has just started', () => {
    const context = contextAt(
      'inProgress',
      {},
      { retainedProvider: { id: 'PRE-0012', completeness: { sheetComplete: false, missing: [] } } },
    );
    expect(balanceBlockers(context)).toEqual([
      {
        code: 'BALANCE_WITHOUT_FINAL_REPORT',
        message:
          'Le solde ne peut pas être versé sans le rapport final (version numérique et papier).',
      },
      {
        code: 'BALANCE_WITHOUT_RESTITUTION',
        message: 'Le solde ne peut pas être versé avant la restitution.',
      },
      { code: 'BALANCE_PROVIDER_INCOMPLETE', message: 'Fiche prestataire incomplète.' },
    ]);
  });
});
