import {
  draftDeliveryMail,
  nonRetainedNotifications,
  pendingDecisions,
  type NotificationDraft,
  type SolicitationEntry,
} from '../../../../shared/domain/award-notification';
import type { Mission } from '../../../../shared/domain/mission';
import type { Solicitation } from '../../../../shared/domain/solicitation';
import { missionAtStage } from '../../../support/builders/mission-builder';
import { aRegisterEntry } from '../../../support/builders/provider-builder';
import {
  BUILDER_MISSION_ID,
  aDeclinedSolicitation,
  aPendingSolicitation,
  aSolicitation,
  evaluatorScores,
} from '../../../support/builders/solicitation-builder';

const MISSION: Mission = missionAtStage('awarded');

/** Scores (CM = SB) on the five criteria, the price in euros, and the rest of the row. */
function scored(
  providerId: string,
  euros: number,
  [u, r, m, p, d]: readonly [number, number, number, number, number],
  overrides: Partial<Solicitation> = {},
): Solicitation {
  return aSolicitation({
    providerId,
    priceCents: euros * 100,
    ...evaluatorScores([u, u], [r, r], [m, m], [p, p], [d, d]),
    ...overrides,
  });
}

// Default weights (20, 15, 25, 20, 5, budget 15, proportional):
// SOL-1 PRE-0012, 4 000 €, all 4: 16 + 12 + 20 + 16 + 4 = 68 + 15 = 83 → rank 2
// SOL-2 PRE-0027, 5 000 €, all 5: 20 + 15 + 25 + 20 + 5 = 85 + 15 × 4000/5000 = 12 → 97, retained
// SOL-3 PRE-0031, 4 500 €, all 3: 12 + 9 + 15 + 12 + 3 = 51 + 15 × 4000/4500 = 13,33… → 64,33, rank 3
// SOL-4 PRE-0044 declined: not ranked
// SOL-5 PRE-0055, 5 500 €, all 2: 8 + 6 + 10 + 8 + 2 = 34 + 15 × 4000/5500 = 10,91 → 44,91, rank 4
const CALL: SolicitationEntry[] = [
  {
    id: 'SOL-1',
    solicitation: scored('PRE-0012', 4000, [4, 4, 4, 4, 4], { reasonRequested: true }),
  },
  { id: 'SOL-2', solicitation: scored('PRE-0027', 5000, [5, 5, 5, 5, 5], { decision: 'Retenu' }) },
  {
    id: 'SOL-3',
    solicitation: scored('PRE-0031', 4500, [3, 3, 3, 3, 3], { decision: 'Non retenu' }),
  },
  { id: 'SOL-4', solicitation: aDeclinedSolicitation({ providerId: 'PRE-0044' }) },
  {
    id: 'SOL-5',
    solicitation: scored('PRE-0055', 5500, [2, 2, 2, 2, 2], {
      decision: 'Non retenu',
      notifiedOn: '2025-02-24',
    }),
  },
];

const PROVIDERS = [
  aRegisterEntry('PRE-0012', {
    contactName: 'Amandine Lefebvre',
    email: 'contact@escaut-conseil.fr',
  }),
  aRegisterEntry('PRE-0027', { email: 'bonjour@opale-conseil.fr' }),
  aRegisterEntry('PRE-0031', { contactName: null, email: null }),
];

describe('pendingDecisions', () => {
  it('proposes « Non retenu » for the other proposals once one is « Retenu », without changing them', () => {
    const before = JSON.stringify(CALL);
    expect(pendingDecisions(CALL)).toEqual([{ solicitationId: 'SOL-1', decision: 'Non retenu' }]);
    expect(JSON.stringify(CALL)).toBe(before);
  });

  it.each([
    ['nothing retained yet', [aSolicitation(), aSolicitation({ providerId: 'PRE-0031' })]],
    [
      'two « Retenu » (an error the mission rules refuse)',
      [
        aSolicitation({ decision: 'Retenu' }),
        aSolicitation({ decision: 'Retenu' }),
        aSolicitation(),
      ],
    ],
    [
      'only declines and pending answers besides',
      [aSolicitation({ decision: 'Retenu' }), aDeclinedSolicitation(), aPendingSolicitation()],
    ],
  ])('proposes nothing when %s', (_case, solicitations) => {
    expect(
      pendingDecisions(solicitations.map((s, i) => ({ id: `SOL-${i}`, solicitation: s }))),
    ).toEqual([]);
  });

  it('includes a late proposal: its author sent one and is told too', () => {
    const late = aSolicitation({ answer: 'Hors délai', answeredOn: '2025-02-10' });
    expect(
      pendingDecisions([
        { id: 'SOL-1', solicitation: aSolicitation({ decision: 'Retenu' }) },
        { id: 'SOL-2', solicitation: late },
      ]),
    ).toEqual([{ solicitationId: 'SOL-2', decision: 'Non retenu' }]);
  });
});

describe('nonRetainedNotifications', () => {
  const drafts = nonRetainedNotifications(MISSION, BUILDER_MISSION_ID, CALL, PROVIDERS, 'CBE-LM');

  it('drafts one e-mail per non-retained proposal not yet notified (typed or proposed « Non retenu »)', () => {
    expect(drafts.map((d) => [d.key, d.solicitationId, d.providerId, d.to])).toEqual([
      ['MIS-CBE-LM-0042:SOL-1', 'SOL-1', 'PRE-0012', 'contact@escaut-conseil.fr'],
      ['MIS-CBE-LM-0042:SOL-3', 'SOL-3', 'PRE-0031', null],
    ]);
  });

  it('writes a polite French e-mail naming the mission and the operator, with the reason asked for', () => {
    const [first] = drafts;
    expect(first?.subject).toBe(
      "Comité de Bassin d'Emploi de Lille Métropole : suite donnée à votre proposition pour la mission « Consolidation du modèle économique »",
    );
    expect(first?.body).toBe(
      [
        'Bonjour Amandine Lefebvre,',
        'Nous vous remercions de la proposition d’intervention que vous nous avez adressée le 03/02/2025 en réponse à notre appel à propositions pour la mission « Consolidation du modèle économique » (MIS-CBE-LM-0042).',
        'Après examen des propositions reçues, mené en concertation avec la structure bénéficiaire, nous avons le regret de vous informer que votre proposition n’a pas été retenue.',
        'Comme vous nous l’avez demandé, voici le motif de notre choix : votre proposition est classée 2e sur 4, avec une note totale de 83/100, contre 97/100 pour la proposition retenue. Détail de votre note : Compréhension 16/20 ; Résultats 12/15 ; Méthodologie 20/25 ; Profil et références 16/20 ; Durée 4/5 ; Budget 15/15.',
        'Nous vous remercions de l’intérêt que vous portez au Dispositif Local d’Accompagnement et espérons avoir l’occasion de travailler avec vous lors d’un prochain appel à propositions.',
        'Veuillez agréer nos salutations distinguées.',
        "Comité de Bassin d'Emploi de Lille Métropole — Dispositif Local d’Accompagnement\ncamille.durand@cbe-lille.fr\nTél. 03 59 30 67 30",
      ].join('\n\n'),
    );
  });

  // With the mission's own weights 30 / 10 / 25 / 15 / 0 / 20, SOL-1 (all 4, 4 000 €) gets
  // 24 + 8 + 20 + 12 + 0 = 64 + budget 20 × 4000/4000 = 20 → 84; SOL-2 (all 5, 5 000 €) gets
  // 30 + 10 + 25 + 15 + 0 = 80 + 20 × 4000/5000 = 16 → 96.
  it('gives the reason with the weights the call was scored with (the mission’s own)', () => {
    const weighted = { ...MISSION, scoringWeights: '30 / 10 / 25 / 15 / 0 / 20' };
    const [first] = nonRetainedNotifications(
      weighted,
      BUILDER_MISSION_ID,
      CALL,
      PROVIDERS,
      'CBE-LM',
    );
    expect(first?.body).toContain(
      'votre proposition est classée 2e sur 4, avec une note totale de 84/100, contre 96/100 pour la proposition retenue. Détail de votre note : Compréhension 24/30 ; Résultats 8/10 ; Méthodologie 20/25 ; Profil et références 12/15 ; Durée 0/0 ; Budget 20/20.',
    );
  });

  it('gives no reason to a consultant who did not ask for it, and greets an unknown contact formally', () => {
    const third = drafts[1];
    expect(third?.body.startsWith('Madame, Monsieur,\n\n')).toBe(true);
    expect(third?.body).toContain('« Consolidation du modèle économique » (MIS-CBE-LM-0042)');
    expect(third?.body).not.toContain('motif');
    expect(third?.body).not.toContain('/100');
  });

  it('explains a late arrival as the reason, when asked', () => {
    const late: SolicitationEntry[] = [
      CALL[1] ?? { id: 'none', solicitation: aSolicitation() },
      {
        id: 'SOL-6',
        solicitation: scored('PRE-0012', 3000, [5, 5, 5, 5, 5], {
          answeredOn: '2025-02-10',
          reasonRequested: true,
        }),
      },
    ];
    const [draft] = nonRetainedNotifications(
      MISSION,
      BUILDER_MISSION_ID,
      late,
      PROVIDERS,
      'I62-CAL',
    );
    expect(draft?.body).toContain(
      'Comme vous nous l’avez demandé, voici le motif de notre choix : votre proposition nous est parvenue le 10/02/2025, après la date limite de réponse du 07/02/2025 fixée par le cahier des charges, et n’a pas pu être classée.',
    );
    expect(draft?.subject.startsWith('Inseraction 62 (Calais) : ')).toBe(true);
  });

  it('drafts nothing before the award, nor once everyone is notified', () => {
    const beforeAward = CALL.map((e) => ({
      ...e,
      solicitation: { ...e.solicitation, decision: null },
    }));
    expect(
      nonRetainedNotifications(MISSION, BUILDER_MISSION_ID, beforeAward, PROVIDERS, 'CBE-LM'),
    ).toEqual([]);
    const notified = CALL.map((e) =>
      e.solicitation.decision === 'Retenu'
        ? e
        : {
            ...e,
            solicitation: {
              ...e.solicitation,
              decision: 'Non retenu' as const,
              notifiedOn: '2025-02-24',
            },
          },
    );
    expect(
      nonRetainedNotifications(MISSION, BUILDER_MISSION_ID, notified, PROVIDERS, 'CBE-LM'),
    ).toEqual([]);
  });
});

describe('draftDeliveryMail', () => {
  const draft: NotificationDraft = {
    key: 'MIS-CBE-LM-0042:SOL-CBE-LM-0103',
    to: 'contact@horizons-solidaires.fr',
    subject:
      "Comité de Bassin d'Emploi de Lille Métropole : suite donnée à votre proposition pour la mission « Consolidation du modèle économique »",
    body: 'Bonjour Karim Benali,\n\nNous vous remercions de la proposition d’intervention…\n\nVeuillez agréer nos salutations distinguées.',
    solicitationId: 'SOL-CBE-LM-0103',
    providerId: 'PRE-0031',
  };
  const horizons = aRegisterEntry('PRE-0031', {
    legalName: 'Horizons Solidaires',
    street: '27 rue des Archives',
    postalCode: '62000',
    town: 'Arras',
  }).provider;

  it('hands the draft to the chargé de mission, once ever, under « À transmettre »', () => {
    const mail = draftDeliveryMail(draft, horizons);
    expect(mail.key).toBe('non-retenu-MIS-CBE-LM-0042:SOL-CBE-LM-0103');
    expect(mail.subject).toBe(`À transmettre : ${draft.subject}`);
    expect(mail.text).toBe(
      [
        'Proposition de courriel à envoyer au prestataire non retenu PRE-0031 — Horizons Solidaires.\nCe courriel n’a pas été envoyé au prestataire : relisez-le, puis envoyez-le vous-même.',
        `À : contact@horizons-solidaires.fr\nObjet : ${draft.subject}`,
        '-'.repeat(60),
        draft.body,
        '-'.repeat(60),
        "Une fois envoyé, saisissez la date dans la colonne « Non-retenu informé le » de SOL-CBE-LM-0103 : l'alerte correspondante restera ouverte jusque-là.\n",
      ].join('\n\n'),
    );
  });

  it.each([
    ['an e-mail in the register', draft, horizons, 'À : contact@horizons-solidaires.fr'],
    [
      'no e-mail: by post, to the address of the sheet',
      { ...draft, to: null },
      horizons,
      'À : adresse e-mail inconnue dans le registre : à envoyer par voie postale, 27 rue des Archives, 62000 Arras',
    ],
    [
      'no e-mail and no full postal address',
      { ...draft, to: null },
      { ...horizons, street: null },
      'À : adresse e-mail inconnue dans le registre : à envoyer par voie postale (adresse postale à compléter dans la fiche prestataire)',
    ],
    [
      'a consultant missing from the register',
      { ...draft, to: null },
      undefined,
      'À : adresse e-mail inconnue dans le registre : à envoyer par voie postale (adresse postale à compléter dans la fiche prestataire)',
    ],
  ])('names the recipient for %s', (_case, given, provider, line) => {
    expect(draftDeliveryMail(given, provider).text.split('\n')).toContain(line);
  });

  it.each([
    ['by ID and raison sociale', 'Horizons Solidaires', 'PRE-0031 — Horizons Solidaires.'],
    ['by ID alone when the raison sociale is blank', '  ', 'PRE-0031.'],
  ])('names the consultant %s', (_case, legalName, label) => {
    expect(draftDeliveryMail(draft, { ...horizons, legalName }).text).toMatch(
      new RegExp(`^Proposition de courriel à envoyer au prestataire non retenu ${label}\n`),
    );
  });
});
