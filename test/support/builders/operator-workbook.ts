import { C2RA, type WorkbookOwner } from '../../../shared/domain/operator';
import type { Clock } from '../../../shared/ports/clock';
import type { RecordStore } from '../../../shared/ports/record-store';
import { syncWorkbook } from '../../../shared/use-cases/sync-workbook';
import { InMemoryRecordStore } from '../fakes/in-memory-record-store';
import { InMemoryWorkbookGateway } from '../fakes/in-memory-workbook-gateway';
import { headerOf, JOURNAL_HEADER, PROVIDER_ROWS, rowOf } from './workbook-rows';

/** The fixed instant of these tests: Monday 2 June 2025, 10:00 in Paris. */
export const TEST_NOW = new Date('2025-06-02T08:00:00Z');

/** What the builders type in and sync through: a store, an in-memory workbook, a clock. */
export interface BuilderPorts {
  readonly store: RecordStore;
  readonly gateway: InMemoryWorkbookGateway;
  readonly clock: Clock;
}

/** The C2RA's « Registre » tab with the providers of {@link PROVIDER_ROWS}, and its « Journal ». */
function typeRegister(gateway: InMemoryWorkbookGateway): void {
  gateway.setTab(
    C2RA,
    'Registre',
    headerOf('provider'),
    PROVIDER_ROWS.map((p) => rowOf('provider', p)),
  );
  gateway.setTab(C2RA, 'Journal', JOURNAL_HEADER);
}

/** An empty in-memory store and workbook gateway, and a clock stopped at `now`. */
function inMemory(now: Date) {
  const store = new InMemoryRecordStore();
  const gateway = new InMemoryWorkbookGateway();
  const ports = { store, gateway, clock: { now: () => now } };
  return { store, gateway, ports };
}

/** An in-memory store and workbook gateway with the C2RA register of {@link PROVIDER_ROWS}. */
export function registerWorkbook(now: Date = TEST_NOW) {
  const s = inMemory(now);
  typeRegister(s.gateway);
  return s;
}

/** Ports of {@link registerWorkbook}. */
export type WorkbookPorts = ReturnType<typeof registerWorkbook>['ports'];

/** A full reconcile (by `who`) that must succeed; its report. */
export async function syncOrThrow(ports: BuilderPorts, owner: WorkbookOwner = C2RA, who = 'test') {
  const result = await syncWorkbook(ports, owner, who);
  if (!result.ok) throw new Error(result.error.message);
  return result.value;
}

/**
 * The mission of the plan ACC-CBE-LM-0001 as typed in its row, officer aside: « Consolidation du
 * modèle économique », terms sent 03/02/2025, answers due 28/02/2025, ceiling 6 000,00 €.
 */
export const CONSOLIDATION_MISSION = {
  planId: 'ACC-CBE-LM-0001',
  engineeringType: 'Individuelle',
  title: 'Consolidation du modèle économique',
  requiredCompetence: 'Modèle économique',
  budgetCeilingCents: '6 000,00 €',
  termsSentOn: '03/02/2025',
  replyDeadline: '28/02/2025',
} as const;

/**
 * The register typed and synced (PRE-0001 to PRE-0003), then CBE-LM's workbook with a structure
 * (STR-CBE-LM-0001) synced, then its plan (ACC-CBE-LM-0001) synced, every sync by `who`; the
 * « Missions » and « Sollicitations » tabs hold their header only. Tabs typed in CBE-LM's
 * workbook before (e.g. « Paramètres ») are read by its first sync.
 */
export async function structureWithPlan(ports: BuilderPorts, who = 'test'): Promise<void> {
  const { gateway } = ports;
  typeRegister(gateway);
  await syncOrThrow(ports, C2RA, who);
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
  gateway.setTab('CBE-LM', 'Journal', JOURNAL_HEADER);
  await syncOrThrow(ports, 'CBE-LM', who);
  gateway.setTab('CBE-LM', 'Accompagnements', headerOf('plan'), [
    rowOf('plan', {
      beneficiaryId: 'STR-CBE-LM-0001',
      diagnosticOn: '10/01/2025',
      issues: 'Modèle économique',
      status: 'En cours',
    }),
  ]);
  await syncOrThrow(ports, 'CBE-LM', who);
}

/**
 * {@link structureWithPlan} in a fresh in-memory store and workbook, then a mission
 * (MIS-CBE-LM-0001: {@link CONSOLIDATION_MISSION}, officer julie.dumont@cbe-lm.fr), synced.
 */
export async function operatorWorkbook(now: Date = TEST_NOW) {
  const s = inMemory(now);
  await structureWithPlan(s.ports);
  s.gateway.setTab('CBE-LM', 'Missions', headerOf('mission'), [
    rowOf('mission', { ...CONSOLIDATION_MISSION, officerEmail: 'julie.dumont@cbe-lm.fr' }),
  ]);
  await syncOrThrow(s.ports, 'CBE-LM');
  return s;
}
