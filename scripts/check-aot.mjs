// `npm pack` / `npm publish` (prepack): the package must carry the Fluent Bit module compiled ahead of time, fresh,
// so users run it in Fluent Bit without compiling anything (scripts/aot.mjs). Build it first with a wamrc at hand:
// WAMRC=/path/to/wamrc npm run build.
import { fileURLToPath } from 'node:url';
import { aotProblem } from './aot.mjs';

const problem = aotProblem(fileURLToPath(new URL('..', import.meta.url)));
if (problem) {
  console.error(`logsieve: cannot pack: ${problem}`);
  process.exit(2);
}
