import { compile, scenarioText } from './test/helpers.ts';
import { propensityLevels } from './src/engine/traits.ts';
const { spec } = compile(scenarioText('article-2019'), { agents: 1000 });
let cand = 0, ev = 0, bandStarts = 0;
for (const b of (spec as any).behaviours) {
  const levels = propensityLevels(b.heterogeneity);
  const eligible = b.who.length === 2 ? 0.745 : 1;
  for (let band = 0; band < 32; band++) {
    const max = Math.min(1, b.ratePerDay * levels[band * 8 + 7]);
    cand += max * 2048;
    for (let k = band * 8; k < band * 8 + 8; k++) ev += Math.min(1, b.ratePerDay * levels[k]) * 256 * eligible;
    bandStarts++;
  }
}
console.log('per block-day: candidates', cand.toFixed(0), 'events', ev.toFixed(0), 'ratio', (cand / ev).toFixed(2), 'band starts', bandStarts);
