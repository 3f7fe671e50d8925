/*
 * The meta.k8s.io/v1 Table answer (Accept: application/json;as=Table;...) that
 * `kubectl get` asks for, printed with the kind's own columns: the built-in
 * printers, a CRD's additionalPrinterColumns, or Name and Created At.
 */
import { customResourcePrinter } from './printerColumns';
import { builtinPrinter, DEFAULT_PRINTER, Printer } from './printers';
import type { KubeObject, ResourceType } from './types';

export type IncludeObject = 'None' | 'Metadata' | 'Object';

export function wantsTable(accept: string | undefined): boolean {
  return (accept ?? '')
    .split(',')
    .some(part => /;\s*as=Table/.test(part) && /g=meta\.k8s\.io/.test(part));
}

const DEFAULT_CUSTOM_PRINTER = customResourcePrinter(undefined);
/** Keyed by the columns array, which every copy of a registered type shares. */
const customPrinters = new WeakMap<object, Printer>();

/** The printer of a served type; a CRD version's is built once. */
export function printerFor(type: ResourceType): Printer {
  if (!type.custom) {
    return builtinPrinter(type.group, type.plural) ?? DEFAULT_PRINTER;
  }
  const columns = type.printerColumns;
  if (!columns || columns.length === 0) return DEFAULT_CUSTOM_PRINTER;
  let printer = customPrinters.get(columns);
  if (!printer) {
    printer = customResourcePrinter(columns);
    customPrinters.set(columns, printer);
  }
  return printer;
}

function rowObject(object: KubeObject, include: IncludeObject): unknown {
  if (include === 'None') return undefined;
  if (include === 'Object') return object;
  return {
    kind: 'PartialObjectMetadata',
    apiVersion: 'meta.k8s.io/v1',
    metadata: object.metadata,
  };
}

export function toTable(
  printer: Printer,
  objects: readonly KubeObject[],
  listMetadata: Record<string, unknown>,
  include: IncludeObject,
): Record<string, unknown> {
  const now = Date.now();
  return {
    kind: 'Table',
    apiVersion: 'meta.k8s.io/v1',
    metadata: listMetadata,
    columnDefinitions: printer.columns,
    rows: objects.map(object => ({
      cells: printer.cells(object, now),
      object: rowObject(object, include),
    })),
  };
}
