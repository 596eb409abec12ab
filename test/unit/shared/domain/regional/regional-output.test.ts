import { consolidateRegion } from '../../../../../shared/domain/regional/regional-view';
import { REGIONAL_TAB_COLUMNS } from '../../../../../shared/domain/regional/regional-tabs';
import { toTabReplacements } from '../../../../../shared/domain/regional/regional-output';
import {
  AT,
  mission,
  operatorRecords,
  REGISTER,
  TODAY,
} from '../../../../support/builders/consolidation-fixtures';
import { euros, view } from './regional-view.fixture';

describe('toTabReplacements', () => {
  const tabs = toTabReplacements(view());
  const tab = (name: string) => {
    const found = tabs.find((t) => t.tab === name);
    if (found === undefined) throw new Error(`no tab ${name}`);
    return found;
  };

  it('replaces the three tabs, each starting with the date and time of the run in Paris', () => {
    expect(tabs.map((t) => t.tab)).toEqual([
      'Missions régionales',
      'Indicateurs',
      'Prestataires mobilisés',
    ]);
    for (const t of tabs) {
      expect(t.rows[0]).toEqual([
        'Consolidation régionale DLA Nord – Pas de Calais du 27/11/2026 à 08:05 (heure de Paris)',
      ]);
    }
    expect(tab('Missions régionales').rows).toHaveLength(1 + 7);
    expect(tab('Indicateurs').rows).toHaveLength(1 + 7);
    expect(tab('Prestataires mobilisés').rows).toHaveLength(1 + 3);
  });

  it('writes each value under its layout column, the French way', () => {
    const missions = tab('Missions régionales');
    const labels = REGIONAL_TAB_COLUMNS.missions;
    const first = missions.rows[1] ?? [];
    expect(first).toHaveLength(labels.length);
    const cell = (label: string) => first[labels.indexOf(label as (typeof labels)[number])];
    expect(cell('ID mission')).toBe('MIS-CBE-LM-0001');
    expect(cell('Statut')).toBe('Évaluée');
    expect(cell('Attribuée le')).toBe('16/02/2026');
    expect(cell('Plafond budgétaire')).toBe(euros('6 000,00'));
    expect(cell('Prix retenu')).toBe(euros('5 400,00'));
    expect(cell("Délai d'attribution (jours)")).toBe(35);
    expect(cell('Jours estimés')).toBe('8,0');
    expect(cell('Mis à jour le')).toBe('27/11/2026 08:05');

    const region = tab('Indicateurs').rows[7] ?? [];
    const il = REGIONAL_TAB_COLUMNS.indicators;
    const at = (label: string) => region[il.indexOf(label as (typeof il)[number])];
    expect(at('Opérateur')).toBe('Région');
    expect(at('Montant engagé')).toBe(euros('22 000,00'));
    expect(at("Délai moyen d'attribution (jours)")).toBe('34,8');
    expect(at('Satisfaction moyenne')).toBe('4,50');
    expect(at('Alertes ouvertes')).toBeNull();
  });

  it('neutralises a text a spreadsheet would run as a formula', () => {
    const operators = {
      ...operatorRecords(),
      'NA-DEN': [
        mission('MIS-NA-DEN-0001', 'NA-DEN', { title: '=HYPERLINK("http://x.example";"clic")' }),
      ],
    };
    const rows =
      toTabReplacements(
        consolidateRegion({ operators, register: REGISTER, today: TODAY, at: AT }),
      )[0]?.rows ?? [];
    expect(rows.flat()).toContain('\'=HYPERLINK("http://x.example";"clic")');
  });
});
