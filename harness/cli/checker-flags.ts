import { allCheckers } from '../../checkers/registry.js';
import { describeKind, flagName, type OptionDeclaration } from '../../core/checker-options.js';

// The checker options as command-line flags: their yargs type (one per flag, whichever
// checkers share it) and the per-checker listing that `faultline check --help` prints.

/** Each flag once: boolean options are yargs booleans (--x, --no-x), all others strings that the checker parses. */
export function checkerOptionFlags(): Map<string, 'boolean' | 'string'> {
  const flags = new Map<string, 'boolean' | 'string'>();
  for (const checker of allCheckers()) {
    for (const d of checker.options ?? []) {
      const kind = d.kind === 'boolean' ? 'boolean' : 'string';
      const flag = flagName(d.name);
      const seen = flags.get(flag);
      if (seen && seen !== kind) throw new Error(`checker option --${flag} is a boolean in one checker and takes a value in another; rename one`);
      flags.set(flag, kind);
    }
  }
  return flags;
}

export function checkerOptionsHelp(): string {
  const lines = ['Checker options (each goes to the named checkers that take it; any other is refused):'];
  for (const checker of allCheckers()) {
    const options = checker.options ?? [];
    lines.push('', `  ${checker.name}${options.length ? '' : ': takes no options'}`);
    for (const d of options) {
      lines.push(`    --${flagName(d.name)}${d.kind === 'boolean' ? '' : ' VALUE'}  ${d.help}`);
      lines.push(`        ${describeKind(d)}${d.default === undefined ? '' : `; default ${showDefault(d)}`}`);
    }
  }
  lines.push('', 'e.g. faultline check h.jsonl --checker linearizable --model cas-register --initial 0 --timeout 60s');
  return lines.join('\n');
}

function showDefault(d: OptionDeclaration): string {
  if (d.kind === 'duration' && typeof d.default === 'number') return `${d.default / 1000}s`;
  if (Array.isArray(d.default)) return d.default.length ? d.default.join(',') : 'none';
  return String(d.default);
}
