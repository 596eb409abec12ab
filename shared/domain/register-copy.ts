import type { StoredRecord } from './stored-record';
import { asProvider } from './entity-view';
import { providerCompleteness } from './provider';
import type { CellValue } from './values/cell-value';
import { formatChoices } from './values/choice';
import { formatYesNo } from './values/yes-no';

/** The read-only copy of the regional register an operator workbook shows (tab « Prestataires »). */
export const REGISTER_COPY_TAB = 'Prestataires';

/**
 * The rows of the « Prestataires » tab: active providers of the register, by ID, with what an
 * operator needs to choose whom to solicit (no contact details beyond the register's own).
 */
export function registerCopyRows(register: readonly StoredRecord[]): CellValue[][] {
  return register
    .filter((r) => r.kind === 'provider' && !r.archived)
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    .map((r) => {
      const p = asProvider(r.data);
      return [
        r.id,
        p.legalName ?? '',
        formatChoices(p.competences ?? []),
        formatChoices(p.sectors ?? []),
        formatChoices(p.areas ?? []),
        formatYesNo(providerCompleteness(p).sheetComplete),
      ];
    });
}
