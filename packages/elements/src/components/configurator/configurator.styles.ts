import { css } from 'lit';

// `.block`: blocks of options off screen skip style, layout and paint (thousands of options would
// otherwise cost every change a long frame). The containment this brings would clip a reason's
// tooltip at the block's edge: pointed at or focused, a block is rendered without it.
// `c2m-history:not(:defined)`: the toolbar's code comes once the product is shown (later-parts.ts);
// its place is kept meanwhile, so that the options do not move when it appears.

export const styles = css`
  :host {
    display: block;
    color-scheme: light dark;
    background: var(--_surface);
    container-type: inline-size;
  }
  .base {
    display: grid;
    grid-template-columns: minmax(0, 1fr);
    gap: calc(var(--_space) * 2);
    padding: var(--c2m-configurator-padding, var(--_space));
  }
  @container (min-width: 56rem) {
    .base.ready {
      grid-template-columns: minmax(0, 1.35fr) minmax(18rem, 1fr);
      align-items: start;
    }
    .aside {
      position: sticky;
      top: var(--_space);
    }
  }
  h2 {
    margin: 0;
    font-size: 1.5em;
  }
  header p {
    margin: 0.25rem 0 0;
    color: var(--_muted);
  }
  .toolbar {
    display: block;
    margin-top: var(--_space);
  }
  c2m-history:not(:defined) {
    min-height: var(--_target);
  }
  .media {
    margin-top: var(--_space);
  }
  .media img {
    display: block;
    width: 100%;
    max-height: 24rem;
    object-fit: contain;
    border-radius: var(--_radius);
    background: var(--_surface-2);
  }
  .media c2m-viewer {
    display: block;
    aspect-ratio: 4 / 3;
  }
  .block {
    content-visibility: auto;
    contain-intrinsic-size: auto 40rem;
  }
  .block:hover,
  .block:focus-within {
    content-visibility: visible;
  }
  section + section {
    border-top: 1px solid var(--_border-soft);
    margin-top: var(--_space);
    padding-top: var(--_space);
  }
  h3 {
    margin: 0;
    font-size: 1.15em;
  }
  .group-description {
    margin: 0.25rem 0 0;
    color: var(--_muted);
  }
  .steps {
    display: flex;
    flex-wrap: wrap;
    gap: 0.25rem;
    margin: 0 0 var(--_space);
    padding: 0;
    list-style: none;
  }
  .steps button[aria-current='step'] {
    border-color: var(--_accent);
    box-shadow: inset 0 0 0 1px var(--_accent);
    font-weight: 600;
  }
  .step-nav {
    display: flex;
    justify-content: space-between;
    gap: 0.5rem;
    margin-top: var(--_space);
  }
  .aside {
    display: flex;
    flex-direction: column;
    gap: var(--_space);
    padding: var(--_space);
    border: 1px solid var(--_border-soft);
    border-radius: var(--_radius);
    background: var(--_surface-2);
  }
  .pending {
    min-height: 1.5em;
    font-size: 0.85em;
    color: var(--_muted);
  }
  .loading {
    padding: calc(var(--_space) * 2);
    color: var(--_muted);
  }
  .notes:empty {
    display: none;
  }
`;
