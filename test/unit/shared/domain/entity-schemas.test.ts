import { z } from 'zod';
import { planSchema } from '../../../../shared/domain/accompaniment-plan';
import { beneficiarySchema } from '../../../../shared/domain/beneficiary';
import {
  formatZodError,
  parseCell,
  zodIssuesToErrors,
  type AnyFieldSpec,
} from '../../../../shared/domain/field-spec';
import { missionSchema, MISSION_FIELDS } from '../../../../shared/domain/mission';
import {
  PROVIDER_FIELDS,
  providerCompleteness,
  providerSchema,
  providerWarnings,
} from '../../../../shared/domain/provider';
import { solicitationSchema } from '../../../../shared/domain/solicitation';
import { formatRecordId, parseRecordId } from '../../../../shared/domain/record-id';
import { OPERATORS, operatorDisplayName } from '../../../../shared/domain/operator';

const GARBAGE: unknown[] = [
  null,
  undefined,
  {},
  [],
  Number.NaN,
  Infinity,
  'x'.repeat(100_000),
  '=HYPERLINK("http://evil";"clic")',
  '\u0000\u0007',
  new Date('invalid'),
  -1,
  true,
];

describe('entity schemas of the guide', () => {
  it.each([
    [
      'a structure bénéficiaire',
      beneficiarySchema,
      {
        name: 'Les Amis du Théâtre de Roubaix',
        identifier: 'w595012345',
        legalForm: 'association loi 1901',
        sector: 'culture',
        territory: 'Roubaix-Tourcoing',
        town: 'Roubaix',
        postalCode: 59100,
        employeesFte: '2,5',
        contactName: 'Sophie Leroy',
        email: 'Sophie.Leroy@Amis-Theatre.FR',
        phone: '03.20.12.34.56',
        firstWelcomedOn: '03/02/2025',
        notes: 'Trésorerie tendue.',
      },
      {
        identifier: 'W595012345',
        legalForm: 'Association loi 1901',
        sector: 'Culture',
        postalCode: '59100',
        employeesFte: 2.5,
        phone: '03 20 12 34 56',
        firstWelcomedOn: '2025-02-03',
      },
    ],
    [
      "un plan d'accompagnement",
      planSchema,
      {
        beneficiaryId: 'str-cbe-lm-0001',
        diagnosticOn: '10/01/2025',
        issues: 'Modèle économique, gouvernance',
        actions: 'Ingénierie individuelle',
        status: 'En cours',
        plannedEndOn: '2025-12-31',
        followUpDiagnosticOn: null,
        diagnosticSummary: null,
      },
      {
        beneficiaryId: 'STR-CBE-LM-0001',
        issues: ['Modèle économique', 'Gouvernance'],
        plannedEndOn: '2025-12-31',
      },
    ],
    [
      'une mission',
      missionSchema,
      {
        planId: 'ACC-CBE-LM-0001',
        title: 'Consolidation du modèle économique',
        budgetCeilingCents: '6 000,00 €',
        estimatedDays: 8,
        termsSentOn: '03/02/2025',
        replyDeadline: '28/02/2025',
      },
      {
        budgetCeilingCents: 600_000,
        termsSentOn: '2025-02-03',
        replyDeadline: '2025-02-28',
        awardedOn: null,
      },
    ],
    [
      'une sollicitation',
      solicitationSchema,
      {
        missionId: 'MIS-CBE-LM-0001',
        providerId: 'PRE-0012',
        answer: 'proposition reçue',
        answeredOn: '27/02/2025',
        priceCents: '5 400 €',
        contents: 'Page de garde; Budget',
        understandingByOfficer: '4,5',
        lateAdmitted: 'non',
      },
      {
        answer: 'Proposition reçue',
        priceCents: 540_000,
        contents: ['Page de garde', 'Budget'],
        understandingByOfficer: 4.5,
        lateAdmitted: false,
      },
    ],
    [
      'une fiche prestataire',
      providerSchema,
      {
        legalName: 'Cabinet Ambroise Conseil',
        siret: '732 829 320 00074',
        postalCode: '59000',
        competences: 'Modèle économique',
        areas: 'Métropole lilloise',
      },
      {
        siret: '73282932000074',
        competences: ['Modèle économique'],
        areas: ['Métropole lilloise'],
        street: null,
      },
    ],
  ])('reads %s as typed in a French spreadsheet', (_label, schema, row, expected) => {
    const parsed = (
      schema as z.ZodType<Record<string, unknown>, Record<string, unknown>>
    ).safeParse(row);
    expect(parsed.success ? parsed.data : formatZodError(parsed.error)).toMatchObject(expected);
  });

  it.each([
    [
      beneficiarySchema,
      { name: null },
      'name',
      'REQUIRED',
      'La colonne « Nom de la structure » est obligatoire.',
    ],
    [
      beneficiarySchema,
      { name: 'X', identifier: '73282932000075' },
      'identifier',
      'SIRET_INVALID',
      'SIRET',
    ],
    [
      missionSchema,
      { planId: 'ACC-CBE-LM-0001', title: 'T', budgetCeilingCents: '-500 €' },
      'budgetCeilingCents',
      'AMOUNT_NEGATIVE',
      'négatif',
    ],
    [
      missionSchema,
      { planId: 'ACC-CBE-LM-0001', title: 'T', replyDeadline: '02/30/2025' },
      'replyDeadline',
      'DATE_INVALID',
      'jj/mm/aaaa',
    ],
    [
      missionSchema,
      { planId: 'STR-CBE-LM-0001', title: 'T' },
      'planId',
      'REFERENCE_WRONG_KIND',
      'ACC-',
    ],
    [
      solicitationSchema,
      { missionId: 'MIS-CBE-LM-0001', providerId: 'PRE-0001', methodologyByOfficer: 7 },
      'methodologyByOfficer',
      'NUMBER_OUT_OF_RANGE',
      '5',
    ],
    [
      providerSchema,
      { legalName: 'X', competences: 'Astrologie' },
      'competences',
      'CHOICE_INVALID',
      'Astrologie',
    ],
    [
      providerSchema,
      { legalName: '=HYPERLINK("http://evil";"clic")' },
      'legalName',
      'FORMULA_NOT_ALLOWED',
      'formules',
    ],
  ])(
    'refuses a bad cell with a stable code and a French message (%#)',
    (schema, row, field, code, words) => {
      const parsed = (schema as z.ZodType<unknown, Record<string, unknown>>).safeParse(row);
      expect(parsed.success).toBe(false);
      if (parsed.success) return;
      const errors = zodIssuesToErrors(parsed.error);
      expect(errors).toEqual(
        expect.arrayContaining([expect.objectContaining({ path: [field], code })]),
      );
      expect(errors.find((e) => e.code === code)?.message).toContain(words);
    },
  );

  it.each(GARBAGE.map((g) => [g]))('never throws on garbage in any column: %p', (garbage) => {
    const specs: AnyFieldSpec[] = [
      ...Object.values(MISSION_FIELDS),
      ...Object.values(PROVIDER_FIELDS),
    ];
    for (const spec of specs) {
      const result = parseCell(spec, garbage);
      if (!result.ok) {
        expect(result.error.code).toMatch(/^[A-Z_]+$/);
        expect(result.error.message.length).toBeGreaterThan(5);
      }
    }
  });

  it('says in French what a whole row misses, and the generic zod issues too', () => {
    const parsed = z.object({ age: z.number() }).safeParse({ age: 'vingt' });
    expect(parsed.success).toBe(false);
    if (!parsed.success)
      expect(formatZodError(parsed.error)).toBe('Type de valeur inattendu (champ « age »).');
  });
});

const OPALE_FULL_SHEET = {
  legalName: 'Opale Stratégies',
  siret: '44306184100047',
  legalForm: 'SAS',
  street: '3 quai de la Citadelle',
  postalCode: '59140',
  town: 'Dunkerque',
  contactName: 'Marc Vandewalle',
  email: 'contact@opale.fr',
  phone: '03 28 66 55 44',
  competences: ['Gouvernance'],
  sectors: ['Sport'],
  areas: ['Dunkerquois'],
};

const CHECKLIST_LABELS = [
  'Forme juridique',
  'Contact',
  'E-mail',
  'Téléphone',
  'Compétences',
  "Secteurs d'activité",
  "Territoires d'intervention",
];

describe('provider identification sheet (fiche type prestataire)', () => {
  // Guide, part III: the sheet « doit absolument être dûment complétée (adresse, N° de siret,
  // etc.) sans quoi le prestataire ne pourra percevoir le financement de la mission ».
  it.each<[string, Record<string, unknown>, boolean, string[]]>([
    [
      'the name alone',
      { legalName: 'Opale Stratégies' },
      false,
      ['SIRET', 'Adresse', 'Code postal', 'Commune'],
    ],
    ['no SIRET', { ...OPALE_FULL_SHEET, siret: null }, false, ['SIRET']],
    ['no street', { ...OPALE_FULL_SHEET, street: null }, false, ['Adresse']],
    [
      'the name, SIRET and address only',
      {
        ...OPALE_FULL_SHEET,
        legalForm: null,
        contactName: null,
        email: null,
        phone: null,
        competences: [],
        sectors: [],
        areas: [],
      },
      true,
      [],
    ],
    ['every field', OPALE_FULL_SHEET, true, []],
  ])('what the guide names blocks payment by default: %s', (_name, provider, complete, missing) => {
    const result = providerCompleteness(provider);
    expect({ sheetComplete: result.sheetComplete, missing: result.missing }).toEqual({
      sheetComplete: complete,
      missing,
    });
  });

  // The richer list is the operator's checklist (ours): always shown, blocking when turned on.
  it.each<[string, Record<string, unknown>, string[]]>([
    ['no territory', { ...OPALE_FULL_SHEET, areas: [] }, ["Territoires d'intervention"]],
    ['the name alone', { legalName: 'Opale Stratégies' }, CHECKLIST_LABELS],
  ])(
    'the operator checklist lists what is missing (%s), blocking only when required',
    (_name, provider, checklist) => {
      expect(providerCompleteness(provider).checklistMissing).toEqual(checklist);
      const strict = providerCompleteness(provider, { checklistRequired: true });
      expect(strict.sheetComplete).toBe(false);
      expect(strict.missing).toEqual(expect.arrayContaining(checklist));
    },
  );

  it.each([
    ['59000', []],
    ['62100', []],
    ['75011', ['PROVIDER_OUT_OF_REGION']],
    ['80000', ['PROVIDER_OUT_OF_REGION']],
  ])(
    'accepts a provider from %s, with a warning outside Nord – Pas-de-Calais',
    (postalCode, codes) => {
      expect(providerWarnings({ postalCode }).map((w) => w.code)).toEqual(codes);
    },
  );
});

describe('record IDs and operators', () => {
  it.each([
    [{ kind: 'mission', operator: 'CBE-LM', sequence: 42 } as const, 'MIS-CBE-LM-0042'],
    [{ kind: 'beneficiary', operator: 'I62-CAL', sequence: 7 } as const, 'STR-I62-CAL-0007'],
    [{ kind: 'provider', operator: null, sequence: 12345 } as const, 'PRE-12345'],
  ])('formats and reads back %p as %s', (parts, id) => {
    expect(formatRecordId(parts)).toBe(id);
    expect(parseRecordId(id.toLowerCase())).toEqual({ ok: true, value: parts });
  });

  it.each(['MIS-0042', 'PRE-CBE-LM-0001', 'MIS-XYZ-0001', 'ABC-CBE-LM-0001', '', 42])(
    'refuses the ID %p',
    (raw) => {
      expect(parseRecordId(raw)).toEqual({
        ok: false,
        error: expect.objectContaining({ code: 'ID_INVALID' }),
      });
    },
  );

  it('knows the six operators of the guide with their phones', () => {
    expect(OPERATORS.map((o) => [o.code, o.phone])).toEqual([
      ['CBE-LM', '03 59 30 67 30'],
      ['EE-DK', '03 28 22 64 26'],
      ['NA-DEN', '03 27 44 32 58'],
      ['NA-LIL', '03 20 74 57 40'],
      ['I62-LEN', '03 21 42 68 44'],
      ['I62-CAL', '03 21 00 83 08'],
    ]);
    expect(operatorDisplayName('NA-DEN')).toBe('NordActif (Denain)');
    expect(operatorDisplayName('CBE-LM')).toBe("Comité de Bassin d'Emploi de Lille Métropole");
  });
});
