import { browserTestConfig } from '../../scripts/wtr-config.mjs';
import { emulateMediaPlugin } from '@web/test-runner-commands/plugins';
import { copyDecoders } from './scripts/copy-decoders.mjs';
import { viewerCommands } from './scripts/test-commands.mjs';

// The decoders are served from packages/viewer/decoders/, as in a build.
copyDecoders();

// Test files: the default, src/**/*.test.ts.
export default browserTestConfig(import.meta.url, {
  plugins: [viewerCommands(), emulateMediaPlugin()],
});
