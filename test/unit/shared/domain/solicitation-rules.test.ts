import type { Mission } from '../../../../shared/domain/mission';
import { checkSolicitation } from '../../../../shared/domain/mission-rules';
import type { RuleViolation } from '../../../../shared/domain/rule-violation';
import type { Solicitation } from '../../../../shared/domain/solicitation';
import { MISSION_STAGES, missionAtStage } from '../../../support/builders/mission-builder';
import {
  aCallForProposals,
  aDeclinedSolicitation,
  aPendingSolicitation,
  aSolicitation,
} from '../../../support/builders/solicitation-builder';
import { violation } from './mission-rules.fixture';

describe('checkSolicitation', () => {
  const mission = missionAtStage('awarded');

  it.each(MISSION_STAGES.map((stage) => [stage]))(
    'reports nothing on the call for proposals at stage %s',
    (stage) => {
      const solicitations = aCallForProposals(stage);
      for (const s of solicitations)
        expect(checkSolicitation(s, missionAtStage(stage), solicitations)).toEqual([]);
    },
  );

  it.each<[keyof Solicitation, number, string]>([
    ['priceCents', 450_000, 'Prix proposé'],
    ['proposedDays', 6, 'Jours proposés'],
    ['understandingByOfficer', 3, 'Compréhension (CM)'],
    ['understandingByBeneficiary', 3, 'Compréhension (SB)'],
    ['resultsByOfficer', 3, 'Résultats attendus (CM)'],
    ['resultsByBeneficiary', 3, 'Résultats attendus (SB)'],
    ['methodologyByOfficer', 3, 'Méthodologie (CM)'],
    ['methodologyByBeneficiary', 3, 'Méthodologie (SB)'],
    ['profileByOfficer', 3, 'Profil et références (CM)'],
    ['profileByBeneficiary', 3, 'Profil et références (SB)'],
    ['durationByOfficer', 3, 'Durée (CM)'],
    ['durationByBeneficiary', 0, 'Durée (SB)'],
  ])(
    'SOLICITATION_DECLINED_WITH_PROPOSAL: a decline with %s filled is refused',
    (key, value, label) => {
      expect(checkSolicitation(aDeclinedSolicitation({ [key]: value }), mission, [])).toEqual([
        violation(
          'SOLICITATION_DECLINED_WITH_PROPOSAL',
          key,
          'error',
          `Le prestataire a décliné : la colonne « ${label} » doit rester vide.`,
        ),
      ]);
    },
  );

  it('SOLICITATION_DECLINED_WITH_PROPOSAL: one violation per offending field', () => {
    const s = aDeclinedSolicitation({ priceCents: 450_000, proposedDays: 6 });
    expect(checkSolicitation(s, mission, []).map((v) => v.field)).toEqual([
      'priceCents',
      'proposedDays',
    ]);
  });

  const retainedSibling = aSolicitation({ decision: 'Retenu' });

  it.each<[string, Solicitation, Mission | null, Solicitation[], RuleViolation]>([
    [
      'ANSWER_BEFORE_SOLICITATION',
      aSolicitation({ answeredOn: '2025-01-10' }),
      mission,
      [],
      violation(
        'ANSWER_BEFORE_SOLICITATION',
        'answeredOn',
        'error',
        'La réponse (10/01/2025) ne peut pas précéder la sollicitation (13/01/2025).',
      ),
    ],
    [
      'SOLICITED_BEFORE_TERMS',
      aSolicitation({ solicitedOn: '2025-01-10' }),
      mission,
      [],
      violation(
        'SOLICITED_BEFORE_TERMS',
        'solicitedOn',
        'error',
        "La sollicitation (10/01/2025) ne peut pas précéder l'envoi du cahier des charges de la mission (13/01/2025).",
      ),
    ],
    [
      'ANSWER_DATE_MISSING (proposal)',
      aSolicitation({ answeredOn: null }),
      mission,
      [],
      violation(
        'ANSWER_DATE_MISSING',
        'answer',
        'warning',
        'Réponse « Proposition reçue » sans date de réception : indiquez quand elle est arrivée.',
      ),
    ],
    [
      'ANSWER_DATE_MISSING (late)',
      aSolicitation({ answer: 'Hors délai', answeredOn: null }),
      mission,
      [],
      violation(
        'ANSWER_DATE_MISSING',
        'answer',
        'warning',
        'Réponse « Hors délai » sans date de réception : indiquez quand elle est arrivée.',
      ),
    ],
    [
      'RETAINED_WITHOUT_PROPOSAL (declined)',
      aDeclinedSolicitation({ decision: 'Retenu' }),
      mission,
      [],
      violation(
        'RETAINED_WITHOUT_PROPOSAL',
        'decision',
        'error',
        'Seule une proposition reçue (ou admise malgré le retard) peut être retenue ; réponse actuelle : « Décliné ».',
      ),
    ],
    [
      'RETAINED_WITHOUT_PROPOSAL (pending)',
      aPendingSolicitation({ decision: 'Retenu' }),
      mission,
      [],
      violation(
        'RETAINED_WITHOUT_PROPOSAL',
        'decision',
        'error',
        'Seule une proposition reçue (ou admise malgré le retard) peut être retenue ; réponse actuelle : « En attente ».',
      ),
    ],
    [
      'RETAINED_WITHOUT_PROPOSAL (no answer)',
      aPendingSolicitation({ answer: null, decision: 'Retenu' }),
      mission,
      [],
      violation(
        'RETAINED_WITHOUT_PROPOSAL',
        'decision',
        'error',
        'Seule une proposition reçue (ou admise malgré le retard) peut être retenue ; réponse actuelle : « sans réponse ».',
      ),
    ],
    [
      'RETAINED_WITHOUT_PROPOSAL (late, not admitted)',
      aSolicitation({ answer: 'Hors délai', answeredOn: '2025-02-10', decision: 'Retenu' }),
      mission,
      [],
      violation(
        'RETAINED_WITHOUT_PROPOSAL',
        'decision',
        'error',
        'Seule une proposition reçue (ou admise malgré le retard) peut être retenue ; réponse actuelle : « Hors délai ».',
      ),
    ],
    [
      'MULTIPLE_RETAINED',
      aSolicitation({ providerId: 'PRE-0031', decision: 'Retenu' }),
      mission,
      [retainedSibling, aDeclinedSolicitation()],
      violation(
        'MULTIPLE_RETAINED',
        'decision',
        'error',
        'Un seul prestataire peut être retenu par mission : PRE-0012 est déjà retenu.',
      ),
    ],
    [
      'NOTIFIED_BUT_NOT_REJECTED (no decision)',
      aSolicitation({ notifiedOn: '2025-02-24' }),
      mission,
      [],
      violation(
        'NOTIFIED_BUT_NOT_REJECTED',
        'notifiedOn',
        'error',
        'Seul un prestataire « Non retenu » est informé du refus : indiquez la décision « Non retenu » ou videz la date.',
      ),
    ],
    [
      'NOTIFIED_BUT_NOT_REJECTED (retained)',
      aSolicitation({ decision: 'Retenu', notifiedOn: '2025-02-24' }),
      mission,
      [],
      violation(
        'NOTIFIED_BUT_NOT_REJECTED',
        'notifiedOn',
        'error',
        'Seul un prestataire « Non retenu » est informé du refus : indiquez la décision « Non retenu » ou videz la date.',
      ),
    ],
    [
      'LATE_ANSWER',
      aSolicitation({ answeredOn: '2025-02-10' }),
      mission,
      [],
      violation(
        'LATE_ANSWER',
        'answer',
        'warning',
        "Réponse reçue après la date limite du 07/02/2025 : passez-la en « Hors délai », ou saisissez « Oui » dans « Admise malgré le retard » pour la classer quand même (choix de l'opérateur).",
      ),
    ],
  ])('%s fires when broken', (_rule, s, m, siblings, expected) => {
    expect(checkSolicitation(s, m, siblings)).toEqual([expected]);
  });

  it.each<[string, Solicitation, Mission | null, Solicitation[]]>([
    [
      'ANSWER_BEFORE_SOLICITATION: answered the day it was solicited',
      aDeclinedSolicitation({ answeredOn: '2025-01-13' }),
      mission,
      [],
    ],
    [
      'SOLICITED_BEFORE_TERMS: solicited the day the terms were sent',
      aSolicitation({ solicitedOn: '2025-01-13' }),
      mission,
      [],
    ],
    [
      'SOLICITED_BEFORE_TERMS / LATE_ANSWER: mission unknown',
      aSolicitation({ solicitedOn: '2025-01-10', answeredOn: '2025-02-10' }),
      null,
      [],
    ],
    ['ANSWER_DATE_MISSING: still pending', aPendingSolicitation(), mission, []],
    [
      'RETAINED_WITHOUT_PROPOSAL: late but admitted',
      aSolicitation({
        answer: 'Hors délai',
        answeredOn: '2025-02-10',
        lateAdmitted: true,
        decision: 'Retenu',
      }),
      mission,
      [],
    ],
    [
      'MULTIPLE_RETAINED: the other retained belongs to another mission',
      aSolicitation({ decision: 'Retenu' }),
      mission,
      [aSolicitation({ missionId: 'MIS-CBE-LM-0043', providerId: 'PRE-0031', decision: 'Retenu' })],
    ],
    [
      'MULTIPLE_RETAINED: the first retained of the list',
      retainedSibling,
      mission,
      [retainedSibling, aSolicitation({ providerId: 'PRE-0031', decision: 'Retenu' })],
    ],
    [
      'NOTIFIED_BUT_NOT_REJECTED: a consultant not retained is told',
      aSolicitation({ decision: 'Non retenu', notifiedOn: '2025-02-24' }),
      mission,
      [],
    ],
    [
      'LATE_ANSWER: answered on the deadline day',
      aSolicitation({ answeredOn: '2025-02-07' }),
      mission,
      [],
    ],
    [
      'LATE_ANSWER: admitted despite the delay',
      aSolicitation({ answeredOn: '2025-02-10', lateAdmitted: true }),
      mission,
      [],
    ],
    [
      'LATE_ANSWER: already marked late',
      aSolicitation({ answer: 'Hors délai', answeredOn: '2025-02-10' }),
      mission,
      [],
    ],
  ])('%s does not fire', (_rule, s, m, siblings) => {
    expect(checkSolicitation(s, m, siblings)).toEqual([]);
  });

  it('MULTIPLE_RETAINED refuses the later of two retained when the list holds the solicitation itself', () => {
    const later = aSolicitation({ providerId: 'PRE-0031', decision: 'Retenu' });
    expect(checkSolicitation(later, mission, [retainedSibling, later])).toEqual([
      violation(
        'MULTIPLE_RETAINED',
        'decision',
        'error',
        'Un seul prestataire peut être retenu par mission : PRE-0012 est déjà retenu.',
      ),
    ]);
  });
});
