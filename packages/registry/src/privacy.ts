import { dataClasses, sensitiveKinds, type SensitiveKind } from '@gridhub/kit';
import {
  Kind, type ConstDirectiveNode, type DocumentNode, type FieldDefinitionNode, type ObjectTypeDefinitionNode, type ObjectTypeExtensionNode,
  type InterfaceTypeDefinitionNode, type InterfaceTypeExtensionNode, type TypeNode,
} from 'graphql';
import { registryError, type RegistryError } from './errors';
import type { SubgraphRecord } from './types';

/**
 * The registry's privacy and ownership check (issue 15): before a subgraph joins the graph, every field it
 * exposes that looks like personal data must say how it is masked and audited (`@sensitive`, from the kit's
 * `@Sensitive`) or what it is instead (`@classified`), and no field another subgraph owns may be taken over.
 */

type FieldOwner = ObjectTypeDefinitionNode | ObjectTypeExtensionNode | InterfaceTypeDefinitionNode | InterfaceTypeExtensionNode;

/** Field names and type names that look like a kind of personal data. Flags and counts (Boolean, Int, Float) never do. */
const BY_NAME: [RegExp, SensitiveKind][] = [
  [/^(id|identity|citizen)(Card)?(Number|No|Num)$|^idCard$|^sfz/i, 'ID_NUMBER'],
  [/(^|[a-z])(phone|mobile|telephone|cellphone)(Number|No)?$|^tel$/i, 'PHONE'],
  [/^(birth(Date|day)?|dateOfBirth|dob)$/i, 'BIRTH_DATE'],
  [/(^|[a-z])(licen[cs]e)?Plate(Number|No)?$|^plate(Number|No)?$|^carNumber$/i, 'PLATE'],
  [/^(home|residential|household|registered|domicile|personal)Address$|^domicile$/i, 'ADDRESS'],
  [/^face(Image|Photo|Picture|Template|Feature|Features|Url|Data)?$|^portrait(Url)?$/i, 'FACE'],
  [/^(health|medical|diagnosis|disease|disability)(Status|Record|Records|Condition|Info|Level)?$/i, 'HEALTH'],
  [/^(specialPopulation|populationTag|populationLabel|specialLabel)s?$/i, 'SPECIAL_POPULATION'],
];
const BY_TYPE: [RegExp, SensitiveKind][] = [
  [/^(IdNumber|IdCard|CitizenId)$/, 'ID_NUMBER'],
  [/^(Phone|PhoneNumber|Mobile)$/, 'PHONE'],
  [/^(LicensePlate|LicencePlate|Plate)$/, 'PLATE'],
  [/^(FaceImage|FaceTemplate|Face)$/, 'FACE'],
  [/^(PopulationTag|SpecialPopulation\w*)$/, 'SPECIAL_POPULATION'],
];
const NOT_VALUES = new Set(['Boolean', 'Int', 'Float']);

/** Data classes that hold people's records: classifying a field as one of them does not excuse it from masking. */
const PERSONAL_CLASSES = new Set(['PERSONAL', 'SPECIAL_POPULATION', 'ACCESS_TRAIL', 'FACE_ALARMS', 'CREDENTIALS']);

const namedType = (t: TypeNode): string => (t.kind === Kind.NAMED_TYPE ? t.name.value : namedType(t.type));

const directive = (field: FieldDefinitionNode, name: string) => field.directives?.find((d) => d.name.value === name);
const argument = (d: ConstDirectiveNode | undefined, name: string): string | undefined => {
  const value = d?.arguments?.find((a) => a.name.value === name)?.value;
  return value?.kind === Kind.STRING ? value.value : undefined;
};

/** The personal-data kind a field looks like, by its name or its type; undefined when it does not. */
export function personalKindOf(fieldName: string, typeName: string): SensitiveKind | undefined {
  if (NOT_VALUES.has(typeName)) return undefined;
  return BY_TYPE.find(([re]) => re.test(typeName))?.[1] ?? BY_NAME.find(([re]) => re.test(fieldName))?.[1];
}

function* fieldsOf(document: DocumentNode): Generator<{ type: FieldOwner; field: FieldDefinitionNode }> {
  for (const def of document.definitions) {
    if (def.kind !== Kind.OBJECT_TYPE_DEFINITION && def.kind !== Kind.OBJECT_TYPE_EXTENSION && def.kind !== Kind.INTERFACE_TYPE_DEFINITION && def.kind !== Kind.INTERFACE_TYPE_EXTENSION) continue;
    for (const field of def.fields ?? []) yield { type: def, field };
  }
}

const ruleOf = (kind: SensitiveKind) => sensitiveKinds().get(kind);

function fixFor(kind: SensitiveKind, coordinate: string): string {
  const rule = ruleOf(kind);
  const sensitive = rule?.audit === 'READ' ? `@Sensitive('${kind}', { auditedAs: <an audited data class> })` : `@Sensitive('${kind}')`;
  return `declare it with the kit: ${sensitive} on ${coordinate} (masked as ${rule?.example ?? '…'}, audit rule ${rule?.audit ?? 'REVEAL'}), `
    + `or, if it holds no personal data, classify it: @Classified(<data class>, '<why it is not personal>')`;
}

/** Personal-data fields of one subgraph that declare no masking and audit rule (or a wrong one). */
export function privacyProblems(subgraph: SubgraphRecord, document: DocumentNode): RegistryError[] {
  const problems: RegistryError[] = [];
  const refuse = (location: string, reason: string, message: string, fix: string) =>
    problems.push(registryError('PERSONAL_DATA_UNDECLARED', message, { location, subgraph: subgraph.name, reason, fix }));
  for (const { type, field } of fieldsOf(document)) {
    if (directive(field, 'external')) continue;
    const coordinate = `${type.name.value}.${field.name.value}`;
    const sensitive = directive(field, 'sensitive');
    const classified = directive(field, 'classified');
    const guessed = personalKindOf(field.name.value, namedType(field.type));
    if (sensitive) {
      const kind = argument(sensitive, 'kind') ?? '';
      const audit = argument(sensitive, 'audit');
      const needed = ruleOf(kind)?.audit;
      if (!argument(sensitive, 'mask') || (audit !== 'REVEAL' && audit !== 'READ')) {
        refuse(coordinate, 'MASK_OR_AUDIT_MISSING', `${coordinate} is declared sensitive without its mask and audit rule (REVEAL or READ)`, fixFor(kind, coordinate));
      } else if (needed === 'READ' && (audit !== 'READ' || !argument(sensitive, 'auditedAs'))) {
        refuse(coordinate, 'READS_NOT_AUDITED', `${coordinate} holds ${kind} data: every read must be audited (audit READ, auditedAs an audited data class)`, fixFor(kind, coordinate));
      }
      continue;
    }
    if (classified) {
      const dataClass = argument(classified, 'dataClass') ?? '';
      if (PERSONAL_CLASSES.has(dataClass) || dataClasses().get(dataClass)?.audited) {
        refuse(coordinate, 'PERSONAL_CLASS', `${coordinate} is classified as ${dataClass}, a class of people's records: it must be masked`, fixFor(guessed ?? 'PHONE', coordinate));
      }
      continue;
    }
    if (guessed) {
      refuse(coordinate, 'UNDECLARED', `${coordinate} looks like personal data (${guessed}) and declares no masking and audit rule`, fixFor(guessed, coordinate));
    }
  }
  return problems;
}

const keyFieldsOf = (type: FieldOwner): Set<string> =>
  new Set((type.directives ?? []).filter((d) => d.name.value === 'key').flatMap((d) => (argument(d, 'fields') ?? '').split(/[\s{}]+/).filter(Boolean)));

/** `Type.field` → the subgraph defining it (not as @external, not as a key), for entity types (those with @key). */
function ownedFields(subgraphs: { name: string; document: DocumentNode }[]): Map<string, string> {
  const owners = new Map<string, string>();
  for (const { name, document } of subgraphs) {
    for (const { type, field } of fieldsOf(document)) {
      if (directive(field, 'external') || keyFieldsOf(type).has(field.name.value) || !type.directives?.some((d) => d.name.value === 'key')) continue;
      if (!owners.has(`${type.name.value}.${field.name.value}`)) owners.set(`${type.name.value}.${field.name.value}`, name);
    }
  }
  return owners;
}

/**
 * Fields of another subgraph's entities the candidate overrides (`@override(from:)`) or defines again (as
 * @shareable, or in any other way than @external or as part of its key). The ownership table is the current
 * version's: who defined the field first keeps it.
 */
export function ownershipProblems(candidate: SubgraphRecord, document: DocumentNode, others: { name: string; document: DocumentNode }[]): RegistryError[] {
  const owners = ownedFields(others.filter((o) => o.name !== candidate.name));
  const problems: RegistryError[] = [];
  for (const { type, field } of fieldsOf(document)) {
    const coordinate = `${type.name.value}.${field.name.value}`;
    const override = directive(field, 'override');
    const from = argument(override, 'from');
    const owner = owners.get(coordinate) ?? (from && from !== candidate.name ? from : undefined);
    if (!owner || directive(field, 'external') || keyFieldsOf(type).has(field.name.value)) continue;
    problems.push(
      registryError(
        'FIELD_OWNERSHIP',
        override
          ? `${coordinate} is owned by the ${owner} subgraph: @override(from: "${from}") would take its answers over`
          : `${coordinate} is owned by the ${owner} subgraph and is defined here again`,
        {
          location: coordinate,
          subgraph: candidate.name,
          reason: override ? 'OVERRIDE' : 'REDEFINED',
          fix: `remove ${coordinate} from ${candidate.name}: extend ${type.name.value} with fields of your own (a new name), or ask the ${owner} subgraph's owners to add it`,
        },
      ),
    );
  }
  return problems;
}
