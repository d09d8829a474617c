/**
 * fast-check arbitraries for requests to the routes of an OpenAPI 3.1 document (issue 11's property test): bodies,
 * query and path parameters generated from each operation's JSON schemas — mostly valid, so requests reach the use
 * cases — with hostile values mixed in anywhere: NUL bytes, lone surrogates, impossible dates, prototype keys, huge
 * and deeply nested values, known ids of other objects.
 */
import fc from 'fast-check';

export interface JsonSchema {
  type?: string | string[];
  enum?: unknown[];
  const?: unknown;
  format?: string;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  items?: JsonSchema;
  minItems?: number;
  maxItems?: number;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  default?: unknown;
}

export interface Operation {
  readonly method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  readonly path: string;
  readonly pathParams: { name: string; schema: JsonSchema }[];
  readonly queryParams: { name: string; schema: JsonSchema }[];
  readonly body: JsonSchema | null;
}

/** What the generator knows of the server's world, read live (it grows as requests create objects). */
export interface Vocabulary {
  /**
   * A known id of the kind a hint names (a path segment `accounts`, a property `accountId`; see `idKind`), or any
   * known id when the kind is unknown.
   */
  idFor(...hints: (string | null)[]): fc.Arbitrary<string>;
  /** Identifier-like words of the catalog: level, severity, service, region, channel ids… */
  readonly words: fc.Arbitrary<string>;
}

/** The kind an id hint names: `accounts`, `accountId`, `account-id` → `account`; `service-requests` → `servicerequest`. */
export function idKind(hint: string): string {
  return hint
    .toLowerCase()
    .replace(/[^a-z]/g, '')
    .replace(/id$/, '')
    .replace(/s$/, '');
}

export interface GeneratedRequest {
  readonly operation: Operation;
  readonly url: string;
  readonly headers: Record<string, string>;
  readonly payload: string | undefined;
  readonly caller: string;
}

/** A schema with its `$ref`s to `#/components/schemas/…` replaced by what they name (cut off 8 refs deep). */
function dereference(node: unknown, schemas: Record<string, unknown>, depth = 0): unknown {
  if (Array.isArray(node)) return node.map((n) => dereference(n, schemas, depth));
  if (!node || typeof node !== 'object') return node;
  const ref = (node as { $ref?: unknown }).$ref;
  if (typeof ref === 'string' && ref.startsWith('#/components/schemas/')) {
    if (depth >= 8) return {};
    const { $ref: _ref, ...rest } = node as Record<string, unknown>;
    return {
      ...(dereference(schemas[ref.slice('#/components/schemas/'.length)], schemas, depth + 1) as object),
      ...rest,
    };
  }
  return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, dereference(v, schemas, depth)]));
}

/** The part of an operation object `operationsOf` reads. */
interface OperationObject {
  readonly parameters?: unknown[];
  readonly requestBody?: { readonly content?: Record<string, { readonly schema?: unknown } | undefined> };
}

/** The part of an OpenAPI document `operationsOf` reads. */
export interface OpenApiPaths {
  readonly paths: Record<string, Partial<Record<'get' | 'post' | 'put' | 'patch' | 'delete', OperationObject>>>;
  readonly components?: { readonly schemas?: Record<string, unknown> };
}

/** Every operation of the document (all methods, all paths): routes added later are picked up by themselves. */
export function operationsOf(doc: OpenApiPaths): Operation[] {
  const schemas = (doc.components?.schemas ?? {}) as Record<string, unknown>;
  const out: Operation[] = [];
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const method of ['get', 'post', 'put', 'patch', 'delete'] as const) {
      const op = item[method];
      if (!op) continue;
      const params = dereference(op.parameters ?? [], schemas) as { in: string; name: string; schema?: JsonSchema }[];
      out.push({
        method: method.toUpperCase() as Operation['method'],
        path,
        pathParams: params.filter((p) => p.in === 'path').map((p) => ({ name: p.name, schema: p.schema ?? {} })),
        queryParams: params.filter((p) => p.in === 'query').map((p) => ({ name: p.name, schema: p.schema ?? {} })),
        body:
          (dereference(op.requestBody?.content?.['application/json']?.schema, schemas) as JsonSchema | undefined) ??
          null,
      });
    }
  }
  return out;
}

const PROTO_KEYS = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'valueOf'];
const IMPOSSIBLE_DATES = [
  '2026-04-31',
  '2027-02-29',
  '2026-02-30',
  '2026-13-01',
  '0000-00-00',
  '0001-01-01',
  '9999-12-31',
];
const IMPOSSIBLE_INSTANTS = [
  '2026-02-30T00:00:00+08:00',
  '2026-04-31T12:00:00Z',
  '2026-01-01T24:00:00Z',
  '2026-01-01T10:00:00+99:00',
  '0001-01-01T00:00:00Z',
  '275760-09-13T00:00:00Z',
];

/** Strings no route should store or choke on. */
export const hostileString: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    '\u0000',
    'a\u0000b',
    '\ud800',
    'x\udfffy',
    '\udc00\ud800',
    ...PROTO_KEYS,
    ...IMPOSSIBLE_DATES,
    ...IMPOSSIBLE_INSTANTS,
    '',
    ' ',
    "' OR 1=1 --",
    '%00',
    '../../etc/passwd',
    '1e309',
    '-1',
    'NaN',
    'null',
    '😀🇨🇳',
    '\u202egnp.exe',
    'x'.repeat(70_000),
  ),
  fc.string({ unit: 'binary', maxLength: 20 }),
  fc.string({ unit: fc.constantFrom('\u0000', '\ud800', '\udc00', 'a', '_'), maxLength: 8 }),
);

function deep(depth: number, leaf: unknown): unknown {
  let v: unknown = leaf;
  for (let i = 0; i < depth; i++) v = i % 2 ? { a: v } : [v];
  return v;
}

/** Any JSON value a careless or hostile client might send where something else is expected. */
export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  hostileString,
  fc.constantFrom(
    null,
    true,
    false,
    0,
    -1,
    0.5,
    1e308,
    -1e308,
    2 ** 53 + 2,
    [],
    {},
    deep(40, 'x'),
    deep(200, '\u0000'),
    Array.from({ length: 6000 }, (_, i) => i),
  ),
  fc.dictionary(fc.constantFrom(...PROTO_KEYS, 'a'), hostileString, { maxKeys: 3 }),
);

function typeOf(schema: JsonSchema): string | undefined {
  if (Array.isArray(schema.type)) return schema.type.find((t) => t !== 'null') ?? 'null';
  return schema.type;
}

/** A value the schema accepts, most of the time (patterns and formats approximated). */
export function valid(schema: JsonSchema, v: Vocabulary, depth = 0, name: string | null = null): fc.Arbitrary<unknown> {
  if (schema.const !== undefined) return fc.constant(schema.const);
  if (schema.enum) return fc.constantFrom(...schema.enum);
  const alternatives = schema.anyOf ?? schema.oneOf;
  if (alternatives?.length) return fc.oneof(...alternatives.map((s) => valid(s, v, depth, name)));
  if (schema.allOf?.length) return valid(Object.assign({}, ...schema.allOf) as JsonSchema, v, depth, name);
  switch (typeOf(schema)) {
    case 'string':
      return validString(schema, v, name);
    case 'integer': {
      const min = Math.max(schema.minimum ?? -1000, -1e9);
      const max = Math.min(schema.maximum ?? 1000, 1e9);
      return fc.integer({ min: Math.ceil(min), max: Math.max(Math.ceil(min), Math.floor(max)) });
    }
    case 'number':
      return fc.oneof(
        fc.integer({ min: Math.ceil(schema.minimum ?? -10), max: Math.floor(schema.maximum ?? 400) }),
        fc.double({ min: schema.minimum ?? -10, max: schema.maximum ?? 400, noNaN: true, noDefaultInfinity: true }),
      );
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    case 'array': {
      if (depth > 6) return fc.constant([]);
      const min = schema.minItems ?? 0;
      return fc.array(valid(schema.items ?? {}, v, depth + 1, name), {
        minLength: min,
        maxLength: Math.max(min, Math.min(schema.maxItems ?? 3, 3)),
      });
    }
    case 'object':
      return validObject(schema, v, depth);
    default:
      return fc.oneof(fc.string({ maxLength: 10 }), fc.integer(), fc.boolean());
  }
}

function validString(schema: JsonSchema, v: Vocabulary, name: string | null): fc.Arbitrary<string> {
  if (schema.format === 'date')
    return fc
      .date({ min: new Date('2025-06-01T00:00:00Z'), max: new Date('2028-12-31T00:00:00Z'), noInvalidDate: true })
      .map((d) => d.toISOString().slice(0, 10));
  if (schema.format === 'date-time')
    return fc
      .date({ min: new Date('2025-06-01T00:00:00Z'), max: new Date('2028-12-31T00:00:00Z'), noInvalidDate: true })
      .map((d) => d.toISOString());
  if (schema.format === 'email') return fc.constantFrom('a@example.com', 'ops@customer.example');
  if (schema.format === 'uri') return fc.constantFrom('https://example.com/hook', 'http://127.0.0.1:1/x');
  if (schema.pattern) {
    try {
      return fc.stringMatching(new RegExp(schema.pattern)).map((s) => s.slice(0, schema.maxLength ?? 1000));
    } catch {
      /* an unsupported pattern: fall through */
    }
  }
  const min = schema.minLength ?? 0;
  const max = Math.max(min, Math.min(schema.maxLength ?? 40, 40));
  const isId = name !== null && /id$/i.test(name);
  return fc.oneof(
    { weight: isId ? 1 : 3, arbitrary: fc.string({ minLength: min, maxLength: max }) },
    { weight: isId ? 8 : 1, arbitrary: v.idFor(name) },
    { weight: isId ? 1 : 3, arbitrary: v.words },
  );
}

function validObject(schema: JsonSchema, v: Vocabulary, depth: number): fc.Arbitrary<unknown> {
  const props = Object.entries(schema.properties ?? {});
  if (!props.length) {
    if (schema.additionalProperties === false || depth > 6) return fc.constant({});
    return fc.dictionary(fc.string({ maxLength: 8 }), valid({}, v, depth + 1), { maxKeys: 3 });
  }
  const required = new Set(schema.required ?? []);
  const record: Record<string, fc.Arbitrary<unknown>> = {};
  for (const [k, s] of props) record[k] = valid(s, v, depth + 1, k);
  return fc.record(record, { requiredKeys: props.map(([k]) => k).filter((k) => required.has(k)) });
}

/** Replaces one node of a JSON value (chosen by `pick`) with a hostile value, or adds a hostile key beside it. */
function mutate(value: unknown, pick: number, replacement: unknown, key: string): unknown {
  const nodes: { parent: Record<string, unknown> | unknown[]; key: string | number }[] = [];
  const walk = (v: unknown, depth: number) => {
    if (depth > 8 || v === null || typeof v !== 'object') return;
    for (const [k, child] of Object.entries(v)) {
      nodes.push({ parent: v as Record<string, unknown>, key: Array.isArray(v) ? Number(k) : k });
      walk(child, depth + 1);
    }
  };
  const root = { root: structuredClone(value) };
  walk(root, 0);
  const node = nodes[pick % nodes.length]!;
  const target = (node.parent as Record<string, unknown>)[node.key as string];
  if (target && typeof target === 'object' && !Array.isArray(target) && pick % 3 === 0) {
    // A hostile property name (own property, also for `__proto__`).
    Object.defineProperty(target, key, { value: replacement, enumerable: true, writable: true, configurable: true });
  } else (node.parent as Record<string, unknown>)[node.key as string] = replacement;
  return root.root;
}

/** A body for a schema with one hostile node (or key), or a hostile value outright. */
export function anyHostile(schema: JsonSchema, v: Vocabulary): fc.Arbitrary<unknown> {
  return fc.oneof(
    {
      weight: 5,
      arbitrary: fc
        .tuple(valid(schema, v), fc.nat(), hostileValue, fc.constantFrom(...PROTO_KEYS, '\u0000', '\ud800'))
        .map(([value, pick, bad, key]) => mutate(value, pick, bad, key)),
    },
    { weight: 1, arbitrary: hostileValue },
  );
}

/** A parameter as a well-behaved client sends it: a known id of the kind its name suggests, or a schema value. */
function cleanParameter(schema: JsonSchema, v: Vocabulary, hints: (string | null)[]): fc.Arbitrary<string> {
  const plainString = typeOf(schema) === 'string' && !schema.enum && !schema.format && !schema.pattern;
  const isId = plainString && hints.some((h) => h !== null && /id$/i.test(h));
  const fromSchema = valid(schema, v, 0, hints[0] ?? null).map((x) => String(x));
  if (!plainString) return fromSchema;
  return fc.oneof({ weight: 3, arbitrary: fromSchema }, { weight: isId ? 8 : 1, arbitrary: v.idFor(...hints) });
}

const hostileParameter: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: hostileString },
  { weight: 1, arbitrary: fc.constantFrom('x'.repeat(101), 'x'.repeat(5000), '%ff', '%c0%80', '%', '%2') },
);

/** Percent-encodes what encodeURIComponent can (lone surrogates as their WTF-8 bytes); raw escapes stay raw. */
function encode(value: string): string {
  if (/^(%[0-9a-fA-F]{2})+$/.test(value)) return value;
  let out = '';
  for (const ch of value) {
    const cp = ch.codePointAt(0)!;
    if (cp >= 0xd800 && cp <= 0xdfff)
      out += `%${(0xe0 | (cp >> 12)).toString(16)}%${(0x80 | ((cp >> 6) & 0x3f)).toString(16)}%${(0x80 | (cp & 0x3f)).toString(16)}`;
    else out += encodeURIComponent(ch);
  }
  return out;
}

/** The literal path segment before `{name}`: `/accounts/{id}/webhooks/{webhookId}` → webhooks for webhookId. */
function segmentBefore(path: string, name: string): string | null {
  const parts = path.split('/');
  const i = parts.indexOf(`{${name}}`);
  return i > 0 && !parts[i - 1]!.startsWith('{') ? parts[i - 1]! : null;
}

export interface Caller {
  readonly name: string;
  /** The bearer token, '' for none. */
  readonly token: string;
  readonly weight: number;
}

/**
 * A request to `operation` by one of `callers`: half of them well-formed throughout (to reach the use cases with
 * every caller), the other half hostile at one place — a path parameter, a query parameter, one node or key of the
 * body, the whole body, the media type or the Idempotency-Key.
 */
export function requestArbitrary(
  operation: Operation,
  v: Vocabulary,
  callers: readonly Caller[],
): fc.Arbitrary<GeneratedRequest> {
  const hasBody = operation.method !== 'GET' && operation.method !== 'DELETE';
  const sites = [
    ...operation.pathParams.map((_, i) => `path:${i}`),
    ...operation.queryParams.map((_, i) => `query:${i}`),
    ...(hasBody ? ['body', 'body', 'body', 'media'] : []),
    'key',
  ];
  const pathValues = fc.tuple(
    ...operation.pathParams.map((p) => cleanParameter(p.schema, v, [p.name, segmentBefore(operation.path, p.name)])),
  );
  const query = fc.tuple(
    ...operation.queryParams.map((p) => fc.option(cleanParameter(p.schema, v, [p.name]), { nil: undefined, freq: 2 })),
  );
  const cleanBody = hasBody && operation.body ? fc.option(valid(operation.body, v), { freq: 12 }) : fc.constant(null);
  const hostileBody = hasBody && operation.body ? anyHostile(operation.body, v) : fc.constant(null);
  const mediaType = fc.constantFrom('text/plain', 'application/x-www-form-urlencoded', '', 'application/xml');
  const idempotencyKey = fc.oneof(
    { weight: 9, arbitrary: fc.uuid() },
    { weight: 1, arbitrary: fc.constant('fuzz-reused') },
  );
  return fc
    .record({
      attack: fc.option(fc.constantFrom(...sites), { freq: 2 }),
      pathValues,
      query,
      cleanBody,
      hostileBody,
      badParameter: hostileParameter,
      mediaType,
      caller: fc.oneof(...callers.map((c) => ({ weight: c.weight, arbitrary: fc.constant(c) }))),
      idempotencyKey: fc.option(idempotencyKey, { freq: 4 }),
      badKey: fc.constantFrom('fuzz-reused', 'x'.repeat(256), ''),
    })
    .map(({ attack, pathValues, query, cleanBody, hostileBody, badParameter, mediaType, caller, ...keys }) => {
      const [site, index] = (attack ?? 'none:0').split(':') as [string, string | undefined];
      const at = Number(index ?? 0);
      let url = operation.path;
      operation.pathParams.forEach((p, i) => {
        const value = site === 'path' && i === at ? badParameter : pathValues[i]!;
        url = url.replace(`{${p.name}}`, encode(value));
      });
      const qs = operation.queryParams
        .map((p, i) => {
          const value = site === 'query' && i === at ? badParameter : query[i];
          return value === undefined ? null : `${encodeURIComponent(p.name)}=${encode(value)}`;
        })
        .filter(Boolean)
        .join('&');
      const headers: Record<string, string> = {};
      if (caller.token) headers.authorization = `Bearer ${caller.token}`;
      const key = site === 'key' ? keys.badKey : keys.idempotencyKey;
      if (key !== null) headers['idempotency-key'] = key;
      const body = site === 'body' ? hostileBody : cleanBody;
      let payload: string | undefined;
      if (hasBody && body !== null) {
        payload = JSON.stringify(body);
        const type = site === 'media' ? mediaType : 'application/json';
        if (type) headers['content-type'] = type;
      }
      return { operation, url: qs ? `${url}?${qs}` : url, headers, payload, caller: caller.name };
    });
}
