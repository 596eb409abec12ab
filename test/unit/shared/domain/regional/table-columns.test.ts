import {
  INDICATOR_COLUMNS,
  MISSION_COLUMNS,
  PROVIDER_COLUMNS,
} from '../../../../../shared/domain/regional/table-columns';
import { REGIONAL_TAB_COLUMNS } from '../../../../../shared/domain/regional/regional-tabs';

describe('the C2RA workbook layout', () => {
  it.each([
    ['missions', MISSION_COLUMNS.map((c) => c.header)],
    ['indicators', INDICATOR_COLUMNS.map((c) => c.header)],
    ['providers', PROVIDER_COLUMNS.map((c) => c.header)],
  ] as const)('computes every column of the %s tab', (key, computed) => {
    const notComputed = REGIONAL_TAB_COLUMNS[key].filter((label) => !computed.includes(label));
    expect(notComputed).toEqual(key === 'indicators' ? ['Alertes ouvertes'] : []);
  });
});
