/** Helpers for reading the served OpenAPI document in tests. */

/** The schema a `$ref` names (components are named schemas), or the schema itself. */
export function deref(doc: any, schema: any): any {
  let s = schema;
  while (s?.$ref) s = doc.components.schemas[String(s.$ref).replace('#/components/schemas/', '')];
  return s;
}
