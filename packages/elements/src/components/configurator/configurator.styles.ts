import { css } from 'lit';

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
