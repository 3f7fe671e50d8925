/*
 * A custom resource's table as apiextensions-apiserver prints it: Name, then
 * the version's additionalPrinterColumns (Age when it declares none), each
 * cell the first value its JSONPath selects, formatted by the column's type
 * (a `date` becomes an age, as the server sends it).
 */
import { compileJsonPath, formatJsonPathValue, JsonPath } from './jsonpath';
import {
  column,
  CREATION_TIMESTAMP_DESCRIPTION,
  NAME_COLUMN,
  Printer,
  since,
} from './printers';
import type { KubeObject } from './types';

/** One entry of a CRD version's additionalPrinterColumns. */
export interface PrinterColumn {
  name: string;
  type: string;
  format?: string;
  description?: string;
  priority?: number;
  jsonPath: string;
}

export const PRINTER_COLUMN_TYPES = [
  'boolean',
  'date',
  'integer',
  'number',
  'string',
];

const DEFAULT_COLUMNS: PrinterColumn[] = [
  {
    name: 'Age',
    type: 'date',
    description: CREATION_TIMESTAMP_DESCRIPTION,
    jsonPath: '.metadata.creationTimestamp',
  },
];

/** cellForJSONValue: a value of the wrong type prints as nothing. */
function cellOf(type: string, value: unknown, now: number): unknown {
  if (value === null || value === undefined) return null;
  switch (type) {
    case 'integer':
      return typeof value === 'number' ? Math.trunc(value) : null;
    case 'number':
      return typeof value === 'number' ? value : null;
    case 'boolean':
      return typeof value === 'boolean' ? value : null;
    case 'date':
      if (typeof value !== 'string') return null;
      return Number.isNaN(Date.parse(value)) ? '<invalid>' : since(value, now);
    default:
      return typeof value === 'string' ? value : null;
  }
}

export function customResourcePrinter(
  declared: readonly PrinterColumn[] | undefined,
): Printer {
  const columns = declared && declared.length > 0 ? declared : DEFAULT_COLUMNS;
  const paths: Array<JsonPath | undefined> = columns.map(entry => {
    try {
      return compileJsonPath(entry.jsonPath);
    } catch {
      return undefined;
    }
  });
  return {
    columns: [
      NAME_COLUMN,
      ...columns.map(entry =>
        column(
          entry.name,
          entry.type,
          entry.description ||
            `Custom resource definition column (in JSONPath format): ${entry.jsonPath}`,
          { format: entry.format, priority: entry.priority },
        ),
      ),
    ],
    cells(object: KubeObject, now: number) {
      return [
        object.metadata.name,
        ...columns.map((entry, index) => {
          const [value] = paths[index]?.evaluate(object) ?? [];
          if (value === undefined) return null;
          // A string column prints whatever was found, objects as JSON.
          return entry.type === 'string'
            ? formatJsonPathValue(value)
            : cellOf(entry.type, value, now);
        }),
      ];
    },
  };
}
