// Lets a worker thread run the TypeScript sources directly (tests, development): worker threads do
// not inherit tsx's loader on Node 20, so it is registered here before the thread's module loads (a
// lane's, lane.ts, or a simulation worker's, worker.ts).
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';
register();
await import(workerData?.lane === true ? './lane.ts' : './worker.ts');
