// `logsieve [options] [paths…]`: container log files (or directories, searched for *.log) → NDJSON on
// stdout, counters on stderr at the end; `logsieve view [paths…]`: the viewer page (cli/view.ts). Usage,
// exit statuses: bindings/cli/options.ts (USAGE, VIEW_USAGE).
import { printMessage } from './cli/messages.ts';
import { USAGE, UsageError, VIEW_USAGE, parseOptions } from './cli/options.ts';
import { run } from './cli/run.ts';
import { endQuietlyWhenStdoutCloses, writeStdout } from './cli/stdout.ts';
import { serveViewer } from './cli/view.ts';
import { packageVersion } from './cli/version.ts';

const EXIT_USAGE = 2;

async function main(argv: readonly string[]): Promise<number> {
  endQuietlyWhenStdoutCloses();
  try {
    const command = parseOptions(argv);
    if (command.action === 'help') {
      await writeStdout(USAGE + '\n');
      return 0;
    }
    if (command.action === 'view-help') {
      await writeStdout(VIEW_USAGE + '\n');
      return 0;
    }
    if (command.action === 'view') return await serveViewer(command.options);
    if (command.action === 'version') {
      await writeStdout(packageVersion() + '\n');
      return 0;
    }
    if (command.options.paths.length === 0 && process.stdin.isTTY) {
      // nothing piped in: waiting for typed log lines is never what was meant
      printMessage(`logsieve: no path given and stdin is a terminal\n${USAGE}`);
      return EXIT_USAGE;
    }
    return await run(command.options);
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    printMessage(`logsieve: ${err.message}`);
    return EXIT_USAGE;
  }
}

main(process.argv.slice(2)).then(
  (status) => {
    process.exitCode = status;
  },
  (err) => {
    // a bug, not a usage or input problem: the stack helps whoever reports it
    printMessage(`logsieve: ${(err as Error).stack ?? err}`);
    process.exitCode = 1;
  },
);
