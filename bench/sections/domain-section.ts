/**
 * Section 4 of the benchmark: the pure domain rules in bulk (scoring calls for proposals, the
 * alert rules) and the « Prestataires suggérés » column as the register grows.
 *
 * @packageDocumentation
 */
import type { PerItem, SuggestionPoint } from '../cases/domain-cases';
import type { Plan } from '../lib/bench-plan';
import { metric, pushGrowth, runValue, type Collector } from '../lib/collector';
import { formatCount } from '../lib/report';

export async function domainSection(c: Collector, plan: Plan, work: string): Promise<void> {
  try {
    c.log(`scoring ${formatCount(plan.scoringMissions)} calls for proposals × 4 proposals`);
    const scoring = await runValue<PerItem>(work, 'scoring', { missions: plan.scoringMissions });
    c.measurements.push({
      id: `scoring.${plan.scoringMissions}x4`,
      section: 4,
      label: 'Scoring a call for proposals (scoreCall), per mission',
      size: `${formatCount(scoring.items)} ${scoring.itemName}`,
      metrics: [metric('per mission', 'µs', scoring.perItemUs, scoring.floorPerItemUs, 2)],
      floorLabel: 'reading each proposal’s price and scores once',
      memory: null,
      notes: [
        `Whole batch ${formatCount(scoring.ms)} ms (median of ${scoring.repetitions}; first, cold: ${formatCount(scoring.firstMs)} ms).`,
      ],
      details: scoring,
    });
  } catch (error) {
    c.notMeasured('scoring of calls for proposals', error);
  }
  try {
    c.log(`alert rules over ${formatCount(plan.alertMissions)} missions`);
    const alerts = await runValue<
      PerItem & { alerts: number; solicitations: number; providers: number }
    >(work, 'alerts', { missions: plan.alertMissions });
    c.measurements.push({
      id: `alerts.${plan.alertMissions}`,
      section: 4,
      label: 'Alert rules (evaluateAlerts), per mission',
      size: `${formatCount(alerts.items)} missions, ${formatCount(alerts.solicitations)} solicitations`,
      metrics: [metric('per mission', 'µs', alerts.perItemUs, alerts.floorPerItemUs, 2)],
      floorLabel: 'reading each mission’s dates once',
      memory: null,
      notes: [
        `Whole batch ${formatCount(alerts.ms)} ms (median of ${alerts.repetitions}); ${formatCount(alerts.alerts)} alerts raised; register of ${formatCount(alerts.providers)} providers.`,
      ],
      details: alerts,
    });
  } catch (error) {
    c.notMeasured('alert rules', error);
  }
  try {
    c.log('suggested providers column vs register size');
    const points = await runValue<SuggestionPoint[]>(work, 'suggestions', {
      registerSizes: plan.suggestionRegisters,
    });
    const open = points[0]?.openMissions ?? 0;
    pushGrowth(
      c,
      'growth.suggestions.register',
      `« Prestataires suggérés » per open mission vs register size (${open} open missions of the ${formatCount(1_000)}-row workbook)`,
      'providers',
      points.map((p, i) => ({
        factor: i,
        n: p.providers,
        ms: p.msPerOpenMission,
        cpuMs: null,
        peakRssMb: null,
        deltaRssMb: null,
      })),
    );
  } catch (error) {
    c.notMeasured('suggestions vs register size', error);
  }
}
