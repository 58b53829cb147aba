// Child process for the lock tests: opens the store named on the command line (with `write`, also
// copies the daily table into a scratch table, left in the write-ahead log), says "open" on stdout,
// and holds it until its stdin closes (then closes it and exits) or it is killed.
import { openStore } from '../../src/results/store.ts';

const store = await openStore(process.argv[2]);
await store.listRuns();
if (process.argv[3] === 'write') await store.query('CREATE TABLE scratch AS SELECT * FROM daily');
process.stdout.write('open\n');
process.stdin.resume();
process.stdin.on('end', () => {
  void store.close().then(() => process.exit(0));
});
