import { css } from 'lit';

export const styles = css`
  :host {
    display: block;
    margin-block: var(--c2m-option-gap, 1.25rem);
  }
  .label {
    display: flex;
    flex-wrap: wrap;
    align-items: baseline;
    gap: 0.25rem 0.75rem;
    margin: 0 0 0.4rem;
    font-weight: 600;
  }
  .current {
    font-weight: 400;
    color: var(--_muted);
  }
  .description {
    margin: -0.2rem 0 0.5rem;
    font-size: 0.9em;
    color: var(--_muted);
  }
  .offer,
  .note {
    margin-top: 0.6rem;
    padding: 0.6rem 0.75rem;
    border-radius: var(--_radius);
    background: var(--_warning-bg);
  }
  .offer p {
    margin: 0 0 0.5rem;
  }
  .offer .actions {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5rem;
  }
  .reason {
    font-size: 0.9em;
  }
`;
