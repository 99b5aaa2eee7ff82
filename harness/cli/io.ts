/** Where the CLI writes; injectable so tests run it in-process. */
export interface CliIo {
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
  cwd: string;
  /** Ctrl-C handling is only wanted when the CLI owns the process. */
  handleSignals: boolean;
}

export function processIo(): CliIo {
  return { stdout: process.stdout, stderr: process.stderr, cwd: process.cwd(), handleSignals: true };
}
