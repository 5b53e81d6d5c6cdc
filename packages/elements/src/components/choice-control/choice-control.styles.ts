import { css } from 'lit';

export const styles = css`
  :host {
    display: block;
    --_swatch-size: var(--c2m-swatch-size, 2.75rem);
  }
  .values {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5rem;
  }
  .values.list {
    flex-direction: column;
    gap: 0.25rem;
  }
  .value {
    position: relative;
    display: flex;
    align-items: center;
    gap: 0.6rem;
    min-height: var(--_target);
    padding: 0.35rem 0.7rem;
    border: 1px solid var(--_border-soft);
    border-radius: var(--_radius);
    background: var(--_surface);
    cursor: pointer;
    transition: border-color var(--_duration), background-color var(--_duration);
  }
  .value:hover {
    border-color: var(--_border);
  }
  .value[aria-checked='true'] {
    border-color: var(--_accent);
    box-shadow: inset 0 0 0 1px var(--_accent);
    background: var(--_surface-2);
  }
  .value[aria-disabled='true'] {
    color: var(--_muted);
    border-style: dashed;
  }
  .value[aria-disabled='true'] .swatch,
  .value[aria-disabled='true'] img {
    opacity: 0.45;
  }
  .mark {
    flex: none;
    width: 1.1rem;
    height: 1.1rem;
    border: 2px solid var(--_border);
    border-radius: 50%;
  }
  .value[aria-checked='true'] .mark {
    border-color: var(--_accent);
    background: radial-gradient(var(--_accent) 0 45%, transparent 50%);
  }
  .swatch,
  .values img {
    flex: none;
    width: var(--_swatch-size);
    height: var(--_swatch-size);
    border-radius: calc(var(--_radius) - 2px);
    border: 1px solid var(--_border-soft);
    object-fit: cover;
  }
  .text {
    display: flex;
    flex-direction: column;
  }
  .delta,
  .state {
    font-size: 0.85em;
    color: var(--_muted);
  }
  .reason {
    position: absolute;
    z-index: 2;
    left: 0;
    top: calc(100% + 4px);
    width: max-content;
    max-width: min(22rem, 80vw);
    padding: 0.45rem 0.6rem;
    border-radius: var(--_radius);
    background: var(--_text);
    color: var(--_surface);
    font-size: 0.85em;
    visibility: hidden;
    opacity: 0;
    transition: opacity var(--_duration);
    pointer-events: none;
  }
  .value:hover .reason,
  .value:focus-visible .reason,
  .value.tapped .reason {
    visibility: visible;
    opacity: 1;
  }
  select {
    font: inherit;
    color: inherit;
    min-height: var(--_target);
    width: 100%;
    max-width: 30rem;
    padding: 0.35rem 0.5rem;
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    background: var(--_surface);
  }
`;
