/**
 * A reader for FeatureIDE feature models (`model.xml`): `<struct>` with `and`/`or`/`alt`/`feature`
 * elements (`mandatory`, `abstract`, `hidden` attributes, `<description>`), and `<constraints>` with
 * `rule` elements over `var`, `not`, `conj`, `disj`, `imp`, `eq` and `atmost1`.
 */
import { ImportSyntaxError, type FeatureModel, type FmConstraint, type FmExpr, type FmFeature, type FmGroup, type ImportNote } from './model.js';
import { parseXml, type XmlElement } from './xml.js';

const FEATURE_ELEMENTS = new Set(['feature', 'and', 'or', 'alt']);
const IGNORED_IN_FEATURE = new Set(['description', 'graphics']);

/** Parses a FeatureIDE XML model; throws {@link ImportSyntaxError} with a position on bad input. */
export function parseFeatureIde(text: string): FeatureModel {
  const doc = parseXml(text);
  if (doc.name !== 'featureModel' && doc.name !== 'extendedFeatureModel') {
    throw new ImportSyntaxError(`expected a FeatureIDE <featureModel>, found <${doc.name}>`, doc.pos);
  }
  const notes: ImportNote[] = [];
  const struct = doc.children.find((c) => c.name === 'struct');
  if (!struct) throw new ImportSyntaxError('the model has no <struct> (the feature tree)', doc.pos);
  const roots = struct.children.filter((c) => FEATURE_ELEMENTS.has(c.name));
  if (roots.length !== 1) throw new ImportSyntaxError(`<struct> must contain exactly one root feature, found ${roots.length}`, struct.pos);

  const feature = (el: XmlElement): FmFeature => {
    const name = el.attributes.name;
    if (name === undefined || name === '') throw new ImportSyntaxError(`<${el.name}> has no name attribute`, el.pos);
    const f: FmFeature = { name, abstract: el.attributes.abstract === 'true', attributes: [], groups: [], pos: el.pos };
    const description = el.children.find((c) => c.name === 'description');
    if (description) f.description = description.text.trim();
    if (el.attributes.hidden === 'true') f.attributes.push({ key: 'hidden', value: 'true', pos: el.pos });
    for (const child of el.children) {
      if (child.name === 'attribute') {
        f.attributes.push({ key: child.attributes.name ?? '?', value: child.attributes.value, pos: child.pos });
      } else if (!FEATURE_ELEMENTS.has(child.name) && !IGNORED_IN_FEATURE.has(child.name)) {
        notes.push({ severity: 'info', message: `<${child.name}> inside feature "${name}" is ignored`, pos: child.pos });
      }
    }
    const children = el.children.filter((c) => FEATURE_ELEMENTS.has(c.name));
    if (children.length === 0) return f;
    if (el.name === 'or' || el.name === 'alt') {
      f.groups.push({ kind: el.name === 'or' ? 'or' : 'alternative', features: children.map(feature), pos: el.pos });
      for (const c of children) {
        if (c.attributes.mandatory === 'true') {
          notes.push({ severity: 'info', message: `"mandatory" on "${c.attributes.name}" has no meaning inside an ${el.name} group and is ignored`, pos: c.pos });
        }
      }
      return f;
    }
    // `and` (or a `feature` that has children): each child is mandatory or optional on its own.
    let current: FmGroup | undefined;
    for (const c of children) {
      const kind = c.attributes.mandatory === 'true' ? 'mandatory' : 'optional';
      if (current?.kind !== kind) {
        current = { kind, features: [], pos: c.pos };
        f.groups.push(current);
      }
      current.features.push(feature(c));
    }
    return f;
  };

  const expr = (el: XmlElement): FmExpr => {
    const args = () => el.children.filter((c) => c.name !== 'description').map(expr);
    switch (el.name) {
      case 'var': {
        const name = el.text.trim();
        if (!name) throw new ImportSyntaxError('<var> names no feature', el.pos);
        return { kind: 'var', name, pos: el.pos };
      }
      case 'not': {
        const a = args();
        if (a.length !== 1) throw new ImportSyntaxError(`<not> takes one operand, found ${a.length}`, el.pos);
        return { kind: 'not', arg: a[0], pos: el.pos };
      }
      case 'conj':
      case 'disj': {
        const a = args();
        if (a.length === 0) throw new ImportSyntaxError(`<${el.name}> has no operands`, el.pos);
        return a.length === 1 ? a[0] : { kind: el.name === 'conj' ? 'and' : 'or', args: a, pos: el.pos };
      }
      case 'imp':
      case 'eq': {
        const a = args();
        if (a.length !== 2) throw new ImportSyntaxError(`<${el.name}> takes two operands, found ${a.length}`, el.pos);
        return { kind: el.name === 'imp' ? 'implies' : 'iff', left: a[0], right: a[1], pos: el.pos };
      }
      case 'atmost1':
        return { kind: 'atmost1', args: args(), pos: el.pos };
      default:
        return { kind: 'unsupported', text: `<${el.name}>`, why: 'an element FeatureIDE constraints do not define', pos: el.pos };
    }
  };

  const constraints: FmConstraint[] = [];
  const section = doc.children.find((c) => c.name === 'constraints');
  for (const rule of section?.children ?? []) {
    if (rule.name !== 'rule') {
      notes.push({ severity: 'info', message: `<${rule.name}> in <constraints> is ignored`, pos: rule.pos });
      continue;
    }
    const body = rule.children.filter((c) => c.name !== 'description' && c.name !== 'tags' && c.name !== 'graphics');
    if (body.length !== 1) throw new ImportSyntaxError(`<rule> must contain one formula, found ${body.length}`, rule.pos);
    constraints.push({ expr: expr(body[0]), pos: rule.pos, origin: 'constraints' });
  }
  for (const other of doc.children) {
    if (!['struct', 'constraints', 'properties', 'comments', 'featureOrder', 'calculations'].includes(other.name)) {
      notes.push({ severity: 'info', message: `<${other.name}> is not carried over`, pos: other.pos });
    }
  }
  return { format: 'featureide', root: feature(roots[0]), constraints, notes };
}
