import { ConfigError } from '../../core/errors.js';

// Server settings from `--pg-setting name=value`. A private server gets them on its command
// line (`-c name=value`); a database given by URL gets them per connection, as startup
// options, so only settings a session may change are accepted there (the server says which).

export interface ServerSetting {
  name: string;
  value: string;
}

/** Set by faultline itself for a private server: where it listens and where its files are. */
const RESERVED = new Set([
  'listen_addresses',
  'port',
  'unix_socket_directories',
  'data_directory',
  'config_file',
  'hba_file',
  'ident_file',
  'external_pid_file',
]);

const SETTING = /^([A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)?)=(.*)$/s;

export function parseSetting(text: string, field = 'pgSetting'): ServerSetting {
  const match = SETTING.exec(text);
  if (!match) throw new ConfigError(field, `expected name=value (e.g. synchronous_commit=off), got ${JSON.stringify(text)}`);
  const name = match[1].toLowerCase();
  if (RESERVED.has(name)) throw new ConfigError(field, `${name} is set by faultline for the server it starts (got ${JSON.stringify(text)})`);
  if (/[\0\n\r]/.test(match[2])) throw new ConfigError(field, `the value of ${name} must be one line without NUL characters (got ${JSON.stringify(text)})`);
  return { name, value: match[2] };
}

/** Arguments for the postgres binary: `-c name=value` each, never through a shell. */
export function settingArgs(settings: readonly ServerSetting[]): string[] {
  return settings.flatMap((s) => ['-c', `${s.name}=${s.value}`]);
}

/** The `options` startup parameter of a connection: `-c name=value` with spaces and backslashes escaped. */
export function sessionOptions(settings: readonly ServerSetting[]): string | undefined {
  if (settings.length === 0) return undefined;
  const escapeValue = (s: string) => s.replace(/[\\ ]/g, (c) => `\\${c}`);
  return settings.map((s) => `-c ${escapeValue(s.name)}=${escapeValue(s.value)}`).join(' ');
}
