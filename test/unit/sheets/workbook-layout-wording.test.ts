import { SEVERITY_LABELS } from '../../../shared/domain/alert-lifecycle';
import { ALERT_SEVERITIES } from '../../../shared/domain/alerts/alert-catalogue';
import { parameterRows } from '../../../shared/domain/operator-parameters';
import {
  ALERTS_TAB,
  C2RA_WORKBOOK_LAYOUT,
  OPERATOR_WORKBOOK_LAYOUT,
  tabLayout,
} from '../../../sheets/layouts/workbook-layout';

const COLUMNS = [OPERATOR_WORKBOOK_LAYOUT, C2RA_WORKBOOK_LAYOUT].flatMap((layout) =>
  layout.tabs.flatMap((tab) =>
    tab.columns.map((column) => ({ where: `${tab.name} › ${column.label}`, column })),
  ),
);

describe('workbook wording', () => {
  it('the « Gravité » note lists every severity, « Bloquant » included', () => {
    const note = tabLayout(OPERATOR_WORKBOOK_LAYOUT, ALERTS_TAB)?.columns.find(
      (c) => c.label === 'Gravité',
    )?.note;
    for (const severity of ALERT_SEVERITIES) expect(note).toContain(SEVERITY_LABELS[severity]);
  });

  it.each(COLUMNS.map((c) => [c.where, c.column.note] as const))(
    '%s: no « cochez » where there is no checkbox, one form of « chargé(e) de mission »',
    (_where, note) => {
      expect(note).not.toMatch(/cochez/i);
      expect(note).not.toMatch(/chargée? de mission/i);
    },
  );

  it.each(
    COLUMNS.filter((c) => c.column.format === 'yesNo' && !c.column.protected).map(
      (c) => [c.where, c.column.note] as const,
    ),
  )('%s: a yes/no column tells the exact value to type', (_where, note) => {
    expect(note).toContain('Oui');
  });

  it.each(parameterRows().map((row) => [String(row[0]), String(row[4])] as const))(
    'Paramètres « %s »: no « cochez », and the default is named as the operator’s',
    (_label, help) => {
      expect(help).not.toMatch(/cochez/i);
      expect(help).toContain("Défaut de l'opérateur");
    },
  );
});
