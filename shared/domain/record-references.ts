import type { RecordData } from './stored-record';
import type { RecordKind } from './record-id';
import type { RecordWorld, WorldRecord } from './record-world';
import { RECORD_TABS } from './workbook-model';

/** Per world, the active records pointing at each record ID (built once). */
const referrersCache = new WeakMap<RecordWorld, Map<string, string[]>>();
/** Per world, the active structures of each SIRET or RNA number (built once). */
const identifiersCache = new WeakMap<RecordWorld, Map<string, string[]>>();

function referenceKeys(record: WorldRecord): string[] {
  return Object.entries(RECORD_TABS[record.kind].fields)
    .filter(([, spec]) => spec.format === 'reference')
    .map(([key]) => key);
}

/** The IDs of the active records whose references point at `id`. */
export function referrersOf(world: RecordWorld, id: string): readonly string[] {
  let index = referrersCache.get(world);
  if (!index) {
    index = new Map();
    for (const kind of ['plan', 'mission', 'solicitation'] as const)
      for (const record of world.ofKind(kind)) {
        if (record.archived) continue;
        for (const key of referenceKeys(record)) {
          const target = record.data[key];
          if (typeof target !== 'string') continue;
          index.set(target, [...(index.get(target) ?? []), record.id]);
        }
      }
    referrersCache.set(world, index);
  }
  return index.get(id) ?? [];
}

/**
 * Warnings of the « Contrôles » column on references: a reference to an archived record (the
 * archiving went through; this record still points at it), and, for a structure, the other
 * active structures of the operator with the same SIRET or RNA number.
 */
export function referenceWarnings(record: WorldRecord, world: RecordWorld): string[] {
  if (record.archived) return [];
  const warnings: string[] = [];
  const fields = RECORD_TABS[record.kind].fields;
  for (const key of referenceKeys(record)) {
    const target = record.data[key];
    if (typeof target !== 'string') continue;
    const found = world.get(target);
    if (found?.archived)
      warnings.push(
        `${fields[key]?.label ?? key} : ${target} est archivé (ligne retirée de l'onglet « ${RECORD_TABS[found.kind].tab} ») ; remettez sa ligne ou changez la référence.`,
      );
  }
  if (record.kind === 'beneficiary') {
    const identifier = record.data['identifier'];
    if (typeof identifier === 'string' && identifier !== '') {
      const others = structuresOf(world, identifier).filter((id) => id !== record.id);
      if (others.length > 0)
        warnings.push(
          `SIRET/RNA ${identifier} en double : aussi ${others.join(', ')} (ligne copiée ?).`,
        );
    }
  }
  return warnings;
}

function structuresOf(world: RecordWorld, identifier: string): readonly string[] {
  let index = identifiersCache.get(world);
  if (!index) {
    index = new Map();
    for (const record of world.ofKind('beneficiary')) {
      const value = record.data['identifier'];
      if (record.archived || typeof value !== 'string' || value === '') continue;
      index.set(value, [...(index.get(value) ?? []), record.id]);
    }
    identifiersCache.set(world, index);
  }
  return index.get(identifier) ?? [];
}

/**
 * The IDs a record's reference fields name (a solicitation's mission and provider, a mission's
 * plan), sorted and once each: what a store indexes so that the records referencing an ID are
 * found without reading the owner whole.
 */
export function referencesOf(kind: RecordKind, data: RecordData): string[] {
  const ids = new Set<string>();
  for (const [key, spec] of Object.entries(RECORD_TABS[kind].fields)) {
    const value = data[key];
    if (spec.format === 'reference' && typeof value === 'string' && value !== '') ids.add(value);
  }
  return [...ids].sort();
}
