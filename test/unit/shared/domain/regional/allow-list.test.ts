import { PLAN_FIELDS } from '../../../../../shared/domain/accompaniment-plan';
import { BENEFICIARY_FIELDS } from '../../../../../shared/domain/beneficiary';
import type { AnyFieldSpec } from '../../../../../shared/domain/field-spec';
import { MISSION_FIELDS } from '../../../../../shared/domain/mission';
import { PROVIDER_FIELDS } from '../../../../../shared/domain/provider';
import type { RecordKind } from '../../../../../shared/domain/record-id';
import { REGISTER_PROPOSAL_FIELDS } from '../../../../../shared/domain/register-proposal';
import { allowedData, REGIONAL_ALLOW_LIST } from '../../../../../shared/domain/regional/allow-list';
import {
  mergeProviderHistories,
  providerHistoryOf,
} from '../../../../../shared/domain/regional/provider-history';
import {
  regionalExportSheets,
  toTabReplacements,
} from '../../../../../shared/domain/regional/regional-output';
import { registerExportRows } from '../../../../../shared/domain/register-export';
import { SOLICITATION_FIELDS } from '../../../../../shared/domain/solicitation';
import type { ExportRow } from '../../../../../shared/domain/export-sheet';
import {
  CBE_LM_RECORDS,
  EE_DK_RECORDS,
  REGISTER,
  SECRET,
} from '../../../../support/builders/consolidation-fixtures';
import { view } from './regional-view.fixture';

const FIELDS: Readonly<Record<RecordKind, Readonly<Record<string, AnyFieldSpec>>>> = {
  beneficiary: BENEFICIARY_FIELDS,
  plan: PLAN_FIELDS,
  mission: MISSION_FIELDS,
  solicitation: SOLICITATION_FIELDS,
  provider: PROVIDER_FIELDS,
  registerProposal: REGISTER_PROPOSAL_FIELDS,
};

describe('the regional allow-list', () => {
  const entries = Object.entries(REGIONAL_ALLOW_LIST) as [RecordKind, readonly string[]][];

  it.each(entries)(
    'lets out no confidential field of a %s, and no free text but the mission title',
    (kind, keys) => {
      for (const key of keys) {
        const spec = FIELDS[kind][key];
        expect(spec).toBeDefined();
        expect(spec?.confidential ?? false).toBe(false);
        expect(spec?.format).not.toBe('longText');
        if (spec?.format === 'text')
          // Neither is free text: the funding's parser accepts only « Financeur : montant » lines,
          // the other plans' only ACC-… IDs.
          expect(`${kind}.${key}`).toMatch(
            /^(mission\.title|mission\.funding|mission\.otherPlanIds|provider\.legalName)$/,
          );
      }
    },
  );

  it('never lets out who a structure is nor how to reach it', () => {
    for (const key of [
      'name',
      'identifier',
      'town',
      'postalCode',
      'contactName',
      'email',
      'phone',
      'notes',
    ]) {
      expect(REGIONAL_ALLOW_LIST.beneficiary).not.toContain(key);
    }
    expect(REGIONAL_ALLOW_LIST.plan).not.toContain('diagnosticSummary');
    expect(REGIONAL_ALLOW_LIST.mission).not.toContain('interruptionReason');
    expect(REGIONAL_ALLOW_LIST.mission).not.toContain('scopeExtensionReason');
  });

  it('drops every other key of the stored data, even one no layout knows', () => {
    expect(
      allowedData('solicitation', {
        missionId: 'MIS-CBE-LM-0001',
        notes: SECRET,
        answer: 'Décliné',
      }),
    ).toEqual({
      missionId: 'MIS-CBE-LM-0001',
      answer: 'Décliné',
    });
  });
});

describe('confidentiality', () => {
  function everyCell(rows: Iterable<ExportRow | readonly unknown[]>): string[] {
    return [...rows].flatMap((row) =>
      row.map((value) => (value instanceof Date ? value.toISOString() : String(value))),
    );
  }

  it('the secret of the data set is really there to be leaked', () => {
    expect(JSON.stringify([...CBE_LM_RECORDS, ...EE_DK_RECORDS])).toContain(SECRET);
  });

  it('appears in no value of the view, no tab, no exported sheet', () => {
    const v = view();
    expect(JSON.stringify(v)).not.toContain(SECRET);
    for (const t of toTabReplacements(v)) {
      for (const value of everyCell(t.rows)) expect(value).not.toContain(SECRET);
    }
    for (const sheet of regionalExportSheets(v)) {
      expect(sheet.title).not.toContain(SECRET);
      for (const value of everyCell(sheet.rows as Iterable<ExportRow>))
        expect(value).not.toContain(SECRET);
    }
  });

  it('appears nowhere in the register export fed by the operators’ history', () => {
    const history = mergeProviderHistories(
      providerHistoryOf('CBE-LM', CBE_LM_RECORDS),
      providerHistoryOf('EE-DK', EE_DK_RECORDS),
    );
    expect(history.get('PRE-0001')).toEqual({
      missions: 2,
      satisfactionSum: 9,
      satisfactionCount: 2,
    });
    // The retained solicitation of the archived mission is not history.
    expect(history.get('PRE-0002')).toEqual({
      missions: 1,
      satisfactionSum: 0,
      satisfactionCount: 0,
    });
    for (const value of everyCell(registerExportRows(REGISTER, history)))
      expect(value).not.toContain(SECRET);
  });
});
