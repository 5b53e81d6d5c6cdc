/**
 * The parts a configurator shows beside its options that a shopper needs only once it is usable: the
 * summary and the undo / redo / start over / share toolbar (with the shared link). The configurator
 * fetches this module at the first idle moment after its product is shown (Ctrl/Cmd+Z works before),
 * so that their code never delays the options, the price and the order button. Their classes are in
 * `@c2m/elements/classes`.
 */
import '../summary/summary.js';
import '../history/history.js';
