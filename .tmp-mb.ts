import { BlockRng } from './src/engine/rng.ts';
import { rowOfPosition, strataKeys } from './src/engine/strata.ts';
import { IntList } from './src/engine/buffers.ts';
const rng = new BlockRng(1).key(1, 1, 1);
const keys = strataKeys(123, 4, new Int32Array(4));
const hh = new Uint8Array(65536).map((_, i) => (i % 3 === 0 ? 0 : 64));
const ev = new IntList(), ek = new IntList(), es = new IntList();
function band(p: number, from: number, count: number, accept: Float64Array): number {
  const logQ = Math.log1p(-p);
  let q = from - 1; const end = from + count; let n = 0;
  for (;;) {
    q += 1 + Math.floor(Math.log(rng.uniformPositive()) / logQ);
    if (q >= end) return n;
    const a = accept[q >>> 8];
    if (a < 1 && rng.uniform() >= a) continue;
    const row = rowOfPosition(q, keys);
    if (((7 >>> (hh[row] >>> 6)) & 1) === 0) continue;
    ev.push(row); ek.push(3); es.push(1); n++;
  }
}
const accept = new Float64Array(256).map((_, i) => 0.8 + (i % 8) * 0.025);
let total = 0;
const t0 = performance.now();
for (let rep = 0; rep < 2000; rep++) { ev.clear(); ek.clear(); es.clear(); for (let b = 0; b < 32; b++) total += band(0.05, b * 2048, 2048, accept); }
const ms = performance.now() - t0;
console.log('events', total, 'ms', ms.toFixed(0), 'ns/event', (ms * 1e6 / total).toFixed(1), 'candidates~', (2000*65536*0.05/1e6).toFixed(1)+'M', 'ns/cand', (ms*1e6/(2000*65536*0.05)).toFixed(1));
