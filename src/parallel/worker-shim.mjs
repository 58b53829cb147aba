// Lets a worker thread run the TypeScript sources directly (tests, development): worker threads do
// not inherit tsx's loader on Node 20, so it is registered here before the worker module loads.
import { register } from 'tsx/esm/api';
register();
await import('./worker.ts');
