/**
 * Issue 14: test support is typed — the test client's URLs, bodies and replies come from the OpenAPI document
 * (test/support/api-types.ts), and no helper in test/support answers or takes `any`. This reads every file there
 * with the TypeScript parser and fails on `any` written as a type (comments and strings that say "any" are prose).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const SUPPORT = 'test/support';

/** Each `any` type in a source text, as `line:column`. */
export function anyTypesIn(fileName: string, text: string): string[] {
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true);
  const found: string[] = [];
  const visit = (node: ts.Node): void => {
    if (node.kind === ts.SyntaxKind.AnyKeyword) {
      const { line, character } = source.getLineAndCharacterOfPosition(node.getStart(source));
      found.push(`${line + 1}:${character + 1}`);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

describe('test support types', () => {
  it('the check finds `any` as a type, and not in comments or strings', () => {
    const text = [
      '// any password will do',
      "const s = 'any';",
      'let a: any;',
      'function f(x: Record<string, any>): Promise<any> { return x as any; }',
      'type T<U = any> = U;',
    ].join('\n');
    expect(anyTypesIn('probe.ts', text)).toEqual(['3:8', '4:30', '4:45', '4:64', '5:12']);
  });

  it('no file in test/support uses `any` as a type', () => {
    const files = readdirSync(SUPPORT).filter((f) => f.endsWith('.ts'));
    expect(files.length).toBeGreaterThan(10);
    const found = files.flatMap((f) =>
      anyTypesIn(f, readFileSync(join(SUPPORT, f), 'utf8')).map((at) => `${SUPPORT}/${f}:${at}`),
    );
    expect(found).toEqual([]);
  });
});
