import type { RecordData } from '../ports/record-store';
import type { RecordKind } from './record-id';
import { RECORD_TABS } from './workbook-model';

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
