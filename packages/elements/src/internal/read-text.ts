/** Characters of the text's start that `onBytes` is given at least (once the text has them). */
const HEAD = 64;

/**
 * Reads a response's text chunk by chunk as it arrives: decoded piece by piece as the network
 * delivers it (a product file of megabytes is not decoded in one long task at the end). `onBytes`
 * hears, after each piece, the running count of bytes and the text's start (at least {@link HEAD}
 * characters once there are: enough to tell a compiled product from a product file), so that the
 * engine to preload can be chosen before the text is complete.
 */
export async function readText(response: Response, onBytes?: (bytes: number, head: string) => void): Promise<string> {
  if (!response.body) return response.text();
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  const parts: string[] = [];
  let bytes = 0;
  let head = '';
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    bytes += value.byteLength;
    const piece = decoder.decode(value, { stream: true });
    parts.push(piece);
    if (head.length < HEAD) head += piece.slice(0, HEAD);
    onBytes?.(bytes, head);
  }
  parts.push(decoder.decode());
  return parts.join('');
}
