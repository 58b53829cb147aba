import { BlockRng, geometricScale } from '../dist/engine/rng.js';
const r = new BlockRng(1); r.key(1,2,3);
const scale = geometricScale(0.01);
for (let rep = 0; rep < 3; rep++) {
  let t = performance.now(); let acc = 0;
  for (let i = 0; i < 52e6; i++) acc += r.skip(scale);
  console.log('skip', ((performance.now() - t) / 52e6 * 1e6).toFixed(2), 'ns', acc);
  t = performance.now(); acc = 0;
  for (let i = 0; i < 52e6; i++) acc += r.nextU32();
  console.log('u32', ((performance.now() - t) / 52e6 * 1e6).toFixed(2), 'ns', acc);
  t = performance.now(); acc = 0;
  for (let i = 0; i < 52e6; i++) acc += Math.log((i + 1) * 1e-9);
  console.log('log', ((performance.now() - t) / 52e6 * 1e6).toFixed(2), 'ns', acc);
}
