import type { ProviderHistory } from '../../../../shared/domain/regional/provider-history';
import {
  coversArea,
  FACET_MARK,
  REGISTER_EXPORT_COLUMNS,
  registerExportRows,
  registerExportSheet,
  resolveRegisterFilters,
  searchRegister,
} from '../../../../shared/domain/register-export';
import { COMPETENCES, SECTORS, TERRITORIES } from '../../../../shared/domain/reference-lists';
import type { ExportValue } from '../../../../shared/domain/export-sheet';
import {
  AT,
  REGISTER,
  registeredProvider,
  record,
} from '../../../support/builders/consolidation-fixtures';

describe('resolveRegisterFilters', () => {
  it('finds the value of each reference list meant, accents and case ignored', () => {
    expect(
      resolveRegisterFilters({ competence: 'gouvernance', sector: 'insertion', area: 'LILLOISE' }),
    ).toEqual({
      ok: true,
      value: {
        competence: 'Gouvernance',
        sector: "Insertion par l'activité économique",
        area: 'Métropole lilloise',
      },
    });
    expect(resolveRegisterFilters({ competence: '  ', sector: undefined })).toEqual({
      ok: true,
      value: {},
    });
  });

  it('refuses a value of no list, in French, with the closest ones', () => {
    const result = resolveRegisterFilters({ area: 'Lile' });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe('FILTER_UNKNOWN');
    expect(result.error.message).toMatch(/^Territoire : /);
    // « gestion » is in several competences: it must be said which one.
    expect(resolveRegisterFilters({ competence: 'gestion' }).ok).toBe(false);
  });
});

describe('coversArea — the guide’s search by geography', () => {
  it.each([
    [['Calaisis'], 'Calaisis', true],
    [['Calaisis'], 'Boulonnais', false],
    [['Région entière'], 'Boulonnais', true],
    [['Pas-de-Calais (62) — tout le département'], 'Boulonnais', true],
    [['Pas-de-Calais (62) — tout le département'], 'Dunkerquois', false],
    [['Nord (59) — tout le département'], 'Dunkerquois', true],
    [['Dunkerquois'], 'Nord (59) — tout le département', true],
    [['Dunkerquois'], 'Pas-de-Calais (62) — tout le département', false],
    [['Région entière'], 'Nord (59) — tout le département', true],
    [['Arrageois'], 'Région entière', true],
    [['Hors région'], 'Région entière', false],
    [['Région entière'], 'Hors région', false],
    [['Hors région'], 'Hors région', true],
    [[], 'Calaisis', false],
  ])('a provider in %j can work in « %s »: %s', (areas, area, expected) => {
    expect(coversArea(areas, area)).toBe(expected);
  });

  it('knows the département of every territory of the list', () => {
    const wide = [
      'Nord (59) — tout le département',
      'Pas-de-Calais (62) — tout le département',
      'Région entière',
      'Hors région',
    ];
    for (const territory of TERRITORIES.filter((t) => !wide.includes(t))) {
      expect([
        coversArea(['Nord (59) — tout le département'], territory),
        coversArea(['Pas-de-Calais (62) — tout le département'], territory),
      ]).toContain(true);
    }
  });
});

describe('searchRegister', () => {
  const register = [
    ...REGISTER,
    registeredProvider('PRE-0004', {
      legalName: 'Ancien Cabinet',
      competences: ['Gouvernance'],
      areas: ['Région entière'],
    }),
    {
      ...registeredProvider('PRE-0005', {
        legalName: 'Archivé Conseil',
        competences: ['Gouvernance'],
      }),
      archived: true,
    },
  ];

  it('answers by competence, sector and geography together, complete sheets first', () => {
    // Gouvernance: PRE-0001 (Métropole lilloise), PRE-0002 (whole Pas-de-Calais, no SIRET), PRE-0004 (region).
    expect(searchRegister(register, { competence: 'Gouvernance' }).map((m) => m.id)).toEqual([
      'PRE-0004',
      'PRE-0001',
      'PRE-0002',
    ]);
    expect(
      searchRegister(register, { competence: 'Gouvernance', area: 'Calaisis' }).map((m) => m.id),
    ).toEqual(['PRE-0004', 'PRE-0002']);
    expect(
      searchRegister(register, { sector: 'Sport', area: 'Dunkerquois' }).map((m) => m.id),
    ).toEqual(['PRE-0003']);
    expect(searchRegister(register, { competence: 'Numérique' })).toEqual([]);
  });

  it('says what a sheet lacks and what the provider did', () => {
    const history: ProviderHistory = new Map([
      ['PRE-0002', { missions: 3, satisfactionSum: 13, satisfactionCount: 3 }],
    ]);
    const [match] = searchRegister(
      register,
      { competence: 'Coopération et mutualisation' },
      history,
    );
    expect(match).toMatchObject({
      id: 'PRE-0002',
      sheetComplete: false,
      missing: ['SIRET'],
      missions: 3,
    });
    expect(match?.meanSatisfaction).toBeCloseTo(13 / 3, 10);
  });
});

describe('registerExportRows', () => {
  const headers = REGISTER_EXPORT_COLUMNS.map((c) => c.header);
  const history: ProviderHistory = new Map([
    ['PRE-0001', { missions: 2, satisfactionSum: 9, satisfactionCount: 2 }],
  ]);
  const rows = [...registerExportRows(REGISTER, history)];
  const value = (row: readonly ExportValue[] | undefined, header: string): ExportValue => {
    const index = headers.indexOf(header);
    if (index < 0) throw new Error(`no column ${header}`);
    return row?.[index] ?? null;
  };

  it('has one column per value of each facet, after the joined text', () => {
    expect(headers.slice(0, 3)).toEqual(['ID', 'Raison sociale', 'SIRET']);
    expect(headers).toContain('Compétence : Gouvernance');
    expect(headers).toContain("Secteur : Insertion par l'activité économique");
    expect(headers).toContain('Territoire : Région entière');
    expect(headers.filter((h) => h.startsWith('Compétence : '))).toHaveLength(COMPETENCES.length);
    expect(headers.filter((h) => h.startsWith('Secteur : '))).toHaveLength(SECTORS.length);
    expect(headers.filter((h) => h.startsWith('Territoire : '))).toHaveLength(TERRITORIES.length);
    for (const row of rows) expect(row).toHaveLength(headers.length);
  });

  it('writes each provider with its facets, completeness, missions and satisfaction', () => {
    const [first, second] = rows;
    expect(value(first, 'ID')).toBe('PRE-0001');
    expect(value(first, 'Compétences')).toBe('Modèle économique, Gouvernance');
    expect(value(first, 'Compétence : Gouvernance')).toBe(FACET_MARK);
    expect(value(first, 'Compétence : Numérique')).toBeNull();
    expect(value(first, 'Territoire : Métropole lilloise')).toBe(FACET_MARK);
    expect(value(first, 'Fiche complète')).toBe('Oui');
    expect(value(first, 'Éléments manquants')).toBeNull();
    expect(value(first, 'Missions retenues')).toBe(2);
    expect(value(first, 'Satisfaction moyenne')).toBe(4.5);
    expect(value(first, 'Référencé le')).toBe('2024-11-18');
    expect(value(second, 'Fiche complète')).toBe('Non');
    expect(value(second, 'Éléments manquants')).toBe('SIRET');
    expect(value(second, 'Missions retenues')).toBe(0);
    expect(value(second, 'Satisfaction moyenne')).toBeNull();
  });

  it('keeps register order by number, leaves archived providers out, and applies the filters', () => {
    const register = [
      registeredProvider('PRE-0010', { legalName: 'Dixième' }),
      registeredProvider('PRE-0002', { legalName: 'Deuxième' }),
      { ...registeredProvider('PRE-0003'), archived: true },
      record('mission', 'MIS-CBE-LM-0001', 'CBE-LM', {}),
    ];
    expect([...registerExportRows(register, new Map())].map((r) => r[0])).toEqual([
      'PRE-0002',
      'PRE-0010',
    ]);
    expect(
      [...registerExportRows(REGISTER, new Map(), { area: 'Boulonnais' })].map((r) => r[0]),
    ).toEqual(['PRE-0002', 'PRE-0003']);
  });

  it('titles the sheet with the date, time and filters of the export', () => {
    const sheet = registerExportSheet(REGISTER, new Map(), { competence: 'Gouvernance' }, AT);
    expect(sheet.title).toBe(
      'Registre régional des prestataires DLA Nord – Pas de Calais, export du 27/11/2026 à 08:05 (heure de Paris) : compétence « Gouvernance »',
    );
  });
});
