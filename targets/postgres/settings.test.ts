import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../core/errors.js';
import { parseSetting, sessionOptions, settingArgs } from './settings.js';

describe('--pg-setting name=value', () => {
  it('splits at the first = and keeps the value as written', () => {
    expect(parseSetting('synchronous_commit=off')).toEqual({ name: 'synchronous_commit', value: 'off' });
    expect(parseSetting('Work_Mem=64MB')).toEqual({ name: 'work_mem', value: '64MB' });
    expect(parseSetting("search_path=a, 'b=c'")).toEqual({ name: 'search_path', value: "a, 'b=c'" });
    expect(parseSetting('auto_explain.log_min_duration=0')).toEqual({ name: 'auto_explain.log_min_duration', value: '0' });
  });

  it('names what is wrong and quotes the input', () => {
    expect(() => parseSetting('fsync')).toThrow(ConfigError);
    expect(() => parseSetting('fsync')).toThrow(/pgSetting: expected name=value .* got "fsync"/);
    expect(() => parseSetting('1abc=on')).toThrow(/got "1abc=on"/);
    expect(() => parseSetting('port=6000')).toThrow(/port is set by faultline/);
    expect(() => parseSetting('listen_addresses=*')).toThrow(/listen_addresses is set by faultline/);
    expect(() => parseSetting('application_name=a\nb')).toThrow(/one line/);
  });

  it('becomes -c arguments for the server, never one shell string', () => {
    expect(settingArgs([parseSetting('fsync=off'), parseSetting('search_path=a b')])).toEqual(['-c', 'fsync=off', '-c', 'search_path=a b']);
  });

  it('becomes escaped startup options for a database given by URL', () => {
    expect(sessionOptions([])).toBeUndefined();
    expect(sessionOptions([parseSetting('synchronous_commit=off'), parseSetting('search_path=a b\\c')])).toBe(
      '-c synchronous_commit=off -c search_path=a\\ b\\\\c',
    );
  });
});
