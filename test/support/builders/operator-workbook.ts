import { C2RA, type WorkbookOwner } from '../../../shared/domain/operator';
import { syncWorkbook } from '../../../shared/use-cases/sync-workbook';
import { InMemoryRecordStore } from '../fakes/in-memory-record-store';
import { InMemoryWorkbookGateway } from '../fakes/in-memory-workbook-gateway';
import { headerOf, PROVIDER_ROWS, rowOf } from './workbook-rows';

/** The « Journal » tab header of a fresh workbook. */
export const JOURNAL_HEADER = [
  'Date',
  'Type',
  'Onglet',
  'Ligne',
  'Colonne',
  'ID',
  'Message',
  'Valeur saisie',
  'Par',
];

/** The fixed instant of these tests: Monday 2 June 2025, 10:00 in Paris. */
export const TEST_NOW = new Date('2025-06-02T08:00:00Z');

/** An in-memory store and workbook gateway with the C2RA register of {@link PROVIDER_ROWS}. */
export function registerWorkbook(now: Date = TEST_NOW) {
  const store = new InMemoryRecordStore();
  const gateway = new InMemoryWorkbookGateway();
  gateway.setTab(
    C2RA,
    'Registre',
    headerOf('provider'),
    PROVIDER_ROWS.map((p) => rowOf('provider', p)),
  );
  gateway.setTab(C2RA, 'Journal', JOURNAL_HEADER);
  const ports = { store, gateway, clock: { now: () => now } };
  return { store, gateway, ports };
}

/** Ports of {@link registerWorkbook}. */
export type WorkbookPorts = ReturnType<typeof registerWorkbook>['ports'];

/** A full reconcile that must succeed; its report. */
export async function syncOrThrow(ports: WorkbookPorts, owner: WorkbookOwner = C2RA) {
  const result = await syncWorkbook(ports, owner, 'test');
  if (!result.ok) throw new Error(result.error.message);
  return result.value;
}

/**
 * The register synced (PRE-0001 to PRE-0003), then an operator workbook (CBE-LM) with a
 * structure (STR-CBE-LM-0001), its plan (ACC-CBE-LM-0001) and a mission (MIS-CBE-LM-0001:
 * « Consolidation du modèle économique », ceiling 6 000,00 €, answers due 28/02/2025), all synced.
 */
export async function operatorWorkbook(now: Date = TEST_NOW) {
  const s = registerWorkbook(now);
  await syncOrThrow(s.ports);
  s.gateway.setTab('CBE-LM', 'Structures', headerOf('beneficiary'), [
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
  s.gateway.setTab('CBE-LM', 'Accompagnements', headerOf('plan'));
  s.gateway.setTab('CBE-LM', 'Missions', headerOf('mission'));
  s.gateway.setTab('CBE-LM', 'Sollicitations', headerOf('solicitation'));
  s.gateway.setTab('CBE-LM', 'Journal', JOURNAL_HEADER);
  await syncOrThrow(s.ports, 'CBE-LM');
  s.gateway.setTab('CBE-LM', 'Accompagnements', headerOf('plan'), [
    rowOf('plan', {
      beneficiaryId: 'STR-CBE-LM-0001',
      diagnosticOn: '10/01/2025',
      issues: 'Modèle économique',
      status: 'En cours',
    }),
  ]);
  await syncOrThrow(s.ports, 'CBE-LM');
  s.gateway.setTab('CBE-LM', 'Missions', headerOf('mission'), [
    rowOf('mission', {
      planId: 'ACC-CBE-LM-0001',
      engineeringType: 'Individuelle',
      title: 'Consolidation du modèle économique',
      officerEmail: 'julie.dumont@cbe-lm.fr',
      requiredCompetence: 'Modèle économique',
      budgetCeilingCents: '6 000,00 €',
      termsSentOn: '03/02/2025',
      replyDeadline: '28/02/2025',
    }),
  ]);
  await syncOrThrow(s.ports, 'CBE-LM');
  return s;
}
