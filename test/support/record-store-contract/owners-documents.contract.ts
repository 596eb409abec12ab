/**
 * Owners, the register and the system documents of the {@link RecordStore} contract.
 *
 * @packageDocumentation
 */
import type { StoredRecord } from '../../../shared/domain/stored-record';
import {
  aBeneficiary,
  aChangeSet,
  aCreation,
  aProvider,
  aQuarantineEntry,
  aStoredRecord,
  missionId,
} from '../builders/stored-record-builder';
import { type ContractContext, MISSION, applied, byId } from './contract-fixtures';

/** Declares these cases; see {@link describeRecordStoreContract}. */
export function describeOwnersAndDocumentsContract({ store }: ContractContext): void {
  describe('owners and the register', () => {
    async function populate(): Promise<{
      lille: StoredRecord;
      dunkerque: StoredRecord[];
      providers: StoredRecord[];
    }> {
      const lille = MISSION;
      const dunkerque = [
        aBeneficiary(),
        aStoredRecord({ id: missionId('EE-DK', 1), owner: 'EE-DK' }),
      ];
      const providers = [
        aProvider(),
        aProvider({
          id: 'PRE-0002',
          archived: true,
          data: { legalName: 'Opale Stratégies', siret: '44306184100047' },
        }),
      ];
      await applied(store(), aCreation(lille));
      for (const record of [...dunkerque, ...providers]) await applied(store(), aCreation(record));
      await applied(
        store(),
        aChangeSet({
          owner: 'EE-DK',
          quarantine: [aQuarantineEntry({ key: 'q-dk', owner: 'EE-DK' })],
        }),
      );
      return { lille, dunkerque, providers };
    }

    it("never returns another owner's records, audit or quarantine", async () => {
      const { lille, dunkerque } = await populate();
      const ofLille = await store().loadOwner('CBE-LM');
      expect(ofLille.records).toStrictEqual([lille]);
      expect(ofLille.quarantineKeys).toStrictEqual(new Set());
      const ofDunkerque = await store().loadOwner('EE-DK');
      expect(byId(ofDunkerque.records)).toStrictEqual(byId(dunkerque));
      expect(ofDunkerque.quarantineKeys).toStrictEqual(new Set(['q-dk']));
      expect((await store().listAudit('CBE-LM')).map((e) => e.recordId)).toStrictEqual([lille.id]);
      expect(await store().listQuarantine('CBE-LM')).toStrictEqual([]);
      expect((await store().loadOwner('I62-CAL')).records).toStrictEqual([]);
    });

    it('gives the register: providers only, archived ones included', async () => {
      const { providers } = await populate();
      const register = byId(await store().loadRegister());
      expect(register).toStrictEqual(providers);
      expect(register.every((r) => r.kind === 'provider')).toBe(true);
      expect(register.find((r) => r.id === 'PRE-0002')?.archived).toBe(true);
    });
  });

  describe('system documents', () => {
    it('keeps a JSON document per owner and name, replaced whole, null when never written', async () => {
      expect(await store().readDocument('CBE-LM', 'parameters')).toBeNull();
      const weights = {
        weightUnderstanding: 20,
        weightBudget: 15,
        budgetMethod: 'Proportionnelle',
      };
      await store().writeDocument('CBE-LM', 'parameters', weights);
      await store().writeDocument('EE-DK', 'parameters', { weightBudget: 30 });
      const states = [
        {
          key: 'MID_NOTE_OVERDUE:MIS-CBE-LM-0001',
          followUp: { kind: 'vu' },
          dueOn: null,
          tags: [['a', 'b']],
        },
      ];
      await store().writeDocument('CBE-LM', 'alert-states', states);
      expect(await store().readDocument('CBE-LM', 'parameters')).toStrictEqual(weights);
      expect(await store().readDocument('EE-DK', 'parameters')).toStrictEqual({
        weightBudget: 30,
      });
      expect(await store().readDocument('CBE-LM', 'alert-states')).toStrictEqual(states);
      await store().writeDocument('CBE-LM', 'parameters', { weightBudget: 10 });
      expect(await store().readDocument('CBE-LM', 'parameters')).toStrictEqual({
        weightBudget: 10,
      });
      await store().writeDocument('system', 'job-runs', { dailyAlerts: { outcome: 'ok' } });
      expect(await store().readDocument('system', 'job-runs')).toStrictEqual({
        dailyAlerts: { outcome: 'ok' },
      });
    });
  });
}
