/**
 * An operator workbook (CBE-LM) in the middle of a call for proposals, built the way a chargée
 * de mission fills it — register, structure, plan, missions, synced step by step — for the tests
 * of the « Recalculer les notes » path (use case and HTTP function).
 *
 * @packageDocumentation
 */
import { C2RA, type OperatorCode } from '../../../shared/domain/operator';
import {
  DEFAULT_PARAMETERS,
  parameterRows,
  type OperatorParameters,
} from '../../../shared/domain/operator-parameters';
import { PROPOSAL_CONTENTS } from '../../../shared/domain/solicitation';
import type { Clock } from '../../../shared/ports/clock';
import type { RecordStore } from '../../../shared/ports/record-store';
import { syncWorkbook } from '../../../shared/use-cases/sync-workbook';
import type { InMemoryWorkbookGateway } from '../fakes/in-memory-workbook-gateway';
import { JOURNAL_HEADER } from './operator-workbook';
import { headerOf, PROVIDER_ROWS, rowOf } from './workbook-rows';

/** A Monday after the deadline of the call, when the proposals are being scored. */
export const SCORING_DAY = new Date('2025-03-10T09:00:00Z');
const EVERY_CONTENT = PROPOSAL_CONTENTS.join(', ');

/** The ten evaluator scores of a proposal, CM then SB for each criterion, in the guide's order. */
function scores(
  understanding: [number, number],
  results: [number, number],
  methodology: [number, number],
  profile: [number, number],
  duration: [number, number],
) {
  return {
    understandingByOfficer: understanding[0],
    understandingByBeneficiary: understanding[1],
    resultsByOfficer: results[0],
    resultsByBeneficiary: results[1],
    methodologyByOfficer: methodology[0],
    methodologyByBeneficiary: methodology[1],
    profileByOfficer: profile[0],
    profileByBeneficiary: profile[1],
    durationByOfficer: duration[0],
    durationByBeneficiary: duration[1],
  };
}

/**
 * The solicitation rows, as typed: three complete proposals for MIS-CBE-LM-0001 (PRE-0001 at
 * 4 800 €, PRE-0002 at 5 000 €, PRE-0003 at 8 000 € — above the 6 000 € ceiling), scored by both
 * evaluators, and one decline for MIS-CBE-LM-0004.
 */
const CALL_ROWS = [
  rowOf('solicitation', {
    missionId: 'MIS-CBE-LM-0001',
    providerId: 'PRE-0001',
    solicitedOn: '03/02/2025',
    answer: 'Proposition reçue',
    answeredOn: '20/02/2025',
    priceCents: '4 800,00 €',
    proposedDays: 8,
    contents: EVERY_CONTENT,
    ...scores([4, 5], [4, 4], [3.5, 4.5], [4, 4], [3, 4]),
  }),
  rowOf('solicitation', {
    missionId: 'MIS-CBE-LM-0001',
    providerId: 'PRE-0002',
    solicitedOn: '03/02/2025',
    answer: 'Proposition reçue',
    answeredOn: '24/02/2025',
    priceCents: '5 000,00 €',
    proposedDays: 8.5,
    contents: EVERY_CONTENT,
    ...scores([5, 5], [4.5, 4.5], [5, 4], [4, 5], [4, 4]),
  }),
  rowOf('solicitation', {
    missionId: 'MIS-CBE-LM-0001',
    providerId: 'PRE-0003',
    solicitedOn: '03/02/2025',
    answer: 'Proposition reçue',
    answeredOn: '27/02/2025',
    priceCents: '8 000,00 €',
    proposedDays: 12,
    contents: EVERY_CONTENT,
    ...scores([3, 3], [3, 3], [3, 3], [3, 3], [3, 3]),
  }),
  // The only consultant solicited for MIS-CBE-LM-0004 declined on receipt of the terms.
  rowOf('solicitation', {
    missionId: 'MIS-CBE-LM-0004',
    providerId: 'PRE-0002',
    solicitedOn: '03/02/2025',
    answer: 'Décliné',
    answeredOn: '05/02/2025',
  }),
];

function mission(title: string, extra: Record<string, string> = {}) {
  return rowOf('mission', {
    planId: 'ACC-CBE-LM-0001',
    engineeringType: 'Individuelle',
    title,
    requiredCompetence: 'Modèle économique',
    ...extra,
  });
}

/** The « Paramètres » tab of CBE-LM as the chargée de mission leaves it. */
export function typeParameters(
  gateway: InMemoryWorkbookGateway,
  parameters: OperatorParameters,
): void {
  gateway.setTab(
    'CBE-LM',
    'Paramètres',
    ['Paramètre', 'Valeur', 'Minimum', 'Maximum', 'Aide'],
    parameterRows(parameters),
  );
}

/**
 * CBE-LM's workbook, synced up to four missions — 0001 with a call, 0002 without any
 * solicitation, 0003 whose row was deleted (archived), 0004 whose only consultant declined — and
 * the four solicitation rows typed but not synced yet: only `recomputeScores` stores them.
 */
export async function aCallForProposalsWorkbook(ports: {
  readonly store: RecordStore;
  readonly gateway: InMemoryWorkbookGateway;
  readonly clock: Clock;
}): Promise<void> {
  const { store, gateway } = ports;
  const sync = async (owner: typeof C2RA | OperatorCode) => {
    const result = await syncWorkbook(ports, owner, 'claire.dubois@cbe-lm.fr');
    if (!result.ok) throw new Error(result.error.message);
  };
  gateway.setTab(
    C2RA,
    'Registre',
    headerOf('provider'),
    PROVIDER_ROWS.map((p) => rowOf('provider', p)),
  );
  gateway.setTab(C2RA, 'Journal', JOURNAL_HEADER);
  await sync(C2RA);
  typeParameters(gateway, DEFAULT_PARAMETERS);
  gateway.setTab('CBE-LM', 'Journal', JOURNAL_HEADER);
  gateway.setTab('CBE-LM', 'Structures', headerOf('beneficiary'), [
    rowOf('beneficiary', {
      name: 'Les Amis du Théâtre de Roubaix',
      identifier: 'W595012345',
      legalForm: 'Association loi 1901',
      sector: 'Culture',
      town: 'Roubaix',
      postalCode: '59100',
      contactName: 'Sophie Leroy',
      email: 'sophie.leroy@amis-theatre.fr',
    }),
  ]);
  gateway.setTab('CBE-LM', 'Accompagnements', headerOf('plan'));
  gateway.setTab('CBE-LM', 'Missions', headerOf('mission'));
  gateway.setTab('CBE-LM', 'Sollicitations', headerOf('solicitation'));
  await sync('CBE-LM');
  gateway.setTab('CBE-LM', 'Accompagnements', headerOf('plan'), [
    rowOf('plan', {
      beneficiaryId: 'STR-CBE-LM-0001',
      diagnosticOn: '10/01/2025',
      issues: 'Modèle économique',
      status: 'En cours',
    }),
  ]);
  await sync('CBE-LM');
  const call = { termsSentOn: '03/02/2025', replyDeadline: '28/02/2025' };
  gateway.setTab('CBE-LM', 'Missions', headerOf('mission'), [
    mission('Consolidation du modèle économique', { ...call, budgetCeilingCents: '6 000,00 €' }),
    mission('Structuration de la fonction employeur'),
    mission('Diagnostic de la gouvernance associative'),
    mission('Stratégie de diversification des recettes', call),
  ]);
  await sync('CBE-LM');
  const ids = gateway.column('CBE-LM', 'Missions', 'ID').join(' ');
  if (ids !== 'MIS-CBE-LM-0001 MIS-CBE-LM-0002 MIS-CBE-LM-0003 MIS-CBE-LM-0004')
    throw new Error(`unexpected mission IDs: ${ids}`);
  // The chargée de mission deletes the third row: the mission is archived, never deleted.
  gateway.tab('CBE-LM', 'Missions').splice(3, 1);
  await sync('CBE-LM');
  const archived = (await store.loadOwner('CBE-LM')).records.find(
    (r) => r.id === 'MIS-CBE-LM-0003',
  );
  if (archived?.archived !== true) throw new Error('MIS-CBE-LM-0003 should be archived');
  gateway.setTab('CBE-LM', 'Sollicitations', headerOf('solicitation'), CALL_ROWS);
}
