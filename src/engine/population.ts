// Generates one block of the synthetic population from aggregate parameters: households of drawn
// sizes that never cross a block or segment boundary, with age classes by position in the household.
import { AGE_ADULT, AGE_CHILD, AGE_ELDER } from './layout.ts';
import { FLAG_EMPLOYED, FLAG_PET } from './columns.ts';
import type { SimulationPlan } from './plan.ts';
import { drawBelow, Stream, type BlockRng } from './rng.ts';
import type { World } from './world.ts';

export function populateBlock(world: World, plan: SimulationPlan, rng: BlockRng, block: number, start: number, end: number): void {
  const cols = world.columns;
  const cumulative = plan.householdSizeCumulative;
  const elderShare = plan.elderHouseholdShare;
  rng.key(Stream.population, 0, block);
  let segment = world.segmentOf(start);
  let i = start;
  while (i < end) {
    const segmentEnd = Math.min(end, world.segmentStart[segment + 1]);
    while (i < segmentEnd) {
      const u = rng.uniform();
      let size = 1;
      while (size < cumulative.length && u >= cumulative[size - 1]) size++;
      if (size > segmentEnd - i) size = segmentEnd - i;
      const headAge = rng.uniform() < elderShare ? AGE_ELDER : AGE_ADULT;
      for (let k = 0; k < size; k++) {
        const age = k < 2 ? headAge : AGE_CHILD;
        cols.setHousehold(i + k, (age << 6) | k);
      }
      i += size;
    }
    segment++;
  }
  const base = plan.vocabulary.score.base;
  for (let a = start; a < end; a++) {
    cols.setFlags(a, 0);
    cols.setScore(a, base);
    cols.setTrueScore(a, base);
    cols.setTouched(a, 0);
  }
  // jobs and pets: one draw each per agent, from a stream of their own
  rng.key(Stream.population, 1, block);
  const employment = plan.employmentRate;
  const pets = plan.petShare;
  if (employment === 0 && pets === 0) return;
  // drawBelow: a job or a pet is a random outcome that a branch would often guess wrong
  const employedBelow = Math.ceil(employment * 2 ** 32);
  const petBelow = Math.ceil(pets * 2 ** 32);
  for (let a = start; a < end; a++) {
    let f = 0;
    if (cols.household(a) >>> 6 === AGE_ADULT) f = FLAG_EMPLOYED * drawBelow(rng.nextU32(), employedBelow);
    if (pets > 0) f |= FLAG_PET * drawBelow(rng.nextU32(), petBelow);
    cols.setFlags(a, f);
  }
}
