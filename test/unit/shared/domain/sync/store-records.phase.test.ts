import { recordsToStore } from '../../../../../shared/domain/sync/store-records.phase';
import { SYNC_AT, aStructure, syncStateOf } from './sync-state.fixture';
import type { SyncState } from '../../../../../shared/domain/sync/sync-state';

const stored = aStructure(1, { version: 3 });

describe('recordsToStore: the records to store and their audit trail', () => {
  it.each<[string, (state: SyncState) => void, string[], number | null]>([
    ['nothing changed', (s) => void s.draftOf(stored), [], null],
    [
      'a town changed',
      (s) => {
        const d = s.draftOf(stored);
        d.data['town'] = 'Gravelines';
        d.changed.add('town');
        d.dirty = true;
      },
      ['town:Dunkerque→Gravelines'],
      3,
    ],
    [
      'a record archived',
      (s) => Object.assign(s.draftOf(stored), { archived: true, event: 'archived', dirty: true }),
      ['@archived:false→true'],
      3,
    ],
    [
      'a copied row',
      (s) => {
        const d = s.newDraft('beneficiary');
        d.copiedFrom = stored.id;
        d.data['name'] = 'Les Jardins du Littoral';
        d.changed.add('name');
      },
      ['@created:null→copie de STR-CBE-LM-0001', 'name:null→Les Jardins du Littoral'],
      0,
    ],
  ])('%s', (_, change, audit, expectedVersion) => {
    const state = syncStateOf({ records: [stored] });
    change(state);
    const { puts, audit: entries } = recordsToStore(state);
    expect(entries.map((a) => `${a.field}:${String(a.oldValue)}→${String(a.newValue)}`)).toEqual(
      audit,
    );
    expect(puts.map((p) => p.expectedVersion)).toEqual(
      expectedVersion === null ? [] : [expectedVersion],
    );
    for (const put of puts) {
      expect(put.record).toMatchObject({
        version: (expectedVersion ?? 0) + 1,
        updatedAt: SYNC_AT,
        owner: 'CBE-LM',
      });
      // Every field present, null where empty: equal records hash equal.
      expect(put.record.data).toHaveProperty('phone', null);
    }
  });
});
