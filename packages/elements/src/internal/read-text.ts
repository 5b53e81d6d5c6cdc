/**
 * Reads a response's text chunk by chunk as it arrives: decoded piece by piece as the network
 * delivers it (a product file of megabytes is not decoded in one long task at the end), and
 * `onBytes` hears the running count, for a response that did not announce its length.
 */
export async function readText(response: Response, onBytes?: (bytes: number) => void): Promise<string> {
  if (!response.body) return response.text();
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  const parts: string[] = [];
  let bytes = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    bytes += value.byteLength;
    onBytes?.(bytes);
    parts.push(decoder.decode(value, { stream: true }));
  }
  parts.push(decoder.decode());
  return parts.join('');
}
