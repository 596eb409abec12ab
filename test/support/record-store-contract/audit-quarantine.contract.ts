/**
 * The audit trail and the quarantine of the {@link RecordStore} contract.
 *
 * @packageDocumentation
 */
import type { AuditEntry } from '../../../shared/domain/change-set';
import {
  aChangeSet,
  aCreation,
  anAuditEntry,
  anUpdate,
  aPut,
  aQuarantineEntry,
} from '../builders/stored-record-builder';
import {
  type ContractContext,
  MISSION,
  OTHER_MISSION,
  applied,
  edit,
  loadOne,
} from './contract-fixtures';

/** Declares these cases; see {@link describeRecordStoreContract}. */
export function describeAuditAndQuarantineContract({ store }: ContractContext): void {
  describe('audit', () => {
    it('lists audit entries oldest first, all of the owner or those of one record', async () => {
      const created = [
        anAuditEntry({
          at: edit(1),
          recordId: OTHER_MISSION.id,
          field: '@created',
          oldValue: null,
          newValue: 'copie de MIS-CBE-LM-0001',
        }),
        anAuditEntry({
          at: edit(1),
          recordId: OTHER_MISSION.id,
          field: 'title',
          oldValue: null,
          newValue: 'Structuration de la fonction employeur',
        }),
        anAuditEntry({
          at: edit(1),
          recordId: OTHER_MISSION.id,
          field: 'competences',
          oldValue: null,
          newValue: [],
        }),
      ];
      await applied(store(), aCreation(MISSION));
      await applied(
        store(),
        aChangeSet({ at: edit(1), puts: [aPut(OTHER_MISSION, 0)], audit: created }),
      );
      await applied(
        store(),
        anUpdate(MISSION, 'competences', ['Gouvernance', 'Communication'], edit(2)),
      );
      const mission = await loadOne(store(), 'CBE-LM', MISSION.id);
      await applied(
        store(),
        anUpdate(OTHER_MISSION, 'budgetCeilingCents', 480000, edit(3), { eventId: 'evt-audit' }),
      );
      await applied(store(), anUpdate(mission, 'awardedOn', '2025-03-20', edit(4)));

      const all = await store().listAudit('CBE-LM');
      expect(all.map((e) => `${e.recordId} ${e.field}`)).toStrictEqual([
        'MIS-CBE-LM-0001 @created',
        'MIS-CBE-LM-0002 @created',
        'MIS-CBE-LM-0002 title',
        'MIS-CBE-LM-0002 competences',
        'MIS-CBE-LM-0001 competences',
        'MIS-CBE-LM-0002 budgetCeilingCents',
        'MIS-CBE-LM-0001 awardedOn',
      ]);
      const expectedEntry: AuditEntry = anAuditEntry({
        at: edit(2),
        field: 'competences',
        oldValue: ['Modèle économique', 'Gestion financière'],
        newValue: ['Gouvernance', 'Communication'],
      });
      expect(all[4]).toStrictEqual(expectedEntry);
      expect(all.slice(1, 4)).toStrictEqual(created);
      expect(all[5]?.eventId).toBe('evt-audit');
      expect(all[6]?.oldValue).toBeNull();

      const ofMission = await store().listAudit('CBE-LM', MISSION.id);
      expect(ofMission.map((e) => e.field)).toStrictEqual(['@created', 'competences', 'awardedOn']);
      expect(ofMission.every((e) => e.recordId === MISSION.id)).toBe(true);
      expect(await store().listAudit('CBE-LM', 'MIS-CBE-LM-0099')).toStrictEqual([]);
      expect(await store().listAudit('EE-DK')).toStrictEqual([]);
    });
  });

  describe('quarantine', () => {
    it('keeps a refused input once per key, and loadOwner returns its key', async () => {
      const first = aQuarantineEntry({ key: 'q-budget' });
      await applied(store(), aChangeSet({ quarantine: [first] }));
      expect((await store().loadOwner('CBE-LM')).quarantineKeys).toStrictEqual(
        new Set(['q-budget']),
      );

      const again = aQuarantineEntry({
        key: 'q-budget',
        at: edit(1),
        message: 'même refus, relu',
      });
      const second = aQuarantineEntry({
        key: 'q-deadline',
        at: edit(1),
        column: 'Date limite de réponse',
        raw: '31/02/2025',
        code: 'DATE_INVALID',
        message: 'Date limite de réponse : le 31/02/2025 n’existe pas.',
        recordId: null,
        eventId: 'evt-q',
      });
      await applied(
        store(),
        aChangeSet({ eventId: 'evt-q', at: edit(1), quarantine: [again, second] }),
      );

      expect(await store().listQuarantine('CBE-LM')).toStrictEqual([first, second]);
      expect((await store().loadOwner('CBE-LM')).quarantineKeys).toStrictEqual(
        new Set(['q-budget', 'q-deadline']),
      );
    });

    it('keeps the quarantine of each owner apart, even under the same key', async () => {
      const ofLille = aQuarantineEntry({ key: 'q-same' });
      const ofDunkerque = aQuarantineEntry({
        key: 'q-same',
        owner: 'EE-DK',
        recordId: null,
        who: 'classeur EE-DK.xlsx',
        source: 'reconcile',
      });
      await applied(store(), aChangeSet({ quarantine: [ofLille] }));
      await applied(store(), aChangeSet({ owner: 'EE-DK', quarantine: [ofDunkerque] }));

      expect(await store().listQuarantine('CBE-LM')).toStrictEqual([ofLille]);
      expect(await store().listQuarantine('EE-DK')).toStrictEqual([ofDunkerque]);
      expect((await store().loadOwner('EE-DK')).quarantineKeys).toStrictEqual(new Set(['q-same']));
      expect((await store().loadOwner('NA-DEN')).quarantineKeys).toStrictEqual(new Set());
    });
  });
}
