// Child process of an emergency stop: removes one run's containers and network, then exits.
//   node remove-run-process.js RUN_ID
// Exit code 0: everything of that run is gone; 1: something was left (printed on stderr).
import Docker from 'dockerode';
import { errorMessage } from '../../core/errors.js';
import { removeRun } from './remove-run.js';

const runId = process.argv[2] ?? '';
if (!/^[0-9]+-[0-9a-f]+$/.test(runId)) {
  console.error(`remove-run-process: expected a run id like 1234-abcdef, got ${JSON.stringify(runId)}`);
  process.exit(254);
}
try {
  const removal = await removeRun(new Docker(), runId);
  for (const problem of removal.problems) console.error(`remove-run-process: ${problem}`);
  process.exitCode = removal.problems.length === 0 ? 0 : 1;
} catch (err) {
  console.error(`remove-run-process: ${errorMessage(err)}`);
  process.exitCode = 1;
}
