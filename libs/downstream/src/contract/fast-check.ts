import { TransformationType } from 'class-transformer';
import type { MetadataStorage as TransformerMetadataStorage } from 'class-transformer/types/MetadataStorage';
import { getMetadataStorage, type ValidationArguments, type ValidatorConstraintInterface } from 'class-validator';
import type { ValidationMetadata } from 'class-validator/types/metadata/ValidationMetadata';

/**
 * class-transformer keeps its @Type metadata in a storage it does not re-export from its index. Should a future
 * version move it, there is simply no fast path: every body takes the full class-validator route.
 */
function loadTransformerStorage(): TransformerMetadataStorage | undefined {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return (require('class-transformer/cjs/storage') as { defaultMetadataStorage?: TransformerMetadataStorage }).defaultMetadataStorage;
  } catch {
    return undefined;
  }
}
const storage = loadTransformerStorage();

/**
 * A fast pre-check for the payload models, derived once per class from the same class-validator and
 * class-transformer metadata that `plainToInstance` + `validateSync` use, so the DTOs stay the single
 * source of truth. It understands only the constraint kinds the payload models use; a class with any
 * other kind (groups, `always`, `validateIf`, `@Expose`/`@Exclude`/`@Transform`, discriminators,
 * inheritance, async or unknown constraints) gets no fast checker at all.
 *
 * The checker is conservative: it returns an instance only when the body certainly passes
 * `validateSync(plainToInstance(model, body))`, and `undefined` when it finds a problem or meets
 * something it does not model (a non-plain object, an array where an object is expected, ...). The
 * caller then runs the full class-validator path, which produces the exact error message.
 *
 * The instance it returns is built like `plainToInstance` builds it (nested models as class
 * instances, untyped objects and arrays copied), except that properties the model does not declare
 * are left out: the mappers read declared properties only.
 */
export type FastDecoder<T> = (data: object) => T | undefined;

type Check = (value: unknown) => boolean;

interface PropertyPlan {
  readonly key: string;
  readonly optional: boolean;
  /** The nested model's plan (`@ValidateNested` + `@Type`), or undefined for a value copied as is. */
  readonly nested: (() => ModelPlan | undefined) | undefined;
  readonly checks: readonly Check[];
}

interface ModelPlan {
  readonly model: new () => object;
  readonly properties: readonly PropertyPlan[];
}

/** Returned (never exported) when the fast path gives up. */
const FAIL: unique symbol = Symbol('fast-check-fail');
type Fail = typeof FAIL;

const NESTED = 'nestedValidation';
const CONDITIONAL = 'conditionalValidation';
const CUSTOM = 'customValidation';

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && Object.getPrototypeOf(value) === Object.prototype;
}

/** Inline checks, same semantics as class-validator's (or stricter, which only sends a body to the full path). */
function inlineCheck(name: string, constraints: readonly unknown[] | undefined): Check | undefined {
  switch (name) {
    case 'isString':
      return (v) => typeof v === 'string';
    case 'isInt':
      return (v) => typeof v === 'number' && Number.isInteger(v);
    case 'isBoolean':
      return (v) => typeof v === 'boolean';
    case 'isArray':
      return (v) => Array.isArray(v);
    case 'isObject':
      return (v) => typeof v === 'object' && v !== null && !Array.isArray(v);
    case 'isIn': {
      const allowed = constraints?.[0];
      if (!Array.isArray(allowed)) return undefined;
      return (v) => {
        for (const candidate of allowed) if (candidate === v) return true;
        return false;
      };
    }
    case 'min': {
      const min = constraints?.[0];
      if (typeof min !== 'number') return undefined;
      return (v) => typeof v === 'number' && v >= min;
    }
    default:
      return undefined;
  }
}

/** Constraints that look at the value only: their own `validate` is called, so their semantics cannot drift. */
const VALUE_ONLY_CONSTRAINTS = new Set(['isEmail', 'isIso8601', 'isLength', 'isStringRecord']);

/**
 * Of those, the ones that are pure functions of a string value (validator.js): a string they accepted
 * once is accepted again, so the strings they accepted are remembered (a bounded set per property).
 */
const PURE_STRING_CONSTRAINTS = new Set(['isEmail', 'isIso8601', 'isLength']);
const MAX_REMEMBERED = 512;

function constraintCheck(model: new () => object, metadata: ValidationMetadata): Check | undefined {
  if (metadata.validateIf || metadata.always !== undefined || (metadata.groups && metadata.groups.length > 0)) return undefined;
  const constraintMetadatas = getMetadataStorage().getTargetValidatorConstraints(metadata.constraintCls);
  if (constraintMetadatas.length !== 1) return undefined;
  const [constraint] = constraintMetadatas;
  if (constraint.async) return undefined;
  let check = inlineCheck(constraint.name, metadata.constraints);
  if (!check && VALUE_ONLY_CONSTRAINTS.has(constraint.name)) {
    const instance: ValidatorConstraintInterface = constraint.instance;
    const args: ValidationArguments = {
      targetName: model.name,
      property: metadata.propertyName,
      object: {},
      value: undefined,
      constraints: metadata.constraints,
    };
    const validate: Check = (v) => {
      args.value = v;
      return instance.validate(v, args) === true;
    };
    if (PURE_STRING_CONSTRAINTS.has(constraint.name)) {
      const accepted = new Set<string>();
      check = (v) => {
        if (typeof v !== 'string') return validate(v);
        if (accepted.has(v)) return true;
        if (!validate(v)) return false;
        if (accepted.size >= MAX_REMEMBERED) accepted.clear();
        accepted.add(v);
        return true;
      };
    } else {
      check = validate;
    }
  }
  if (!check) return undefined;
  if (!metadata.each) return check;
  const single = check;
  // `each`: every element of an array, or the value itself when it is not an array.
  return (v) => {
    if (!Array.isArray(v)) return single(v);
    for (const element of v) if (!single(element)) return false;
    return true;
  };
}

const plans = new Map<new () => object, ModelPlan | null>();

function planFor(model: new () => object): ModelPlan | undefined {
  const known = plans.get(model);
  if (known !== undefined) return known ?? undefined;
  plans.set(model, null); // an unsupported placeholder while building breaks cycles conservatively
  const plan = buildPlan(model);
  plans.set(model, plan ?? null);
  return plan;
}

function buildPlan(model: new () => object): ModelPlan | undefined {
  const transformerStorage = storage;
  if (!transformerStorage) return undefined;
  // Inheritance, accessors or methods change what plainToInstance copies and which metadata applies.
  if (Object.getPrototypeOf(model.prototype) !== Object.prototype) return undefined;
  if (Object.getOwnPropertyNames(model.prototype).some((name) => name !== 'constructor')) return undefined;
  if (Object.keys(new model()).length > 0) return undefined;
  if (transformerStorage.getExposedMetadatas(model).length > 0 || transformerStorage.getExcludedMetadatas(model).length > 0)
    return undefined;

  const metadatas = getMetadataStorage().getTargetValidationMetadatas(model, '', false, false, undefined);
  if (metadatas.length === 0) return undefined; // forbidUnknownValues refuses a model without rules
  const byProperty = new Map<string, ValidationMetadata[]>();
  for (const metadata of metadatas) {
    const list = byProperty.get(metadata.propertyName) ?? [];
    list.push(metadata);
    byProperty.set(metadata.propertyName, list);
  }

  const properties: PropertyPlan[] = [];
  for (const [key, list] of byProperty) {
    if (key in Object.prototype) return undefined;
    if (transformerStorage.findTransformMetadatas(model, key, TransformationType.PLAIN_TO_CLASS).length > 0) return undefined;
    let optional = false;
    let nestedCount = 0;
    const checks: Check[] = [];
    for (const metadata of list) {
      if (metadata.type === CONDITIONAL && metadata.name === 'isOptional') {
        if (metadata.always !== undefined || (metadata.groups && metadata.groups.length > 0)) return undefined;
        optional = true;
      } else if (metadata.type === NESTED) {
        if (metadata.always !== undefined || (metadata.groups && metadata.groups.length > 0)) return undefined;
        nestedCount += 1;
      } else if (metadata.type === CUSTOM) {
        const check = constraintCheck(model, metadata);
        if (!check) return undefined;
        checks.push(check);
      } else {
        return undefined;
      }
    }
    const typeMetadata = transformerStorage.findTypeMetadata(model, key);
    let nested: PropertyPlan['nested'];
    if (nestedCount > 0 || typeMetadata) {
      // Only the pairing @ValidateNested + @Type(() => Model) is modelled.
      if (nestedCount !== 1 || !typeMetadata || typeMetadata.options?.discriminator) return undefined;
      const typeFunction = typeMetadata.typeFunction;
      // Resolved on first use rather than here: the nested class may not be decorated yet, or be the one being planned.
      let resolved: ModelPlan | undefined | null = null;
      nested = () => {
        if (resolved === null) {
          const target = typeFunction() as unknown;
          resolved = typeof target === 'function' ? planFor(target as new () => object) : undefined;
        }
        return resolved;
      };
    }
    properties.push({ key, optional, nested, checks });
  }
  return { model, properties };
}

/** What `plainToInstance` makes of a value with no @Type: primitives as is, arrays and plain objects copied. */
function copyUntyped(value: unknown): unknown {
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) {
    const copy: unknown[] = new Array<unknown>(value.length);
    for (let i = 0; i < value.length; i++) {
      const element = copyUntyped(value[i]);
      if (element === FAIL) return FAIL;
      copy[i] = element;
    }
    return copy;
  }
  if (!isPlainObject(value)) return FAIL;
  const copy: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    // class-transformer skips `__proto__`, `constructor` and names of Object.prototype's methods.
    if (key in Object.prototype) continue;
    const element = copyUntyped(value[key]);
    if (element === FAIL) return FAIL;
    copy[key] = element;
  }
  return copy;
}

function decodeModel(plan: ModelPlan, data: Record<string, unknown>): object | Fail {
  const instance = new plan.model() as Record<string, unknown>;
  for (const property of plan.properties) {
    const raw = data[property.key];
    if (property.optional && (raw === null || raw === undefined)) {
      if (raw === null) instance[property.key] = null;
      continue;
    }
    let value: unknown;
    if (property.nested) {
      const nestedPlan = property.nested();
      if (!nestedPlan) return FAIL;
      value = decodeNested(nestedPlan, raw);
    } else {
      value = copyUntyped(raw);
    }
    if (value === FAIL) return FAIL;
    for (const check of property.checks) if (!check(value)) return FAIL;
    if (value !== undefined) instance[property.key] = value;
  }
  return instance;
}

function decodeNested(plan: ModelPlan, raw: unknown): unknown {
  if (isPlainObject(raw)) return decodeModel(plan, raw);
  if (!Array.isArray(raw)) return FAIL;
  const items: unknown[] = new Array<unknown>(raw.length);
  for (let i = 0; i < raw.length; i++) {
    const element: unknown = raw[i];
    if (!isPlainObject(element)) return FAIL;
    const decoded = decodeModel(plan, element);
    if (decoded === FAIL) return FAIL;
    items[i] = decoded;
  }
  return items;
}

/**
 * The fast decoder for a payload model, or undefined when the model uses something the fast path does
 * not model. The plan is built on first use, when every decorator has run.
 */
export function fastDecoder<T extends object>(model: new () => T): FastDecoder<T> {
  let plan: ModelPlan | undefined | null = null;
  return (data) => {
    if (plan === null) plan = planFor(model);
    if (!plan || !isPlainObject(data)) return undefined;
    const decoded = decodeModel(plan, data);
    return decoded === FAIL ? undefined : (decoded as T);
  };
}

/** True when the model (and every model nested in it) is covered by the fast path. For specs. */
export function hasFastPath(model: new () => object): boolean {
  const seen = new Set<ModelPlan>();
  const walk = (plan: ModelPlan | undefined): boolean => {
    if (!plan) return false;
    if (seen.has(plan)) return true;
    seen.add(plan);
    return plan.properties.every((property) => !property.nested || walk(property.nested()));
  };
  return walk(planFor(model));
}
