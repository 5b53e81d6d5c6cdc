/**
 * Inline styles under a strict Content-Security-Policy (`style-src 'self'`, no 'unsafe-inline'): a
 * `style` attribute — in markup, or set as a string, as Lit's `styleMap` does on its first render —
 * is refused there, while properties set through the CSSOM (`element.style.setProperty`) are not.
 * This element directive only ever uses the CSSOM.
 */
import { noChange } from 'lit';
import { directive, Directive, PartType, type ElementPart, type PartInfo } from 'lit/directive.js';

/** Property → value; `undefined` removes the property. Custom properties (`--x`) included. */
export type CssProps = Readonly<Record<string, string | undefined>>;

class CssPropsDirective extends Directive {
  #set = new Set<string>();

  constructor(part: PartInfo) {
    super(part);
    if (part.type !== PartType.ELEMENT) throw new Error('cssProps() goes on an element: <span ${cssProps({ … })}>');
  }

  override render(_props: CssProps): unknown {
    return noChange;
  }

  override update(part: ElementPart, [props]: [CssProps]): unknown {
    const style = (part.element as HTMLElement).style;
    for (const name of this.#set) if (props[name] === undefined) style.removeProperty(name);
    this.#set.clear();
    for (const [name, value] of Object.entries(props)) {
      if (value === undefined) continue;
      style.setProperty(name, value);
      this.#set.add(name);
    }
    return noChange;
  }
}

/** Sets CSS properties of an element through the CSSOM: `<span ${cssProps({ 'background-color': c })}>`. */
export const cssProps = directive(CssPropsDirective);
