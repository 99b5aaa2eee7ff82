import { readFile } from 'node:fs/promises';
import { importEdnHistory, type EdnImportOptions } from './edn.js';
import { FaultlineError } from './errors.js';
import { parseHistoryJsonl, type ReadResult } from './history-reader.js';

/** Reads a history from JSONL (ours) or EDN (Jepsen's), chosen by the file's extension. */
export async function readHistoryFile(path: string, options: Omit<EdnImportOptions, 'file'> = {}): Promise<ReadResult> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (cause) {
    throw new FaultlineError('BAD_ARGUMENT', `cannot read history file ${path}: ${(cause as Error).message}`, { cause });
  }
  if (path.endsWith('.edn')) return importEdnHistory(text, { ...options, file: path });
  return parseHistoryJsonl(text, { file: path });
}
