import fs from 'node:fs';
import path from 'node:path';
import { HTTP_FUNCTIONS } from '../../../functions/index';
import {
  FUNCTION_DEPLOYMENTS,
  RECONCILE_PERIODS,
  scheduledJobs,
} from '../../../scripts/deploy/deploy-plan';
import { FUNCTION_SIZING, MIN_HEADROOM, memoryFor } from '../../../scripts/deploy/function-sizing';

interface Measurement {
  readonly id: string;
  readonly size: string;
  readonly metrics: readonly { name: string; unit: string; value: number }[];
  readonly memory: { readonly peakRssMb: number } | null;
}

const latest = JSON.parse(
  fs.readFileSync(path.join(__dirname, '../../../bench/results/latest.json'), 'utf8'),
) as { measurements: Measurement[] };

function measurement(id: string): Measurement {
  const found = latest.measurements.find((m) => m.id === id);
  if (found === undefined) throw new Error(`${id} is not in bench/results/latest.json`);
  return found;
}

describe('each function is sized from the benchmark figure written next to its size', () => {
  it.each([...HTTP_FUNCTIONS])('%s: the figure is latest.json’s, with ≥ 1.5× headroom', (name) => {
    const sizing = FUNCTION_SIZING[name];
    const measured = measurement(sizing.source.measurement);
    expect(measured.memory?.peakRssMb).toBe(sizing.source.peakRssMib);
    expect(measured.size).toBe(sizing.source.size);
    expect(sizing.memoryMib).toBe(memoryFor(sizing.source.peakRssMib));
    expect(sizing.memoryMib / sizing.source.peakRssMib).toBeGreaterThanOrEqual(MIN_HEADROOM);
    // Cloud Run: at least 1 vCPU from 2 GiB, at least 2 above 4 GiB.
    expect(sizing.cpu).toBeGreaterThanOrEqual(sizing.memoryMib > 4096 ? 2 : 1);
  });

  it('sizes at the largest workbook the README promises (50 000 rows)', () => {
    for (const name of ['syncSpreadsheet', 'scoreMission', 'sheetEdit', 'dailyAlerts'] as const)
      expect(FUNCTION_SIZING[name].source.size).toMatch(/^50,\d{3} rows$/);
  });

  it('names the figures latest.json lacks, each replaced by a stated stand-in', () => {
    const withoutMemory = latest.measurements.filter((m) => m.memory === null).map((m) => m.id);
    expect(withoutMemory).toEqual(
      expect.arrayContaining([
        'reconcile.sheets.after-change.50000',
        'sheet-edit.alone.10148',
        'alerts.10000',
        'scoring.1000x4',
      ]),
    );
    for (const name of ['syncSpreadsheet', 'sheetEdit', 'dailyAlerts', 'scoreMission'] as const)
      expect(FUNCTION_SIZING[name].proxyFor).not.toBeNull();
  });
});

describe('the reconcile runs one job per workbook, each within its timeout', () => {
  it.each(RECONCILE_PERIODS.map((minutes) => [minutes]))(
    'every %i minutes: seven jobs, deadline within the period and the function timeout',
    (minutes) => {
      const jobs = scheduledJobs(minutes).filter((j) => j.functionName === 'syncSpreadsheet');
      expect(jobs.map((j) => j.owner)).toEqual([
        'CBE-LM',
        'EE-DK',
        'NA-DEN',
        'NA-LIL',
        'I62-LEN',
        'I62-CAL',
        'C2RA',
      ]);
      expect(new Set(jobs.map((j) => j.runKey)).size).toBe(7);
      const reconcile50k =
        measurement('reconcile.sheets.after-change.50000').metrics[0]?.value ?? 0;
      for (const job of jobs) {
        expect(job.attemptDeadlineSeconds).toBeLessThanOrEqual(minutes * 60);
        expect(job.attemptDeadlineSeconds).toBeLessThanOrEqual(
          FUNCTION_DEPLOYMENTS.syncSpreadsheet.timeoutSeconds,
        );
        // 15.6 s measured against the test server at 50,546 rows: ten times that still fits.
        expect(job.attemptDeadlineSeconds * 1000).toBeGreaterThan(10 * reconcile50k);
        expect(JSON.parse(job.body)).toEqual({ owner: job.owner });
      }
      expect(FUNCTION_DEPLOYMENTS.syncSpreadsheet.maxInstances).toBeGreaterThanOrEqual(7);
    },
  );
});
