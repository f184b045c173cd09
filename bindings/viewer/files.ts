// Getting files in: the file picker (#file-input), the folder picker (#folder-input, webkitRelativePath
// names), drops anywhere on the page (folders walked through DataTransferItem.webkitGetAsEntry), pasted
// text (#paste + #paste-load, one source named `pasted`), and the files `logsieve view` serves.

import { folderFiles, isLogFileName, type NamedFile } from './file-order.ts';
import type { InputFile } from './protocol.ts';

export type OnFiles = (files: InputFile[]) => void;

const asInput = (f: NamedFile<File>): InputFile => ({ name: f.path, size: f.file.size, blob: f.file });

export function bindFileInputs(doc: Document, onFiles: OnFiles): void {
  const fileInput = doc.getElementById('file-input') as HTMLInputElement;
  fileInput.addEventListener('change', () => {
    const files = [...(fileInput.files ?? [])].map((f) => asInput({ path: f.name, file: f }));
    fileInput.value = '';
    if (files.length) onFiles(files);
  });
  const folderInput = doc.getElementById('folder-input') as HTMLInputElement;
  folderInput.addEventListener('change', () => {
    const named = [...(folderInput.files ?? [])].map((f) => ({ path: f.webkitRelativePath || f.name, file: f }));
    folderInput.value = '';
    const files = folderFiles(named).map(asInput);
    if (files.length) onFiles(files);
  });
  const paste = doc.getElementById('paste') as HTMLTextAreaElement;
  (doc.getElementById('paste-load') as HTMLButtonElement).addEventListener('click', () => {
    if (paste.value === '') return;
    const blob = new Blob([paste.value.endsWith('\n') ? paste.value : paste.value + '\n']);
    paste.value = '';
    paste.blur();
    onFiles([{ name: 'pasted', size: blob.size, blob }]);
  });
  bindDrop(doc, onFiles);
}

function bindDrop(doc: Document, onFiles: OnFiles): void {
  const body = doc.body;
  doc.addEventListener('dragover', (e) => {
    e.preventDefault();
    body.classList.add('dragging');
  });
  doc.addEventListener('dragleave', (e) => {
    if (e.relatedTarget === null) body.classList.remove('dragging');
  });
  doc.addEventListener('drop', (e) => {
    e.preventDefault();
    body.classList.remove('dragging');
    const dt = e.dataTransfer;
    if (!dt) return;
    // entries must be taken synchronously, inside the event
    const entries = [...dt.items].map((i) => (i.kind === 'file' ? i.webkitGetAsEntry() : null));
    if (entries.every((x) => x === null)) {
      const files = [...dt.files].map((f) => asInput({ path: f.name, file: f }));
      if (files.length) onFiles(files);
      return;
    }
    droppedFiles(entries.filter((x): x is FileSystemEntry => x !== null)).then((files) => {
      if (files.length) onFiles(files);
    });
  });
}

/** Dropped entries → files: a dropped file as it is, a dropped folder walked (its *.log and *.gz, sorted). */
async function droppedFiles(entries: FileSystemEntry[]): Promise<InputFile[]> {
  const out: InputFile[] = [];
  for (const entry of entries) {
    if (entry.isFile) out.push(asInput({ path: entry.name, file: await fileOf(entry as FileSystemFileEntry) }));
    else if (entry.isDirectory) {
      const inFolder: Array<NamedFile<File>> = [];
      await walk(entry as FileSystemDirectoryEntry, entry.name, inFolder);
      out.push(...folderFiles(inFolder).map(asInput));
    }
  }
  return out;
}

async function walk(dir: FileSystemDirectoryEntry, path: string, out: Array<NamedFile<File>>): Promise<void> {
  const reader = dir.createReader();
  for (;;) {
    // readEntries gives a batch at a time (about 100 in Chrome) until an empty one
    const batch = await new Promise<FileSystemEntry[]>((resolve, reject) => reader.readEntries(resolve, reject));
    if (batch.length === 0) return;
    for (const e of batch) {
      const p = `${path}/${e.name}`;
      if (e.isDirectory) await walk(e as FileSystemDirectoryEntry, p, out);
      else if (e.isFile && isLogFileName(p)) out.push({ path: p, file: await fileOf(e as FileSystemFileEntry) });
    }
  }
}

function fileOf(entry: FileSystemFileEntry): Promise<File> {
  return new Promise((resolve, reject) => entry.file(resolve, reject));
}

/** The files `logsieve view` serves (when the page came from it: index.html's logsieve-files meta is set). */
export async function servedFiles(doc: Document): Promise<InputFile[]> {
  const list = doc.querySelector<HTMLMetaElement>('meta[name="logsieve-files"]')?.content;
  if (!list) return [];
  const res = await fetch(list);
  if (!res.ok) throw new Error(`${list}: ${res.status} ${res.statusText}`);
  const files = (await res.json()) as Array<{ path: string; size: number; url: string }>;
  return files.map((f) => ({ name: f.path, size: f.size, url: f.url }));
}
