/**
 * A worker of the worker session's browser test that breaks the page's Content-Security-Policy on
 * purpose (a string given to `setTimeout` is code to evaluate): its violation report shows that
 * worker scripts run under the policy and that their violations reach the test server.
 */
const scope = globalThis as unknown as { postMessage(message: unknown): void; setTimeout(code: string, ms: number): void };
try {
  scope.setTimeout('0', 0);
} finally {
  scope.postMessage('probed');
}
