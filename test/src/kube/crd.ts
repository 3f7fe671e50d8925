/*
 * CustomResourceDefinitions as a Kubernetes API server accepts and serves them:
 * validation of the definition (apiextensions.k8s.io/v1) and the resource types it adds.
 */
import {
  NameRule,
  nameRuleErrors,
  fieldInvalid,
  fieldNotSupported,
  fieldRequired,
  invalidSchemaPatterns,
} from './schema';
import { deepEqual } from './json';
import { ruleCompilationCauses } from './cel/validator';
import { compileJsonPath } from './jsonpath';
import { PrinterColumn, PRINTER_COLUMN_TYPES } from './printerColumns';
import type {
  FieldCause,
  JSONSchemaProps,
  KubeObject,
  ResourceType,
} from './types';

interface CrdNames {
  plural?: string;
  singular?: string;
  kind?: string;
  listKind?: string;
  shortNames?: string[];
  categories?: string[];
}

interface CrdVersion {
  name?: string;
  served?: boolean;
  storage?: boolean;
  schema?: { openAPIV3Schema?: JSONSchemaProps };
  subresources?: { status?: unknown };
  additionalPrinterColumns?: Array<Partial<PrinterColumn>>;
}

interface CrdSpec {
  group?: string;
  names?: CrdNames;
  scope?: string;
  versions?: CrdVersion[];
}

const CRD_API_VERSION = 'apiextensions.k8s.io/v1';
const SCOPES = ['Cluster', 'Namespaced'];
/** What discovery lists for every custom resource. */
const CUSTOM_RESOURCE_VERBS = [
  'delete',
  'deletecollection',
  'get',
  'list',
  'patch',
  'create',
  'update',
  'watch',
];

function specOf(crd: KubeObject): CrdSpec {
  return (crd.spec ?? {}) as CrdSpec;
}

/** Names with the server's defaults: singular is the lower-case kind, listKind is kind + "List". */
function namesOf(
  spec: CrdSpec,
): Required<Omit<CrdNames, 'shortNames' | 'categories'>> &
  Pick<CrdNames, 'shortNames' | 'categories'> {
  const names = spec.names ?? {};
  const kind = names.kind ?? '';
  return {
    plural: names.plural ?? '',
    singular: names.singular || kind.toLowerCase(),
    kind,
    listKind: names.listKind || (kind ? `${kind}List` : ''),
    shortNames: names.shortNames,
    categories: names.categories,
  };
}

/** Causes for a value that breaks a name rule (most CRD names are DNS-1035 labels). */
function nameCauses(
  field: string,
  value: string,
  rule: NameRule = 'dns1035Label',
): FieldCause[] {
  return nameRuleErrors(rule, value).map(error =>
    fieldInvalid(field, value, error),
  );
}

function validateNames(spec: CrdSpec): FieldCause[] {
  const causes: FieldCause[] = [];
  const { plural, singular, kind, listKind, shortNames } = namesOf(spec);
  if (!plural) causes.push(fieldRequired('spec.names.plural'));
  else causes.push(...nameCauses('spec.names.plural', plural));
  if (singular) causes.push(...nameCauses('spec.names.singular', singular));
  (shortNames ?? []).forEach((shortName, index) =>
    causes.push(...nameCauses(`spec.names.shortNames[${index}]`, shortName)),
  );
  const mixedCase = (field: string, value: string) =>
    nameRuleErrors('dns1035Label', value.toLowerCase()).map(error =>
      fieldInvalid(
        field,
        value,
        `may have mixed case, but should otherwise match: ${error}`,
      ),
    );
  if (!kind) causes.push(fieldRequired('spec.names.kind'));
  else
    causes.push(
      ...mixedCase('spec.names.kind', kind),
      ...mixedCase('spec.names.listKind', listKind),
    );
  if (kind && kind === listKind)
    causes.push(
      fieldInvalid(
        'spec.names.listKind',
        listKind,
        'kind and listKind may not be the same',
      ),
    );
  return causes;
}

function validateVersion(version: CrdVersion, field: string): FieldCause[] {
  const causes: FieldCause[] = [];
  if (!version.name) causes.push(fieldRequired(`${field}.name`));
  else causes.push(...nameCauses(`${field}.name`, version.name));
  for (const flag of ['served', 'storage'] as const) {
    if (version[flag] !== undefined && typeof version[flag] !== 'boolean') {
      causes.push(
        fieldInvalid(`${field}.${flag}`, version[flag], 'must be a boolean'),
      );
    }
  }
  const status = version.subresources?.status;
  if (status !== undefined && (status === null || typeof status !== 'object')) {
    causes.push(
      fieldInvalid(`${field}.subresources.status`, status, 'must be an object'),
    );
  }
  causes.push(...validatePrinterColumns(version, field));
  const schemaField = `${field}.schema.openAPIV3Schema`;
  const schema = version.schema?.openAPIV3Schema;
  if (!schema) {
    causes.push(fieldRequired(schemaField, 'schemas are required'));
  } else if (schema.type !== 'object') {
    causes.push(
      schema.type
        ? fieldInvalid(
            `${schemaField}.type`,
            schema.type,
            'must be object at the root',
          )
        : fieldRequired(`${schemaField}.type`, 'must not be empty at the root'),
    );
  } else {
    causes.push(...invalidSchemaPatterns(schema, schemaField));
  }
  return causes;
}

/**
 * Rules that do not compile (and other bad x-kubernetes-validations). The
 * server validates its internal form of the CRD, where a schema all versions
 * share sits once at spec.validation.openAPIV3Schema.
 */
function ruleCauses(versions: CrdVersion[]): FieldCause[] {
  const schemas = versions.map(version => version.schema?.openAPIV3Schema);
  if (schemas.some(schema => schema?.type !== 'object')) return [];
  const shared = schemas.every(schema => deepEqual(schema, schemas[0]));
  if (shared)
    return ruleCompilationCauses(
      schemas[0]!,
      'spec.validation.openAPIV3Schema',
    );
  return schemas.flatMap((schema, index) =>
    ruleCompilationCauses(
      schema!,
      `spec.versions[${index}].schema.openAPIV3Schema`,
    ),
  );
}

function validatePrinterColumns(
  version: CrdVersion,
  field: string,
): FieldCause[] {
  const columns = version.additionalPrinterColumns ?? [];
  return columns.flatMap((entry, index) => {
    const at = `${field}.additionalPrinterColumns[${index}]`;
    const causes: FieldCause[] = [];
    if (!entry.name) causes.push(fieldRequired(`${at}.name`));
    if (!entry.type) causes.push(fieldRequired(`${at}.type`));
    else if (!PRINTER_COLUMN_TYPES.includes(entry.type))
      causes.push(
        fieldNotSupported(`${at}.type`, entry.type, PRINTER_COLUMN_TYPES),
      );
    if (!entry.jsonPath) {
      causes.push(fieldRequired(`${at}.jsonPath`));
    } else {
      try {
        compileJsonPath(entry.jsonPath);
      } catch {
        causes.push(
          fieldInvalid(
            `${at}.jsonPath`,
            entry.jsonPath,
            'must be a simple json path',
          ),
        );
      }
    }
    return causes;
  });
}

function validateVersions(versions: CrdVersion[] | undefined): FieldCause[] {
  if (!Array.isArray(versions) || versions.length === 0) {
    return [fieldRequired('spec.versions', 'must have at least one version')];
  }
  const causes = versions.flatMap((version, index) =>
    validateVersion(version, `spec.versions[${index}]`),
  );
  causes.push(...ruleCauses(versions));
  const names = versions.map(version => version.name);
  if (new Set(names).size !== names.length) {
    causes.push(
      fieldInvalid(
        'spec.versions',
        names.join(','),
        'must contain unique version names',
      ),
    );
  }
  if (versions.filter(version => version.storage === true).length !== 1) {
    causes.push(
      fieldInvalid(
        'spec.versions',
        names.join(','),
        'must have exactly one version marked as storage version',
      ),
    );
  }
  return causes;
}

/** The causes a real server would give for refusing this CustomResourceDefinition. */
export function validateCrd(crd: KubeObject): FieldCause[] {
  const causes: FieldCause[] = [];
  if (crd.apiVersion !== CRD_API_VERSION)
    causes.push(
      fieldNotSupported('apiVersion', crd.apiVersion, [CRD_API_VERSION]),
    );
  if (crd.kind !== 'CustomResourceDefinition')
    causes.push(
      fieldNotSupported('kind', crd.kind, ['CustomResourceDefinition']),
    );
  const spec = specOf(crd);
  const group = spec.group;
  if (!group) {
    causes.push(fieldRequired('spec.group'));
  } else {
    causes.push(...nameCauses('spec.group', group, 'dns1123Subdomain'));
    if (!group.includes('.'))
      causes.push(
        fieldInvalid(
          'spec.group',
          group,
          'should be a domain with at least one dot',
        ),
      );
  }
  causes.push(...validateNames(spec));
  if (!spec.scope) causes.push(fieldRequired('spec.scope'));
  else if (!SCOPES.includes(spec.scope))
    causes.push(fieldNotSupported('spec.scope', spec.scope, SCOPES));
  causes.push(...validateVersions(spec.versions));
  const plural = namesOf(spec).plural;
  const name = crd.metadata?.name;
  if (plural && group && name !== `${plural}.${group}`) {
    causes.push(
      fieldInvalid(
        'metadata.name',
        name ?? '',
        'must be spec.names.plural+"."+spec.group',
      ),
    );
  }
  return causes;
}

/** One resource type per served version, as the server registers them for a valid CRD. */
export function resourceTypesFromCrd(crd: KubeObject): ResourceType[] {
  const spec = specOf(crd);
  const { plural, singular, kind, listKind, shortNames, categories } =
    namesOf(spec);
  const versions = spec.versions ?? [];
  const storageVersion =
    versions.find(version => version.storage === true)?.name ?? '';
  return versions
    .filter(version => version.served === true)
    .map(version => ({
      group: spec.group ?? '',
      version: version.name ?? '',
      plural,
      singular,
      kind,
      listKind,
      namespaced: spec.scope === 'Namespaced',
      ...(shortNames && shortNames.length > 0
        ? { shortNames: [...shortNames] }
        : {}),
      ...(categories && categories.length > 0
        ? { categories: [...categories] }
        : {}),
      verbs: [...CUSTOM_RESOURCE_VERBS],
      custom: true,
      ...(version.additionalPrinterColumns?.length
        ? {
            printerColumns: version.additionalPrinterColumns as PrinterColumn[],
          }
        : {}),
      statusSubresource:
        version.subresources?.status !== undefined &&
        version.subresources.status !== null,
      storageVersion,
      schema: version.schema?.openAPIV3Schema,
    }));
}
