/**
 * Guide, part III « Référencement des prestataires »: « chaque acteur du dispositif (DLA, C2RA,
 * CNAR...) a la possibilité de référencer un prestataire »; the base « est alimentée et gérée
 * par le C2RA »; « Les DLA et le C2RA du Nord - Pas de Calais sont libres de faire évoluer cette
 * base de données ». The operator proposes, the C2RA decides, nothing reaches the register before.
 */
import type { RecordData, StoredRecord } from '../../../../shared/domain/stored-record';
import type { TabSnapshot } from '../../../../shared/domain/workbook-snapshot';
import { proposalViolations } from '../../../../shared/domain/register-proposal';
import {
  asProposalDecision,
  decideProposal,
  OUTCOME_PENDING,
  proposalOutcomeCells,
  type TypedDecision,
} from '../../../../shared/domain/register-proposal-decision';
import {
  appliedInStore,
  proposedText,
  readTypedDecisions,
  registerSheetChange,
  REVIEW_COLUMNS,
  reviewRows,
} from '../../../../shared/domain/register-proposal-review';
import {
  aDecision,
  aNewProviderProposal,
  aPhoneChangeProposal,
  aRegisterProvider,
} from '../../../support/builders/register-proposal-builder';

const REGISTER = [aRegisterProvider()];

describe('a proposal says what it asks for (« Contrôles », never a refusal: filled over time)', () => {
  it.each<[string, RecordData, string[]]>([
    ['a complete new provider', aNewProviderProposal().data, []],
    [
      'a new provider without its name',
      aNewProviderProposal({ legalName: null }).data,
      ['PROPOSAL_NAME_MISSING'],
    ],
    [
      'a new provider naming an ID',
      aNewProviderProposal({ providerId: 'PRE-0001' }).data,
      ['PROPOSAL_NEW_WITH_ID'],
    ],
    ['a modification of PRE-0001', aPhoneChangeProposal().data, []],
    [
      'a modification without its provider',
      aPhoneChangeProposal({ providerId: null }).data,
      ['PROPOSAL_PROVIDER_MISSING'],
    ],
    [
      'a modification proposing nothing',
      aPhoneChangeProposal({ phone: null }).data,
      ['PROPOSAL_NOTHING_PROPOSED'],
    ],
  ])('%s', (_case, data, codes) => {
    expect(proposalViolations(data).map((v) => v.code)).toEqual(codes);
  });
});

function typed(proposal: StoredRecord, decision: string, reason = ''): TypedDecision {
  return { proposalId: proposal.id, decision, reason, shownProposal: proposedText(proposal.data) };
}

function context(proposal: StoredRecord | undefined, register: readonly StoredRecord[] = REGISTER) {
  return {
    proposal,
    currentProposalText: proposal ? proposedText(proposal.data) : '',
    register,
    at: '2025-06-02T08:00:00.000Z',
    who: 'registre@c2ra-npdc.fr',
  };
}

describe('the C2RA decides (« cette base de données est alimentée et gérée par le C2RA »)', () => {
  const fresh = aNewProviderProposal();
  const change = aPhoneChangeProposal();
  it.each<[string, TypedDecision, ReturnType<typeof context>, string]>([
    ['« Peut-être » is no decision', typed(fresh, 'Peut-être'), context(fresh), 'DECISION_INVALID'],
    [
      'a refusal without its reason',
      typed(change, 'Refusée', '  '),
      context(change),
      'REFUSAL_WITHOUT_REASON',
    ],
    [
      'a proposal its operator removed',
      typed(fresh, 'Validée'),
      context({ ...fresh, archived: true }),
      'PROPOSAL_GONE',
    ],
    [
      'a proposal changed since the C2RA read it',
      { ...typed(fresh, 'Validée'), shownProposal: 'Raison sociale : Autre' },
      context(fresh),
      'PROPOSAL_CHANGED',
    ],
    [
      'a new provider whose SIRET is already in the register',
      typed(fresh, 'Validée'),
      context(fresh, [aRegisterProvider({ siret: '44306184100047' })]),
      'VALIDATION_BLOCKED',
    ],
    [
      'a modification of an archived provider',
      typed(change, 'Validée'),
      context(change, [aRegisterProvider({}, { archived: true })]),
      'VALIDATION_BLOCKED',
    ],
    [
      'an incomplete proposal',
      typed(aNewProviderProposal({ legalName: null }), 'Validée'),
      context(aNewProviderProposal({ legalName: null })),
      'VALIDATION_BLOCKED',
    ],
  ])('refuses %s, with a French reason', (_case, decision, facts, code) => {
    const result = decideProposal(decision, facts);
    expect(result.ok ? null : result.error.code).toBe(code);
    expect(result.ok ? '' : result.error.message).toMatch(/[a-zé]/);
  });

  it.each<[string, TypedDecision, StoredRecord, object]>([
    [
      'validates a new provider (applied later, by the sync)',
      typed(fresh, 'validée'),
      fresh,
      { decision: 'Validée', applied: false, registerProviderId: null },
    ],
    [
      'validates a modification of PRE-0001',
      typed(change, 'Validée'),
      change,
      { decision: 'Validée', applied: false, registerProviderId: 'PRE-0001' },
    ],
    [
      'refuses with its reason (nothing to apply)',
      typed(change, 'Refusée', 'Standard inchangé.'),
      change,
      { decision: 'Refusée', applied: true, reason: 'Standard inchangé.' },
    ],
  ])('%s', (_case, decision, proposal, expected) => {
    const result = decideProposal(decision, context(proposal));
    expect(result.ok && result.value).toMatchObject({ ...expected, operator: 'CBE-LM' });
    expect(asProposalDecision(result.ok ? result.value : null)).toEqual(
      result.ok ? result.value : undefined,
    );
  });
});

describe('the proposer sees the outcome in its computed columns', () => {
  const fresh = aNewProviderProposal();
  it.each<[string, RecordData, ReturnType<typeof aDecision> | undefined, object, number]>([
    ['waiting', fresh.data, undefined, { outcome: OUTCOME_PENDING, registerProviderId: '' }, 0],
    [
      'validated, in the register',
      fresh.data,
      aDecision(fresh, { applied: true, registerProviderId: 'PRE-0002' }),
      { outcome: 'Validée', decidedOn: '02/06/2025', registerProviderId: 'PRE-0002' },
      0,
    ],
    [
      'validated, not yet in the register',
      fresh.data,
      aDecision(fresh),
      { outcome: 'Validée (inscription au registre en cours)' },
      0,
    ],
    [
      'refused, with the C2RA’s reason',
      fresh.data,
      aDecision(fresh, { decision: 'Refusée', reason: 'Déjà au registre national.' }),
      { outcome: 'Refusée', decisionReason: 'Déjà au registre national.' },
      0,
    ],
    [
      'changed after the decision: a warning, nothing re-sent',
      { ...fresh.data, town: 'Roubaix' },
      aDecision(fresh, { applied: true, registerProviderId: 'PRE-0002' }),
      { outcome: 'Validée' },
      1,
    ],
  ])('%s', (_case, data, decision, cells, warnings) => {
    const outcome = proposalOutcomeCells(data, decision);
    expect(outcome.cells).toMatchObject(cells);
    expect(outcome.warnings).toHaveLength(warnings);
  });
});

function registerTab(rows: readonly (readonly string[])[]): TabSnapshot {
  return {
    name: 'Registre',
    header: [
      'ID',
      'Raison sociale',
      'SIRET',
      'Adresse',
      'Code postal',
      'Commune',
      'Téléphone',
      'Compétences',
      'Référencé le',
    ],
    rows: rows.map((cells, i) => ({ rowNumber: i + 2, cells: cells.map((value) => ({ value })) })),
  };
}

describe('a validated proposal is written into « Registre » once, before the store', () => {
  const fresh = aNewProviderProposal();
  const change = aPhoneChangeProposal();
  const escaut = [
    'PRE-0001',
    'Cabinet Escaut Conseil',
    '73282932000074',
    '12 rue Nationale',
    '59000',
    'Lille',
    '03 20 12 34 56',
    '',
    '',
  ];
  it.each<
    [
      string,
      { decision: ReturnType<typeof aDecision>; proposal: StoredRecord },
      TabSnapshot,
      string[],
    ]
  >([
    [
      'a new provider: a row after the last one, with the date of the decision',
      { decision: aDecision(fresh), proposal: fresh },
      registerTab([escaut]),
      [
        '3:Raison sociale=Coopérative Tisserands du Nord',
        '3:SIRET=44306184100047',
        '3:Adresse=5 place du Concert',
        '3:Code postal=59800',
        '3:Commune=Lille',
        '3:Compétences=Gouvernance',
        '3:Référencé le=02/06/2025',
      ],
    ],
    [
      'a new provider already written (a crash before the store): nothing more',
      { decision: aDecision(fresh), proposal: fresh },
      registerTab([escaut, ['', 'Coopérative Tisserands du Nord', '44306184100047']]),
      [],
    ],
    [
      'a modification: only the values that change',
      { decision: aDecision(change), proposal: change },
      registerTab([escaut]),
      ['2:Téléphone=03 20 99 88 77'],
    ],
    [
      'a modification already in the sheet: nothing',
      { decision: aDecision(change), proposal: change },
      registerTab([[...escaut.slice(0, 6), '03 20 99 88 77', '', '']]),
      [],
    ],
  ])('%s', (_case, toApply, tab, cells) => {
    const change = registerSheetChange([toApply], tab);
    expect(change.cells.map((c) => `${c.row}:${c.column}=${String(c.value)}`)).toEqual(cells);
    expect([...change.inSheet]).toEqual([toApply.decision.proposalId]);
  });

  it('writes no new row while « Registre » lacks the column that recognises it (never twice)', () => {
    const fresh = aNewProviderProposal();
    const withoutSiret: TabSnapshot = {
      ...registerTab([]),
      header: ['ID', 'Raison sociale', 'Adresse', 'Code postal', 'Commune'],
    };
    const change = registerSheetChange(
      [{ decision: aDecision(fresh), proposal: fresh }],
      withoutSiret,
    );
    expect([change.cells, [...change.inSheet]]).toEqual([[], []]);
  });

  it.each<[string, StoredRecord[], string | null]>([
    [
      'the new provider stored under PRE-0002',
      [
        ...REGISTER,
        aRegisterProvider(
          {
            legalName: 'Coopérative Tisserands du Nord',
            siret: '44306184100047',
            street: '5 place du Concert',
            postalCode: '59800',
            phone: null,
            competences: ['Gouvernance'],
          },
          { id: 'PRE-0002' },
        ),
      ],
      'PRE-0002',
    ],
    ['the new provider not stored yet', REGISTER, null],
  ])('marks applied: %s', (_case, register, id) => {
    const applied = appliedInStore([{ decision: aDecision(fresh), proposal: fresh }], register);
    expect(applied[0]?.registerProviderId ?? null).toBe(id);
  });
});

describe('the C2RA’s review tab', () => {
  it('lists the waiting proposals first, then the decided ones, with the register’s current values', () => {
    const fresh = aNewProviderProposal();
    const change = aPhoneChangeProposal();
    const rows = reviewRows({
      proposals: [fresh, change],
      decisions: new Map([
        [fresh.id, aDecision(fresh, { applied: true, registerProviderId: 'PRE-0002' })],
      ]),
      register: REGISTER,
      refused: new Map(),
      today: '2025-06-11',
    });
    const header = Object.values(REVIEW_COLUMNS);
    const at = (row: number, label: string) => rows[row]?.[header.indexOf(label as never)];
    expect(at(0, REVIEW_COLUMNS.proposalId)).toBe('PRP-CBE-LM-0002');
    expect(at(0, REVIEW_COLUMNS.current)).toBe('Téléphone : 03 20 12 34 56');
    expect(at(0, REVIEW_COLUMNS.result)).toBe('En attente du C2RA depuis 10 jours');
    expect(at(1, REVIEW_COLUMNS.result)).toBe('Validée : PRE-0002 ajouté au registre.');
    // What the C2RA types is read back by label, whatever the column order.
    const typedBack = readTypedDecisions({
      name: 'Propositions des opérateurs',
      header,
      rows: rows.map((cells, i) => ({
        rowNumber: i + 2,
        cells: cells.map((value) => ({ value })),
      })),
    });
    expect(typedBack.get('PRP-CBE-LM-0001')?.decision).toBe('Validée');
  });
});
