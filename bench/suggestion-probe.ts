/**
 * The « Prestataires suggérés » column's cost as the register grows (issue 17: linear in the
 * register): `npx tsx bench/suggestion-probe.ts [sizes…]` prints ms per open mission at each
 * register size and the growth exponent between consecutive sizes.
 */
import { suggestionCase } from './cases/domain-cases';

async function main(): Promise<void> {
  const sizes = process.argv.slice(2).map(Number);
  const points = await suggestionCase({
    registerSizes: sizes.length > 0 ? sizes : [1_000, 4_000, 16_000],
  });
  points.forEach((p, i) => {
    const before = points[i - 1];
    const exponent =
      before === undefined
        ? ''
        : ` exponent ${(Math.log(p.msPerOpenMission / before.msPerOpenMission) / Math.log(p.providers / before.providers)).toFixed(2)}`;
    console.log(
      `${p.providers} providers, ${p.openMissions} open missions: ${p.msPerOpenMission} ms per open mission${exponent}`,
    );
  });
}

void main();
