import { buildDashboard } from '../../../../../shared/domain/dashboard/dashboard-charts';
import {
  dashboardDigest,
  isoWeekOf,
} from '../../../../../shared/domain/dashboard/dashboard-digest';
import {
  lastQuarters,
  median,
  percentileInc,
  percentilesInc,
  quarterLabel,
} from '../../../../../shared/domain/dashboard/dashboard-statistics';
import { consolidateRegion } from '../../../../../shared/domain/regional/regional-view';
import {
  AT,
  REGISTER,
  SECRET,
  TODAY,
  operatorRecords,
} from '../../../../support/builders/consolidation-fixtures';

const view = () =>
  consolidateRegion({ operators: operatorRecords(), register: REGISTER, today: TODAY, at: AT });

describe('the statistics of the dashboard, as a spreadsheet computes them', () => {
  it.each([
    // CENTILE.INCLURE({35; 34; 121; 130}; 0,8): rank 0,8 × 3 = 2,4 → 121 + 0,4 × (130 − 121).
    [[35, 34, 121, 130], 0.8, 124.6],
    [[35, 34, 121, 130], 0.5, 78],
    [[12], 0.8, 12],
    [[], 0.5, null],
  ])('CENTILE.INCLURE(%j; %d) = %p', (values, share, expected) => {
    const got = percentileInc(values, share);
    if (expected === null) expect(got).toBeNull();
    else expect(got).toBeCloseTo(expected, 10);
  });

  it.each([
    [
      [35, 34, 121, 130],
      [0.5, 0.8],
      [78, 124.6],
    ],
    [[12], [0.5, 0.8], [12, 12]],
    [[], [0.5, 0.8], [null, null]],
  ])('several shares of %j at once: %j → %j, as each alone', (values, shares, expected) => {
    const got = percentilesInc(values, shares);
    expect(got).toEqual(shares.map((share) => percentileInc(values, share)));
    got.forEach((value, i) => {
      const want = expected[i] ?? null;
      if (want === null) expect(value).toBeNull();
      else expect(value).toBeCloseTo(want, 10);
    });
  });

  it('the median of an odd count is its middle value', () => {
    expect(median([40, 3, 17])).toBe(17);
  });

  it.each([
    ['2026-06-15', '2026-W25'],
    ['2026-01-01', '2026-W01'],
    ['2027-01-01', '2026-W53'],
    ['2025-12-29', '2026-W01'],
  ])('the ISO week of %s is %s', (date, week) => {
    expect(isoWeekOf(date)).toBe(week);
  });

  it('takes the eight quarters ending with the current one, oldest first', () => {
    expect(lastQuarters('2026-02-10', 8).map(quarterLabel)).toEqual([
      'T2 2024',
      'T3 2024',
      'T4 2024',
      'T1 2025',
      'T2 2025',
      'T3 2025',
      'T4 2025',
      'T1 2026',
    ]);
  });
});

describe('the dashboard of the regional view', () => {
  it('shows no confidential value anywhere, nor any structure name', () => {
    const text = JSON.stringify(buildDashboard(view()));
    expect(text).not.toContain(SECRET);
    expect(text).not.toContain('Ateliers');
  });

  it('dates every chart with the instant of the consolidation, in Paris', () => {
    const dashboard = buildDashboard(view());
    expect(new Set(dashboard.charts.map((c) => c.subtitle))).toEqual(
      new Set(['Données du 27/11/2026 à 08:05']),
    );
  });

  it('counts CBE-LM’s calls: 6 solicitations over 2 missions, 1 declined and 1 late', () => {
    const calls = buildDashboard(view()).charts.find((c) => c.key === 'calls');
    // MIS-CBE-LM-0001 and -0002 solicited 3 consultants each; the third mission none.
    expect(calls?.table.rows[0]).toEqual(['CBE-LM', 16.7, 16.7, 3, 2, 6]);
  });

  it('draws one bar per survey dimension once the six dimensions are recorded', () => {
    const dimensions = [
      'Modalités',
      'Déroulement',
      'Compétence',
      'Résultats',
      'Impact',
      'Pérennité',
    ].map((label, i) => ({ label, scoreOf: () => i + 0 }));
    const chart = buildDashboard(view(), { dimensions }).charts.find(
      (c) => c.key === 'satisfaction',
    );
    expect(chart?.series).toHaveLength(6);
    expect(chart?.table.columns.map((c) => c.header).slice(1, 7)).toEqual(
      dimensions.map((d) => `${d.label} (1 à 5)`),
    );
  });

  it('adds the funders’ contributions as a line once they are recorded', () => {
    const chart = buildDashboard(view(), { contributionCentsOf: () => 100_000 }).charts.find(
      (c) => c.key === 'amounts',
    );
    expect(chart?.table.columns.at(-1)?.header).toBe('Contributions des financeurs (région)');
    expect(chart?.series.at(-1)?.type).toBe('line');
  });

  it('writes the weekly e-mail with the figures in its text', () => {
    const digest = dashboardDigest(buildDashboard(view()), TODAY);
    expect(digest.key).toBe('tableau-de-bord-C2RA-2026-W48');
    expect(digest.subject).toBe(
      'Tableau de bord régional DLA Nord – Pas de Calais — semaine du 23/11/2026',
    );
    expect(digest.charts.map((c) => c.cid)).toEqual([
      'statuses@tableau-de-bord',
      'delays@tableau-de-bord',
      'amounts@tableau-de-bord',
    ]);
    expect(digest.text).toContain('- NA-DEN — En préparation : 0 ;');
    expect(digest.text).not.toContain(SECRET);
  });
});
