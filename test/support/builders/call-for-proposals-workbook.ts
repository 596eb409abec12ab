/**
 * An operator workbook (CBE-LM) in the middle of a call for proposals, built the way a chargée
 * de mission fills it — register, structure and plan (those of {@link structureWithPlan}),
 * missions, synced step by step — for the tests of the « Recalculer les notes » path (use case
 * and HTTP function).
 *
 * @packageDocumentation
 */
import {
  DEFAULT_PARAMETERS,
  parameterRows,
  type OperatorParameters,
} from '../../../shared/domain/operator-parameters';
import { PROPOSAL_CONTENTS } from '../../../shared/domain/solicitation';
import type { InMemoryWorkbookGateway } from '../fakes/in-memory-workbook-gateway';
import {
  CONSOLIDATION_MISSION,
  structureWithPlan,
  syncOrThrow,
  type BuilderPorts,
} from './operator-workbook';
import { evaluatorScores } from './solicitation-builder';
import { headerOf, rowOf } from './workbook-rows';

/** A Monday after the deadline of the call, when the proposals are being scored. */
export const SCORING_DAY = new Date('2025-03-10T09:00:00Z');
const EVERY_CONTENT = PROPOSAL_CONTENTS.join(', ');

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
    ...evaluatorScores([4, 5], [4, 4], [3.5, 4.5], [4, 4], [3, 4]),
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
    ...evaluatorScores([5, 5], [4.5, 4.5], [5, 4], [4, 5], [4, 4]),
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
    ...evaluatorScores([3, 3], [3, 3], [3, 3], [3, 3], [3, 3]),
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

/** A mission of the plan ACC-CBE-LM-0001 as typed: no call sent unless `extra` says so. */
function mission(title: string, extra: Record<string, string> = {}) {
  const { planId, engineeringType, requiredCompetence } = CONSOLIDATION_MISSION;
  return rowOf('mission', { planId, engineeringType, title, requiredCompetence, ...extra });
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
 * CBE-LM's workbook (its « Paramètres » at their defaults, every sync by the chargée de mission),
 * synced up to four missions — 0001 with a call ({@link CONSOLIDATION_MISSION}), 0002 without any
 * solicitation, 0003 whose row was deleted (archived), 0004 whose only consultant declined — and
 * the four solicitation rows typed but not synced yet: only `recomputeScores` stores them.
 */
export async function aCallForProposalsWorkbook(ports: BuilderPorts): Promise<void> {
  const { store, gateway } = ports;
  const who = 'claire.dubois@cbe-lm.fr';
  typeParameters(gateway, DEFAULT_PARAMETERS);
  await structureWithPlan(ports, who);
  const { termsSentOn, replyDeadline } = CONSOLIDATION_MISSION;
  gateway.setTab('CBE-LM', 'Missions', headerOf('mission'), [
    rowOf('mission', CONSOLIDATION_MISSION),
    mission('Structuration de la fonction employeur'),
    mission('Diagnostic de la gouvernance associative'),
    mission('Stratégie de diversification des recettes', { termsSentOn, replyDeadline }),
  ]);
  await syncOrThrow(ports, 'CBE-LM', who);
  const ids = gateway.column('CBE-LM', 'Missions', 'ID').join(' ');
  if (ids !== 'MIS-CBE-LM-0001 MIS-CBE-LM-0002 MIS-CBE-LM-0003 MIS-CBE-LM-0004')
    throw new Error(`unexpected mission IDs: ${ids}`);
  // The chargée de mission deletes the third row: the mission is archived, never deleted.
  gateway.tab('CBE-LM', 'Missions').splice(3, 1);
  await syncOrThrow(ports, 'CBE-LM', who);
  const archived = (await store.loadOwner('CBE-LM')).records.find(
    (r) => r.id === 'MIS-CBE-LM-0003',
  );
  if (archived?.archived !== true) throw new Error('MIS-CBE-LM-0003 should be archived');
  gateway.setTab('CBE-LM', 'Sollicitations', headerOf('solicitation'), CALL_ROWS);
}
