// Rotating a log file the way a node does, for the writer processes of the rotation tests
// (test/agent/files/writer.mjs, test/cli/agent-writer.mjs). Returns the descriptor to write to from now on.
//   rename        kubelet: file → file.<timestamp>; `afterRename(oldFd)` writes through the old handle (the runtime
//                 has not reopened yet); then a new file
//   copytruncate  logrotate: copy file → file.<r + 1>, truncate file to 0; writing goes on (O_APPEND)
//   delete        close, unlink, create again
import { closeSync, copyFileSync, ftruncateSync, openSync, renameSync, unlinkSync } from 'node:fs';

export function rotate(mode, file, fd, r, afterRename = () => {}) {
  if (mode === 'rename') {
    renameSync(file, `${file}.2026120${r}-061500`);
    afterRename(fd);
    closeSync(fd);
    return openSync(file, 'a');
  }
  if (mode === 'copytruncate') {
    copyFileSync(file, `${file}.${r + 1}`);
    ftruncateSync(fd, 0);
    return fd;
  }
  if (mode === 'delete') {
    closeSync(fd);
    unlinkSync(file);
    return openSync(file, 'a');
  }
  throw new Error(`unknown mode ${mode}`);
}
