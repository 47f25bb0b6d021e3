import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, statSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { tarArchive } from '../../../src/plan/tar.js';

describe('tarArchive', () => {
  it('writes regular files that tar reads back with their paths, modes, owners and contents', () => {
    const long = `${'deep/'.repeat(30)}file.txt`;
    const archive = tarArchive([
      { path: '/run/secrets/token', content: Buffer.from('s3cret'), mode: 0o400, uid: 1000, gid: 1001 },
      { path: long, content: Buffer.alloc(1500, 'x'), mode: 0o644 },
      { path: 'empty', content: Buffer.alloc(0), mode: 0o600 },
    ]);
    expect(archive.length % 512).toBe(0);
    const dir = mkdtempSync(path.join(tmpdir(), 'berth-tar-'));
    onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
    const file = path.join(dir, 'a.tar');
    writeFileSync(file, archive);
    const listing = execFileSync('tar', ['--numeric-owner', '-tvf', file], { encoding: 'utf8' });
    expect(listing).toMatch(/^-r-------- 1000\/1001\s+6 .* run\/secrets\/token$/m);
    expect(listing).toContain(long);
    execFileSync('tar', ['-xf', file, '-C', dir, '--no-same-owner']);
    expect(readFileSync(path.join(dir, 'run/secrets/token'), 'utf8')).toBe('s3cret');
    expect(readFileSync(path.join(dir, long), 'utf8')).toBe('x'.repeat(1500));
    expect(statSync(path.join(dir, 'empty')).size).toBe(0);
  });

  it('refuses a path that does not fit a ustar header', () => {
    expect(() => tarArchive([{ path: 'x'.repeat(300), content: Buffer.alloc(1), mode: 0o644 }])).toThrow('is too long');
  });
});
