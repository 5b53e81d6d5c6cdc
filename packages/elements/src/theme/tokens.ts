/**
 * The design tokens every element reads. Public tokens are global custom properties (`--c2m-*`),
 * set by a shop anywhere above the elements (`:root`, a wrapper, the element itself); each element
 * turns them into private `--_*` properties with a default. Light and dark come from the inherited
 * `color-scheme` through `light-dark()`: the user's `prefers-color-scheme` by default, or the
 * `theme` attribute (`light` / `dark`) of `<c2m-configurator>` or of any part.
 */
import { css } from 'lit';

export const tokens = css`
  :host {
    --_font: var(--c2m-font-family, system-ui, -apple-system, 'Segoe UI', 'PingFang SC', 'Microsoft YaHei', sans-serif);
    --_font-size: var(--c2m-font-size, 1rem);
    --_text: var(--c2m-color-text, light-dark(#1b1e24, #eceef2));
    --_muted: var(--c2m-color-text-muted, light-dark(#555b66, #a9afba));
    --_surface: var(--c2m-color-surface, light-dark(#ffffff, #16181d));
    --_surface-2: var(--c2m-color-surface-raised, light-dark(#f4f5f7, #22252c));
    --_border: var(--c2m-color-border, light-dark(#8a909b, #6b7280));
    --_border-soft: var(--c2m-color-border-soft, light-dark(#dcdfe4, #343842));
    --_accent: var(--c2m-color-accent, light-dark(#1d4ed8, #8fb0ff));
    --_on-accent: var(--c2m-color-on-accent, light-dark(#ffffff, #0b1430));
    --_danger: var(--c2m-color-danger, light-dark(#b42318, #ff9c8f));
    --_success: var(--c2m-color-success, light-dark(#17683a, #7ddc9f));
    --_warning-bg: var(--c2m-color-notice, light-dark(#fff6d6, #3a3110));
    --_focus: var(--c2m-color-focus, light-dark(#1d4ed8, #b9ccff));
    --_radius: var(--c2m-radius, 0.5rem);
    --_space: var(--c2m-spacing, 0.75rem);
    --_target: var(--c2m-target-size, 2.75rem);
    --_duration: var(--c2m-transition-duration, 150ms);
    font-family: var(--_font);
    font-size: var(--_font-size);
    color: var(--_text);
    line-height: 1.45;
  }
  :host([theme='light']) {
    color-scheme: light;
  }
  :host([theme='dark']) {
    color-scheme: dark;
  }
  :host([hidden]) {
    display: none !important;
  }
  @media (prefers-reduced-motion: reduce) {
    :host {
      --_duration: 0ms;
    }
  }
  *,
  *::before,
  *::after {
    box-sizing: border-box;
  }
  :focus-visible {
    outline: 3px solid var(--_focus);
    outline-offset: 2px;
  }
  button {
    font: inherit;
    color: inherit;
  }
  .visually-hidden {
    position: absolute !important;
    width: 1px;
    height: 1px;
    overflow: hidden;
    clip: rect(0 0 0 0);
    clip-path: inset(50%);
    white-space: nowrap;
  }
  .button {
    display: inline-flex;
    align-items: center;
    justify-content: center;
    gap: 0.4em;
    min-height: var(--_target);
    min-width: var(--_target);
    padding: 0.4em 1em;
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    background: var(--_surface);
    cursor: pointer;
    transition: background-color var(--_duration);
  }
  .button:hover {
    background: var(--_surface-2);
  }
  .button[aria-disabled='true'],
  .button:disabled {
    cursor: not-allowed;
    opacity: 0.6;
  }
  .button.primary {
    background: var(--_accent);
    border-color: var(--_accent);
    color: var(--_on-accent);
    font-weight: 600;
  }
  .row {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.75rem;
  }
  .message {
    margin: 0.5em 0 0;
    font-size: 0.9em;
  }
  .message.error {
    color: var(--_danger);
  }
`;
