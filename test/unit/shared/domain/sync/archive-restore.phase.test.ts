import {
  archiveRemovedRows,
  restoreIfArchived,
} from '../../../../../shared/domain/sync/archive-restore.phase';
import { identifyRows } from '../../../../../shared/domain/sync/identify-rows.phase';
import type { EditScope } from '../../../../../shared/domain/sync/plan-sync';
import { aStoredRecord } from '../../../../support/builders/stored-record-builder';
import { aStructure, rowOfRecord, syncStateOf, tabOf } from './sync-state.fixture';

const kept = aStructure(1);
const removed = aStructure(2);
const alreadyArchived = aStructure(3, { archived: true });
const missionOfUnreadTab = aStoredRecord();
const anEdit: EditScope = { tab: 'Structures', columns: [1], otherRowIds: [] };

describe('archiveRemovedRows: rows removed from a sheet archive their record', () => {
  it.each([
    ['a record whose row was removed', removed.id, null, 'archived'],
    ['a record still in the sheet', kept.id, null, undefined],
    ['a record archived already', alreadyArchived.id, null, undefined],
    ['a record of a tab not read', missionOfUnreadTab.id, null, undefined],
    ['any record, in an edit', removed.id, anEdit, undefined],
  ])('%s: %s', (_, id, edit, event) => {
    const state = syncStateOf({
      records: [kept, removed, alreadyArchived, missionOfUnreadTab],
      tabs: [tabOf('beneficiary', [rowOfRecord(kept)])],
      edit,
    });
    identifyRows(state);
    archiveRemovedRows(state);
    const draft = state.drafts.get(id);
    expect(draft?.event ?? undefined).toBe(event);
    if (event === 'archived') expect(draft).toMatchObject({ archived: true, dirty: true });
  });
});

describe('restoreIfArchived', () => {
  it.each([
    [true, 'restored', true],
    [false, null, false],
  ])('a draft archived=%s ends with event %s', (archived, event, dirty) => {
    const state = syncStateOf({ records: [aStructure(4, { archived })] });
    const draft = state.draftOf(aStructure(4, { archived }));
    restoreIfArchived(draft);
    expect(draft).toMatchObject({ archived: false, event, dirty });
  });
});
