import {
  MISSION_STATUSES,
  MISSION_STATUS_LABELS,
  deriveMissionStatus,
  describeMissionStatus,
  everySolicitedAnswered,
  type MissionStatus,
} from '../../../../shared/domain/mission-lifecycle';
import type { Mission } from '../../../../shared/domain/mission';
import type { Solicitation } from '../../../../shared/domain/solicitation';
import {
  AFTER_ALL_MILESTONES,
  aMission,
  missionAtStage,
} from '../../../support/builders/mission-builder';
import {
  aCallForProposals,
  aDeclinedSolicitation,
  aPendingSolicitation,
  aSolicitation,
} from '../../../support/builders/solicitation-builder';

const SUSPENSION: Partial<Mission> = {
  interruptionKind: 'Suspension',
  interruptionOn: '2025-04-10',
  interruptionReason: 'Départ de la directrice, recrutement en cours',
};
const REORIENTATION: Partial<Mission> = {
  interruptionKind: 'Réorientation',
  interruptionOn: '2025-04-10',
  interruptionReason: 'Le diagnostic financier révèle un besoin de trésorerie prioritaire',
};
const STOP: Partial<Mission> = {
  interruptionKind: 'Arrêt',
  interruptionOn: '2025-05-20',
  interruptionReason: "Cessation d'activité de l'association",
};

type StatusCase = [MissionStatus, Mission, Solicitation[], string];

/** One typical mission per status; the test below checks that every status has its row. */
const STATUS_CASES: StatusCase[] = [
  ['draft', aMission(), [], AFTER_ALL_MILESTONES],
  ['callOpen', missionAtStage('callOpen'), aCallForProposals('callOpen'), '2025-02-01'],
  ['proposalsUnderReview', missionAtStage('callOpen'), aCallForProposals('callOpen'), '2025-02-08'],
  ['awarded', missionAtStage('awarded'), aCallForProposals('awarded'), AFTER_ALL_MILESTONES],
  [
    'agreementSigned',
    missionAtStage('agreementSigned'),
    aCallForProposals('agreementSigned'),
    AFTER_ALL_MILESTONES,
  ],
  [
    'inProgress',
    missionAtStage('inProgress'),
    aCallForProposals('inProgress'),
    AFTER_ALL_MILESTONES,
  ],
  [
    'midNoteReceived',
    missionAtStage('midNoteReceived'),
    aCallForProposals('midNoteReceived'),
    AFTER_ALL_MILESTONES,
  ],
  [
    'restituted',
    missionAtStage('restituted'),
    aCallForProposals('restituted'),
    AFTER_ALL_MILESTONES,
  ],
  [
    'balancePaid',
    missionAtStage('balancePaid'),
    aCallForProposals('balancePaid'),
    AFTER_ALL_MILESTONES,
  ],
  ['evaluated', missionAtStage('evaluated'), aCallForProposals('evaluated'), AFTER_ALL_MILESTONES],
  ['closed', missionAtStage('closed'), aCallForProposals('closed'), AFTER_ALL_MILESTONES],
  [
    'suspended',
    missionAtStage('inProgress', SUSPENSION),
    aCallForProposals('inProgress'),
    AFTER_ALL_MILESTONES,
  ],
  [
    'stopped',
    missionAtStage('midNoteReceived', STOP),
    aCallForProposals('midNoteReceived'),
    AFTER_ALL_MILESTONES,
  ],
];

describe('deriveMissionStatus', () => {
  // « reoriented » stays in the list for the regional columns but is never derived: a
  // réorientation lets the mission go on (guide, part III: « prise de décision rapide :
  // réorientation, suspension, arrêt de l'accompagnement »).
  it('has a case for every status a mission can reach', () => {
    expect(STATUS_CASES.map(([status]) => status)).toEqual(
      MISSION_STATUSES.filter((status) => status !== 'reoriented'),
    );
  });

  it.each(STATUS_CASES)(
    'derives %s from the milestones',
    (expected, mission, solicitations, today) => {
      expect(deriveMissionStatus(mission, solicitations, today)).toBe(expected);
    },
  );

  it.each<[string, Mission, Solicitation[], string, MissionStatus]>([
    [
      'a call on its deadline day is still open',
      missionAtStage('callOpen'),
      aCallForProposals('callOpen'),
      '2025-02-07',
      'callOpen',
    ],
    [
      'a call whose every consultant answered is under review before its deadline',
      missionAtStage('callOpen'),
      aCallForProposals('proposalsUnderReview'),
      '2025-02-06',
      'proposalsUnderReview',
    ],
    [
      'a decline counts as an answer',
      missionAtStage('callOpen'),
      [aSolicitation(), aDeclinedSolicitation()],
      '2025-02-04',
      'proposalsUnderReview',
    ],
    [
      'a blank answer is not an answer',
      missionAtStage('callOpen'),
      [aSolicitation(), aPendingSolicitation({ answer: null })],
      '2025-02-04',
      'callOpen',
    ],
    [
      'a call with nobody solicited and no deadline stays open',
      missionAtStage('callOpen', { replyDeadline: null }),
      [],
      AFTER_ALL_MILESTONES,
      'callOpen',
    ],
    [
      'a call without deadline is under review once everyone answered',
      missionAtStage('callOpen', { replyDeadline: null }),
      aCallForProposals('proposalsUnderReview'),
      AFTER_ALL_MILESTONES,
      'proposalsUnderReview',
    ],
    [
      'terms dated after today are not sent yet',
      missionAtStage('callOpen'),
      [],
      '2025-01-12',
      'draft',
    ],
    [
      'a kickoff dated after today is only planned',
      missionAtStage('inProgress'),
      aCallForProposals('inProgress'),
      '2025-03-11',
      'agreementSigned',
    ],
    [
      'the kickoff day itself starts the mission',
      missionAtStage('inProgress'),
      aCallForProposals('inProgress'),
      '2025-03-12',
      'inProgress',
    ],
    [
      'the furthest milestone wins over a missing one',
      aMission({ restitutionOn: '2025-06-26' }),
      [],
      AFTER_ALL_MILESTONES,
      'restituted',
    ],
    [
      'a kickoff without agreement still starts the mission',
      aMission({ kickoffOn: '2025-03-12' }),
      [],
      AFTER_ALL_MILESTONES,
      'inProgress',
    ],
    [
      'a sent survey is not an evaluation',
      missionAtStage('balancePaid', { surveySentOn: '2025-07-23' }),
      [],
      AFTER_ALL_MILESTONES,
      'balancePaid',
    ],
    [
      'a final report alone does not pay the balance',
      missionAtStage('restituted', { finalReportReceivedOn: '2025-07-03' }),
      [],
      AFTER_ALL_MILESTONES,
      'restituted',
    ],
    [
      'a suspension lifts once a resumption is decided',
      missionAtStage('inProgress', { ...SUSPENSION, interruptionDecisionOn: '2025-04-28' }),
      [],
      AFTER_ALL_MILESTONES,
      'inProgress',
    ],
    [
      // Guide, part III: the DLA decides « réorientation, suspension, arrêt » — a réorientation
      // changes the mission, whose later milestones keep counting.
      'a reoriented mission goes on at its furthest milestone',
      missionAtStage('midNoteReceived', REORIENTATION),
      [],
      AFTER_ALL_MILESTONES,
      'midNoteReceived',
    ],
    [
      'a reoriented mission is not paused on the day of the decision',
      missionAtStage('inProgress', REORIENTATION),
      [],
      '2025-04-10',
      'inProgress',
    ],
    [
      'a reoriented mission reaches its restitution',
      missionAtStage('restituted', REORIENTATION),
      [],
      AFTER_ALL_MILESTONES,
      'restituted',
    ],
    [
      'a consultant warning alone changes nothing: the DLA decides',
      missionAtStage('inProgress', { warningOn: '2025-04-08', warningReason: 'Trésorerie' }),
      [],
      AFTER_ALL_MILESTONES,
      'inProgress',
    ],
    [
      'a resumption decided after today does not lift the suspension yet',
      missionAtStage('inProgress', { ...SUSPENSION, interruptionDecisionOn: '2025-04-28' }),
      [],
      '2025-04-27',
      'suspended',
    ],
    [
      'a stop never resumes',
      missionAtStage('midNoteReceived', { ...STOP, interruptionDecisionOn: '2025-06-01' }),
      [],
      AFTER_ALL_MILESTONES,
      'stopped',
    ],
    [
      'a stop overrides later milestones',
      missionAtStage('evaluated', STOP),
      [],
      AFTER_ALL_MILESTONES,
      'stopped',
    ],
    [
      'a stopped mission can be closed',
      missionAtStage('midNoteReceived', { ...STOP, closedOn: '2025-07-01' }),
      [],
      AFTER_ALL_MILESTONES,
      'closed',
    ],
    [
      'a suspended mission can be closed',
      missionAtStage('inProgress', { ...SUSPENSION, closedOn: '2025-07-01' }),
      [],
      AFTER_ALL_MILESTONES,
      'closed',
    ],
    [
      'a closure dated after today does not close a stopped mission',
      missionAtStage('midNoteReceived', { ...STOP, closedOn: '2025-07-01' }),
      [],
      '2025-06-30',
      'stopped',
    ],
    [
      'an interruption dated after today has not happened',
      missionAtStage('inProgress', SUSPENSION),
      [],
      '2025-04-09',
      'inProgress',
    ],
    [
      'an interruption without date applies at once',
      missionAtStage('inProgress', { ...SUSPENSION, interruptionOn: null }),
      [],
      '2025-04-01',
      'suspended',
    ],
  ])('%s', (_description, mission, solicitations, today, expected) => {
    expect(deriveMissionStatus(mission, solicitations, today)).toBe(expected);
  });
});

describe('everySolicitedAnswered', () => {
  it.each<[string, Solicitation[], boolean]>([
    ['nobody solicited', [], false],
    ['one pending', [aSolicitation(), aPendingSolicitation()], false],
    ['one blank answer', [aSolicitation({ answer: null })], false],
    [
      'proposals, declines and late answers',
      [aSolicitation(), aDeclinedSolicitation(), aSolicitation({ answer: 'Hors délai' })],
      true,
    ],
  ])('%s', (_description, solicitations, expected) => {
    expect(everySolicitedAnswered(solicitations)).toBe(expected);
  });
});

describe('describeMissionStatus', () => {
  const LABELS: [MissionStatus, string][] = [
    ['draft', 'Brouillon'],
    ['callOpen', 'Appel à propositions ouvert'],
    ['proposalsUnderReview', 'Propositions en analyse'],
    ['awarded', 'Attribuée'],
    ['agreementSigned', 'Convention signée'],
    ['inProgress', 'En cours'],
    ['midNoteReceived', 'Note à mi-parcours reçue'],
    ['restituted', 'Restituée'],
    ['balancePaid', 'Solde versé'],
    ['evaluated', 'Évaluée'],
    ['closed', 'Clôturée'],
    ['suspended', 'Suspendue'],
    ['reoriented', 'Réorientée'],
    ['stopped', 'Arrêtée'],
  ];

  it('labels every status', () => {
    expect(Object.keys(MISSION_STATUS_LABELS).sort()).toEqual([...MISSION_STATUSES].sort());
    expect(LABELS.map(([status]) => status)).toEqual([...MISSION_STATUSES]);
  });

  it.each(LABELS)('%s reads « %s »', (status, label) => {
    expect(describeMissionStatus(status)).toBe(label);
    expect(MISSION_STATUS_LABELS[status]).toBe(label);
  });
});
