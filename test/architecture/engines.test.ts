/**
 * Issue 12: `engines` names Node 20+, and `npm install` on this Node prints no EBADENGINE — every package the
 * lockfile installs accepts the running Node version (light-my-request is held at 6.6.0, whose cookie@1 runs on
 * Node 18+; 6.7+ pulls cookie@2, which asks for Node 22).
 */
import { readFileSync } from 'node:fs';
import semver from 'semver';
import { describe, expect, it } from 'vitest';

const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { engines?: { node?: string } };
const lock = JSON.parse(readFileSync('package-lock.json', 'utf8')) as {
  packages: Record<string, { engines?: { node?: string } | string[]; optional?: boolean; dev?: boolean }>;
};

describe('Node engines', () => {
  it('package.json names Node 20 and later', () => {
    expect(pkg.engines?.node).toBeDefined();
    expect(semver.satisfies('20.0.0', pkg.engines!.node!)).toBe(true);
    expect(semver.satisfies('18.20.0', pkg.engines!.node!)).toBe(false);
  });

  it(`every locked package accepts Node ${process.version} (no EBADENGINE)`, () => {
    const refusing = Object.entries(lock.packages)
      .filter(([path, p]) => path && p.engines && !Array.isArray(p.engines) && p.engines.node)
      .filter(([, p]) => !semver.satisfies(process.version, (p.engines as { node: string }).node, { loose: true }))
      .map(([path, p]) => `${path} wants node ${(p.engines as { node: string }).node}`);
    expect(refusing).toEqual([]);
  });
});
