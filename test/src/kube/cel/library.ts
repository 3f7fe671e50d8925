/*
 * The functions CRD validation rules can call, as Kubernetes 1.31 declares
 * them: CEL's standard library, the strings extension and sets, and the
 * Kubernetes libraries (lists, regex, URLs, IP addresses and CIDRs), plus
 * optional values for `optionalOldSelf`. Every function has one declaration
 * here, which the compile step checks calls against; the standard ones run
 * in @bufbuild/cel itself, the rest carry their implementation.
 */
import { isIPv4, isIPv6 } from 'node:net';
import {
  celFunc,
  celList,
  celMap,
  celMethod,
  CelScalar,
  celUint,
  isCelList,
  isCelMap,
  isCelUint,
  listType,
  mapType,
  type CelFunc,
  type CelList,
  type CelType as RuntimeType,
  type CelValue,
} from '@bufbuild/cel';
import { strings } from '@bufbuild/cel/ext';
import { RE2JS } from '@bufbuild/re2';
import { compilePattern } from '../schema';
import { CelType, T } from './types';
import { celEquals, celInList, celListAdd, opaque, opaqueOf } from './values';

export interface Overload {
  /** The receiver of a method (`x.f()`); absent for a global function. */
  target?: CelType;
  args: CelType[];
  result: CelType;
  /**
   * For the functions @bufbuild/cel does not run itself (or runs differently
   * from Kubernetes); a method's receiver comes first.
   */
  impl?: (...args: CelValue[]) => unknown;
}

const A = T.param('A');
const B = T.param('B');
const LIST_A = T.list(A);
const MAP_AB = T.map(A, B);
const URL_TYPE = T.opaque('URL');
const IP = T.opaque('net.IP');
const CIDR = T.opaque('net.CIDR');
const OPTIONAL_A = T.opaque('optional_type', A);
const { bool, int, uint, double, string, bytes, timestamp, duration, dyn } = T;
const COMPARABLE = [
  int,
  uint,
  double,
  string,
  bytes,
  bool,
  timestamp,
  duration,
];
const NUMERIC = [int, uint, double];

/** Thrown inside an implementation whose receiver is not of its library type. */
class NoSuchOverload extends Error {
  constructor(name: string) {
    super(`no such overload: ${name}`);
  }
}

function pairs(types: CelType[], result: CelType): Overload[] {
  return types.map(type => ({ args: [type, type], result }));
}

const COMPARISONS: Overload[] = [
  ...pairs(COMPARABLE, bool),
  ...NUMERIC.flatMap(left =>
    NUMERIC.filter(right => right !== left).map(right => ({
      args: [left, right],
      result: bool,
    })),
  ),
];

const TIME_ACCESSORS = [
  'getFullYear',
  'getMonth',
  'getDate',
  'getDayOfMonth',
  'getDayOfWeek',
  'getDayOfYear',
  'getHours',
  'getMinutes',
  'getSeconds',
  'getMilliseconds',
];
const DURATION_ACCESSORS = [
  'getHours',
  'getMinutes',
  'getSeconds',
  'getMilliseconds',
];

const method = (
  target: CelType,
  args: CelType[],
  result: CelType,
  impl?: Overload['impl'],
): Overload => ({ target, args, result, impl });
const global = (
  args: CelType[],
  result: CelType,
  impl?: Overload['impl'],
): Overload => ({ args, result, impl });

// ---------------------------------------------------------------------------
// Implementations of the Kubernetes libraries

const regexes = new Map<string, RE2JS>();
function re2(pattern: string): RE2JS {
  let compiled = regexes.get(pattern);
  if (!compiled) {
    compiled = RE2JS.compile(pattern);
    regexes.set(pattern, compiled);
  }
  return compiled;
}

function regExp(pattern: string, all: boolean): RegExp {
  const { regex, error } = compilePattern(pattern);
  if (!regex) throw new Error(`error parsing regexp: ${error}`);
  return new RegExp(
    regex.source,
    `${regex.flags.replace('g', '')}${all ? 'g' : ''}`,
  );
}

function compare(left: CelValue, right: CelValue): number {
  const unwrap = (value: CelValue) => (isCelUint(value) ? value.value : value);
  const a = unwrap(left) as never;
  const b = unwrap(right) as never;
  if (a < b) return -1;
  return a > b ? 1 : 0;
}

function listItems(list: CelValue | undefined): CelValue[] {
  if (!isCelList(list)) throw new NoSuchOverload('list');
  return [...list];
}

function extreme(name: string, sign: number) {
  return (receiver: CelValue) => {
    const items = listItems(receiver);
    if (items.length === 0) throw new Error(`${name} called on empty list`);
    return items.reduce((best, item) =>
      compare(item, best) * sign > 0 ? item : best,
    );
  };
}

function parseUrl(text: string): URL | undefined {
  // Go's url.ParseRequestURI: an absolute URL, or an absolute path.
  if (text.startsWith('/')) {
    try {
      return new URL(text, 'relative:///');
    } catch {
      return undefined;
    }
  }
  if (!/^[a-zA-Z][a-zA-Z0-9+.-]*:/.test(text) || /\s/.test(text))
    return undefined;
  try {
    return new URL(text);
  } catch {
    return undefined;
  }
}

function urlOf(value: CelValue | undefined): URL {
  const found = opaqueOf(value, 'URL');
  if (!found) throw new NoSuchOverload('URL');
  return found.value as URL;
}

function parseIp(text: string): string | undefined {
  if (text.includes('%')) return undefined; // zones are refused
  if (isIPv4(text)) return text;
  if (!isIPv6(text)) return undefined;
  // IPv4-mapped IPv6 addresses are refused, as Kubernetes does.
  if (/^::ffff:(\d+\.\d+\.\d+\.\d+|[0-9a-f]{1,4}:[0-9a-f]{1,4})$/i.test(text))
    return undefined;
  return canonicalIPv6(text);
}

function ipv6Groups(text: string): number[] {
  let source = text.toLowerCase();
  const v4 = /(\d+\.\d+\.\d+\.\d+)$/.exec(source);
  if (v4) {
    const octets = v4[1].split('.').map(Number);
    source = `${source.slice(0, -v4[1].length)}${(
      (octets[0] << 8) |
      octets[1]
    ).toString(16)}:${((octets[2] << 8) | octets[3]).toString(16)}`;
  }
  const [head, tail] = source.split('::');
  const parse = (part: string | undefined) =>
    part ? part.split(':').map(group => parseInt(group, 16)) : [];
  const left = parse(head);
  const right = parse(tail);
  const zeros =
    tail === undefined ? [] : new Array(8 - left.length - right.length).fill(0);
  return [...left, ...zeros, ...right];
}

/** RFC 5952: lower case, no leading zeros, the longest run of zero groups as ::. */
function canonicalIPv6(text: string): string {
  const groups = ipv6Groups(text);
  let best = { start: -1, length: 0 };
  for (let start = 0; start < 8; ) {
    if (groups[start] !== 0) {
      start++;
      continue;
    }
    let end = start;
    while (end < 8 && groups[end] === 0) end++;
    if (end - start > best.length && end - start > 1)
      best = { start, length: end - start };
    start = end;
  }
  const hex = groups.map(group => group.toString(16));
  if (best.start < 0) return hex.join(':');
  return `${hex.slice(0, best.start).join(':')}::${hex
    .slice(best.start + best.length)
    .join(':')}`;
}

function ipBytes(ip: string): number[] {
  if (isIPv4(ip)) return ip.split('.').map(Number);
  return ipv6Groups(ip).flatMap(group => [group >> 8, group & 0xff]);
}

function ipValue(text: string): CelValue {
  const ip = parseIp(text);
  if (!ip)
    throw new Error(
      `IP Address '${text}' parse error during conversion from string`,
    );
  return opaque({ type: 'net.IP', text: ip, value: ip });
}

function ipOf(value: CelValue | undefined): string {
  if (typeof value === 'string') {
    const ip = parseIp(value);
    if (!ip)
      throw new Error(
        `IP Address '${value}' parse error during conversion from string`,
      );
    return ip;
  }
  const found = opaqueOf(value, 'net.IP');
  if (!found) throw new NoSuchOverload('net.IP');
  return found.value as string;
}

interface Cidr {
  ip: string;
  prefix: number;
}

function parseCidr(text: string): Cidr | undefined {
  const [address, bits, extra] = text.split('/');
  if (extra !== undefined || bits === undefined || !/^\d{1,3}$/.test(bits))
    return undefined;
  const ip = parseIp(address);
  const prefix = Number(bits);
  if (!ip || prefix > (isIPv4(ip) ? 32 : 128)) return undefined;
  return { ip, prefix };
}

function cidrValue(cidr: Cidr): CelValue {
  return opaque({
    type: 'net.CIDR',
    text: `${cidr.ip}/${cidr.prefix}`,
    value: cidr,
  });
}

function cidrOf(value: CelValue | undefined): Cidr {
  if (typeof value === 'string') {
    const cidr = parseCidr(value);
    if (!cidr)
      throw new Error(
        `network address parse error during conversion from string: ${value}`,
      );
    return cidr;
  }
  const found = opaqueOf(value, 'net.CIDR');
  if (!found) throw new NoSuchOverload('net.CIDR');
  return found.value as Cidr;
}

function maskedBytes(ip: string, prefix: number): number[] {
  return ipBytes(ip).map((byte, index) => {
    const bits = Math.max(0, Math.min(8, prefix - index * 8));
    return byte & ((0xff << (8 - bits)) & 0xff);
  });
}

function bytesToIp(octets: number[]): string {
  if (octets.length === 4) return octets.join('.');
  const groups: string[] = [];
  for (let index = 0; index < 16; index += 2)
    groups.push(((octets[index] << 8) | octets[index + 1]).toString(16));
  return canonicalIPv6(groups.join(':'));
}

function cidrContains(cidr: Cidr, ip: string): boolean {
  if (isIPv4(cidr.ip) !== isIPv4(ip)) return false;
  const a = maskedBytes(cidr.ip, cidr.prefix);
  const b = maskedBytes(ip, cidr.prefix);
  return a.every((byte, index) => byte === b[index]);
}

function optionalOf(value: CelValue | undefined) {
  const found = opaqueOf(value, 'optional_type');
  if (!found) throw new NoSuchOverload('optional_type');
  return found;
}

const optionalNone = () => opaque({ type: 'optional_type' });
const optionalSome = (value: CelValue) =>
  opaque({ type: 'optional_type', text: `some`, value });

function isZero(value: CelValue): boolean {
  if (value === null || value === false || value === '' || value === 0)
    return true;
  if (typeof value === 'bigint') return value === 0n;
  if (isCelUint(value)) return value.value === 0n;
  if (value instanceof Uint8Array) return value.length === 0;
  if (isCelList(value) || isCelMap(value)) return value.size === 0;
  return false;
}

function toList(items: unknown[]): CelList {
  return celList(items as CelValue[]);
}

// ---------------------------------------------------------------------------
// The declarations

/** Every function by name (namespaced ones as `sets.contains`), with its overloads. */
export const FUNCTIONS: ReadonlyMap<string, Overload[]> = new Map<
  string,
  Overload[]
>([
  // operators
  ['!_', [global([bool], bool)]],
  ['-_', [global([int], int), global([double], double)]],
  ['_&&_', [global([bool, bool], bool)]],
  ['_||_', [global([bool, bool], bool)]],
  ['_?_:_', [global([bool, A, A], A)]],
  ['@not_strictly_false', [global([bool], bool)]],
  ['_==_', [global([A, A], bool, (l, r) => celEquals(l, r))]],
  ['_!=_', [global([A, A], bool, (l, r) => !celEquals(l, r))]],
  ['_<_', COMPARISONS],
  ['_<=_', COMPARISONS],
  ['_>_', COMPARISONS],
  ['_>=_', COMPARISONS],
  [
    '_+_',
    [
      ...[int, uint, double, string, bytes, duration].map(type =>
        global([type, type], type),
      ),
      global([LIST_A, LIST_A], LIST_A, (l, r) =>
        celListAdd(l as CelList, r as CelList),
      ),
      global([timestamp, duration], timestamp),
      global([duration, timestamp], timestamp),
    ],
  ],
  [
    '_-_',
    [
      global([int, int], int),
      global([uint, uint], uint),
      global([double, double], double),
      global([duration, duration], duration),
      global([timestamp, timestamp], duration),
      global([timestamp, duration], timestamp),
    ],
  ],
  ...(['_*_', '_/_'] as const).map((name): [string, Overload[]] => [
    name,
    NUMERIC.map(type => global([type, type], type)),
  ]),
  ['_%_', [global([int, int], int), global([uint, uint], uint)]],
  ['_[_]', [global([LIST_A, int], A), global([MAP_AB, A], B)]],
  [
    '@in',
    [
      global([A, LIST_A], bool, (item, list) =>
        celInList(item, list as CelList),
      ),
      global([A, MAP_AB], bool),
    ],
  ],
  // standard functions
  [
    'size',
    [string, bytes, LIST_A, MAP_AB].flatMap(type => [
      global([type], int),
      method(type, [], int),
    ]),
  ],
  ['contains', [method(string, [string], bool)]],
  ['startsWith', [method(string, [string], bool)]],
  ['endsWith', [method(string, [string], bool)]],
  [
    'matches',
    [
      method(string, [string], bool, (receiver, pattern) => {
        return re2(pattern as string).test(receiver as string);
      }),
      global([string, string], bool),
    ],
  ],
  [
    'int',
    [int, uint, double, string, timestamp].map(type => global([type], int)),
  ],
  ['uint', [int, uint, double, string].map(type => global([type], uint))],
  ['double', [int, uint, double, string].map(type => global([type], double))],
  [
    'string',
    [
      ...[int, uint, double, string, bytes, bool, timestamp, duration].map(
        type => global([type], string),
      ),
      global(
        [IP],
        string,
        ip => opaqueOf(ip, 'net.IP')?.text ?? noOverload('string'),
      ),
      global(
        [CIDR],
        string,
        cidr => opaqueOf(cidr, 'net.CIDR')?.text ?? noOverload('string'),
      ),
    ],
  ],
  ['bytes', [global([string], bytes), global([bytes], bytes)]],
  ['bool', [global([bool], bool), global([string], bool)]],
  ['dyn', [global([A], dyn)]],
  ['type', [global([A], T.type)]],
  ['duration', [global([string], duration), global([duration], duration)]],
  [
    'timestamp',
    [
      global([string], timestamp),
      global([int], timestamp),
      global([timestamp], timestamp),
    ],
  ],
  ...TIME_ACCESSORS.map((name): [string, Overload[]] => [
    name,
    [
      method(timestamp, [], int),
      method(timestamp, [string], int),
      ...(DURATION_ACCESSORS.includes(name) ? [method(duration, [], int)] : []),
    ],
  ]),
  // strings extension (version 2)
  ['charAt', [method(string, [int], string)]],
  [
    'indexOf',
    [
      method(string, [string], int),
      method(string, [string, int], int),
      method(LIST_A, [A], int, (receiver, item) => {
        return BigInt(
          listItems(receiver).findIndex(candidate =>
            celEquals(candidate, item),
          ),
        );
      }),
    ],
  ],
  [
    'lastIndexOf',
    [
      method(string, [string], int),
      method(string, [string, int], int),
      method(LIST_A, [A], int, (receiver, item) => {
        const items = listItems(receiver);
        for (let index = items.length - 1; index >= 0; index--)
          if (celEquals(items[index], item)) return BigInt(index);
        return -1n;
      }),
    ],
  ],
  ['lowerAscii', [method(string, [], string)]],
  ['upperAscii', [method(string, [], string)]],
  [
    'replace',
    [
      method(string, [string, string], string),
      method(string, [string, string, int], string),
    ],
  ],
  [
    'split',
    [
      method(string, [string], T.list(string)),
      method(string, [string, int], T.list(string)),
    ],
  ],
  [
    'substring',
    [method(string, [int], string), method(string, [int, int], string)],
  ],
  ['trim', [method(string, [], string)]],
  [
    'join',
    [
      method(T.list(string), [], string),
      method(T.list(string), [string], string),
    ],
  ],
  ['format', [method(string, [T.list(dyn)], string)]],
  ['strings.quote', [global([string], string)]],
  // sets
  ...(['sets.contains', 'sets.equivalent', 'sets.intersects'] as const).map(
    (name): [string, Overload[]] => [
      name,
      [
        global([LIST_A, LIST_A], bool, (left, right) => {
          const a = listItems(left);
          const b = listItems(right);
          const inA = (item: CelValue) =>
            a.some(candidate => celEquals(candidate, item));
          const inB = (item: CelValue) =>
            b.some(candidate => celEquals(candidate, item));
          if (name === 'sets.contains') return b.every(inA);
          if (name === 'sets.intersects') return b.some(inA);
          return b.every(inA) && a.every(inB);
        }),
      ],
    ],
  ),
  // Kubernetes lists
  [
    'isSorted',
    [
      method(LIST_A, [], bool, receiver => {
        const items = listItems(receiver);
        return items.every(
          (item, index) => index === 0 || compare(items[index - 1], item) <= 0,
        );
      }),
    ],
  ],
  [
    'sum',
    [int, uint, double, duration].map(type =>
      method(T.list(type), [], type, receiver => {
        // Run-time types say nothing of an empty list's element type: its sum is an int 0.
        return listItems(receiver).reduce<unknown>((total, item) => {
          if (typeof total === 'bigint' && typeof item === 'bigint')
            return total + item;
          if (typeof total === 'number' && typeof item === 'number')
            return total + item;
          if (isCelUint(total) && isCelUint(item))
            return celUint(total.value + item.value);
          if (total === 0n) return item;
          return noOverload('sum');
        }, 0n);
      }),
    ),
  ],
  ['min', [method(LIST_A, [], A, extreme('min', -1))]],
  ['max', [method(LIST_A, [], A, extreme('max', 1))]],
  // Kubernetes regex
  [
    'find',
    [
      method(string, [string], string, (receiver, pattern) => {
        return (
          regExp(pattern as string, false).exec(receiver as string)?.[0] ?? ''
        );
      }),
    ],
  ],
  [
    'findAll',
    [
      method(string, [string], T.list(string), (receiver, pattern) => {
        return toList(
          (receiver as string).match(regExp(pattern as string, true)) ?? [],
        );
      }),
      method(
        string,
        [string, int],
        T.list(string),
        (receiver, pattern, limit) => {
          const found =
            (receiver as string).match(regExp(pattern as string, true)) ?? [];
          return toList(
            (limit as bigint) < 0n ? found : found.slice(0, Number(limit)),
          );
        },
      ),
    ],
  ],
  // Kubernetes URLs
  [
    'url',
    [
      global([string], URL_TYPE, text => {
        const parsed = parseUrl(text as string);
        if (!parsed)
          throw new Error(
            `URL parse error during conversion from string: parse "${text}": invalid URI for request`,
          );
        return opaque({ type: 'URL', text: text as string, value: parsed });
      }),
    ],
  ],
  [
    'isURL',
    [global([string], bool, text => parseUrl(text as string) !== undefined)],
  ],
  [
    'getScheme',
    [
      method(URL_TYPE, [], string, receiver => {
        const url = urlOf(receiver);
        return url.protocol === 'relative:' ? '' : url.protocol.slice(0, -1);
      }),
    ],
  ],
  [
    'getHost',
    [
      method(URL_TYPE, [], string, receiver => {
        return urlOf(receiver).host;
      }),
    ],
  ],
  [
    'getHostname',
    [
      method(URL_TYPE, [], string, receiver => {
        return urlOf(receiver).hostname.replace(/^\[(.*)\]$/, '$1');
      }),
    ],
  ],
  [
    'getPort',
    [
      method(URL_TYPE, [], string, receiver => {
        return urlOf(receiver).port;
      }),
    ],
  ],
  [
    'getEscapedPath',
    [
      method(URL_TYPE, [], string, receiver => {
        return urlOf(receiver).pathname;
      }),
    ],
  ],
  [
    'getQuery',
    [
      method(URL_TYPE, [], T.map(string, T.list(string)), receiver => {
        const query = new Map<string, CelList>();
        const params = urlOf(receiver).searchParams;
        for (const key of new Set(params.keys()))
          query.set(key, toList(params.getAll(key)));
        return celMap(query);
      }),
    ],
  ],
  // Kubernetes IP addresses and CIDRs
  [
    'ip',
    [
      global([string], IP, text => ipValue(text as string)),
      method(CIDR, [], IP, receiver => {
        return ipValue(cidrOf(receiver).ip);
      }),
    ],
  ],
  [
    'isIP',
    [global([string], bool, text => parseIp(text as string) !== undefined)],
  ],
  [
    'ip.isCanonical',
    [global([string], bool, text => parseIp(text as string) === text)],
  ],
  [
    'family',
    [
      method(IP, [], int, receiver => {
        return isIPv4(ipOf(receiver)) ? 4n : 6n;
      }),
    ],
  ],
  [
    'isUnspecified',
    [
      method(IP, [], bool, receiver => {
        return ipBytes(ipOf(receiver)).every(byte => byte === 0);
      }),
    ],
  ],
  [
    'isLoopback',
    [
      method(IP, [], bool, receiver => {
        const ip = ipOf(receiver);
        return isIPv4(ip) ? ip.startsWith('127.') : ip === '::1';
      }),
    ],
  ],
  [
    'isLinkLocalMulticast',
    [
      method(IP, [], bool, receiver => {
        const ip = ipOf(receiver);
        return isIPv4(ip) ? ip.startsWith('224.0.0.') : /^ff02:/i.test(ip);
      }),
    ],
  ],
  [
    'isLinkLocalUnicast',
    [
      method(IP, [], bool, receiver => {
        const ip = ipOf(receiver);
        return isIPv4(ip)
          ? ip.startsWith('169.254.')
          : /^fe[89ab][0-9a-f]:/i.test(ip);
      }),
    ],
  ],
  [
    'isGlobalUnicast',
    [
      method(IP, [], bool, receiver => {
        const ip = ipOf(receiver);
        const octets = ipBytes(ip);
        if (isIPv4(ip)) {
          return !(
            octets[0] === 0 ||
            octets[0] === 127 ||
            octets[0] >= 224 ||
            (octets[0] === 169 && octets[1] === 254) ||
            octets.every(b => b === 255)
          );
        }
        return !(
          octets.every(b => b === 0) ||
          ip === '::1' ||
          octets[0] === 0xff ||
          (octets[0] === 0xfe && (octets[1] & 0xc0) === 0x80)
        );
      }),
    ],
  ],
  ['cidr', [global([string], CIDR, text => cidrValue(cidrOf(text)))]],
  [
    'isCIDR',
    [global([string], bool, text => parseCidr(text as string) !== undefined)],
  ],
  [
    'containsIP',
    [
      method(CIDR, [string], bool, (receiver, ip) => {
        return cidrContains(cidrOf(receiver), ipOf(ip));
      }),
      method(CIDR, [IP], bool, (receiver, ip) => {
        return cidrContains(cidrOf(receiver), ipOf(ip));
      }),
    ],
  ],
  [
    'containsCIDR',
    [
      method(CIDR, [string], bool, (receiver, other) => {
        const outer = cidrOf(receiver);
        const inner = cidrOf(other);
        return inner.prefix >= outer.prefix && cidrContains(outer, inner.ip);
      }),
      method(CIDR, [CIDR], bool, (receiver, other) => {
        const outer = cidrOf(receiver);
        const inner = cidrOf(other);
        return inner.prefix >= outer.prefix && cidrContains(outer, inner.ip);
      }),
    ],
  ],
  [
    'masked',
    [
      method(CIDR, [], CIDR, receiver => {
        const cidr = cidrOf(receiver);
        return cidrValue({
          ip: bytesToIp(maskedBytes(cidr.ip, cidr.prefix)),
          prefix: cidr.prefix,
        });
      }),
    ],
  ],
  [
    'prefixLength',
    [
      method(CIDR, [], int, receiver => {
        return BigInt(cidrOf(receiver).prefix);
      }),
    ],
  ],
  // optional values (for optionalOldSelf)
  ['optional.of', [global([A], OPTIONAL_A, value => optionalSome(value))]],
  [
    'optional.none',
    [global([], T.opaque('optional_type', dyn), () => optionalNone())],
  ],
  [
    'optional.ofNonZeroValue',
    [
      global([A], OPTIONAL_A, value =>
        isZero(value) ? optionalNone() : optionalSome(value),
      ),
    ],
  ],
  [
    'hasValue',
    [
      method(OPTIONAL_A, [], bool, receiver => {
        return optionalOf(receiver).text !== undefined;
      }),
    ],
  ],
  [
    'value',
    [
      method(OPTIONAL_A, [], A, receiver => {
        const optional = optionalOf(receiver);
        if (optional.text === undefined)
          throw new Error('optional.none() dereference');
        return optional.value;
      }),
    ],
  ],
  [
    'orValue',
    [
      method(OPTIONAL_A, [A], A, (receiver, fallback) => {
        const optional = optionalOf(receiver);
        return optional.text === undefined ? fallback : optional.value;
      }),
    ],
  ],
  [
    'or',
    [
      method(OPTIONAL_A, [OPTIONAL_A], OPTIONAL_A, (receiver, other) => {
        return optionalOf(receiver).text === undefined ? other : receiver;
      }),
    ],
  ],
]);

/** Namespaces of qualified function names, such as `sets` in `sets.contains(...)`. */
export const FUNCTION_NAMESPACES: ReadonlySet<string> = new Set(
  [...FUNCTIONS.keys()]
    .filter(name => /^[a-z]+\./.test(name))
    .map(name => name.split('.')[0]),
);

function noOverload(name: string): never {
  throw new NoSuchOverload(name);
}

/** The runtime type an argument is dispatched on: library types travel as maps. */
function runtimeType(type: CelType): RuntimeType {
  switch (type.kind) {
    case 'bool':
      return CelScalar.BOOL;
    case 'int':
      return CelScalar.INT;
    case 'uint':
      return CelScalar.UINT;
    case 'double':
      return CelScalar.DOUBLE;
    case 'string':
      return CelScalar.STRING;
    case 'bytes':
      return CelScalar.BYTES;
    case 'null_type':
      return CelScalar.NULL;
    case 'list':
      return listType(CelScalar.DYN);
    case 'map':
    case 'object':
    case 'opaque':
      return mapType(CelScalar.DYN, CelScalar.DYN);
    default:
      return CelScalar.DYN;
  }
}

/**
 * The implementations @bufbuild/cel is given: the standard library's own,
 * the strings extension, and ours. Overloads that look the same at run time
 * (string(IP), string(CIDR)) share one function that tries each in turn.
 */
export function runtimeFunctions(): CelFunc[] {
  const grouped = new Map<
    string,
    {
      name: string;
      overload: Overload;
      impls: Array<NonNullable<Overload['impl']>>;
    }
  >();
  for (const [name, overloads] of FUNCTIONS) {
    for (const overload of overloads) {
      if (!overload.impl) continue;
      const key = `${
        overload.target ? `${runtimeType(overload.target).name}.` : ''
      }${name}(${overload.args.map(arg => runtimeType(arg).name).join(',')})`;
      const entry = grouped.get(key) ?? { name, overload, impls: [] };
      entry.impls.push(overload.impl);
      grouped.set(key, entry);
    }
  }
  const funcs: CelFunc[] = [];
  for (const { name, overload, impls } of grouped.values()) {
    const call = (parameters: CelValue[]) => {
      let last: unknown;
      for (const candidate of impls) {
        try {
          return candidate(...parameters);
        } catch (error) {
          if (!(error instanceof NoSuchOverload)) throw error;
          last = error;
        }
      }
      throw last;
    };
    const args = overload.args.map(runtimeType);
    const result = runtimeType(overload.result);
    funcs.push(
      overload.target
        ? celMethod(
            name,
            runtimeType(overload.target),
            args as never,
            result,
            function receive(this: CelValue, ...parameters: CelValue[]) {
              return call([this, ...parameters]);
            } as never,
          )
        : celFunc(name, args as never, result, ((...parameters: CelValue[]) =>
            call(parameters)) as never),
    );
  }
  return [...strings, ...funcs];
}
