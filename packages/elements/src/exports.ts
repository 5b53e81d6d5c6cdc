/**
 * What both entries export: every element class but the on-demand ones (the file upload and the
 * product-file problems, whose code the main entry fetches only when a product needs it; the
 * summary and the toolbar, fetched once a configurator is usable), the events and the helpers.
 */
export { C2mConfigurator, ProductLoadError, sections } from './components/configurator/configurator.component.js';
export { C2mOption } from './components/option/option.component.js';
export { C2mControl, type DomainOf } from './components/control/control.component.js';
export { C2mChoiceControl, SELECT_THRESHOLD } from './components/choice-control/choice-control.component.js';
export { C2mBooleanControl } from './components/boolean-control/boolean-control.component.js';
export { C2mNumberControl } from './components/number-control/number-control.component.js';
export { C2mTextControl, codePoints } from './components/text-control/text-control.component.js';
export type { FileUploader } from './components/file-control/file-control.component.js';
export { C2mPrice } from './components/price/price.component.js';
export { C2mLeadTime } from './components/lead-time/lead-time.component.js';
export { C2mOrderButton, pointerOption } from './components/order-button/order-button.component.js';
export { C2mElement } from './internal/element.js';

export { Configuration, CONFIGURATION_UPDATE, isMissing, type ConfigurationOptions, type OrderStatus, type RepairOffer } from './configuration.js';
export { configurationContext, ConfigurationController } from './context.js';
export * from './events/events.js';
export { loadTranslation, LocalizeController, productText, registerTranslation, resolveLang, translationFor } from './i18n/localize.js';
export type { Translation } from './i18n/translations/en.js';
export { tokens } from './theme/tokens.js';
export { registerViewer, registerControl, type ControlMatch } from './internal/registry.js';
export { FRAME_BUDGET_MS, openSession, registerWorker, WORKER_THRESHOLD, type EngineMode, type OpenOptions, type OpenResult, type ProductInput } from './internal/session.js';
export type { EngineMove } from './internal/adaptive-session.js';
