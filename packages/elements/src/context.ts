/**
 * The context that shares one {@link Configuration} between a configurator and its parts, and the
 * controller a part uses to re-render when it changes.
 */
import { createContext } from '@lit/context';
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { Configuration } from './configuration.js';

/**
 * Provided by `<c2m-configurator>` to everything inside it (its own shadow tree and the parts a
 * developer puts in its light DOM). A global symbol, so that two copies of the package still meet.
 */
export const configurationContext = createContext<Configuration | undefined>(Symbol.for('c2m.configuration'));

/**
 * Re-renders its host whenever the configuration it is given changes (state, pending changes,
 * notes, offers, order). `attach` it whenever the host's configuration property changes.
 */
export class ConfigurationController implements ReactiveController {
  #configuration: Configuration | undefined;
  #connected = false;
  #unwatch: (() => void) | undefined;
  readonly #host: ReactiveControllerHost;
  readonly #onUpdate = (): void => this.#host.requestUpdate();

  #listen(): void {
    this.#unwatch?.();
    this.#unwatch = this.#connected ? this.#configuration?.watch(this.#onUpdate) : undefined;
  }

  constructor(host: ReactiveControllerHost) {
    this.#host = host;
    host.addController(this);
  }

  attach(configuration: Configuration | undefined): void {
    if (configuration === this.#configuration) return;
    this.#configuration = configuration;
    this.#listen();
  }

  hostConnected(): void {
    this.#connected = true;
    this.#listen();
  }

  hostDisconnected(): void {
    this.#connected = false;
    this.#listen();
  }
}
