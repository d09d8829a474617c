/** Helpers for reading the served OpenAPI document in tests. */

/** The part of an OpenAPI document `deref` reads. */
export interface WithSchemas {
  readonly components?: { readonly schemas?: Record<string, unknown> };
}

const refOf = (s: unknown): string | undefined => {
  const ref = typeof s === 'object' && s !== null ? (s as { $ref?: unknown }).$ref : undefined;
  return ref === undefined ? undefined : String(ref);
};

/**
 * The schema a `$ref` names (components are named schemas), or the schema itself. NOTE: the result has the node's
 * type: a test reading a schema node as loosely as the document is written gets the same back.
 */
export function deref<T>(doc: WithSchemas, schema: T): T {
  let s: unknown = schema;
  for (let ref = refOf(s); ref !== undefined; ref = refOf(s))
    s = doc.components?.schemas?.[ref.replace('#/components/schemas/', '')];
  return s as T;
}
