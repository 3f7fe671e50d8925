/*
 * The /openapi/v2 document in the protobuf form kubectl asks for
 * (application/com.github.proto-openapi.spec.v2.v1.0+protobuf): the gnostic
 * openapi.v2.Document message, written field by field from the Swagger JSON
 * built in openapi.ts. Vendor extensions, defaults, enums and examples travel
 * as YAML text (JSON is YAML), as gnostic encodes them.
 */
import { isPlainObject } from './json';

/** What the server answers with; clients may ask with `@v1.0`, an older spelling. */
export const OPENAPI_V2_PROTOBUF =
  'application/com.github.proto-openapi.spec.v2.v1.0+protobuf';

export function wantsOpenApiV2Protobuf(accept: string | undefined): boolean {
  return /com\.github\.proto-openapi\.spec\.v2[.@]v1\.0\+protobuf/.test(
    accept ?? '',
  );
}

/** A protobuf message being written: fields in the order they are added. */
class Message {
  private readonly chunks: Buffer[] = [];

  private key(field: number, wireType: number): void {
    this.varint((field << 3) | wireType);
  }

  private varint(value: number): void {
    const bytes: number[] = [];
    let rest = BigInt(Math.trunc(value));
    if (rest < 0n) rest += 1n << 64n;
    do {
      let byte = Number(rest & 0x7fn);
      rest >>= 7n;
      if (rest > 0n) byte |= 0x80;
      bytes.push(byte);
    } while (rest > 0n);
    this.chunks.push(Buffer.from(bytes));
  }

  string(field: number, value: unknown): this {
    if (typeof value !== 'string' || value === '') return this;
    return this.bytes(field, Buffer.from(value, 'utf8'));
  }

  strings(field: number, values: unknown): this {
    if (Array.isArray(values))
      values.forEach(value => this.string(field, String(value)));
    return this;
  }

  /** Proto3 leaves false out, except where it picks a oneof arm (`always`). */
  bool(field: number, value: unknown, always = false): this {
    if (value !== true && !(always && value === false)) return this;
    this.key(field, 0);
    this.varint(value === true ? 1 : 0);
    return this;
  }

  int(field: number, value: unknown): this {
    if (typeof value !== 'number' || value === 0) return this;
    this.key(field, 0);
    this.varint(value);
    return this;
  }

  double(field: number, value: unknown): this {
    if (typeof value !== 'number') return this;
    const buffer = Buffer.alloc(8);
    buffer.writeDoubleLE(value);
    this.key(field, 1);
    this.chunks.push(buffer);
    return this;
  }

  message(field: number, message: Message | undefined): this {
    if (message) this.bytes(field, message.toBuffer());
    return this;
  }

  private bytes(field: number, value: Buffer): this {
    this.key(field, 2);
    this.varint(value.length);
    this.chunks.push(value);
    return this;
  }

  toBuffer(): Buffer {
    return Buffer.concat(this.chunks);
  }
}

type Json = Record<string, unknown>;

/** openapi.v2.Any: the value as YAML text. */
function any(value: unknown): Message {
  return new Message().string(2, JSON.stringify(value));
}

function named(name: string, value: Message): Message {
  return new Message().string(1, name).message(2, value);
}

function vendorExtensions(message: Message, field: number, object: Json): void {
  for (const [key, value] of Object.entries(object)) {
    if (key.startsWith('x-')) message.message(field, named(key, any(value)));
  }
}

function schema(node: unknown): Message {
  const json = isPlainObject(node) ? node : {};
  const message = new Message()
    .string(1, json.$ref)
    .string(2, json.format)
    .string(3, json.title)
    .string(4, json.description);
  if (json.default !== undefined) message.message(5, any(json.default));
  message
    .double(6, json.multipleOf)
    .double(7, json.maximum)
    .bool(8, json.exclusiveMaximum)
    .double(9, json.minimum)
    .bool(10, json.exclusiveMinimum)
    .int(11, json.maxLength)
    .int(12, json.minLength)
    .string(13, json.pattern)
    .int(14, json.maxItems)
    .int(15, json.minItems)
    .bool(16, json.uniqueItems)
    .int(17, json.maxProperties)
    .int(18, json.minProperties)
    .strings(19, json.required);
  if (Array.isArray(json.enum))
    json.enum.forEach(value => message.message(20, any(value)));
  if (isPlainObject(json.additionalProperties)) {
    message.message(
      21,
      new Message().message(1, schema(json.additionalProperties)),
    );
  } else if (typeof json.additionalProperties === 'boolean') {
    message.message(21, new Message().bool(2, json.additionalProperties, true));
  }
  if (typeof json.type === 'string')
    message.message(22, new Message().string(1, json.type));
  if (json.items !== undefined) {
    const items = Array.isArray(json.items) ? json.items : [json.items];
    const item = new Message();
    items.forEach(entry => item.message(1, schema(entry)));
    message.message(23, item);
  }
  if (Array.isArray(json.allOf))
    json.allOf.forEach(entry => message.message(24, schema(entry)));
  if (isPlainObject(json.properties)) {
    const properties = new Message();
    for (const [name, value] of Object.entries(json.properties)) {
      properties.message(1, named(name, schema(value)));
    }
    message.message(25, properties);
  }
  message.bool(27, json.readOnly);
  if (json.example !== undefined) message.message(30, any(json.example));
  vendorExtensions(message, 31, json);
  return message;
}

function parameter(json: Json): Message {
  if (json.in === 'body') {
    const body = new Message()
      .string(1, json.description)
      .string(2, json.name)
      .string(3, json.in)
      .bool(4, json.required)
      .message(5, schema(json.schema));
    return new Message().message(1, new Message().message(1, body));
  }
  const path = json.in === 'path';
  const sub = new Message()
    .bool(1, json.required)
    .string(2, json.in)
    .string(3, json.description)
    .string(4, json.name)
    .string(path ? 5 : 6, json.type)
    .bool(path ? 19 : 20, json.uniqueItems);
  const nonBody = new Message().message(path ? 4 : 3, sub);
  return new Message().message(1, new Message().message(2, nonBody));
}

function operation(json: Json): Message {
  const message = new Message()
    .strings(1, json.tags)
    .string(3, json.description)
    .string(5, json.operationId)
    .strings(6, json.produces)
    .strings(7, json.consumes);
  (Array.isArray(json.parameters) ? json.parameters : []).forEach(entry =>
    message.message(8, parameter(entry as Json)),
  );
  const responses = new Message();
  for (const [code, value] of Object.entries((json.responses ?? {}) as Json)) {
    const response = value as Json;
    const body = new Message().string(1, response.description);
    if (response.schema)
      body.message(2, new Message().message(1, schema(response.schema)));
    responses.message(1, named(code, new Message().message(1, body)));
  }
  message.message(9, responses).strings(10, json.schemes);
  vendorExtensions(message, 13, json);
  return message;
}

const METHOD_FIELDS: Record<string, number> = {
  get: 2,
  put: 3,
  post: 4,
  delete: 5,
  patch: 8,
};

/** Encodes the Swagger JSON document as an openapi.v2.Document. */
export function encodeOpenApiV2(document: Json): Buffer {
  const info = (document.info ?? {}) as Json;
  const paths = new Message();
  for (const [path, value] of Object.entries((document.paths ?? {}) as Json)) {
    const item = value as Json;
    const pathItem = new Message();
    for (const [method, field] of Object.entries(METHOD_FIELDS)) {
      if (item[method])
        pathItem.message(field, operation(item[method] as Json));
    }
    (Array.isArray(item.parameters) ? item.parameters : []).forEach(entry =>
      pathItem.message(9, parameter(entry as Json)),
    );
    paths.message(2, named(path, pathItem));
  }
  const definitions = new Message();
  for (const [name, value] of Object.entries(
    (document.definitions ?? {}) as Json,
  )) {
    definitions.message(1, named(name, schema(value)));
  }
  const securityDefinitions = new Message();
  for (const [name, value] of Object.entries(
    (document.securityDefinitions ?? {}) as Json,
  )) {
    const entry = value as Json;
    const apiKey = new Message()
      .string(1, entry.type)
      .string(2, entry.name)
      .string(3, entry.in)
      .string(4, entry.description);
    securityDefinitions.message(
      1,
      named(name, new Message().message(2, apiKey)),
    );
  }
  const result = new Message()
    .string(1, document.swagger)
    .message(2, new Message().string(1, info.title).string(2, info.version))
    .message(8, paths)
    .message(9, definitions);
  for (const requirement of (document.security ?? []) as Json[]) {
    const message = new Message();
    for (const [name, scopes] of Object.entries(requirement)) {
      message.message(1, named(name, new Message().strings(1, scopes)));
    }
    result.message(12, message);
  }
  return result.message(13, securityDefinitions).toBuffer();
}
